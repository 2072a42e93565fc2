/**
 * The handoff file for generated passwords: `<plan>.passwords.csv` (address,password), mode
 * 0600, beside the plan, never a link, only ever opened by the holder of the domain's lock. A
 * password is written and flushed *before* the create that uses it is sent, so a crash can never
 * leave an account whose password nobody knows; a rerun reuses the password already recorded
 * for an address, so the file stays right whichever run created the account. A password whose
 * account turned out not to be created with it (someone else made the account) is withdrawn,
 * so the file holds one password per address and only ones that work.
 */
import { LineFile } from '../io/line-file.js';
import { generatePassword, type PasswordSource } from './passwords.js';

const HEADER = 'address,password';

export interface PasswordFileOptions {
  generate?: () => string;
  onWarning?: (message: string) => void;
}

export class PasswordFile implements PasswordSource {
  readonly description: string;

  private constructor(
    private readonly lines: LineFile,
    private readonly known: Map<string, string>,
    private readonly generate: () => string,
  ) {
    this.description = `a random password per account, written to ${lines.file} (mode 0600)`;
  }

  get file(): string {
    return this.lines.file;
  }

  /**
   * Opens (or creates) the file; `onWarning` hears if looser permissions had to be tightened or
   * a torn last line (a cut-off password, never to be reused) was dropped.
   */
  static async open(file: string, options: PasswordFileOptions = {}): Promise<PasswordFile> {
    const lines = await LineFile.open(file, { what: 'passwords file', why: 'it holds passwords', ...(options.onWarning ? { onWarning: options.onWarning } : {}) });
    const known = new Map<string, string>();
    for (const line of lines.initialText.split('\n')) {
      const comma = line.indexOf(',');
      if (comma <= 0 || line === HEADER) continue;
      known.set(line.slice(0, comma).toLowerCase(), line.slice(comma + 1));
    }
    const passwords = new PasswordFile(lines, known, options.generate ?? (() => generatePassword()));
    if (lines.initialText === '') await lines.append(`${HEADER}\n`, true);
    return passwords;
  }

  /** Whether the file holds a password for `address` (from this run or an earlier one). */
  has(address: string): boolean {
    return this.known.has(address.toLowerCase());
  }

  async passwordFor(address: string): Promise<string> {
    const key = address.toLowerCase();
    const existing = this.known.get(key);
    if (existing !== undefined) return existing;
    const password = this.generate();
    this.known.set(key, password);
    try {
      await this.lines.append(`${key},${password}\n`, true);
    } catch (err) {
      this.known.delete(key);
      throw err;
    }
    return password;
  }

  /**
   * Takes `address`'s password out of the file: its account was not created with it. The file is
   * rewritten whole, so no reader ever sees two passwords for one address, or one that does not work.
   */
  async withdraw(address: string): Promise<void> {
    const key = address.toLowerCase();
    if (!this.known.delete(key)) return;
    await this.lines.replace(`${HEADER}\n${[...this.known].map(([a, p]) => `${a},${p}\n`).join('')}`);
  }

  close(): Promise<void> {
    return this.lines.close();
  }
}
