/**
 * A plan's changes to managed groups, made around its account changes so that each finds what it
 * needs: groups are created, and members removed or re-roled, before the accounts change (a
 * member is named by the address it has now); members are added after (an account created or
 * renamed tonight is added by its new address), and emptied groups deleted last. A change that
 * depends on another that did not settle in this run (an addition to a group whose create failed,
 * or of an account whose create failed; a delete after a removal that failed) is skipped, saying
 * which; the next run does it.
 */
import type { AddMemberChange, Change, CreateGroupChange, DeleteGroupChange, GroupChange } from '../plan/types.js';
import { isGroupChange } from '../plan/types.js';
import { applyGroupChange } from './managed-group-changes.js';
import { isSettled, type ChangeResult } from './outcome.js';
import { runPool } from '../util/run-pool.js';
import type { RunStops } from './run-stops.js';
import type { WriteAccess } from './write-access.js';

export interface GroupWorkContext {
  access: WriteAccess;
  concurrency: number;
  stops: RunStops;
  record: (result: ChangeResult) => Promise<void>;
}

export class GroupWork {
  private readonly creates: CreateGroupChange[] = [];
  /** Removals and role changes. */
  private readonly edits: GroupChange[] = [];
  private readonly adds: AddMemberChange[] = [];
  private readonly deletes: DeleteGroupChange[] = [];
  /** What settled in this run, by change id. */
  private readonly settled = new Map<string, boolean>();

  constructor(changes: readonly Change[]) {
    for (const c of changes) {
      if (!isGroupChange(c)) continue;
      if (c.kind === 'create-group') this.creates.push(c);
      else if (c.kind === 'add-member') this.adds.push(c);
      else if (c.kind === 'delete-group') this.deletes.push(c);
      else this.edits.push(c);
    }
  }

  get size(): number {
    return this.creates.length + this.edits.length + this.adds.length + this.deletes.length;
  }

  /** Creates, then removals and role changes: before the accounts change. */
  async beforeAccounts(ctx: GroupWorkContext): Promise<void> {
    await this.each(ctx, this.creates, () => undefined);
    await this.each(ctx, this.edits, () => undefined);
  }

  /**
   * Additions, then deletes: after the accounts change. `accountSettled` says, for an address an
   * account change of this run ends at, whether that change settled (undefined: the run made none).
   */
  async afterAccounts(ctx: GroupWorkContext, accountSettled: (address: string) => boolean | undefined): Promise<void> {
    const createOf = new Map(this.creates.map((c) => [c.group, c.id]));
    await this.each(ctx, this.adds, (add) => {
      const create = createOf.get(add.group);
      if (create !== undefined && this.settled.get(create) !== true) return `the group ${add.group} was not created (see that change)`;
      if (accountSettled(add.member) === false) return `the account ${add.member} was not created or changed as planned (see that change)`;
      return undefined;
    });
    const removals = new Map<string, string[]>();
    for (const c of this.edits) if (c.kind === 'remove-member') removals.set(c.group, [...(removals.get(c.group) ?? []), c.id]);
    await this.each(ctx, this.deletes, (drop) =>
      (removals.get(drop.group) ?? []).some((id) => this.settled.get(id) !== true) ? `not every member of ${drop.group} was removed (see those changes)` : undefined,
    );
  }

  /** Makes each change unless the run is stopping or `blocked` says why it must wait. */
  private async each<T extends GroupChange>(ctx: GroupWorkContext, changes: readonly T[], blocked: (change: T) => string | undefined): Promise<void> {
    const record = async (result: ChangeResult): Promise<void> => {
      ctx.stops.saw(result);
      this.settled.set(result.change.id, isSettled(result.outcome));
      await ctx.record(result);
    };
    await runPool(changes, ctx.concurrency, async (change) => {
      const stopped = ctx.stops.reason();
      if (stopped !== undefined) return record({ change, outcome: 'skipped', attempts: 0, error: `not started: ${stopped}` });
      const waiting = blocked(change);
      if (waiting !== undefined) return record({ change, outcome: 'skipped', attempts: 0, error: waiting });
      return record(await applyGroupChange(ctx.access, change));
    });
  }
}
