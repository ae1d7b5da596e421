import { startE2eStack, type E2eStack } from './harness/e2e-stack';
import { httpClient } from './harness/http-client';
import { addToDate, getPolicy, localToday } from '../../libs/domain';
import {
  ballots,
  c1,
  c2,
  c3,
  c4,
  establishmentBody as request,
  establishmentDriver,
  fullMembers,
} from './harness/establishment-driver';

jest.setTimeout(180_000);

describe('establishment end to end over HTTP (dev server, worker, PGlite, SMTP)', () => {
  let stack: E2eStack;
  let http: ReturnType<typeof httpClient>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'pglite' });
    http = httpClient(stack.baseUrl);
    for (const user of ['u-clerk', 'u-pg-edu', 'u-wc-approver', 'u-oc-approver', 'u-admin']) {
      tokens[user] = await http.token(user);
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const driver = () => establishmentDriver(http, tokens);
  const openTask = (user: string, caseId: string, step: string) => driver().openTask(user, caseId, step);
  const decide = (...args: Parameters<ReturnType<typeof establishmentDriver>['decide']>) => driver().decide(...args);
  const election = (...args: Parameters<ReturnType<typeof establishmentDriver>['election']>) =>
    driver().election(...args);

  it('refuses an ineligible request with the rule and its numbers, and bad input naming the field', async () => {
    const tooFew = await http.call('POST', '/api/cases/establishment', {
      token: tokens['u-clerk'],
      body: request({ rosterPersonIds: [c1, c2], committeeSeats: 0, slate: [] }),
    });
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.rule).toContain('§B.1');
    expect(tooFew.body.numbers).toMatchObject({ fullMembers: 2 });

    const bad = await http.call('POST', '/api/cases/establishment', {
      token: tokens['u-clerk'],
      body: request({ name: undefined, staffHeadcount: -1 }),
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'staffHeadcount']));

    const unauth = await http.call('GET', '/api/inbox');
    expect(unauth.status).toBe(401);
  });

  it('lets an administrator cancel within their subtree with a reason, and exposes health and metrics', async () => {
    const started = await http.call('POST', '/api/cases/establishment', { token: tokens['u-clerk'], body: request() });
    const { caseId } = started.body as { caseId: string };
    await openTask('u-pg-edu', caseId, 'C2');
    const noReason = await http.call('POST', `/api/cases/${encodeURIComponent(caseId)}/cancel`, {
      token: tokens['u-admin'],
      body: {},
    });
    expect(noReason.status).toBe(400);
    const notAdmin = await http.call('POST', `/api/cases/${encodeURIComponent(caseId)}/cancel`, {
      token: tokens['u-pg-edu'],
      body: { reason: '不需要' },
    });
    expect(notAdmin.status).toBe(403);
    const cancelled = await http.call('POST', `/api/cases/${encodeURIComponent(caseId)}/cancel`, {
      token: tokens['u-admin'],
      body: { reason: '单位撤并' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');

    const ready = await http.call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    const metrics = await http.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toContain('branchflow_decisions_total');
    expect(String(metrics.body)).toContain('branchflow_activity_failures_total');
  });

  // After the refusals above: the roster then belongs to the new ACTIVE branch, and a request listing those members is
  // refused (RULES §C.1 C1, ROSTER_MEMBER_OF_OTHER_ORG, last test).
  it('establishes a branch from request to ACTIVE with a founding election that first fails quorum', async () => {
    const started = await http.call('POST', '/api/cases/establishment', { token: tokens['u-clerk'], body: request() });
    expect(started.status).toBe(201);
    const { caseId, orgId } = started.body as { caseId: string; orgId: string };
    expect(caseId).toBe(`establishment:${orgId}`);

    const c2Task = await openTask('u-pg-edu', caseId, 'C2');
    // An approver of another body is refused by the guard and the workflow validator alike.
    const refused = await decide('u-oc-approver', caseId, c2Task.taskId, { outcome: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOT_ASSIGNED');

    // A duplicated click (same Idempotency-Key) is applied once and answered the same.
    const first = await decide(
      'u-pg-edu',
      caseId,
      c2Task.taskId,
      { outcome: 'approve', comment: '党组会议研究同意' },
      'click-c2',
    );
    const second = await decide(
      'u-pg-edu',
      caseId,
      c2Task.taskId,
      { outcome: 'approve', comment: '党组会议研究同意' },
      'click-c2',
    );
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    const third = await decide('u-pg-edu', caseId, c2Task.taskId, { outcome: 'approve' }, 'click-c2-again');
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('TASK_ALREADY_DECIDED');

    const c4task = await openTask('u-clerk', caseId, 'C4');
    // Recorded dates are facts: a discussion dated after today is refused with the rule (422), as admission dates are.
    const tomorrow = addToDate(localToday(new Date().toISOString(), getPolicy()), { days: 1 });
    const future = await decide('u-clerk', caseId, c4task.taskId, {
      outcome: 'submit',
      payload: { discussionDate: tomorrow, summary: '全体党员酝酿同意' },
    });
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({
      code: 'RECORDED_DATE_IN_FUTURE',
      rule: 'RULES §C.1 C4',
      numbers: { field: 'discussionDate', date: tomorrow },
    });
    expect(
      (
        await decide('u-clerk', caseId, c4task.taskId, {
          outcome: 'submit',
          payload: { discussionDate: '2026-12-01', summary: '全体党员酝酿同意' },
        })
      ).status,
    ).toBe(200);
    const c5 = await openTask('u-wc-approver', caseId, 'C5');
    const c5res = await decide('u-wc-approver', caseId, c5.taskId, {
      outcome: 'approve',
      comment: '同意成立，候选人名单同意',
    });
    expect(c5res.body).toMatchObject({ stage: 'C6', caseStatus: 'active' });

    // Founding election: 8 of 10 due present fails the > 4/5 quorum (needs 9) with the numbers shown.
    const noQuorum = await election('u-clerk', caseId, '/meetings', {
      meetingDate: '2026-11-15',
      presentVoterIds: fullMembers.slice(0, 8),
    });
    expect(noQuorum.status).toBe(200);
    expect(noQuorum.body).toMatchObject({ quorumMet: false, due: 10, present: 8, required: 9 });
    const meeting = await election('u-clerk', caseId, '/meetings', {
      meetingDate: '2026-11-22',
      presentVoterIds: fullMembers,
      scrutineerIds: ['p-edu-10'],
      tellerIds: ['p-edu-09'],
    });
    expect(meeting.body).toMatchObject({ quorumMet: true, present: 10 });
    const roundId = meeting.body.roundId as string;
    expect((await election('u-clerk', caseId, '/ballots', { roundId, ballots: ballots(9, [c1, c2, c3]) })).status).toBe(
      200,
    );
    // one ballot with four marks for three seats is invalid but its voter stays counted
    await election('u-clerk', caseId, '/ballots', { roundId, ballots: ballots(1, [c1, c2, c3, c4]) });
    const tally = await election('u-clerk', caseId, `/rounds/${roundId}/close`, { roundId, ballotsIssued: 10 });
    expect(tally.status).toBe(200);
    expect(tally.body.tally).toMatchObject({ elected: [c1, c2, c3], invalidBallots: 1, threshold: 6 });

    const officers = await election('u-clerk', caseId, '/meetings', {
      meetingDate: '2026-11-22',
      presentVoterIds: [c1, c2, c3],
      officerCandidates: { secretaryId: c1, deputyId: c2 },
    });
    await election('u-clerk', caseId, '/ballots', { roundId: officers.body.roundId, ballots: ballots(3, [c1]) });
    const sec = await election('u-clerk', caseId, `/rounds/${officers.body.roundId}/close`, {
      roundId: officers.body.roundId,
      ballotsIssued: 3,
    });
    await election('u-clerk', caseId, '/ballots', { roundId: sec.body.nextRoundId, ballots: ballots(3, [c2]) });
    const dep = await election('u-clerk', caseId, `/rounds/${sec.body.nextRoundId}/close`, {
      roundId: sec.body.nextRoundId,
      ballotsIssued: 3,
    });
    expect(dep.body.phase).toBe('done');

    const c9 = await openTask('u-wc-approver', caseId, 'C9');
    const reply = await decide('u-wc-approver', caseId, c9.taskId, {
      outcome: 'approve',
      payload: { replyNo: '工委〔2027〕3号' },
    });
    expect(reply.body).toMatchObject({ caseStatus: 'completed' });

    const org = await http.call('GET', `/api/orgs/${orgId}`, { token: tokens['u-admin'] });
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ id: orgId, status: 'active', type: 'branch', hasCommittee: true });
    expect(org.body.termEnd).toBeTruthy();

    const view = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens['u-admin'] });
    expect(view.status).toBe(200);
    expect(view.body.status).toBe('completed');
    expect(view.body.webUiUrl).toContain(encodeURIComponent(caseId).replace(/%3A/g, ':').split(':')[0]);
    const decided = (view.body.timeline as { event: string; step: string }[]).filter((e) => e.event === 'task.decided');
    expect(decided.map((e) => e.step)).toEqual(['C2', 'C4', 'C5', 'C9']);

    // Mail went through the real SMTP server: one message per (task, recipient), none doubled by retries.
    const toPartyGroup = stack.mails.filter((m) => m.to.includes('u-pg-edu@example.gov.cn'));
    expect(toPartyGroup.length).toBeGreaterThanOrEqual(1);
    const ids = stack.mails.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);

    // Administrators list it from SQL and from Temporal visibility.
    const list = await http.call('GET', '/api/cases?status=completed&procedure=establishment', {
      token: tokens['u-admin'],
    });
    expect((list.body.items as { caseId: string }[]).map((c) => c.caseId)).toContain(caseId);
    await http.eventually(async () => {
      const vis = await http.call('GET', '/api/cases/visibility?status=completed&procedure=establishment', {
        token: tokens['u-admin'],
      });
      expect(vis.status).toBe(200);
      return (vis.body.items as { caseId: string }[]).some((i) => i.caseId === caseId) ? true : undefined;
    }, 'the case in Temporal visibility');
  });

  it('refuses a second request for the members of the now ACTIVE branch (RULES §C.1 C1)', async () => {
    const again = await http.call('POST', '/api/cases/establishment', { token: tokens['u-clerk'], body: request() });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'ROSTER_MEMBER_OF_OTHER_ORG', numbers: { count: 12 } });
  });
});
