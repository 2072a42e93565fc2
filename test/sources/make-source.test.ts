/** powerschool.oracle / powerschool.rest in the config, and makeSource picking the source they describe. */
import { describe, it, expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import { makeSource } from '../../src/cli/make-source.js';
import type { LoadedConfig } from '../../src/config/types.js';
import { validateConfig } from '../../src/config/validate.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { OracleSource } from '../../src/sources/oracle/oracle-source.js';
import { CLASS_TABLES, POWERSCHOOL_TABLES, TABLE_COLUMNS } from '../../src/sources/records.js';
import { RestSource } from '../../src/sources/rest/rest-source.js';

const validate = (powerschool: unknown) => validateConfig({ google: { domain: 'district.example.org' }, powerschool });

function loaded(powerschool: unknown): LoadedConfig {
  const result = validate(powerschool);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return { config: result.config, path: '/cfg/rollcall.json', baseDir: '/cfg', digest: 'sha256:x', warnings: [] };
}

describe('powerschool config', () => {
  it('fills in the oracle defaults only when the section is there', () => {
    const without = validate({ source: 'files' });
    expect(without.ok && without.config.powerschool).toEqual({ source: 'files', files: { dir: 'powerschool' } });
    const withOracle = validate({ source: 'oracle', oracle: {} });
    expect(withOracle.ok && withOracle.config.powerschool.oracle).toEqual({ passwordEnv: 'POWERSCHOOL_DB_PASSWORD', cellPhone: null, fetchArraySize: 1000 });
  });

  it('fills in the rest defaults', () => {
    const result = validate({ source: 'rest', rest: { baseUrl: 'https://ps.district.org' } });
    expect(result.ok && result.config.powerschool.rest).toEqual({
      baseUrl: 'https://ps.district.org',
      clientIdEnv: 'POWERSCHOOL_CLIENT_ID',
      clientSecretEnv: 'POWERSCHOOL_CLIENT_SECRET',
      cellPhone: null,
    });
  });

  it.each([
    [{ source: 'rest' }, 'powerschool: missing required key rest'],
    [{ oracle: { password: 'hunter2' } }, 'powerschool.oracle.password: unknown key'],
    [{ rest: { baseUrl: 'https://ps', clientSecret: 'x' } }, 'powerschool.rest.clientSecret: unknown key'],
    [{ oracle: { connectString: 'scott/tiger@psdb:1521/PS' } }, 'powerschool.oracle.connectString: must match pattern'],
    [{ oracle: { cellPhone: { table: 'u_hr;--', column: 'cell', joinColumn: 'usersdcid' } } }, 'powerschool.oracle.cellPhone.table: must match pattern'],
    [{ oracle: { studentFilter: { enrollStatuses: [] } } }, 'powerschool.oracle.studentFilter.enrollStatuses'],
    [{ rest: { baseUrl: 'ftp://ps' } }, 'powerschool.rest.baseUrl: must match pattern'],
    [{ sql: 'select 1' }, 'powerschool.sql: unknown key'],
    [{ classes: 'yes' }, 'powerschool.classes: must be boolean'],
  ])('rejects %j', (powerschool, message) => {
    const result = validate(powerschool);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join('\n')).toContain(message);
  });
});

describe('makeSource', () => {
  const env = {
    POWERSCHOOL_READ_USER: 'PSNAVIGATOR',
    POWERSCHOOL_DB_PASSWORD: 'pw',
    POWERSCHOOL_PROD_DB: 'psdb:1521/PS',
    POWERSCHOOL_CLIENT_ID: 'id',
    POWERSCHOOL_CLIENT_SECRET: 'secret',
  };

  it('builds the Oracle source from config and the environment it is given', async () => {
    const source = await makeSource(loaded({ source: 'oracle', oracle: {} }), undefined, env);
    expect(source).toBeInstanceOf(OracleSource);
    expect(source.description).toBe('oracle psdb:1521/PS');
  });

  it('builds the Oracle source with no oracle section at all, from the environment alone', async () => {
    expect(await makeSource(loaded({ source: 'oracle' }), undefined, env)).toBeInstanceOf(OracleSource);
  });

  it('builds the REST source', async () => {
    const source = await makeSource(loaded({ source: 'rest', rest: { baseUrl: 'https://ps.district.org/' } }), undefined, env);
    expect(source).toBeInstanceOf(RestSource);
    expect(source.description).toBe('rest https://ps.district.org');
  });

  it('lets --source-dir win over any configured source', async () => {
    expect(await makeSource(loaded({ source: 'oracle' }), '/data/export', {})).toBeInstanceOf(FilesSource);
  });

  it('has every source read the class tables with powerschool.classes, from the school year of today on', async () => {
    const classes = { classes: { fromYearId: 36 } };
    const rest = { baseUrl: 'https://ps.district.org/' };
    for (const [powerschool, dir] of [[{ source: 'oracle', classes: true }], [{ source: 'rest', rest, classes: true }], [{ classes: true }], [{ source: 'oracle', classes: true }, '/data']] as const) {
      const source = (await makeSource(loaded(powerschool), dir, env, '2026-11-23')) as FilesSource | OracleSource | RestSource;
      expect(source.selection, JSON.stringify(powerschool)).toEqual(classes);
    }
    expect(((await makeSource(loaded({ source: 'oracle', classes: true }), undefined, env, '2027-07-01')) as OracleSource).selection).toEqual({ classes: { fromYearId: 37 } });
    for (const powerschool of [{ source: 'oracle' }, { source: 'rest', rest, classes: false }]) {
      expect(((await makeSource(loaded(powerschool), undefined, env, '2026-11-23')) as OracleSource | RestSource).selection).toEqual({ classes: null });
    }
  });
});

describe('README.md (PowerSchool sources)', () => {
  it('asks, in its plugin.xml, for every column the REST source reads, the class tables and SCHOOLSTAFF.ID included', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    for (const table of [...POWERSCHOOL_TABLES, ...CLASS_TABLES]) {
      for (const column of TABLE_COLUMNS[table].filter((c) => c !== 'CELLPHONE')) {
        expect(readme).toContain(`<field table="${table.toUpperCase()}" field="${column}" access="ViewOnly"/>`);
      }
    }
    expect(readme).toContain('<field table="SCHOOLSTAFF" field="ID" access="ViewOnly"/>');
  });

  it('lists every file and column the file source reads, and grants every table the Oracle source reads', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    for (const table of [...POWERSCHOOL_TABLES, ...CLASS_TABLES]) {
      expect(readme).toMatch(new RegExp(`${table}\\.csv +(ID,)?${TABLE_COLUMNS[table].join(',')}\\b`));
      expect(readme).toContain(`GRANT SELECT ON PS.${table.toUpperCase()} `);
    }
  });
});
