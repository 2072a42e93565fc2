import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntraState } from '../../src/targets/entra/graph-types.js';
import { startEntraEmulator } from '../../src/targets/entra/emulator/server.js';
import { entraSnapshotLines, readEntraSnapshotFile, writeEntraSnapshotFile } from '../../src/targets/entra/snapshot-file.js';
import { GraphClient, idOf, newUser, seed, user } from './graph-client.js';

const SKU = '314c4481-f395-4525-be8b-2ec4bb1e9d91';
const EXT = 'extension_0123456789abcdef0123456789abcdef_dcid';
const ada = user('ada@school.org', { givenName: 'Ada', jobTitle: null as unknown as string, usageLocation: 'US', [EXT]: '77', assignedLicenses: [{ skuId: SKU, disabledPlans: ['b', 'a'] }] });
const zoe = user('Zoe@school.org', { accountEnabled: false });
const tenant: EntraState = seed({
  subscribedSkus: [{ skuId: SKU, skuPartNumber: 'STANDARDWOFFPACK_STUDENT', prepaidUnits: { enabled: 10 } }],
  users: [zoe, ada],
  administrativeUnits: [
    { id: idOf('washington'), displayName: 'Washington', members: [] },
    { id: idOf('lincoln'), displayName: 'Lincoln', members: [zoe.id, ada.id] },
  ],
  groups: [{ id: idOf('g5'), displayName: 'Grade 5', mailNickname: 'g5', mailEnabled: false, securityEnabled: true, groupTypes: [], members: [zoe.id, ada.id], owners: [] }],
});

const tempDir = () => mkdtemp(path.join(tmpdir(), 'rollcall-entra-snap-'));

