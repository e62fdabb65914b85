/**
 * Worker-thread entry (loaded by piscina) that trains one ensemble member.
 * Progress goes back through the port the task brings, one message per epoch.
 */
import type { MessagePort } from 'node:worker_threads';
import { initBackend, type BackendRequest } from '../nn/index.js';
import { trainMember, type MemberJob } from './network-member.js';
import type { NetLayer } from './network-eval.js';

export interface MemberTask {
  readonly job: MemberJob;
  /** The backend the calling thread trains on, so that a member's weights do not depend on where it trained. */
  readonly backend: BackendRequest;
  readonly port: MessagePort;
}

export default async function trainMemberTask(task: MemberTask): Promise<NetLayer[]> {
  try {
    await initBackend({ backend: task.backend });
    return await trainMember(task.job, (p) => task.port.postMessage(p));
  } finally {
    task.port.close();
  }
}
