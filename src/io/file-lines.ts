import { once } from 'node:events';
import { fileChunks } from './file-chunks.js';
import { privateWriteStream } from './private-file.js';

/**
 * Hands each line of a UTF-8 text file to `onLine`, in order, reading the file in chunks (it
 * never has to fit in one string). Lines end in LF, CRLF or CR, as readline counts them; a
 * final line without an ending counts too. A BOM is kept, so a file starting with one shows it
 * in its first line. A read failure is rethrown as `readError(err)`; what `onLine` throws
 * passes through untouched.
 */
export async function forEachLine(file: string, onLine: (line: string) => void, readError: (err: unknown) => Error): Promise<void> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const chunks = fileChunks(file);
  try {
    // A chunk's unfinished last line (or a CR that may be the first half of a CRLF) waits for the next chunk.
    let rest = '';
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (err) {
        throw readError(err);
      }
      if (next.done) break;
      const text = rest + decoder.decode(next.value, { stream: true });
      const lastBreak = lastLineBreak(text);
      if (lastBreak < 0) {
        rest = text;
        continue;
      }
      rest = text.slice(lastBreak + 1);
      const crlf = text.charCodeAt(lastBreak) === 0x0a && text.charCodeAt(lastBreak - 1) === 0x0d;
      const complete = text.slice(0, crlf ? lastBreak - 1 : lastBreak);
      for (const line of complete.includes('\r') ? complete.split(LINE_BREAK) : complete.split('\n')) onLine(line);
    }
    rest += decoder.decode();
    if (rest !== '') for (const line of rest.split(LINE_BREAK)) onLine(line);
  } finally {
    await chunks.return(undefined);
  }
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Where the last complete line of `text` ends: its last LF, or a CR after it, but not a CR at
 * the very end (it may be the first half of a CRLF split between two chunks). CRs are looked
 * for only after the last LF: searching a whole chunk backwards for one that is seldom there
 * cost more than parsing.
 */
function lastLineBreak(text: string): number {
  const end = text.charCodeAt(text.length - 1) === 0x0d ? text.length - 1 : text.length;
  let last = end > 0 ? text.lastIndexOf('\n', end - 1) : -1;
  for (let cr = text.indexOf('\r', last + 1); cr >= 0 && cr < end; cr = text.indexOf('\r', cr + 1)) last = cr;
  return last;
}

/**
 * Writes `lines` to `file`, each ending in LF, through a stream (never one big string). The file
 * is private (0600, never written through a link: see private-file.ts), since what is written this
 * way (snapshots) names every account. A failure to write is rethrown as `writeError(err)`.
 */
export async function writeLines(file: string, lines: Iterable<string>, what: string, writeError: (err: unknown) => Error): Promise<void> {
  const out = await privateWriteStream(file, what);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  try {
    for (const line of lines) {
      if (!out.write(line + '\n')) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (err) {
    throw writeError(err);
  }
}
