#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { runCli } from './run.js';

const code = await runCli(hideBin(process.argv), { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 });
process.exitCode = code;
