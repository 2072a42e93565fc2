/**
 * Breaks a line at spaces so that it fits `width` columns, continuing on lines that start with
 * `indent`. A word longer than a line is kept whole: nothing is cut. Colour codes take no
 * columns. Without a width (output to a file or a pipe) the line is left as it is, so grep finds
 * a reason or an issue on one line.
 */
export function wrapLine(text: string, width: number | undefined, indent: string): string[] {
  if (width === undefined || columns(text) <= width) return [text];
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  let used = lead.length;
  let empty = true;
  for (const word of text.slice(lead.length).split(' ')) {
    const size = columns(word);
    if (!empty && used + 1 + size > width) {
      lines.push(line);
      line = indent + word;
      used = indent.length + size;
    } else {
      line = empty ? line + word : `${line} ${word}`;
      used += (empty ? 0 : 1) + size;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Columns a string takes on a terminal: its length without colour codes. */
function columns(text: string): number {
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
