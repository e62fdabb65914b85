/**
 * Worker-thread entry for the local pool (loaded by piscina). Progress goes
 * back through the port a chunk task brings, every 500 events, so the main
 * thread can show events/s without polling.
 */
import type { MessagePort } from 'node:worker_threads';
import { runChunk, type ChunkJob, type ChunkResult } from './builtin-run.js';
import { analyseHepMCOutput, type HepMCRunResult } from './validate.js';

export type WorkerTask =
  | { readonly kind: 'chunk'; readonly chunk: ChunkJob; readonly port: MessagePort }
  | { readonly kind: 'hepmc'; readonly file: string; readonly analyses: readonly string[]; readonly runDir: string };

export default async function work(task: WorkerTask): Promise<ChunkResult | HepMCRunResult> {
  if (task.kind === 'hepmc') return analyseHepMCOutput(task.file, task.analyses, task.runDir);
  try {
    return await runChunk(task.chunk, (events) => task.port.postMessage(events));
  } finally {
    task.port.close();
  }
}
