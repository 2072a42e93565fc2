/** The thread a plan reads its snapshot file on (see snapshot-plan-reader.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { isRollcallError } from '../../errors.js';
import { readForPlan, type PlanReadMessage, type PlanReadRequest } from './snapshot-plan-reader.js';

const port = parentPort;
if (port) {
  const send = (message: PlanReadMessage) => port.postMessage(message);
  try {
    const { state, memberships, licences, digest } = await readForPlan(workerData as PlanReadRequest, (lines) => send({ type: 'accounts', json: `[${lines.join(',')}]` }));
    send({ type: 'done', containers: state.containers, memberships, licences, digest: digest.state() });
  } catch (err) {
    if (isRollcallError(err)) send({ type: 'failed', code: err.code, message: err.message, details: err.details });
    else send({ type: 'crashed', message: err instanceof Error ? err.message : String(err) });
  }
}
