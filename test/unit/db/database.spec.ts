import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { DEMO_IDS, migrate, migrationsFolder, queryRows, RegistryRepository, seedDemoData } from '../../../libs/db';
import { LANES, useLane } from './lanes';

describe.each(LANES)('database on %s', (lane) => {
  const db = useLane(lane);

  it('applies the committed migrations and reports its kind', async () => {
    expect(db().kind).toBe(lane);
    await db().ping();
    const tables = await queryRows<{ table_name: string }>(
      db().db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'audit_events',
        'case_summaries',
        'departments',
        'memberships',
        'notifications',
        'organizations',
        'party_groups',
        'people',
        'posts',
        'role_grants',
        'tasks',
        'users',
      ]),
    );
  });

  it('re-running migrations is a no-op', async () => {
    await expect(migrate(db())).resolves.toBeUndefined();
    const applied = await queryRows<{ n: number }>(
      db().db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta/_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    expect(Number(applied[0].n)).toBe(journal.entries.length);
  });

  it('seeds demo data idempotently', async () => {
    await seedDemoData(db());
    const count = async (table: string) =>
      Number((await queryRows<{ n: number }>(db().db, sql.raw(`select count(*)::int as n from ${table}`)))[0].n);
    const tables = [
      'departments',
      'party_groups',
      'organizations',
      'people',
      'memberships',
      'posts',
      'users',
      'role_grants',
    ];
    const first: Record<string, number> = {};
    for (const t of tables) first[t] = await count(t);
    await seedDemoData(db());
    for (const t of tables) expect({ table: t, n: await count(t) }).toEqual({ table: t, n: first[t] });
    expect(first.people).toBeGreaterThanOrEqual(35);
    const registry = new RegistryRepository(db());
    expect((await registry.getOrg(DEMO_IDS.orgs.workCommittee))?.status).toBe('active');
    expect(await registry.getOrg(DEMO_IDS.orgs.financeOrganCommittee)).toMatchObject({
      type: 'organCommittee',
      parentId: DEMO_IDS.orgs.workCommittee,
      termYears: 5,
    });
  });
});
