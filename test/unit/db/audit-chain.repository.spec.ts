import { sql } from 'drizzle-orm';
import {
  AuditRepository,
  auditRowHash,
  canonicalJson,
  describeAuditBreak,
  migrate,
  type AuditEntryInput,
} from '../../../libs/db';
import { LANES, useLane } from './lanes';

// sixteen chained appends on PostgreSQL take seconds on a loaded machine
jest.setTimeout(60_000);

type Entry = AuditEntryInput & { actorId: string | null; outcome: string | null; comment: string | null };
const entry = (caseId: string, n: number, over: Partial<Entry> = {}): Entry => ({
  dedupeKey: `${caseId}:${n}`,
  caseId,
  procedure: 'admission',
  orgId: 'org-b1',
  step: `E${n}`,
  event: 'task.decided',
  actorId: 'u-1',
  outcome: 'approve',
  comment: `意见 ${n}`,
  detail: { payload: { b: n, a: [1, { z: true, y: null }] } },
  at: `2026-03-0${(n % 9) + 1}T08:00:00.123Z`,
  ...over,
});

describe('audit chain serialization', () => {
  it('sorts object keys at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 'é' }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"x":"é","y":1}]},"b":1}',
    );
  });

  it('changes with any field, the previous link and the place in the chain', () => {
    const base = { ...entry('c', 1), actorId: 'u-1', outcome: 'approve', comment: 'x', seq: 1, prevHash: null };
    const hash = auditRowHash({ ...base, detail: { a: 1, b: 2 } });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRowHash({ ...base, detail: { b: 2, a: 1 } })).toBe(hash);
    expect(auditRowHash({ ...base, detail: { a: 1, b: 3 } })).not.toBe(hash);
    expect(auditRowHash({ ...base, detail: { a: 1, b: 2 }, seq: 2 })).not.toBe(hash);
    expect(auditRowHash({ ...base, detail: { a: 1, b: 2 }, prevHash: 'f'.repeat(64) })).not.toBe(hash);
    expect(auditRowHash({ ...base, detail: { a: 1, b: 2 }, comment: 'y' })).not.toBe(hash);
  });
});

describe.each(LANES)('tamper-evident audit trail on %s', (lane) => {
  const db = useLane(lane);
  const exec = (query: ReturnType<typeof sql>) => db().db.execute(query);

  it('chains concurrent appends of one case, once per dedupe key, and verifies', async () => {
    const audit = new AuditRepository(db());
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => audit.append(entry('case-conc', (i % 12) + 1))),
    );
    expect(results.filter(Boolean)).toHaveLength(12);
    const report = await audit.verifyCase('case-conc');
    expect(report).toEqual({ caseId: 'case-conc', rows: 12, ok: true, firstBroken: null });
    const { rows } = (await exec(
      sql`select seq, prev_hash, hash from audit_events where case_id = 'case-conc' order by seq`,
    )) as unknown as { rows: { seq: number; prev_hash: string | null; hash: string }[] };
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(rows[0].prev_hash).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it('names the row edited directly in SQL', async () => {
    const audit = new AuditRepository(db());
    for (let n = 1; n <= 5; n++) await audit.append(entry('case-edit', n));
    expect((await audit.verifyCase('case-edit')).ok).toBe(true);
    await exec(sql`update audit_events set comment = '不同意' where dedupe_key = 'case-edit:3'`);
    const report = await audit.verifyCase('case-edit');
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ reason: 'hash', seq: 3, dedupeKey: 'case-edit:3' });
    expect(describeAuditBreak(report)).toMatch(/^case-edit: BROKEN at row id \d+ seq 3 \(case-edit:3\): hash/);
  });

  it('detects an edit of the detail JSON, a rehashed row, a removed row and a cut-off tail', async () => {
    const audit = new AuditRepository(db());
    for (const id of ['case-json', 'case-rehash', 'case-gap', 'case-tail']) {
      for (let n = 1; n <= 4; n++) await audit.append(entry(id, n));
    }
    await exec(
      sql`update audit_events set detail = jsonb_set(detail, '{payload,b}', '99') where dedupe_key = 'case-json:2'`,
    );
    expect((await audit.verifyCase('case-json')).firstBroken).toMatchObject({ reason: 'hash', seq: 2 });

    // an editor who also recomputes the row's own hash still breaks the next link
    await exec(sql`update audit_events set outcome = 'reject' where dedupe_key = 'case-rehash:2'`);
    const [edited] = (
      (await exec(sql`select * from audit_events where dedupe_key = 'case-rehash:2'`)) as unknown as {
        rows: Record<string, unknown>[];
      }
    ).rows;
    const rehash = auditRowHash({
      ...entry('case-rehash', 2),
      outcome: 'reject',
      detail: edited.detail,
      seq: 2,
      prevHash: edited.prev_hash as string,
    });
    await exec(sql`update audit_events set hash = ${rehash} where dedupe_key = 'case-rehash:2'`);
    expect((await audit.verifyCase('case-rehash')).firstBroken).toMatchObject({
      reason: 'previous-hash',
      seq: 3,
      dedupeKey: 'case-rehash:3',
    });

    await exec(sql`delete from audit_events where dedupe_key = 'case-gap:2'`);
    expect((await audit.verifyCase('case-gap')).firstBroken).toMatchObject({ reason: 'sequence', seq: 3 });

    await exec(sql`delete from audit_events where dedupe_key = 'case-tail:4'`);
    expect((await audit.verifyCase('case-tail')).firstBroken).toMatchObject({ reason: 'head', id: null, seq: 4 });

    const all = await audit.verifyAll();
    expect(all.broken.map((r) => r.caseId)).toEqual(['case-edit', 'case-gap', 'case-json', 'case-rehash', 'case-tail']);
    expect(all.casesChecked).toBeGreaterThanOrEqual(6);
    const some = await audit.verifyAll(async (ids) => new Set(ids.filter((id) => id === 'case-conc')));
    expect(some).toEqual({ casesChecked: 1, rowsChecked: 12, broken: [] });
  });

  it('chains rows written before the chain existed (migration 0008) and goes on from them', async () => {
    const audit = new AuditRepository(db());
    for (let n = 1; n <= 3; n++) {
      const e = entry('case-legacy', n);
      await exec(sql`insert into audit_events (dedupe_key, case_id, procedure, org_id, step, event, actor_id, outcome,
        comment, detail, at) values (${e.dedupeKey}, ${e.caseId}, ${e.procedure}, ${e.orgId}, ${e.step}, ${e.event},
        ${e.actorId}, ${e.outcome}, ${e.comment}, ${JSON.stringify(e.detail)}::jsonb, ${e.at})`);
    }
    expect((await audit.verifyCase('case-legacy')).firstBroken).toMatchObject({ reason: 'unchained', seq: null });
    await migrate(db());
    expect(await audit.verifyCase('case-legacy')).toMatchObject({ ok: true, rows: 3 });
    expect(await audit.append(entry('case-legacy', 4))).toBe(true);
    expect(await audit.verifyCase('case-legacy')).toMatchObject({ ok: true, rows: 4 });
    expect((await audit.listForCase('case-legacy')).map((e) => e.dedupeKey)).toEqual([
      'case-legacy:1',
      'case-legacy:2',
      'case-legacy:3',
      'case-legacy:4',
    ]);
  });
});
