/**
 * JSON batching: `POST /v1.0/$batch` with `{"requests":[{id, method, url, headers?, body?,
 * dependsOn?}]}`, at most 20. Each request runs on its own through the rate limit, the fault
 * rules and its route, in the order given, and gets its own answer `{id, status, headers,
 * body}`; a request whose `dependsOn` names one that failed gets 424 without running. A
 * malformed batch fails as a whole, before any of it runs.
 */
import { parseJsonBody } from '../../../emulator-kit/http-io.js';
import type { Answer, Operation } from '../../../emulator-kit/request-gate.js';
import { badRequest, GraphError, odataBadRequest } from './graph-error.js';
import type { GraphEnv } from './router.js';

export const MAX_BATCH = 20;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

/** One request of a batch as the dispatcher takes it. */
export interface GraphRequest {
  method: string;
  /** Absolute, on the emulator's `/v1.0/`. */
  url: URL;
  headers: Record<string, string>;
}

export const invalidJson = (): GraphError =>
  odataBadRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const headerValue = (headers: Record<string, string>, name: string): string | undefined =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

function readItems(text: string): BatchItem[] {
  const requests = parseJsonBody(text, invalidJson).requests;
  if (!Array.isArray(requests) || requests.length === 0) throw badRequest('Invalid batch payload format: requests must be a non-empty list.');
  if (requests.length > MAX_BATCH) throw badRequest('Number of requests inside batch exceeds the limit.');
  const seen = new Set<string>();
  return requests.map((raw: unknown, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const where = `request ${i + 1}`;
    if (typeof r.id !== 'string' || r.id === '') throw badRequest(`Invalid batch payload format: ${where} has no id.`);
    if (seen.has(r.id)) throw badRequest(`Invalid batch payload format: request id ${r.id} is used twice.`);
    const method = typeof r.method === 'string' ? r.method.toUpperCase() : '';
    if (!METHODS.has(method)) throw badRequest(`Invalid batch payload format: request id ${r.id} has an unknown method.`);
    if (typeof r.url !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(r.url)) throw badRequest(`Invalid batch payload format: request id ${r.id} must have a relative url.`);
    const headers = r.headers ?? {};
    if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string')) {
      throw badRequest(`Invalid batch payload format: request id ${r.id} has invalid headers.`);
    }
    if (r.body !== undefined && !/application\/json/i.test(headerValue(headers as Record<string, string>, 'content-type') ?? '')) {
      throw badRequest(`Write request id : ${r.id} does not contain Content-Type header or body.`);
    }
    const dependsOn = r.dependsOn ?? [];
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string' || !seen.has(d))) {
      throw badRequest(`Invalid batch payload format: request id ${r.id} depends on a request that does not come before it.`);
    }
    seen.add(r.id);
    return { id: r.id, method, url: r.url, headers: headers as Record<string, string>, body: r.body, dependsOn: dependsOn as string[] };
  });
}

/** One answer of the batch, shaped as Graph sends it. */
function entry(id: string, answer: Answer): Record<string, unknown> {
  const contentType = answer.body !== undefined ? { 'Content-Type': 'application/json' } : answer.text !== undefined ? { 'Content-Type': 'text/plain' } : {};
  const body = answer.body ?? answer.text;
  return { id, status: answer.status, headers: { ...contentType, ...answer.headers }, ...(body !== undefined ? { body } : {}) };
}

export function batchOperation(env: GraphEnv, dispatch: (request: GraphRequest) => Operation): Operation {
  return {
    name: 'batch',
    mutates: false,
    batch: true,
    run(text: string): Answer {
      const statuses = new Map<string, number>();
      const responses = readItems(text).map((item) => {
        let answer: Answer;
        if (item.dependsOn.some((d) => (statuses.get(d) ?? 0) >= 400)) {
          answer = env.answer(new GraphError(424, 'FailedDependency', `Request ${item.id} depends on a request that failed.`));
        } else {
          const url = new URL(item.url.replace(/^\//, ''), env.base());
          const operation = dispatch({ method: item.method, url, headers: item.headers });
          env.gate.stats.operation(operation.name);
          try {
            answer = env.gate.pass(item.method, url.pathname, operation, item.body === undefined ? '' : JSON.stringify(item.body));
          } catch (err) {
            answer = env.answer(err);
          }
        }
        statuses.set(item.id, answer.status);
        return entry(item.id, answer);
      });
      return { status: 200, body: { responses } };
    },
  };
}
