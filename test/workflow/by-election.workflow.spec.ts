import type { WorkflowHandle } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { caseStateQuery, type CaseState } from '../../libs/contracts';
import { createActivities } from '../../activities';
import { organizations, posts } from '../../libs/db';
import { getPolicy, withOverrides } from '../../libs/domain';
import { byElectionSlateValidator } from '../../workflows/term/election/term-payloads.validator';
import { waitForState, waitForTask, refusal } from './harness/case-polling';
import {
  ballots,
  candidates,
  decide,
  financePartyGroup,
  meeting,
  seedTermOrg,
  startByElection,
  workCommittee,
  type TermOrg,
} from './harness/term-election-harness';
import { startHarness, type Harness } from './harness/workflow-harness';

jest.setTimeout(180_000);

describe('by-election workflow on the time-skipping server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function approveSlate(handle: WorkflowHandle, org: TermOrg, slate: string[]) {
    await decide(handle, 'B1', org.clerk, 'submit', { candidates: candidates(slate) });
    await decide(handle, 'B2', financePartyGroup, 'approve');
    await decide(handle, 'B3', workCommittee, 'approve');
    const state = await waitForState(handle, (s) => s.stage === 'B4' && !!s.data.electionWorkflowId);
    return meeting(h.env.client.workflow.getHandle(String(state.data.electionWorkflowId)), org.clerk);
  }

  async function openPosts(orgId: string) {
    const rows = await h.database.db.select().from(posts).where(eq(posts.orgId, orgId));
    return rows;
  }

  it('fills one committee seat with an equal slate; the vacated post ends on the day it fell vacant', async () => {
    const org = await seedTermOrg(h, { termEnd: '2027-12-31' });
    const leaving = org.fullIds[2]!;
    const newcomer = org.fullIds[5]!;
    const { handle, input } = await startByElection(h, org, [
      { personId: leaving, post: 'committeeMember', reason: 'resigned', occurredOn: '2026-11-01' },
    ]);
    const b1 = await waitForTask(handle, 'B1');
    // The vacancy clock is off in the default policy (RULES §B.4 local rule): no deadline on the steps.
    expect(b1.dueAt).toBeNull();
    const vacated = (await openPosts(org.orgId)).find((p) => p.personId === leaving)!;
    expect(vacated.until).toBe('2026-11-01');

    expect(
      await refusal(decide(handle, 'B1', org.clerk, 'submit', { candidates: candidates([org.probationaryId]) })),
    ).toBe('CANDIDATE_NOT_ELIGIBLE');
    const m = await approveSlate(handle, org, [newcomer]);
    expect(input.caseId).toBe(`byElection:${org.orgId}:1`);

    const held = await m.open({ meetingDate: '2026-12-01', presentVoterIds: org.fullIds });
    expect(held).toMatchObject({ quorumMet: true, due: 10, present: 10 });
    // electOfficers is false for a member-only by-election: the meeting ends when the seat is filled.
    const round = await m.vote(held.roundId!, [...ballots(8, [newcomer]), ...ballots(2, [])], 10);
    expect(round.tally.elected).toEqual([newcomer]);
    expect(round.phase).toBe('done');

    expect(await refusal(decide(handle, 'B5', workCommittee, 'approve', {}))).toBe('PAYLOAD_INVALID');
    await decide(handle, 'B5', workCommittee, 'approve', {
      replyNo: '工委批〔2026〕31号',
      effectiveDate: '2026-12-15',
    });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.data.result).toMatchObject({ replyNo: '工委批〔2026〕31号', termEnd: '2027-12-31' });

    const filled = (await openPosts(org.orgId)).filter((p) => p.until === null);
    expect(filled.map((p) => `${p.post}:${p.personId}:${p.since}`).sort()).toEqual(
      [
        `secretary:${org.fullIds[0]}:${org.termStart}`,
        `deputySecretary:${org.fullIds[1]}:${org.termStart}`,
        `committeeMember:${newcomer}:2026-12-15`,
      ].sort(),
    );
    // A by-election does not start a term.
    const [row] = await h.database.db.select().from(organizations).where(eq(organizations.id, org.orgId));
    expect(row).toMatchObject({ termNo: 1, termEnd: '2027-12-31' });
    expect(final.timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining(['posts.vacated', 'election.elected', 'posts.filled']),
    );
  });

  it('by-elects secretary and deputy: equal slate for two seats, officers elected by the committee with its sitting member, posts end with the term', async () => {
    const org = await seedTermOrg(h, { termEnd: '2027-12-31' });
    const [oldSecretary, oldDeputy] = org.fullIds as [string, string];
    const [n1, n2] = [org.fullIds[6]!, org.fullIds[7]!];
    const { handle } = await startByElection(h, org, [
      { personId: oldSecretary, post: 'secretary', reason: 'transferred', occurredOn: '2026-10-15' },
      { personId: oldDeputy, post: 'deputySecretary', reason: 'illness', occurredOn: '2026-11-01' },
    ]);
    // 等额 (policy byElectionMode 'equal'): two seats need at least two candidates (RULES §D.8).
    expect(await refusal(decide(handle, 'B1', org.clerk, 'submit', { candidates: candidates([n1]) }))).toBe(
      'SLATE_TOO_SHORT',
    );
    const m = await approveSlate(handle, org, [n1, n2]);
    const held = await m.open({ meetingDate: '2026-12-01', presentVoterIds: org.fullIds.slice(0, 9) });
    expect(held).toMatchObject({ quorumMet: true, due: 10, present: 9 });
    const round = await m.vote(held.roundId!, ballots(9, [n1, n2]), 9);
    expect(round.tally.elected.sort()).toEqual([n1, n2].sort());
    expect(round.phase).toBe('awaitingOfficersMeeting');

    // The committee's meeting: the sitting member stays on and votes with the two newly elected (RULES §D.6).
    const sittingMember = org.fullIds[2]!;
    const officers = await m.open({
      meetingDate: '2026-12-01',
      presentVoterIds: [n1, n2, sittingMember],
      officerCandidates: { secretaryId: n1, deputyId: n2 },
    });
    expect(officers).toMatchObject({ quorumMet: true, due: 3, present: 3 });
    const sec = await m.vote(officers.roundId!, ballots(3, [n1]), 3);
    expect((await m.vote(sec.nextRoundId!, ballots(3, [n2]), 3)).phase).toBe('done');

    await decide(handle, 'B5', workCommittee, 'approve', {
      replyNo: '工委批〔2026〕40号',
      effectiveDate: '2026-12-20',
    });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    const current = (await openPosts(org.orgId)).filter((p) => p.until === null);
    expect(current.map((p) => `${p.post}:${p.personId}:${p.since}`).sort()).toEqual(
      [
        `secretary:${n1}:2026-12-20`,
        `deputySecretary:${n2}:2026-12-20`,
        `committeeMember:${org.fullIds[2]}:${org.termStart}`,
      ].sort(),
    );
    const ended = (await openPosts(org.orgId)).filter((p) => p.personId === oldSecretary || p.personId === oldDeputy);
    expect(ended.map((p) => p.until).sort()).toEqual(['2026-10-15', '2026-11-01']);

    // RULES §B.4: a by-elected member serves only until the current term ends — the next term closes the posts.
    const activities = createActivities({
      database: h.database,
      mailer: null,
      mailFrom: 'x@y',
      webBaseUrl: 'http://x',
    });
    await activities.startNewTerm({
      orgId: org.orgId,
      termNo: 2,
      termStart: '2028-01-05',
      termEnd: '2031-01-05',
      termYears: 3,
      hasCommittee: true,
      posts: [{ personId: org.fullIds[8]!, post: 'secretary' }],
    });
    const byElected = await h.database.db
      .select()
      .from(posts)
      .where(and(eq(posts.orgId, org.orgId), eq(posts.since, '2026-12-20')));
    expect(byElected.map((p) => p.until)).toEqual(['2028-01-05', '2028-01-05']);
    const state = await handle.query(caseStateQuery);
    expect(state.data.seats).toBe(2);
  });

  it("refuses an equal slate when the policy pack chooses 'surplus' (RULES H-6), through the B1 validator", () => {
    const roster = ['a', 'b', 'c'].map((personId) => ({ personId, name: personId, status: 'full' as const }));
    const surplus = byElectionSlateValidator(1, roster, withOverrides(getPolicy(), { byElectionMode: 'surplus' }));
    expect(surplus({ candidates: candidates(['a']) }, 'submit')).toMatchObject({
      code: 'SLATE_SURPLUS',
      numbers: { seats: 1, required: 2 },
    });
    expect(surplus({ candidates: candidates(['a', 'b']) }, 'submit')).toBeNull();
    const equal = byElectionSlateValidator(1, roster, getPolicy());
    expect(equal({ candidates: candidates(['a']) }, 'submit')).toBeNull();
    expect(equal({ candidates: candidates(['a', 'x']) }, 'submit')).toMatchObject({ code: 'CANDIDATE_NOT_ELIGIBLE' });
  });

  it('records an appointment by the upper organization instead of a vote: reason, document, formal reply, post until term end', async () => {
    const org = await seedTermOrg(h, { termEnd: '2027-12-31' });
    const [oldSecretary] = org.fullIds as [string];
    const appointee = org.fullIds[5]!;
    const { handle } = await startByElection(
      h,
      org,
      [{ personId: oldSecretary, post: 'secretary', reason: 'transferred', occurredOn: '2026-10-15' }],
      {
        personId: appointee,
        post: 'secretary',
        reason: '原书记调离，上级党组织指派',
        documentNo: '财政厅机关党委〔2026〕12号',
      },
    );
    expect(await refusal(decide(handle, 'A1', workCommittee, 'approve', {}))).toBe('PAYLOAD_INVALID');
    await decide(handle, 'A1', workCommittee, 'approve', {
      replyNo: '工委批〔2026〕41号',
      effectiveDate: '2026-11-01',
    });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.timeline.find((e) => e.event === 'appointment.requested')?.comment).toContain('指派');
    const current = (await openPosts(org.orgId)).filter((p) => p.until === null && p.post === 'secretary');
    expect(current.map((p) => `${p.personId}:${p.since}`)).toEqual([`${appointee}:2026-11-01`]);
  });
});
