/**
 * Ensemble members that do not depend on one another train side by side, one
 * per worker thread: TensorFlow.js's WebAssembly backend uses one core, and on
 * two cores two members train in the time of one (1.1× the time per step each).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { compiledWorkerFile } from '../fsutil/index.js';
import { backendInUse, type TrainProgress } from '../nn/index.js';
import { trainMember, type MemberJob } from './network-member.js';
import type { NetLayer } from './network-eval.js';
import type { MemberTask } from './network-worker.js';

export interface MembersOptions {
  /** Worker threads (default: one per core, no more than there are jobs); 1 trains in this thread. */
  readonly threads?: number;
  readonly onProgress?: (member: number, p: TrainProgress) => void;
  readonly signal?: AbortSignal;
  /** Told when members go to worker threads. */
  readonly log?: (line: string) => void;
}

/** Each job's trained layers, in the jobs' order. */
export async function trainMembers(jobs: readonly MemberJob[], options: MembersOptions = {}): Promise<NetLayer[][]> {
  const threads = Math.min(jobs.length, options.threads ?? availableParallelism());
  // Without a build (sources run before `npm run build`) the members train here.
  const file = threads > 1 ? compiledWorkerFile(import.meta.url, 'surrogate/network-worker.js') : undefined;
  const backend = backendInUse();
  if (!file || !backend) {
    const out: NetLayer[][] = [];
    for (const job of jobs) out.push(await trainMember(job, progressOf(job, options), options.signal));
    return out;
  }
  options.log?.(`training ${jobs.length} networks on ${threads} worker threads`);
  const pool = new Piscina<MemberTask, NetLayer[]>({ filename: file, minThreads: threads, maxThreads: threads });
  try {
    return await Promise.all(jobs.map((job) => onWorker(pool, job, backend, options)));
  } catch (e) {
    if (options.signal?.aborted) throw new Error('network training stopped before it finished', { cause: e });
    throw e;
  } finally {
    await pool.destroy();
  }
}

function progressOf(job: MemberJob, options: MembersOptions): ((p: TrainProgress) => void) | undefined {
  const report = options.onProgress;
  return report ? (p) => report(job.member, p) : undefined;
}

async function onWorker(pool: Piscina<MemberTask, NetLayer[]>, job: MemberJob, backend: MemberTask['backend'], options: MembersOptions): Promise<NetLayer[]> {
  const { port1, port2 } = new MessageChannel();
  const report = progressOf(job, options);
  port1.on('message', (p: TrainProgress) => report?.(p));
  try {
    return await pool.run({ job, backend, port: port2 }, { transferList: [port2], ...(options.signal ? { signal: options.signal } : {}) });
  } finally {
    port1.close();
  }
}
