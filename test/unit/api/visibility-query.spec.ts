import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { toVisibilityEntry } from '../../../apps/api/src/cases/case.gateway';
import request from 'supertest';
import { DEMO_IDS } from '../../../libs/db';
import { buildVisibilityQuery, quoteVisibilityValue } from '../../../apps/api/src/cases/visibility.query';
import { createTestApp, unusedTemporalClient, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const U = DEMO_IDS.users;

describe('visibility query builder', () => {
  it('always scopes to the admin roots and quotes every filter value', () => {
    expect(buildVisibilityQuery([O.workCommittee], {})).toBe(`OrgPath IN ('org-wc')`);
    expect(
      buildVisibilityQuery([O.eduOrganCommittee, O.financeOrganCommittee], {
        procedure: 'establishment',
        status: 'completed',
        stage: 'C5',
        orgId: O.budgetBranch,
        pendingBodyId: 'pg-edu',
      }),
    ).toBe(
      `OrgPath IN ('org-edu-oc', 'org-fin-oc') AND \`Procedure\` = 'establishment' AND CaseStatus = 'completed' ` +
        `AND Stage = 'C5' AND OrgPath = 'org-fin-budget-br' AND PendingBodies = 'pg-edu'`,
    );
  });

  it('escapes quotes and backslashes so a value cannot end its literal', () => {
    expect(quoteVisibilityValue(`x' OR OrgPath = 'y`)).toBe(`'x\\' OR OrgPath = \\'y'`);
    expect(quoteVisibilityValue('a\\')).toBe(`'a\\\\'`);
    expect(buildVisibilityQuery(["r'1"], { stage: "C5') OR (1=1" })).toBe(
      `OrgPath IN ('r\\'1') AND Stage = 'C5\\') OR (1=1'`,
    );
  });

  it('refuses to build an unscoped query', () => {
    expect(() => buildVisibilityQuery([], { procedure: 'establishment' })).toThrow();
  });
});

/** A visibility row as Temporal lists it: execution status in Temporal's spelling, the case's search attributes. */
function listed(name: string, attrs: Record<string, string>): WorkflowExecutionInfo {
  return {
    workflowId: `establishment:org-t${name}`,
    type: 'establishment',
    status: { code: 0, name },
    startTime: new Date('2026-10-08T01:00:00.000Z'),
    closeTime: name === 'RUNNING' ? undefined : new Date('2026-10-09T01:00:00.000Z'),
    typedSearchAttributes: { get: (key: { name: string }) => attrs[key.name] },
  } as unknown as WorkflowExecutionInfo;
}

describe('one spelling per value: the visibility list spells statuses as GET /api/cases does', () => {
  it.each([
    ['COMPLETED', 'completed', 'completed'],
    ['RUNNING', 'active', 'running'],
    ['TERMINATED', 'active', 'terminated'],
    ['CONTINUED_AS_NEW', 'active', 'continuedAsNew'],
    ['TIMED_OUT', 'withdrawn', 'timedOut'],
  ])('Temporal %s, case status %s → executionStatus %s', (name, caseStatus, executionStatus) => {
    const entry = toVisibilityEntry(listed(name, { CaseStatus: caseStatus, Procedure: 'establishment' }));
    expect(entry).toMatchObject({ status: caseStatus, executionStatus, procedure: 'establishment' });
    expect(entry).not.toHaveProperty('caseStatus');
  });

  it('a run without a case status attribute lists status null', () => {
    expect(toVisibilityEntry(listed('FAILED', {}))).toMatchObject({ status: null, executionStatus: 'failed' });
  });
});

describe('GET /api/cases/visibility (recording stub for workflow.list only)', () => {
  let t: TestApp;
  const queries: string[] = [];
  const rows: WorkflowExecutionInfo[] = [];

  beforeAll(async () => {
    const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
    client.workflow.list = (options: { query: string }) => {
      queries.push(options.query);
      return (async function* () {
        yield* rows.splice(0);
      })();
    };
    t = await createTestApp({}, client as unknown as Client);
  });
  afterAll(() => t.close());

  async function get(userId: string, query: string, status: number) {
    const auth = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
    const res = await request(t.app.getHttpServer())
      .get(`/api/cases/visibility${query}`)
      .set('Authorization', `Bearer ${auth.body.accessToken as string}`);
    expect({ status: res.status, body: res.body }).toEqual({ status, body: expect.anything() });
    return res;
  }

  it('builds the query from structured filters inside the admin subtree', async () => {
    const res = await get(U.eduOrganCommitteeApprover, '?status=completed&procedure=establishment&stage=C5', 200);
    const expected = `OrgPath IN ('org-edu-oc') AND \`Procedure\` = 'establishment' AND CaseStatus = 'completed' AND Stage = 'C5'`;
    expect(res.body).toEqual({ query: expected, items: [] });
    expect(queries.at(-1)).toBe(expected);
  });

  it('answers each case with the status spelled as the status filter and GET /api/cases spell it', async () => {
    rows.push(listed('COMPLETED', { CaseStatus: 'completed', OrgId: 'org-edu-oc' }));
    const res = await get(U.admin, '?status=completed', 200);
    expect(res.body.items).toEqual([
      {
        caseId: 'establishment:org-tCOMPLETED',
        workflowType: 'establishment',
        status: 'completed',
        executionStatus: 'completed',
        startTime: '2026-10-08T01:00:00.000Z',
        closeTime: '2026-10-09T01:00:00.000Z',
        procedure: null,
        orgId: 'org-edu-oc',
        stage: null,
      },
    ]);
  });

  it('no longer accepts raw query text and validates filter values (400, nothing listed)', async () => {
    const before = queries.length;
    const raw = await get(U.admin, `?query=${encodeURIComponent("CaseStatus = 'completed' OR 1=1")}`, 400);
    expect(raw.body.code).toBe('VALIDATION_FAILED');
    const quote = await get(U.admin, `?orgId=${encodeURIComponent("x' OR 'a'='a")}`, 400);
    expect(quote.body.issues[0].path).toBe('orgId');
    await get(U.admin, '?status=done', 400);
    expect(queries.length).toBe(before);
  });

  it('refuses non-admins with 403 NOT_ADMIN', async () => {
    const res = await get(U.eduSubmitter, '', 403);
    expect(res.body.code).toBe('NOT_ADMIN');
  });
});
