/** The thread a plan reads its snapshot file on (see snapshot-plan-reader.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { isRollcallError } from '../../errors.js';
import { readForPlan, type PlanReadMessage, type PlanReadRequest } from './snapshot-plan-reader.js';

const port = parentPort;
if (port) {
  const send = (message: PlanReadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const { state, memberships, licences, digest, groups } = await readForPlan(workerData as PlanReadRequest, (lines) => send({ type: 'accounts', json: `[${lines.join(',')}]` }));
    // Rosters' arrays are handed over, not copied.
    const buffers = (groups?.rosters ?? []).flatMap((r) => [r.positions.buffer as ArrayBuffer, r.roles.buffer as ArrayBuffer]);
    send({ type: 'done', containers: state.containers, memberships, licences, digest: digest.state(), ...(groups !== undefined ? { groups } : {}) }, buffers);
  } catch (err) {
    if (isRollcallError(err)) send({ type: 'failed', code: err.code, message: err.message, details: err.details });
    else send({ type: 'crashed', message: err instanceof Error ? err.message : String(err) });
  }
}
