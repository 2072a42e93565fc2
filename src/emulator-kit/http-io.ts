/** Reading requests and writing JSON answers with node:http, for any emulator. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Far above any directory API request body; guards an emulator against a runaway client. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The whole request body as text (read before any check, so the connection stays usable);
 * `tooLarge` makes the API's own error for a body past the limit.
 */
export async function readBody(req: IncomingMessage, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A JSON object body; an empty body is `{}`. `invalid` makes the API's own error from what was
 * wrong (the parser's message, or that the value is not an object).
 */
export function parseJsonBody(text: string, invalid: (why: string) => Error): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid((err as Error).message);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('Expected an object.');
  return value as Record<string, unknown>;
}

/** Whether the request carries `Authorization: Bearer <something>` (emulators accept any token). */
export function hasBearerToken(req: IncomingMessage): boolean {
  return /^Bearer\s+\S/i.test(req.headers.authorization ?? '');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Length': 0, ...headers });
  res.end();
}
