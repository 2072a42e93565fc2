#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { runCli } from './run.js';

// `rollcall show plan.json | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const code = await runCli(hideBin(process.argv), { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 });
process.exitCode = code;
