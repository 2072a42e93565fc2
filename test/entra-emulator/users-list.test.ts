import { describe, it, expect } from 'vitest';
import { ADVANCED, idOf, newUser, seed, user, withEntra } from './graph-client.js';

const EXT = 'extension_0123456789abcdef0123456789abcdef_studentNumber';

const district = seed({
  users: [
    user('ada@school.org', { givenName: 'Ada', surname: 'Lovelace', employeeId: '1001', mail: 'ada@school.org', department: 'Lincoln', [EXT]: '5001' }),
    user('alan@school.org', { givenName: 'Alan', surname: 'Turing', employeeId: '1002', accountEnabled: false, companyName: 'D118' }),
    user('grace@school.org', { givenName: 'Grace', surname: 'Hopper', employeeId: '1003', displayName: "Grace O'Brien", department: 'Lincoln' }),
    user('katherine@school.org', { employeeId: '1004', mailNickname: 'kj', [EXT]: '5004' }),
    user('edsger@school.org', { employeeId: '1005', accountEnabled: false }),
  ],
});

describe('GET /users', () => {
  it("returns Graph's default properties, or those $select names, with @odata.context", async () => {
    await withEntra({ seed: district }, async (graph, emu) => {
      const all = await graph.get('users');
      expect(all.status).toBe(200);
      expect(all.body['@odata.context']).toBe(`${emu.url}v1.0/$metadata#users`);
      expect(all.body.value).toHaveLength(5);
      const ada = all.body.value.find((u: { userPrincipalName: string }) => u.userPrincipalName === 'ada@school.org');
      expect(ada).toEqual({
        id: idOf('ada@school.org'),
        businessPhones: [],
        displayName: 'ada Test',
        givenName: 'Ada',
        jobTitle: null,
        mail: 'ada@school.org',
        mobilePhone: null,
        officeLocation: null,
        preferredLanguage: null,
        surname: 'Lovelace',
        userPrincipalName: 'ada@school.org',
      });

      const selected = await graph.get(`users?$SELECT=id,employeeId,accountEnabled,${EXT},passwordProfile&$filter=employeeId eq '1001'`);
      expect(selected.body['@odata.context']).toBe(`${emu.url}v1.0/$metadata#users(id,employeeId,accountEnabled,${EXT},passwordProfile)`);
      expect(selected.body.value).toEqual([{ id: idOf('ada@school.org'), employeeId: '1001', accountEnabled: true, [EXT]: '5001', passwordProfile: null }]);

      const unknown = await graph.get('users?$select=id,favouriteColour');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({
        code: 'BadRequest',
        message: "Parsing OData Select and Expand failed: Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'.",
      });
    });
  });

  it('pages with $top and an opaque @odata.nextLink that keeps the query, never repeating or skipping a user', async () => {
    await withEntra({ seed: district }, async (graph) => {
      const first = await graph.get('users?$select=id,userPrincipalName&$top=2');
      const link = first.body['@odata.nextLink'] as string;
      expect(link).toMatch(/\/v1\.0\/users\?\$select=id,userPrincipalName&\$top=2&\$skiptoken=[A-Za-z0-9_-]+$/);
      const { items, pages } = await graph.all('users?$select=id,userPrincipalName&$top=2');
      expect(pages).toBe(3);
      expect(new Set(items.map((u) => u.userPrincipalName)).size).toBe(5);
      expect(items.map((u) => u.id)).toEqual([...items.map((u) => u.id as string)].sort());

      // A user created while a client pages shows up if its id sorts after the cursor; nothing is repeated.
      const page1 = await graph.get('users?$select=id&$top=1');
      await graph.post('users', newUser('late@school.org'));
      const rest = await graph.all(page1.body['@odata.nextLink']);
      const seen = [page1.body.value[0].id, ...rest.items.map((u) => u.id)];
      expect(new Set(seen).size).toBe(seen.length);

      const exact = await graph.get('users?$top=6');
      expect(exact.body['@odata.nextLink']).toBeUndefined();
    });
  });

  it('refuses $top outside 1..999, a foreign or broken $skiptoken, and options it does not serve', async () => {
    await withEntra({ seed: district }, async (graph) => {
      for (const top of ['0', '1000', 'x']) {
        const answer = await graph.get(`users?$top=${top}`);
        expect(answer.status).toBe(400);
        expect(answer.body.error.message).toBe(`Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`);
      }
      expect((await graph.get('users?$top=999')).status).toBe(200);
      const groupsToken = 'eyJzIjoiZ3JvdXBzIiwiYSI6IngifQ';
      for (const token of ['garbage', groupsToken]) {
        const answer = await graph.get(`users?$skiptoken=${token}`);
        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe('Directory_ExpiredPageToken');
      }
      for (const orderBy of ['users?$orderby=displayName', "users?$orderby=userPrincipalName&$filter=employeeId eq '1001'"]) {
        const answer = await graph.get(orderBy);
        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe('Request_UnsupportedQuery');
      }
      const twice = await graph.get('users?$top=1&$TOP=2');
      expect(twice.status).toBe(400);
    });
  });
});

