/**
 * Runs a Node program in this process and, as it exits, writes the process's peak resident
 * memory to the file named by BENCH_RSS_FILE: `node rss-child.js PROGRAM ARGS...`. The kernel's
 * own high-water mark (getrusage), so no peak between two samples is missed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [program, ...args] = process.argv.slice(2);
const out = process.env.BENCH_RSS_FILE;
if (program === undefined || out === undefined) {
  process.stderr.write('usage: BENCH_RSS_FILE=F node rss-child.js PROGRAM [ARGS...]\n');
  process.exit(2);
}
process.on('exit', () => {
  writeFileSync(out, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
process.argv = [process.argv[0] as string, path.resolve(program), ...args];
await import(pathToFileURL(path.resolve(program)).href);
