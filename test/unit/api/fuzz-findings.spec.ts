import request from 'supertest';
import { DEMO_IDS } from '../../../libs/db';
import { getPolicy } from '../../../libs/domain';
import { z } from 'zod';
import { toErrorBody } from '../../../apps/api/src/common/error-mapping';
import { createTestApp, type TestApp } from './api-test-app';

jest.setTimeout(60_000);

/**
 * What `npm run fuzz` (schemathesis, issue 8 §2) found answering 500 or a 4xx that named nothing, each fixed and kept
 * here: every refusal has a code and names the field (or the rule).
 */
describe('requests the fuzzer found (no Temporal involved)', () => {
  let t: TestApp;
  let auth: string;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    const res = await request(server()).post('/api/auth/dev-token').send({ userId: DEMO_IDS.users.admin }).expect(200);
    auth = `Bearer ${res.body.accessToken as string}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses NUL in a query string or a path parameter with 400 naming it (was 500)', async () => {
    const names = await request(server()).get('/api/names?ids=a%00b').set('Authorization', auth);
    expect(names.status).toBe(400);
    expect(names.body).toMatchObject({ code: 'TEXT_NOT_STORABLE', numbers: { field: 'query.ids' } });
    const person = await request(server()).get('/api/people/a%00b').set('Authorization', auth);
    expect(person.status).toBe(400);
    expect(person.body).toMatchObject({ code: 'TEXT_NOT_STORABLE', numbers: { field: 'path.personId' } });
    const lone = await request(server()).get('/api/orgs/%ED%A0%80x').set('Authorization', auth);
    expect(lone.status).toBeLessThan(500);
    const encoding = await request(server()).get('/api/people/%E0%A4%A').set('Authorization', auth);
    expect(encoding.status).toBe(400);
    expect(encoding.body.numbers?.field ?? encoding.body.issues?.[0]?.path).toBeTruthy();
  });

  it('refuses NUL in a JSON body with 400 naming the field before any handler or Temporal sees it', async () => {
    // a decision's comment: accepted, it would fail every projection of the case and wedge it (issue 8 §2)
    const decision = await request(server())
      .post('/api/cases/no-such-case/tasks/1/decision')
      .set('Authorization', auth)
      .send({ outcome: 'approve', comment: 'a\u0000b' });
    expect(decision.status).toBe(400);
    expect(decision.body).toMatchObject({ code: 'TEXT_NOT_STORABLE', numbers: { field: 'body.comment' } });
    expect(decision.body.messageEn).toContain('body.comment');
    // a start request: the first unstorable string is named by its path, nested arrays included
    const start = await request(server())
      .post('/api/cases/establishment')
      .set('Authorization', auth)
      .send({ orgId: 'o-new', request: { name: '新支部', reasons: 'ok', rosterPersonIds: ['p1', 'p\u00002'] } });
    expect(start.status).toBe(400);
    expect(start.body).toMatchObject({
      code: 'TEXT_NOT_STORABLE',
      numbers: { field: 'body.request.rosterPersonIds.1' },
    });
    const reason = await request(server())
      .post('/api/cases/establishment')
      .set('Authorization', auth)
      .send({ request: { reasons: 'x\u0000' } });
    expect(reason.body).toMatchObject({ code: 'TEXT_NOT_STORABLE', numbers: { field: 'body.request.reasons' } });
    // a lone surrogate travels in JSON as an escape: refused the same way
    const lone = await request(server())
      .post('/api/cases/no-such-case/withdraw')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send('{"reason":"x\\ud800y"}');
    expect(lone.status).toBe(400);
    expect(lone.body).toMatchObject({ code: 'TEXT_NOT_STORABLE', numbers: { field: 'body.reason' } });
  });

  it('answers a body over the limit with 413 BODY_TOO_LARGE (was 500)', async () => {
    const huge = { roundId: 'r1', ballots: Array.from({ length: 20_000 }, () => ({ marks: {}, writeIns: [] })) };
    const res = await request(server()).post('/api/cases/c-1/election/ballots').set('Authorization', auth).send(huge);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'BODY_TOO_LARGE', numbers: { field: 'body' } });
  });

  it('names the body when it is not JSON or not an object, and an unknown key by its name', async () => {
    for (const raw of ['"AAA"', 'null', 'false', '0', '{"a":', '\u00ff\u00fe']) {
      const res = await request(server())
        .post('/api/cases/establishment')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send(raw);
      expect(res.status).toBe(400);
      const named = res.body.numbers?.field ?? res.body.issues?.[0]?.path;
      expect(named).toBe('body');
    }
    const array = await request(server()).post('/api/cases/establishment').set('Authorization', auth).send([1]);
    expect(array.status).toBe(400);
    expect(array.body.issues[0].path).toBe('body');
    const strict = z.strictObject({ a: z.number() }).safeParse({ a: 1, surprise: 2 });
    expect(toErrorBody(strict.error).issues?.map((i) => i.path)).toEqual(['surprise']);
  });

  it('answers a URL over the header limit with 431 in the error shape naming it (was a bare status line)', async () => {
    const res = await request(server())
      .get(`/api/names?ids=${'%C3%A9'.repeat(4000)}`)
      .set('Authorization', auth);
    expect(res.status).toBe(431);
    expect(res.body).toMatchObject({ code: 'HEADERS_TOO_LARGE', numbers: { field: 'url' } });
  });

  it('names the entry of a vacancy listed twice', async () => {
    const vacancy = { personId: 'p-fin-budget-01', post: 'committeeMember', reason: 'transferred' };
    const res = await request(server())
      .post(`/api/orgs/${DEMO_IDS.orgs.budgetBranch}/vacancies`)
      .set('Authorization', auth)
      .send({ vacancies: [vacancy, vacancy] });
    expect(res.status).toBe(400);
    expect(res.body.numbers?.field ?? res.body.issues?.[0]?.path).toMatch(/^vacancies/);
  });

  it('names the header of a malformed Idempotency-Key', async () => {
    const res = await request(server())
      .post('/api/cases/c-1/withdraw')
      .set('Authorization', auth)
      .set('Idempotency-Key', 'not a key!')
      .send({ reason: 'x' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_IDEMPOTENCY_KEY', numbers: { field: 'Idempotency-Key' } });
  });

  it('takes a full batch of ballots (the cap) with a 9-candidate slate within the body limit, and refuses more', async () => {
    const max = getPolicy().caseBounds.maxBallotsPerRequest;
    const candidates = Array.from({ length: 9 }, (_, i) => `p-fin-budget-${String(i + 10).padStart(2, '0')}`);
    const ballot = { marks: Object.fromEntries(candidates.map((id) => [id, 'against'])), writeIns: [] };
    const send = (n: number) =>
      request(server())
        .post('/api/cases/no-such-case/election/ballots')
        .set('Authorization', auth)
        .send({ roundId: 'r1', ballots: Array.from({ length: n }, () => ballot) });
    const body = JSON.stringify({ roundId: 'r1', ballots: Array.from({ length: max }, () => ballot) });
    expect(Buffer.byteLength(body)).toBeLessThan(100 * 1024); // Express's JSON limit (100 KiB)
    const full = await send(max);
    // past the body parser and the schema (it then asks Temporal for the case, which this app has not)
    expect([400, 413]).not.toContain(full.status);
    const over = await send(max + 1);
    expect(over.status).toBe(400);
    expect(over.body.issues[0].path).toBe('ballots');
  });
});