describe('$orderby=userPrincipalName', () => {
  it('pages users by userPrincipalName, ignoring case, either way; a user renamed behind the cursor is not listed again', async () => {
    const upns = ['Zoe@school.org', 'ada@school.org', 'Bob@school.org', 'carl@school.org', 'dee@school.org'];
    await withEntra({ seed: seed({ users: upns.map((u) => user(u)) }) }, async (graph) => {
      const names = (items: Array<Record<string, unknown>>) => items.map((u) => u.userPrincipalName);
      const up = await graph.all('users?$select=userPrincipalName&$orderby=userPrincipalName&$top=2');
      expect(up.pages).toBe(3);
      expect(names(up.items)).toEqual(['ada@school.org', 'Bob@school.org', 'carl@school.org', 'dee@school.org', 'Zoe@school.org']);
      const down = await graph.all('users?$select=userPrincipalName&$OrderBy=userPrincipalName%20desc&$top=2');
      expect(names(down.items)).toEqual(['Zoe@school.org', 'dee@school.org', 'carl@school.org', 'Bob@school.org', 'ada@school.org']);

      const first = await graph.get('users?$select=userPrincipalName&$orderby=userPrincipalName&$top=2');
      expect((await graph.patch(`users/${idOf('ada@school.org')}`, { userPrincipalName: 'aaron@school.org' })).status).toBe(204);
      expect((await graph.patch(`users/${idOf('dee@school.org')}`, { userPrincipalName: 'dora@school.org' })).status).toBe(204);
      const rest = await graph.all(first.body['@odata.nextLink'] as string);
      expect(names(rest.items)).toEqual(['carl@school.org', 'dora@school.org', 'Zoe@school.org']);
    });
  });
});

