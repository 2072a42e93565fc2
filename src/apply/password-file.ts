/**
 * The handoff file for generated passwords: `<plan>.passwords.csv` (address,password), mode
 * 0600, beside the plan. A password is written and flushed *before* the create that uses it is
 * sent, so a crash can never leave an account whose password nobody knows; a rerun reuses the
 * password already recorded for an address, so the file stays right whichever run created it.
 */
import { readFile, open, type FileHandle } from 'node:fs/promises';
import { ErrorCodes, RollcallError } from '../errors.js';
import { generatePassword, type PasswordSource } from './passwords.js';

const HEADER = 'address,password';

export class PasswordFile implements PasswordSource {
  readonly description: string;
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly known: Map<string, string>,
    private readonly generate: () => string,
  ) {
    this.description = `a random password per account, written to ${file} (mode 0600)`;
  }

  /** Opens (or creates) the file; `onWarning` hears if looser permissions had to be tightened. */
  static async open(file: string, options: { generate?: () => string; onWarning?: (message: string) => void } = {}): Promise<PasswordFile> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'a', 0o600);
      const mode = (await handle.stat()).mode & 0o777;
      if (mode !== 0o600) {
        await handle.chmod(0o600);
        options.onWarning?.(`${file} was mode ${mode.toString(8).padStart(4, '0')}; set it to 0600 (it holds passwords)`);
      }
    } catch (err) {
      throw writeError(file, err);
    }
    const known = new Map<string, string>();
    const text = await readFile(file, 'utf8');
    for (const line of text.split('\n')) {
      const comma = line.indexOf(',');
      if (comma <= 0 || line === HEADER) continue;
      known.set(line.slice(0, comma).toLowerCase(), line.slice(comma + 1));
    }
    const generate = options.generate ?? (() => generatePassword());
    const passwords = new PasswordFile(file, handle, known, generate);
    if (text === '') await passwords.append(`${HEADER}\n`);
    return passwords;
  }

  async passwordFor(address: string): Promise<string> {
    const key = address.toLowerCase();
    const existing = this.known.get(key);
    if (existing !== undefined) return existing;
    const password = this.generate();
    this.known.set(key, password);
    await this.append(`${key},${password}\n`);
    return password;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** One append at a time (concurrent writes to one handle are not safe), each flushed to disk. */
  private append(text: string): Promise<void> {
    const next = this.queue.then(async () => {
      await this.handle.appendFile(text, 'utf8');
      await this.handle.sync();
    });
    this.queue = next.catch(() => undefined);
    return next.catch((err: unknown) => {
      throw writeError(this.file, err);
    });
  }
}

function writeError(file: string, err: unknown): RollcallError {
  return new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot write the passwords file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
    details: { file },
  });
}
