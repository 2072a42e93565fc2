/**
 * Text from the plan placed in a GitHub-flavoured Markdown table cell or HTML summary. Names,
 * reasons and messages come from PowerSchool and config, so they must not open tags, end cells
 * or start code spans.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/\r?\n|\r/g, ' ');
}