describe('Entra snapshot file (JSON Lines, one resource per line, told apart by kind)', () => {
  it('writes a canonical file: SKUs, units, groups, users in order, keys and ids sorted, nulls left out; any order gives the same bytes', async () => {
    const lines = [...entraSnapshotLines(tenant)];
    expect(lines.map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(['subscribedSku', 'administrativeUnit', 'administrativeUnit', 'group', 'user', 'user']);
    const adaLine = JSON.parse(lines[4] as string) as Record<string, unknown>;
    expect(Object.keys(adaLine)).toEqual([...Object.keys(adaLine)].sort());
    expect(adaLine).not.toHaveProperty('jobTitle');
    expect(adaLine.assignedLicenses).toEqual([{ skuId: SKU, disabledPlans: ['a', 'b'] }]);
    expect((JSON.parse(lines[1] as string) as { displayName: string; members: string[] })).toMatchObject({ displayName: 'Lincoln', members: [ada.id, zoe.id].sort() });

    const dir = await tempDir();
    const shuffled: EntraState = {
      subscribedSkus: tenant.subscribedSkus,
      users: [...tenant.users].reverse(),
      administrativeUnits: [...tenant.administrativeUnits].reverse().map((u) => ({ ...u, members: [...u.members].reverse() })),
      groups: tenant.groups,
    };
    await writeEntraSnapshotFile(path.join(dir, 'a.jsonl'), tenant);
    await writeEntraSnapshotFile(path.join(dir, 'b.jsonl'), shuffled);
    const a = await readFile(path.join(dir, 'a.jsonl'), 'utf8');
    expect(await readFile(path.join(dir, 'b.jsonl'), 'utf8')).toBe(a);
    expect(a).toBe(lines.join('\n') + '\n');
  });

  it('seeds the emulator and is written back from its state: the second round trip changes nothing, and API changes show', async () => {
    const dir = await tempDir();
    await writeEntraSnapshotFile(path.join(dir, 'seed.jsonl'), tenant);
    const emu = await startEntraEmulator({ seed: await readEntraSnapshotFile(path.join(dir, 'seed.jsonl')) });
    try {
      await writeEntraSnapshotFile(path.join(dir, 'state.jsonl'), emu.state());
      const state1 = await readFile(path.join(dir, 'state.jsonl'), 'utf8');
      // The emulator fills what Graph always has (the SKU's id, consumedUnits...); users, units and groups come back as they went in.
      const seedText = await readFile(path.join(dir, 'seed.jsonl'), 'utf8');
      expect(state1.split('\n').slice(1)).toEqual(seedText.split('\n').slice(1));
      expect(JSON.parse(state1.split('\n')[0] as string)).toMatchObject({ consumedUnits: 1, capabilityStatus: 'Enabled' });

      const again = await startEntraEmulator({ seed: await readEntraSnapshotFile(path.join(dir, 'state.jsonl')) });
      try {
        expect([...entraSnapshotLines(again.state())].join('\n') + '\n').toBe(state1);
      } finally {
        await again.close();
      }

      const graph = new GraphClient(emu);
      await graph.post('users', newUser('new@school.org'));
      await graph.delete(`directory/administrativeUnits/${idOf('lincoln')}/members/${zoe.id}/$ref`);
      const changed = [...entraSnapshotLines(emu.state())];
      expect(changed.some((l) => l.includes('"userPrincipalName":"new@school.org"'))).toBe(true);
      expect(changed.find((l) => l.includes('"displayName":"Lincoln"'))).toContain(`"members":["${ada.id}"]`);
    } finally {
      await emu.close();
    }
  });

  it.each([
    ['{"kind":"user","id":"x"', /bad\.jsonl line 2: not valid JSON/],
    ['["user"]', /line 2: expected a JSON object/],
    ['{"kind":"device","id":"x"}', /line 2: unknown kind "device" \(expected subscribedSku, administrativeUnit, group, user\)/],
    ['{"kind":"user","userPrincipalName":"a@b.org"}', /line 2: user has no id/],
    ['{"kind":"user","id":"x","userPrincipalName":"nobody"}', /line 2: user nobody: userPrincipalName must contain @/],
    ['{"kind":"user","id":"x","userPrincipalName":"a@b.org","accountEnabled":"yes"}', /accountEnabled must be true or false/],
    ['{"kind":"user","id":"x","userPrincipalName":"a@b.org","assignedLicenses":["sku"]}', /assignedLicenses must be a list/],
    ['{"kind":"administrativeUnit","id":"u","displayName":"U","members":"all"}', /administrativeUnit U: members must be a list of object ids/],
    ['{"kind":"group","id":"g","displayName":"G","owners":[1]}', /group G: owners must be a list of object ids/],
    ['{"kind":"group","id":"g"}', /group has no displayName/],
    ['{"kind":"subscribedSku","skuId":"s"}', /subscribedSku has no skuPartNumber/],
  ])('refuses a malformed line, naming the file and line: %s', async (line, message) => {
    const file = path.join(await tempDir(), 'bad.jsonl');
    await writeFile(file, `${JSON.stringify({ kind: 'user', id: 'ok', userPrincipalName: 'ok@b.org' })}\n${line}\n`);
    await expect(readEntraSnapshotFile(file)).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', message: expect.stringMatching(message) });
  });

  it('skips blank lines, reads CRLF files, and says when a file cannot be read or written', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'crlf.jsonl');
    await writeFile(file, `\r\n${[...entraSnapshotLines(tenant)].join('\r\n')}\r\n\r\n`);
    const back = await readEntraSnapshotFile(file);
    expect(back.users.map((u) => u.userPrincipalName).sort()).toEqual(['Zoe@school.org', 'ada@school.org']);
    expect(back.groups[0]?.owners).toEqual([]);
    await expect(readEntraSnapshotFile(path.join(dir, 'missing.jsonl'))).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', message: expect.stringContaining('ENOENT') });
    await expect(writeEntraSnapshotFile(path.join(dir, 'no', 'such', 'dir.jsonl'), tenant)).rejects.toMatchObject({ code: 'WRITE_FAILED' });
  });
});
