/**
 * Colour follows the usual conventions: NO_COLOR (any value) turns it off, FORCE_COLOR turns
 * it on, otherwise only a terminal gets colour, so a pipe, a file or CI gets plain text.
 */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true;
}
