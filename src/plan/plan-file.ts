/**
 * Plan files on disk. Written byte-for-byte deterministically (same plan, same bytes) with one
 * issue and one change per line, so that `git diff` of two nights' plans lines up with changes.
 * Read back through the JSON Schema and integrity checks, so a truncated, hand-edited or
 * other-version plan is refused before anything is applied.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ErrorCodes, RollcallError } from '../errors.js';
import { PRIVATE_MODE, readNoFollow, SHARED_MODE, writeFileAtomic, type FileWriter } from '../io/private-file.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import { contentId } from './change-id.js';
import { validate as generatedValidator } from './plan.schema.validator.js';
import { summarise } from './summary.js';
import { PLAN_FORMAT, PLAN_FORMAT_VERSION, type Change, type Plan } from './types.js';

const CHANGE_KEY_ORDER = ['kind', 'id', 'address', 'actions', 'group', 'set', 'member', 'role', 'was', 'name', 'description', 'licence', 'suspendedOn', 'person', 'reasons', 'accountId', 'before', 'after', 'patch'];
const ISSUE_KEY_ORDER = ['severity', 'code', 'file', 'row', 'field', 'address', 'message'];

/** One line: the element's own keys in a fixed reading order, nested values with sorted keys. */
function line(value: object, order: readonly string[]): string {
  const record = value as Record<string, unknown>;
  const keys = [...order.filter((k) => k in record), ...Object.keys(record).filter((k) => !order.includes(k)).sort()];
  return `{${keys
    .filter((k) => record[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
    .join(',')}}`;
}

function list(items: readonly object[], order: readonly string[]): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((i) => `    ${line(i, order)}`).join(',\n')}\n  ]`;
}

/**
 * The digest of what a plan says: everything but the envelope's format and tool fields. Written
 * with the plan and checked when it is read, so any edit (a `before` value, a patch, a dropped
 * line) is caught before apply trusts the file.
 */
export function planIntegrity(plan: Plan): string {
  const { format: _f, formatVersion: _v, tool: _t, integrity: _i, ...content } = plan;
  return `sha256:${sha256Hex(canonicalJson(content))}`;
}

export function serialisePlan(plan: Plan): string {
  const sealed = { ...plan, integrity: planIntegrity(plan) };
  const head = (key: keyof Plan) => `  ${JSON.stringify(key)}: ${JSON.stringify(sealed[key], null, 2).replace(/\n/g, '\n  ')}`;
  return [
    '{',
    [
      head('format'),
      head('formatVersion'),
      head('tool'),
      head('integrity'),
      head('target'),
      head('today'),
      ...(plan.redacted ? [head('redacted')] : []),
      head('inputs'),
      head('summary'),
      `  "holds": ${list(plan.holds, ['code', 'action', 'count', 'container', 'message'])}`,
      `  "issues": ${list(plan.issues, ISSUE_KEY_ORDER)}`,
      `  "changes": ${list(plan.changes, CHANGE_KEY_ORDER)}`,
    ].join(',\n'),
    '}',
    '',
  ].join('\n');
}

export interface WritePlanOptions {
  /** For tests: a writer that fails part way, as a full disk does. */
  write?: FileWriter;
}

/**
 * Writes through a temporary file and a rename: a crash or a full disk never leaves half a plan
 * (or a stray temporary file) behind. A plan names students, so it is private (0600, never
 * written through a link); a redacted copy is meant to be shared (0644).
 */
export async function writePlanFile(file: string, plan: Plan, options: WritePlanOptions = {}): Promise<void> {
  await writeFileAtomic(file, serialisePlan(plan), {
    what: plan.redacted ? 'redacted plan' : 'plan',
    mode: plan.redacted ? SHARED_MODE : PRIVATE_MODE,
    ...(options.write ? { write: options.write } : {}),
  });
}

// plan.schema.json compiled ahead of time by src/build/compile-schemas.mjs (allErrors, strict).
const validatePlanSchema = generatedValidator as unknown as ValidateFunction;

/**
 * Reads a plan, never through a link at its name; `ownerOnly` (apply) also refuses a plan that
 * belongs to another user, since apply acts on it and writes its journal beside it.
 */
export async function readPlanFile(file: string, options: { ownerOnly?: boolean } = {}): Promise<Plan> {
  let text: string;
  try {
    text = await readNoFollow(file, 'plan', options.ownerOnly ?? false);
  } catch (err) {
    if (err instanceof RollcallError) throw err;
    throw planError(file, `cannot read plan (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw planError(file, `not valid JSON (${(err as Error).message}); was the file truncated or edited?`);
  }
  return parsePlan(value, file);
}