describe('$filter', () => {
  const upns = async (graph: import('./graph-client.js').GraphClient, filter: string, headers?: Record<string, string>) => {
    const answer = await graph.get(`users?$select=userPrincipalName&$filter=${encodeURIComponent(filter)}`, headers);
    if (answer.status !== 200) return { code: answer.body.error.code as string, message: answer.body.error.message as string };
    return (answer.body.value as Array<{ userPrincipalName: string }>).map((u) => u.userPrincipalName);
  };

  it('serves the equality forms a sync sends, comparing text case-insensitively', async () => {
    await withEntra({ seed: district }, async (graph) => {
      expect(await upns(graph, "userPrincipalName eq 'ADA@School.org'")).toEqual(['ada@school.org']);
      expect(await upns(graph, "employeeId eq '1003'")).toEqual(['grace@school.org']);
      expect(await upns(graph, "mailNickname eq 'kj'")).toEqual(['katherine@school.org']);
      expect(await upns(graph, "mail eq 'ada@school.org'")).toEqual(['ada@school.org']);
      expect(await upns(graph, `${EXT} eq '5004'`)).toEqual(['katherine@school.org']);
      expect(await upns(graph, "department eq 'lincoln'")).toEqual(expect.arrayContaining(['ada@school.org', 'grace@school.org']));
      expect((await upns(graph, 'accountEnabled eq false')) as string[]).toEqual(expect.arrayContaining(['alan@school.org', 'edsger@school.org']));
      expect(((await upns(graph, 'accountEnabled eq false')) as string[]).length).toBe(2);
      expect(await upns(graph, "employeeId in ('1001','1005','9999')")).toEqual(expect.arrayContaining(['ada@school.org', 'edsger@school.org']));
      expect(await upns(graph, "startswith(displayName,'grace o''b')")).toEqual(['grace@school.org']);
      expect(await upns(graph, "startswith(userPrincipalName,'a') and accountEnabled eq true")).toEqual(['ada@school.org']);
      expect(((await upns(graph, "employeeId eq '1001' or (employeeId eq '1002' and accountEnabled eq false)")) as string[]).sort()).toEqual([
        'ada@school.org',
        'alan@school.org',
      ]);
      expect(await upns(graph, "employeeId eq 'nobody'")).toEqual([]);
    });
  });

  it("answers 400 as Graph does for what it does not serve, never an empty list", async () => {
    await withEntra({ seed: district }, async (graph) => {
      expect(await upns(graph, "companyName eq 'D118'")).toEqual({
        code: 'Request_UnsupportedQuery',
        message: "Unsupported or invalid query filter clause specified for property 'companyName' of resource 'User'.",
      });
      expect(await upns(graph, "employeeId ne '1001'")).toEqual({ code: 'Request_UnsupportedQuery', message: "Filter operator 'NotEqualsMatch' is not supported." });
      expect(await upns(graph, "startswith(department,'L')")).toMatchObject({ code: 'Request_UnsupportedQuery' });
      expect(await upns(graph, "endswith(mail,'school.org')")).toMatchObject({ code: 'Request_UnsupportedQuery' });
      expect(await upns(graph, 'employeeId eq null')).toMatchObject({ code: 'Request_UnsupportedQuery' });
      expect(await upns(graph, "shoeSize eq '9'")).toMatchObject({ code: 'BadRequest', message: "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'." });
      expect(await upns(graph, "accountEnabled eq 'false'")).toMatchObject({ code: 'BadRequest' });
      expect(await upns(graph, "employeeId eq '1001' and")).toMatchObject({ code: 'BadRequest' });
      expect(await upns(graph, "employeeId eq 'unterminated")).toMatchObject({ code: 'BadRequest' });
      expect(await upns(graph, 'assignedLicenses/any(x:x/skuId eq 1)')).toMatchObject({ code: 'BadRequest' });
      const sixteen = Array.from({ length: 16 }, (_, i) => `employeeId eq '${i}'`).join(' or ');
      expect(await upns(graph, sixteen)).toEqual({
        code: 'Request_UnsupportedQuery',
        message: "Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.",
      });
      const fifteen = `employeeId in (${Array.from({ length: 15 }, (_, i) => `'${1000 + i}'`).join(',')})`;
      expect(((await upns(graph, fifteen)) as string[]).length).toBe(5);
    });
  });

  it('serves an advanced query (ConsistencyLevel: eventual and $count=true): more properties and operators, and @odata.count', async () => {
    await withEntra({ seed: district }, async (graph) => {
      const noHeader = await graph.get('users?$count=true');
      expect(noHeader.status).toBe(400);
      expect(noHeader.body.error).toMatchObject({ code: 'Request_BadRequest', message: '$count is not currently supported.' });

      const counted = await graph.get(`users?$count=true&$top=1&$select=id&$filter=${encodeURIComponent("companyName eq 'd118' or employeeId ne '1001'")}`, ADVANCED);
      expect(counted.status).toBe(200);
      expect(counted.body['@odata.count']).toBe(4);
      expect(counted.body.value).toHaveLength(1);
      expect(counted.body['@odata.nextLink']).toContain('$count=true');
      expect(await upns(graph, "endswith(mail,'SCHOOL.org')", ADVANCED)).toMatchObject({ code: 'Request_UnsupportedQuery' });
      const ends = await graph.get(`users?$count=true&$select=userPrincipalName&$filter=${encodeURIComponent("endswith(mail,'SCHOOL.org')")}`, ADVANCED);
      expect(ends.body.value).toEqual([{ userPrincipalName: 'ada@school.org' }]);
      const nulls = await graph.get(`users?$count=true&$select=userPrincipalName&$filter=${encodeURIComponent('employeeType eq null and not(accountEnabled eq true)')}`, ADVANCED);
      expect(nulls.body['@odata.count']).toBe(2);

      const count = await graph.get(`users/$count?$filter=${encodeURIComponent('accountEnabled eq false')}`, ADVANCED);
      expect(count).toMatchObject({ status: 200, body: '2' });
      expect(count.headers.get('content-type')).toMatch(/^text\/plain/);
      expect((await graph.get('users/$count')).status).toBe(400);
    });
  });
});

describe('GET /users/{id | userPrincipalName}', () => {
  it('finds a user by id or by userPrincipalName in any case, with $select; 404 names what was asked for', async () => {
    await withEntra({ seed: district }, async (graph, emu) => {
      const byId = await graph.get(`users/${idOf('grace@school.org')}?$select=displayName,employeeId`);
      expect(byId.body).toEqual({
        '@odata.context': `${emu.url}v1.0/$metadata#users(displayName,employeeId)/$entity`,
        displayName: "Grace O'Brien",
        employeeId: '1003',
      });
      const byUpn = await graph.get('USERS/Grace%40School.org?$select=id');
      expect(byUpn.body.id).toBe(idOf('grace@school.org'));
      const missing = await graph.get('users/nobody@school.org');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({
        code: 'Request_ResourceNotFound',
        message: "Resource 'nobody@school.org' does not exist or one of its queried reference-property objects are not present.",
      });
      expect(missing.body.error.innerError).toEqual({ date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), 'request-id': expect.any(String), 'client-request-id': expect.any(String) });
    });
  });
});
