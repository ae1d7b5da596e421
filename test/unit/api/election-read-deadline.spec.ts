import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import request from 'supertest';
import type { CaseState } from '../../../libs/contracts';
import { DEMO_IDS, DEMO_NEW_BRANCH_ROSTER } from '../../../libs/db';
import { CURRENT_POLICY_VERSION } from '../../../libs/domain';
import { createTestApp, unusedTemporalClient, type TestApp } from './api-test-app';

jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const U = DEMO_IDS.users;
const TIMEOUT_MS = 200;

/** Case ids of the cases below; each names its election child by the same suffix. */
const HANGS = 'establishment:org-el-hangs';
const DOWN = 'establishment:org-el-down';
const GONE_UNNAMED = 'establishment:org-el-gone';
const GONE_NOTHING = 'establishment:org-el-gone-empty';
const LIVE = 'establishment:org-el-live';
const child = (caseId: string) => `${caseId}:election:1`;

function caseState(caseId: string, election?: Record<string, unknown>): CaseState {
  const orgId = caseId.slice('establishment:'.length);
  return {
    caseId,
    procedure: 'establishment',
    orgId,
    orgPath: [orgId, O.eduOrganCommittee, O.workCommittee],
    title: 't',
    submittedBy: U.eduSubmitter,
    submittedAt: '2026-01-01T00:00:00.000Z',
    status: 'active',
    stage: 'C6',
    policyVersion: CURRENT_POLICY_VERSION,
    pendingTasks: [],
    timeline: [],
    closedAt: null,
    closeReason: null,
    data: {
      request: { rosterPersonIds: [...DEMO_NEW_BRANCH_ROSTER] },
      electionWorkflowId: child(caseId),
      ...(election ? { election } : {}),
    },
  };
}

/**
 * Temporal stub: the case query answers; the election query of each child fails its own way. `withDeadline` passes the
 * call through without enforcing anything (as api-test-app's stub does), so only the API's own bound can end a query
 * that never answers.
 */
function electionClient(states: Map<string, CaseState>): Client {
  const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
  client.workflow.getHandle = (workflowId: string) => ({
    query: (def: { name: string } | string) => {
      const name = typeof def === 'string' ? def : def.name;
      if (name !== 'electionState') {
        const state = states.get(workflowId);
        return state ? Promise.resolve(state) : Promise.reject(new WorkflowNotFoundError('no case', workflowId, ''));
      }
      if (workflowId === child(HANGS)) return new Promise(() => undefined); // no worker: never answers
      if (workflowId === child(DOWN)) return Promise.reject(Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }));
      if (workflowId === child(LIVE)) return Promise.resolve({ phase: 'awaitingMeeting', seats: 3 });
      return Promise.reject(new WorkflowNotFoundError('workflow not found', workflowId, undefined));
    },
  });
  return client as unknown as Client;
}

describe('election reads are bounded like the case view (issue 8 §1)', () => {
  let t: TestApp;
  let auth: string;
  const states = new Map<string, CaseState>();
  const unnamedResult = {
    seats: 3,
    status: 'elected',
    committee: ['p1', 'p2', 'p3'],
    candidates: [],
    meetings: [],
    rounds: [],
    secretaryId: 'p1',
    deputyId: null,
    failureReason: null,
  };

  beforeAll(async () => {
    states.set(HANGS, caseState(HANGS));
    states.set(DOWN, caseState(DOWN));
    states.set(GONE_UNNAMED, caseState(GONE_UNNAMED, unnamedResult));
    states.set(GONE_NOTHING, caseState(GONE_NOTHING));
    states.set(LIVE, caseState(LIVE));
    t = await createTestApp({ CASE_QUERY_TIMEOUT_MS: String(TIMEOUT_MS) }, electionClient(states));
    const res = await request(t.app.getHttpServer())
      .post('/api/auth/dev-token')
      .send({ userId: U.eduSubmitter })
      .expect(200);
    auth = `Bearer ${res.body.accessToken as string}`;
  });
  afterAll(() => t?.close());

  const get = (caseId: string) =>
    request(t.app.getHttpServer())
      .get(`/api/cases/${encodeURIComponent(caseId)}/election`)
      .set('Authorization', auth);
  const quorum = (caseId: string) =>
    request(t.app.getHttpServer())
      .post(`/api/cases/${encodeURIComponent(caseId)}/election/quorum`)
      .set('Authorization', auth)
      .send({ meetingDate: '2026-12-15', presentVoterIds: [] });

  it('a running election whose query never answers: 503 ELECTION_UNAVAILABLE within the case-read timeout', async () => {
    for (const send of [get, quorum]) {
      const started = Date.now();
      const res = await send(HANGS);
      const took = Date.now() - started;
      expect([res.status, res.body.code]).toEqual([503, 'ELECTION_UNAVAILABLE']);
      expect(res.body.numbers).toEqual({ caseId: HANGS, electionWorkflowId: child(HANGS), timeoutMs: TIMEOUT_MS });
      expect(res.body.messageEn).toMatch(/retry later/);
      expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
      expect(took).toBeLessThan(TIMEOUT_MS + 2_000);
    }
  });

  it('Temporal unreachable, or the child gone with nothing recorded: 503 ELECTION_UNAVAILABLE, not 500 or 404', async () => {
    for (const caseId of [DOWN, GONE_NOTHING]) {
      for (const send of [get, quorum]) {
        const res = await send(caseId);
        expect([res.status, res.body.code, res.body.numbers?.electionWorkflowId]).toEqual([
          503,
          'ELECTION_UNAVAILABLE',
          child(caseId),
        ]);
      }
    }
  });

  it('a child Temporal no longer knows answers from the result the case recorded, even one that does not name it', async () => {
    const res = await get(GONE_UNNAMED).expect(200);
    expect(res.body).toMatchObject({ phase: 'done', seats: 3, elected: ['p1', 'p2', 'p3'], secretaryId: 'p1' });
    const preview = await quorum(GONE_UNNAMED).expect(200);
    expect(preview.body.body).toBe('generalMeeting');
  });

  it('a running election that answers is shown live', async () => {
    const res = await get(LIVE).expect(200);
    expect(res.body).toEqual({ phase: 'awaitingMeeting', seats: 3 });
    await quorum(LIVE).expect(200);
  });

  // RULES §D.3: the live preview counts as the meeting does: an abroad exclusion short of six months (or without its
  // start) leaves the member due, so the preview never shows a quorum the meeting lacks (the meeting refuses it)
  it.each([
    ['2026-06-14', 'excluded', 9],
    ['2026-06-15', 'excluded', 9],
    ['2026-06-16', 'due', 10],
    [undefined, 'due', 10],
  ])('an exclusion abroad since %s, meeting on 2026-12-15: %s, %i due', async (awaySince, standing, due) => {
    const away = DEMO_NEW_BRANCH_ROSTER[0]!;
    const res = await request(t.app.getHttpServer())
      .post(`/api/cases/${encodeURIComponent(LIVE)}/election/quorum`)
      .set('Authorization', auth)
      .send({
        meetingDate: '2026-12-15',
        presentVoterIds: [],
        exclusions: [{ personId: away, reason: 'abroad6m', approvalRef: '组字〔2026〕1号', awaySince }],
      })
      .expect(200);
    expect(res.body.voters.find((v: { personId: string }) => v.personId === away).standing).toBe(standing);
    expect(res.body.due).toBe(due);
  });
});
