import type { WorkflowHandle } from '@temporalio/client';
import { and, eq, like } from 'drizzle-orm';
import {
  cancelCaseUpdate,
  caseStateQuery,
  decideTaskUpdate,
  termShiftApprovedSignal,
  withdrawCaseUpdate,
  workflowIds,
  type TermElectionResult,
} from '../../libs/contracts';
import { notifications, organizations, posts } from '../../libs/db';
import { waitForState, waitForTask, refusal } from './harness/case-polling';
import {
  admin,
  ballots,
  candidates,
  decide,
  financePartyGroup,
  meeting,
  seedTermOrg,
  startTermElection,
  upperApprover,
  workCommittee,
  type TermOrg,
} from './harness/term-election-harness';
import { startHarness, type Harness, skip } from './harness/workflow-harness';

jest.setTimeout(180_000);

const preparation = (seats: number) => ({
  plannedElectionDate: '2027-04-20',
  seats,
  nominationMethod: '党小组推荐',
  electionRules: '差额选举，无记名投票',
  workReport: '本届支委会工作报告',
});

describe('term election case on the time-skipping server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** E0–E7: reminder acknowledged, preparation, request approved, nominations, candidate list approved. */
  async function throughCandidateList(handle: WorkflowHandle, org: TermOrg, list: string[]) {
    await decide(handle, 'E0', upperApprover, 'approve');
    await decide(handle, 'E1', org.clerk, 'submit', preparation(3));
    await decide(handle, 'E2', financePartyGroup, 'approve');
    await decide(handle, 'E3', workCommittee, 'approve');
    await decide(handle, 'E4', org.clerk, 'submit', {
      nominations: list.map((personId) => ({ personId, name: personId, nominatedBy: '第一党小组' })),
    });
    await decide(handle, 'E5', org.clerk, 'submit', { candidates: candidates(list), secretaryNomineeId: list[0] });
    await decide(handle, 'E6', financePartyGroup, 'approve');
    await decide(handle, 'E7', workCommittee, 'approve');
    const state = await waitForState(handle, (s) => s.stage === 'E8' && typeof s.data.electionWorkflowId === 'string');
    return h.env.client.workflow.getHandle(String(state.data.electionWorkflowId));
  }

  it('runs a full term election: no quorum, then a shortfall with a tie, secretary, approvals, new term in the registry', async () => {
    const org = await seedTermOrg(h, { termEnd: '2027-05-20' });
    const { handle, input } = await startTermElection(h, org);
    const [c1, c2, c3, c4] = org.fullIds as [string, string, string, string];

    // E0 is a reminder: it can only be acknowledged; nobody may withdraw a mandatory election.
    const e0 = await waitForTask(handle, 'E0');
    expect(e0.assignedBodyId).toBe('org-fin-gb');
    expect(await refusal(handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: org.clerk }] }))).toBe(
      'NOT_SUBMITTER',
    );
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, {
          args: [{ actor: upperApprover, taskId: e0.taskId, outcome: 'reject', comment: '不同意' }],
        }),
      ),
    ).toBe('OUTCOME_NOT_ALLOWED');
    await decide(handle, 'E0', upperApprover, 'approve');

    // E1 payload is checked against the preparation schema; a delegate congress needs its approval reference.
    const e1 = await waitForTask(handle, 'E1');
    expect(e1.assignedBodyId).toBe(org.orgId);
    expect(
      await refusal(decide(handle, 'E1', org.clerk, 'submit', { ...preparation(3), delegateCongress: true })),
    ).toBe('PAYLOAD_INVALID');
    await decide(handle, 'E1', org.clerk, 'submit', preparation(3));
    // A refusal by the party group sends the request back to the committee: the election stays mandatory.
    await decide(handle, 'E2', financePartyGroup, 'return', undefined, '请补充工作报告');
    const again = await waitForTask(handle, 'E1');
    expect(again.titleEn).toContain('请补充工作报告');
    await decide(handle, 'E1', org.clerk, 'submit', preparation(3));
    await decide(handle, 'E2', financePartyGroup, 'approve');
    await decide(handle, 'E3', workCommittee, 'approve');
    await decide(handle, 'E4', org.clerk, 'submit', {
      nominations: [c1, c2, c3, c4].map((personId) => ({ personId, name: personId, nominatedBy: '第一党小组' })),
    });

    // E5: 3 seats need ≥ 4 candidates (RULES §D.2); a probationary member cannot stand (RULES §D.3).
    expect(await refusal(decide(handle, 'E5', org.clerk, 'submit', { candidates: candidates([c1, c2, c3]) }))).toBe(
      'SLATE_SURPLUS',
    );
    expect(
      await refusal(
        decide(handle, 'E5', org.clerk, 'submit', { candidates: candidates([c1, c2, c3, org.probationaryId]) }),
      ),
    ).toBe('CANDIDATE_NOT_ELIGIBLE');
    await decide(handle, 'E5', org.clerk, 'submit', { candidates: candidates([c1, c2, c3, c4]) });
    await decide(handle, 'E6', financePartyGroup, 'approve');
    await decide(handle, 'E7', workCommittee, 'approve');
    const state = await waitForState(handle, (s) => s.stage === 'E8' && !!s.data.electionWorkflowId);
    expect(state.data.electionWorkflowId).toBe(workflowIds.termElectionMeeting(org.orgId, 1, 1));
    const m = meeting(h.env.client.workflow.getHandle(String(state.data.electionWorkflowId)), org.clerk);

    // 8 of 10 full members present: more than 4/5 needs 9 — no quorum; the probationary member is not due.
    const noQuorum = await m.open({ meetingDate: '2026-11-20', presentVoterIds: org.memberIds.slice(0, 8) });
    expect(noQuorum).toMatchObject({ quorumMet: false, due: 10, present: 8, required: 9 });

    const held = await m.open({
      meetingDate: '2026-11-27',
      presentVoterIds: org.memberIds,
      scrutineerIds: [org.fullIds[9]!],
    });
    expect(held).toMatchObject({ quorumMet: true, due: 10, present: 10 });
    // Only c1 passes the threshold of 6: shortfall 2 → separate vote among c2, c3, c4.
    const r1 = await m.vote(held.roundId!, [...ballots(5, [c1, c2]), ...ballots(5, [c1, c3])], 10);
    expect(r1.tally).toMatchObject({ elected: [c1], shortfall: 2, threshold: 6 });
    // c2 8, c3 6, c4 6: c2 elected, c3 and c4 tie at the cut-off for the last seat.
    const r2 = await m.vote(
      r1.nextRoundId!,
      [...ballots(4, [c2, c3]), ...ballots(4, [c2, c4]), ...ballots(2, [c3, c4])],
      10,
    );
    expect(r2.tally.elected).toEqual([c2]);
    expect([...r2.tally.tiedAtCutoff].sort()).toEqual([c3, c4].sort());
    const r3 = await m.vote(r2.nextRoundId!, [...ballots(7, [c3]), ...ballots(3, [c4])], 10);
    expect(r3.tally.elected).toEqual([c3]);
    expect(r3.phase).toBe('awaitingOfficersMeeting');

    // First committee meeting: secretary c1, deputy c2.
    const officers = await m.open({
      meetingDate: '2026-11-27',
      presentVoterIds: [c1, c2, c3],
      officerCandidates: { secretaryId: c1, deputyId: c2 },
    });
    const sec = await m.vote(officers.roundId!, ballots(3, [c1]), 3);
    expect((await m.vote(sec.nextRoundId!, ballots(3, [c2]), 3)).phase).toBe('done');

    await decide(handle, 'E9', financePartyGroup, 'approve');
    expect(await refusal(decide(handle, 'E10', workCommittee, 'approve', {}))).toBe('PAYLOAD_INVALID');
    await decide(handle, 'E10', workCommittee, 'approve', {
      replyNo: '工委批〔2027〕9号',
      effectiveDate: '2027-05-10',
    });

    const result: TermElectionResult = await handle.result();
    // RULES H-7 (policy 'approval'): the new 3-year term starts on the reply's effective date.
    expect(result).toEqual({ status: 'newTerm', termStart: '2027-05-10', termEnd: '2030-05-10' });
    const [row] = await h.database.db.select().from(organizations).where(eq(organizations.id, org.orgId));
    expect(row).toMatchObject({ termNo: 2, termStart: '2027-05-10', termEnd: '2030-05-10', termState: 'current' });
    const all = await h.database.db.select().from(posts).where(eq(posts.orgId, org.orgId));
    expect(
      all
        .filter((p) => p.until === null)
        .map((p) => `${p.post}:${p.personId}:${p.since}`)
        .sort(),
    ).toEqual(
      [`secretary:${c1}:2027-05-10`, `deputySecretary:${c2}:2027-05-10`, `committeeMember:${c3}:2027-05-10`].sort(),
    );
    // The outgoing committee's posts closed on the new term's first day.
    expect(all.filter((p) => p.since === org.termStart).every((p) => p.until === '2027-05-10')).toBe(true);
    const final = await handle.query(caseStateQuery);
    expect(final.status).toBe('completed');
    const events = final.timeline.map((e) => e.event);
    expect(events).toEqual(
      expect.arrayContaining(['election.meeting', 'election.round', 'election.elected', 'term.started']),
    );
    expect(final.timeline.filter((e) => e.event === 'election.meeting').map((e) => e.outcome)).toEqual([
      'noQuorum',
      'quorum',
      'quorum',
    ]);
    expect(input.caseId).toBe(`election:${org.orgId}:1`);
  });

  it('returns a failed election to the candidate list through the approvals, and an admin may cancel', async () => {
    const org = await seedTermOrg(h, { termEnd: '2027-05-20' });
    const { handle } = await startTermElection(h, org);
    const [c1, c2, c3, c4] = org.fullIds as [string, string, string, string];
    const election = await throughCandidateList(handle, org, [c1, c2, c3, c4]);
    const m = meeting(election, org.clerk);
    const held = await m.open({ meetingDate: '2026-11-20', presentVoterIds: org.fullIds });
    const r1 = await m.vote(held.roundId!, ballots(10, [c1]), 10);
    expect(r1.tally.shortfall).toBe(2);
    // Nobody passes the separate vote: after policy.maxSeparateVotes (1) the slate goes back (RULES §D.5, H-5).
    const r2 = await m.vote(r1.nextRoundId!, ballots(10, []), 10);
    expect(r2.phase).toBe('failed');

    const e5 = await waitForTask(handle, 'E5');
    expect(e5.titleEn).toContain('returned');
    const state = await handle.query(caseStateQuery);
    expect(state.timeline.some((e) => e.event === 'election.failed' && e.step === 'E8')).toBe(true);
    // The revised list goes through the party group and the work committee again, then a second meeting.
    await decide(handle, 'E5', org.clerk, 'submit', { candidates: candidates(org.fullIds.slice(3, 7)) });
    await waitForTask(handle, 'E6');

    await handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: admin, reason: '上级决定重新部署换届' }] });
    const result: TermElectionResult = await handle.result();
    expect(result).toEqual({ status: 'closed', termStart: null, termEnd: null });
    const [row] = await h.database.db.select().from(organizations).where(eq(organizations.id, org.orgId));
    expect(row).toMatchObject({ termNo: 1, termEnd: '2027-05-20' });
  });

  it('re-elects the secretary when the party group declines the nominee; the committee stands (RULES §D.6, H-18)', async () => {
    const org = await seedTermOrg(h, { termEnd: '2027-05-20' });
    const { handle } = await startTermElection(h, org);
    const [c1, c2, c3, c4] = org.fullIds as [string, string, string, string];
    const m = meeting(await throughCandidateList(handle, org, [c1, c2, c3, c4]), org.clerk);
    const held = await m.open({ meetingDate: '2026-11-20', presentVoterIds: org.fullIds });
    expect((await m.vote(held.roundId!, ballots(10, [c1, c2, c3]), 10)).phase).toBe('awaitingOfficersMeeting');
    const officers = await m.open({
      meetingDate: '2026-11-20',
      presentVoterIds: [c1, c2, c3],
      officerCandidates: { secretaryId: c1 },
    });
    expect((await m.vote(officers.roundId!, ballots(3, [c1]), 3)).phase).toBe('done');

    await decide(handle, 'E9', financePartyGroup, 'return', undefined, '书记人选另行考虑');
    const rerun = await waitForState(
      handle,
      (s) => s.data.electionWorkflowId === workflowIds.termElectionMeeting(org.orgId, 1, 2),
    );
    expect(rerun.stage).toBe('E8');
    const officersOnly = meeting(h.env.client.workflow.getHandle(String(rerun.data.electionWorkflowId)), org.clerk);
    const again = await officersOnly.open({
      meetingDate: '2026-11-25',
      presentVoterIds: [c1, c2, c3],
      officerCandidates: { secretaryId: c3, deputyId: c2 },
    });
    expect(again).toMatchObject({ quorumMet: true, due: 3 });
    const sec = await officersOnly.vote(again.roundId!, ballots(3, [c3]), 3);
    expect((await officersOnly.vote(sec.nextRoundId!, ballots(3, [c2]), 3)).phase).toBe('done');

    await decide(handle, 'E9', financePartyGroup, 'approve');
    await decide(handle, 'E10', workCommittee, 'approve', { replyNo: '工委批〔2027〕12号' });
    const result: TermElectionResult = await handle.result();
    expect(result.status).toBe('newTerm');
    const current = (await h.database.db.select().from(posts).where(eq(posts.orgId, org.orgId))).filter(
      (p) => p.until === null,
    );
    expect(current.map((p) => `${p.post}:${p.personId}`).sort()).toEqual(
      [`secretary:${c3}`, `deputySecretary:${c2}`, `committeeMember:${c1}`].sort(),
    );
    // Without an effective date the term starts on the day of the reply (RULES H-7 'approval').
    expect(current.every((p) => p.since === result.termStart)).toBe(true);
  });

  it('marks the election overdue after the due date, notifies the upper body and admins, repeats, and a shift moves it', async () => {
    // The server's clock, not the test process's: time-skipping may have moved it.
    const today = new Date(await h.env.currentTimeMs()).toISOString().slice(0, 10);
    const due = addDays(today, 20);
    const org = await seedTermOrg(h, { termEnd: due });
    const { handle, input } = await startTermElection(h, org);
    await decide(handle, 'E0', upperApprover, 'approve');
    await waitForTask(handle, 'E1');

    // T − 2 months already passed when the case opened: the second reminder went out at once.
    await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'term.reminded'));
    let state = await handle.query(caseStateQuery);
    expect(state.timeline.some((e) => e.event === 'term.overdue')).toBe(false);

    await skip(h, '22 days', [handle]);
    state = await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'term.overdueEscalated'));
    expect(state.timeline.find((e) => e.event === 'term.overdue')!.detail).toMatchObject({ electionDue: due });
    await waitForRow(async () => {
      const [row] = await h.database.db.select().from(organizations).where(eq(organizations.id, org.orgId));
      return row!.termState === 'overdue' && row!.electionCaseId === input.caseId;
    });
    const level1 = await overdueNotices(input.caseId);
    expect([...new Set(level1.map((n) => n.userId))].sort()).toEqual(['u-admin', 'u-gb-approver']);

    // policy.overdueEscalationRepeat (1 month): the escalation repeats while nothing is approved.
    await skip(h, '32 days', [handle]);
    state = await waitForState(
      handle,
      (s) => s.timeline.filter((e) => e.event === 'term.overdueEscalated').length >= 2,
    );
    expect(state.timeline.filter((e) => e.event === 'term.overdue')).toHaveLength(1);
    expect(state.timeline.filter((e) => e.event === 'term.overdueEscalated').map((e) => e.detail?.level)).toEqual([
      1, 2,
    ]);
    await waitForRow(async () => (await overdueNotices(input.caseId)).length > level1.length);

    // An approved delay (forwarded by the term clock) moves the due date ahead: the term is no longer overdue.
    const to = addDays(today, 300);
    await handle.signal(termShiftApprovedSignal, {
      caseId: 'termShift:x:1:1',
      to,
      approvedAt: new Date().toISOString(),
    });
    state = await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'term.dueMoved'));
    expect(state.data.electionDue).toBe(to);
    await waitForRow(async () => {
      const [row] = await h.database.db.select().from(organizations).where(eq(organizations.id, org.orgId));
      return row!.termState === 'electionOpen' && row!.electionDue === to;
    });
    await handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: admin, reason: '测试结束' }] });
    expect((await handle.result()).status).toBe('closed');
  });

  async function overdueNotices(caseId: string) {
    return h.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.caseId, caseId), like(notifications.dedupeKey, `${caseId}:overdue:%`)));
  }
});

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function waitForRow(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('registry condition not met in time');
}
