import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { approvePlan } from '../../approval/approve-plan.js';
import { generateKeyPair, hmacSigningKey, loadSigningKeyFile, type SigningKey } from '../../approval/signing.js';
import { readPlanFile } from '../../plan/plan-file.js';
import { describeTotals } from '../../render/describe-plan.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../usage.js';

interface Args {
  plan?: string;
  by?: string;
  'key-file'?: string;
  'hmac-env'?: string;
  'override-holds': boolean;
  'generate-key'?: string;
  name: string;
}

export function approveCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'approve [plan]',
    synopsis: 'rollcall approve PLAN --by NAME (--key-file KEY | --hmac-env VAR) [--override-holds] | rollcall approve --generate-key DIR [--name N]',
    describe: 'Record that you reviewed this exact plan: a signature apply checks when safety.requireApproval asks for one',
    builder: (y) =>
      y
        .positional('plan', { type: 'string', describe: 'Plan file written by rollcall plan' })
        .option('by', { type: 'string', describe: 'Your name, as your colleagues know it (recorded with the approval)' })
        .option('key-file', { type: 'string', describe: 'Your Ed25519 private key (PEM), made with --generate-key' })
        .option('hmac-env', { type: 'string', describe: "Name of an environment variable holding the district's shared HMAC key (at least 32 characters)" })
        .option('override-holds', { type: 'boolean', default: false, describe: 'The plan is held by a safety limit and you approve applying it anyway' })
        .option('generate-key', {
          type: 'string',
          describe: 'Instead of approving: write a new key pair into this directory (NAME.key.pem, keep it private; NAME.pub.pem, for safety.approvalKeys.publicKeyFiles)',
        })
        .option('name', { type: 'string', default: 'approver', describe: 'File name for --generate-key' })
        .check((args) => {
          // Checked by the parser, so a wrong combination stops before any file is read or written.
          if (args['generate-key'] !== undefined) return true;
          if (args.plan === undefined) throw new UsageError('approve needs the plan file to approve (or --generate-key DIR to make a key pair)');
          if (args.by === undefined) throw new UsageError('approve needs --by "Your Name"');
          if ((args['key-file'] === undefined) === (args['hmac-env'] === undefined)) {
            throw new UsageError('approve needs exactly one of --key-file (your Ed25519 key) or --hmac-env (the variable holding the shared HMAC key)');
          }
          return true;
        }) as never,
    handler: async (args) => {
      if (args['generate-key'] !== undefined) {
        const dir = path.resolve(args['generate-key']);
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const pair = await generateKeyPair(dir, args.name);
        ctx.stdout.write(
          `wrote ${pair.privateFile} (your private key, mode 0600: keep it to yourself)\n` +
            `wrote ${pair.publicFile} (key ${pair.fingerprint}): add it to the district's config under safety.approvalKeys.publicKeyFiles\n`,
        );
        return;
      }
      const planFile = args.plan as string;
      let signer: SigningKey;
      if (args['key-file'] !== undefined) {
        const loaded = await loadSigningKeyFile(path.resolve(args['key-file']));
        if (loaded.warning !== undefined) ctx.log.emit({ level: 'warn', code: 'KEY_WARNING', message: loaded.warning });
        signer = loaded.signer;
      } else {
        signer = hmacSigningKey(args['hmac-env'] as string, ctx.env);
      }
      const plan = await readPlanFile(planFile);
      const { file, approval } = await approvePlan({ plan, planFile, by: args.by as string, signer, overrideHolds: args['override-holds'], now: new Date() });
      const holds =
        plan.holds.length === 0
          ? ''
          : approval.overrideHolds
            ? `; it is held, and you approved overriding ${plan.holds.length === 1 ? 'its hold' : `its ${plan.holds.length} holds`}`
            : '; it is held: this approval does not override the holds (add --override-holds for that)';
      ctx.stdout.write(
        `approved ${planFile} (${plan.target.identity}, ${plan.today}: ${describeTotals(plan)}) as ${approval.by} at ${approval.at} with key ${approval.key.fingerprint}${holds}\n` +
          `recorded in ${file}\n`,
      );
    },
  };
}
