import { startE2eStack, type E2eStack } from './harness/e2e-stack';
import { ballots, establishmentDriver } from './harness/establishment-driver';
import { httpClient } from './harness/http-client';
import { deleteFromTemporal } from './harness/temporal-delete';
import { todayIso } from '../../apps/api/src/common/today';

jest.setTimeout(240_000);

const ORG = 'org-edu-policy-br';
// 政策法规处党支部 (demo data): p-edu-pol01..08 full members, p-edu-pol09 probationary; its term ends 4 months after
// the seed date, so its term clock opens the election case as soon as the worker starts.
const members = Array.from({ length: 8 }, (_, i) => `p-edu-pol0${i + 1}`);
const [c1, c2, c3, c4, c5] = members as [string, string, string, string, string];
// the organizations' calendar (China), as the workflows date the new term: after 16:00 UTC it is already tomorrow
const today = () => todayIso();
const candidate = (personId: string, i: number) => ({ personId, name: `候选人${i + 1}`, surnameStrokes: 5 + i });

describe('term election and by-election end to end over HTTP (term clock opens the case itself)', () => {
  let stack: E2eStack;
  let http: ReturnType<typeof httpClient>;
  const tokens: Record<string, string> = {};
  const users = ['u-edu-oc-approver', 'u-sec-edu-policy', 'u-pg-edu', 'u-wc-approver', 'u-admin'];

  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'pglite' });
    http = httpClient(stack.baseUrl);
    for (const user of users) tokens[user] = await http.token(user);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('runs the whole term election: no quorum, then a shortfall, a tie, the secretary, approvals, and the new term', async () => {
    const d = establishmentDriver(http, tokens);
    const caseId = `election:${ORG}:1`;
    const step = async (user: string, code: string, body: Record<string, unknown>) => {
      const task = await d.openTask(user, caseId, code, 60_000);
      const res = await d.decide(user, caseId, task.taskId, body);
      expect({ step: code, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({
        step: code,
        status: 200,
        body: 'ok',
      });
      return res;
    };
    const meeting = (body: Record<string, unknown>) => d.election('u-sec-edu-policy', caseId, '/meetings', body);
    const cast = (roundId: string, list: ReturnType<typeof ballots>) =>
      d.election('u-sec-edu-policy', caseId, '/ballots', { roundId, ballots: list });
    const close = (roundId: string, issued: number) =>
      d.election('u-sec-edu-policy', caseId, `/rounds/${roundId}/close`, { ballotsIssued: issued });

    // E0: the upper body (教育厅机关党委) is reminded six months before T and acknowledges.
    await step('u-edu-oc-approver', 'E0', { outcome: 'approve', comment: '已督促做好换届准备' });
    await step('u-sec-edu-policy', 'E1', {
      outcome: 'submit',
      payload: {
        plannedElectionDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
        seats: 3,
        nominationMethod: '党小组推荐',
        electionRules: '差额选举，无记名投票',
        workReport: '本届支委会工作报告',
      },
    });
    await step('u-pg-edu', 'E2', { outcome: 'approve' });
    await step('u-wc-approver', 'E3', { outcome: 'approve' });
    await step('u-sec-edu-policy', 'E4', {
      outcome: 'submit',
      payload: {
        nominations: [c1, c2, c3, c4].map((personId) => ({ personId, name: personId, nominatedBy: '第一党小组' })),
      },
    });
    // 3 seats need at least 4 candidates (RULES §D.2); the probationary member may not stand.
    const e5 = await d.openTask('u-sec-edu-policy', caseId, 'E5', 60_000);
    const tooFew = await d.decide('u-sec-edu-policy', caseId, e5.taskId, {
      outcome: 'submit',
      payload: { candidates: [c1, c2, c3].map(candidate) },
    });
    expect([tooFew.status, tooFew.body.code]).toEqual([422, 'SLATE_SURPLUS']);
    await step('u-sec-edu-policy', 'E5', {
      outcome: 'submit',
      payload: { candidates: [c1, c2, c3, c4].map(candidate), secretaryNomineeId: c1 },
    });
    await step('u-pg-edu', 'E6', { outcome: 'approve' });
    await step('u-wc-approver', 'E7', { outcome: 'approve' });

    // E8: 6 of 8 due present fails the > 4/5 quorum (7 needed).
    const first = await http.eventually(async () => {
      const res = await meeting({ meetingDate: '2026-11-10', presentVoterIds: members.slice(0, 6) });
      return res.status === 404 ? undefined : res;
    }, 'the election meeting to start');
    expect(first.body).toMatchObject({ quorumMet: false, due: 8, present: 6, required: 7 });
    const second = await meeting({ meetingDate: '2026-11-17', presentVoterIds: [...members, 'p-edu-pol09'] });
    expect(second.body).toMatchObject({ quorumMet: true, due: 8, present: 8 });

    // Round 1: c1 8, c2 4, c3 4 → one elected, a shortfall of two → separate vote among c2, c3, c4.
    await cast(second.body.roundId, [...ballots(4, [c1, c2]), ...ballots(4, [c1, c3])]);
    const r1 = await close(second.body.roundId, 8);
    expect(r1.body.tally).toMatchObject({ elected: [c1], shortfall: 2, threshold: 5 });
    // Separate vote: c3 6 elected; c2 and c4 tie at 5 for the last seat → re-vote among them.
    await cast(r1.body.nextRoundId, [...ballots(3, [c2, c3]), ...ballots(2, [c2, c4]), ...ballots(3, [c3, c4])]);
    const r2 = await close(r1.body.nextRoundId, 8);
    expect(r2.body.tally.elected).toEqual([c3]);
    expect([...r2.body.tally.tiedAtCutoff].sort()).toEqual([c2, c4].sort());
    await cast(r2.body.nextRoundId, [...ballots(5, [c2]), ...ballots(3, [c4])]);
    const r3 = await close(r2.body.nextRoundId, 8);
    expect(r3.body.tally.elected).toEqual([c2]);
    expect(r3.body.phase).toBe('awaitingOfficersMeeting');

    const officers = await meeting({
      meetingDate: '2026-11-17',
      presentVoterIds: [c1, c2, c3],
      officerCandidates: { secretaryId: c1 },
    });
    await cast(officers.body.roundId, ballots(3, [c1]));
    expect((await close(officers.body.roundId, 3)).body.phase).toBe('done');

    await step('u-pg-edu', 'E9', { outcome: 'approve' });
    const reply = await step('u-wc-approver', 'E10', {
      outcome: 'approve',
      payload: { replyNo: '工委批〔2027〕21号' },
    });
    expect(reply.body.caseStatus).toBe('completed');

    // The registry's new term: term 2 from the reply's date (its effective date by default), three years long.
    const org = await http.call('GET', `/api/orgs/${ORG}`, { token: tokens['u-admin'] });
    const start = today();
    expect(org.body.termStart).toBe(start);
    expect(Number(org.body.termEnd.slice(0, 4))).toBe(Number(start.slice(0, 4)) + 3);
    const term = await http.eventually(async () => {
      const res = await http.call('GET', `/api/orgs/${ORG}/term`, { token: tokens['u-admin'] });
      return res.status === 200 && res.body.clock?.termNo === 2 ? res.body : undefined;
    }, 'the next term clock');
    expect(term.clock).toMatchObject({ termNo: 2, termStart: start, termEnd: org.body.termEnd });
  });

  it('by-elects a committee member after a vacancy, with an equal slate and the formal reply', async () => {
    const d = establishmentDriver(http, tokens);
    const started = await http.call('POST', `/api/orgs/${ORG}/vacancies`, {
      token: tokens['u-sec-edu-policy'],
      body: {
        vacancies: [{ personId: c3, post: 'committeeMember', reason: 'transferred', occurredOn: today() }],
      },
    });
    expect(started.status).toBe(201);
    const caseId = started.body.caseId as string;
    const b1 = await d.openTask('u-sec-edu-policy', caseId, 'B1', 60_000);
    expect(
      (
        await d.decide('u-sec-edu-policy', caseId, b1.taskId, {
          outcome: 'submit',
          payload: { candidates: [candidate(c5, 0)] },
        })
      ).status,
    ).toBe(200);
    for (const [user, code] of [
      ['u-pg-edu', 'B2'],
      ['u-wc-approver', 'B3'],
    ] as const) {
      const task = await d.openTask(user, caseId, code, 60_000);
      expect((await d.decide(user, caseId, task.taskId, { outcome: 'approve' })).status).toBe(200);
    }
    const meeting = await http.eventually(async () => {
      const res = await d.election('u-sec-edu-policy', caseId, '/meetings', {
        meetingDate: '2026-12-01',
        presentVoterIds: members.filter((id) => id !== c3),
      });
      return res.status === 404 ? undefined : res;
    }, 'the by-election meeting to start');
    expect(meeting.body.quorumMet).toBe(true);
    await d.election('u-sec-edu-policy', caseId, '/ballots', {
      roundId: meeting.body.roundId,
      ballots: ballots(7, [c5]),
    });
    const closed = await d.election('u-sec-edu-policy', caseId, `/rounds/${meeting.body.roundId}/close`, {
      ballotsIssued: 7,
    });
    expect(closed.body).toMatchObject({ phase: 'done', tally: { elected: [c5] } });
    const b5 = await d.openTask('u-wc-approver', caseId, 'B5', 60_000);
    const reply = await d.decide('u-wc-approver', caseId, b5.taskId, {
      outcome: 'approve',
      payload: { replyNo: '工委批〔2027〕30号' },
    });
    expect(reply.body.caseStatus).toBe('completed');
    const view = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens['u-admin'] });
    expect(view.body.data.result).toMatchObject({ posts: [{ personId: c5, post: 'committeeMember' }] });

    // the meeting record outlives the election child: once Temporal deleted it, the case record answers
    await deleteFromTemporal(stack, http, view.body.data.electionWorkflowId as string);
    const ended = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}/election`, {
      token: tokens['u-sec-edu-policy'],
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      phase: 'done',
      seats: 1,
      candidates: [expect.objectContaining({ personId: c5 })],
      elected: [c5],
      meetings: [expect.objectContaining({ quorumMet: true, meetingDate: '2026-12-01' })],
      rounds: [expect.objectContaining({ ballotsReturned: 7, tally: expect.objectContaining({ elected: [c5] }) })],
    });
  });
});