/** Validates a parsed plan: envelope first (clear version messages), then schema, then integrity. */
export function parsePlan(value: unknown, file: string): Plan {
  const envelope = value as Partial<Plan> | null;
  if (envelope === null || typeof envelope !== 'object' || envelope.format !== PLAN_FORMAT) {
    throw planError(file, `not a rollcall plan (expected "format": "${PLAN_FORMAT}")`);
  }
  if (envelope.formatVersion !== PLAN_FORMAT_VERSION) {
    throw planError(
      file,
      `plan format version ${String(envelope.formatVersion)} is not supported: expected ${PLAN_FORMAT_VERSION}, received ${String(envelope.formatVersion)}: make the plan again with this version of rollcall (rollcall plan)`,
    );
  }
  if (!validatePlanSchema(value)) {
    const errors = describePlanErrors(validatePlanSchema.errors ?? []);
    throw planError(file, `does not match the plan schema:\n${errors.map((e) => `  - ${e}`).join('\n')}`, { errors });
  }
  const plan = value as unknown as Plan;
  checkIntegrity(plan, file);
  return plan;
}

/**
 * Ids hash each change's end state, and the summary counts the changes: an edit to a change or
 * a removed line shows as a mismatch. A reviewer holds changes back with `apply --only` /
 * `--exclude`, never by editing the file.
 */
function checkIntegrity(plan: Plan, file: string): void {
  const seen = new Set<string>();
  plan.changes.forEach((c: Change, i) => {
    if (c.id !== contentId(c)) {
      throw planError(file, `changes[${i}] (${subjectOf(c)}): its id does not match its content; the plan was edited after it was made. Make a new plan instead of editing one`);
    }
    if (seen.has(c.id)) throw planError(file, `changes[${i}] (${subjectOf(c)}): duplicate change id ${c.id}`);
    seen.add(c.id);
  });
  const recount = summarise(plan.changes, plan.issues, plan.summary.accounts, plan.summary.groups);
  if (canonicalJson(recount) !== canonicalJson(plan.summary)) {
    throw planError(file, 'its summary does not match its changes; the plan was edited after it was made. Make a new plan instead of editing one');
  }
  // Last: the specific checks above name what was edited; this catches every other edit.
  if (plan.integrity !== planIntegrity(plan)) {
    throw planError(file, 'its content does not match its integrity digest: the plan was edited after it was made. Make a new plan instead of editing one (apply --only / --exclude hold changes back)');
  }
}

/** The account or group a change is about, for messages. */
function subjectOf(c: Change): string {
  return 'address' in c ? c.address : 'member' in c ? `${c.member} in ${c.group}` : c.group;
}

function describePlanErrors(errors: ErrorObject[]): string[] {
  // A bad change fails every branch of the oneOf; the branch for its own kind says what is wrong.
  const out = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'const') continue;
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
      .join('')
      .replace(/^\./, '');
    out.add(`${path || '(top level)'}: ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }
  return out.size > 0 ? [...out] : errors.map((e) => `${e.instancePath || '(top level)'}: ${e.message ?? e.keyword}`);
}

function planError(file: string, message: string, details: Record<string, unknown> = {}): RollcallError {
  return new RollcallError(ErrorCodes.PLAN_INVALID, `${file}: ${message}`, { details: { file, ...details } });
}
