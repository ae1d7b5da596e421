import { workflowIds, type BallotInput, type MeetingResultView } from '../../libs/contracts';
import {
  DEMO_IDS,
  demoRelativeTerms,
  IdentityRepository,
  organizations,
  seedTestRoster,
  type Database,
} from '../../libs/db';
import { todayIso } from '../../apps/api/src/common/today';
import { decide, waitForElectionChild, waitForInboxTask } from './establishment.driver';
import type { ApiUser } from './http-client';

/** The bodies a term election under 教育厅机关党委 asks (demo users): upper body, party group, work committee. */
export interface TermActors {
  /** E0 reminder: 教育厅机关党委 approver */
  upperBody: ApiUser;
  /** E2, E6, E9: 教育厅党组 */
  partyGroup: ApiUser;
  /** E3, E7, E10: 机关工委 */
  workCommittee: ApiUser;
}

export const TERM_ACTOR_IDS = {
  upperBody: DEMO_IDS.users.eduOrganCommitteeApprover,
  partyGroup: DEMO_IDS.users.eduPartyGroupApprover,
  workCommittee: DEMO_IDS.users.workCommitteeApprover,
} as const;

export interface LargeOrg {
  orgId: string;
  /** submitter at the organization: E1, E4, E5 and the meeting data (RULES §D.3 election clerk) */
  clerkUserId: string;
  /** full members, all entitled to vote (RULES §D.3) */
  memberIds: string[];
}

/**
 * ACTIVE 党总支 organizations under 教育厅机关党委 with `members` synthetic full members each, whose term (like the demo's
 * 政策法规处支部) ends four months after today, so the term clock the worker bootstraps opens `election:<orgId>:1`
 * at once (RULES §D.1 T − 6 months). Must run before the worker starts. Each gets a submitter user as its clerk.
 */
export async function seedLargeOrgs(database: Database, orgIds: string[], members: number): Promise<LargeOrg[]> {
  const term = demoRelativeTerms(todayIso()).eduPolicyBranch;
  const identity = new IdentityRepository(database);
  const out: LargeOrg[] = [];
  for (const orgId of orgIds) {
    await database.db.insert(organizations).values({
      id: orgId,
      name: `中共教育厅${orgId.slice(-1).toUpperCase()}总支部委员会（基准）`,
      type: 'generalBranch',
      parentId: DEMO_IDS.orgs.eduOrganCommittee,
      departmentId: DEMO_IDS.departments.edu,
      status: 'active',
      hasCommittee: true,
      termStart: term.termStart,
      termEnd: term.termEnd,
      termYears: 3,
      termNo: 1,
    });
    const memberIds = await seedTestRoster(database, { orgId, full: members, prefix: `p-${orgId}` });
    const clerkUserId = `u-sec-${orgId}`;
    await identity.upsertUser(
      { id: clerkUserId, personId: null, displayName: '总支组织委员', email: `${clerkUserId}@example.gov.cn` },
      [{ role: 'submitter', at: orgId }],
    );
    out.push({ orgId, clerkUserId, memberIds });
  }
  return out;
}

export const termCaseId = (orgId: string) => workflowIds.termElection(orgId, 1);

const casePath = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export interface StepDriver {
  /** waits for the step's open task in `user`'s inbox and decides it; throws on a refusal */
  step(user: ApiUser, code: string, body: Parameters<typeof decide>[3]): Promise<void>;
  meeting(body: Record<string, unknown>): Promise<MeetingResultView>;
  cast(roundId: string, ballots: BallotInput[]): Promise<{ returnedSoFar: number }>;
  close(roundId: string, ballotsIssued: number): Promise<RoundView>;
}

export interface RoundView {
  tally: {
    elected: string[];
    tiedAtCutoff: string[];
    shortfall: number;
    threshold: number;
    void: boolean;
    validBallots: number;
  };
  nextRoundId: string | null;
  phase: string;
}

/** The HTTP calls of one term election case, as each user would click them (cf. test/e2e/term-election.e2e.spec.ts). */
export function termSteps(clerk: ApiUser, caseId: string, pollIntervalMs: number): StepDriver {
  const election = `${casePath(caseId)}/election`;
  return {
    async step(user, code, body) {
      const task = await waitForInboxTask(user, caseId, code, pollIntervalMs, 60_000);
      await decide(user, caseId, task.taskId, body);
    },
    meeting: (body) =>
      clerk.post<MeetingResultView>(`${election}/meetings`, {
        scrutineerIds: [],
        tellerIds: [],
        exclusions: [],
        ...body,
      }),
    cast: (roundId, ballots) => clerk.post(`${election}/ballots`, { roundId, ballots }),
    close: (roundId, ballotsIssued) =>
      clerk.post<RoundView>(`${election}/rounds/${encodeURIComponent(roundId)}/close`, { ballotsIssued }),
  };
}

export const candidate = (personId: string, i: number) => ({ personId, name: `候选人${i + 1}`, surnameStrokes: 5 + i });

/**
 * E0–E7 of a term election opened by the term clock (RULES §D.1–D.2): reminder acknowledged, the outgoing committee's
 * request with `seats`, approvals, nominations, the candidate list and its approvals; then waits for the E8 meeting
 * child. Returns the meeting's workflow id.
 */
export async function driveToMeeting(
  actors: TermActors,
  clerk: ApiUser,
  caseId: string,
  opts: { seats: number; candidateIds: string[]; secretaryNomineeId?: string; pollIntervalMs: number },
): Promise<string> {
  const d = termSteps(clerk, caseId, opts.pollIntervalMs);
  await d.step(actors.upperBody, 'E0', { outcome: 'approve', comment: '已督促做好换届准备' });
  await d.step(clerk, 'E1', {
    outcome: 'submit',
    payload: {
      plannedElectionDate: inDays(60),
      seats: opts.seats,
      nominationMethod: '党小组推荐',
      electionRules: '差额选举，无记名投票',
      workReport: '本届委员会工作报告',
    },
  });
  await d.step(actors.partyGroup, 'E2', { outcome: 'approve' });
  await d.step(actors.workCommittee, 'E3', { outcome: 'approve' });
  await d.step(clerk, 'E4', {
    outcome: 'submit',
    payload: {
      nominations: opts.candidateIds.map((personId) => ({ personId, name: personId, nominatedBy: '第一党小组' })),
    },
  });
  await d.step(clerk, 'E5', {
    outcome: 'submit',
    payload: {
      candidates: opts.candidateIds.map(candidate),
      ...(opts.secretaryNomineeId ? { secretaryNomineeId: opts.secretaryNomineeId } : {}),
    },
  });
  await d.step(actors.partyGroup, 'E6', { outcome: 'approve' });
  await d.step(actors.workCommittee, 'E7', { outcome: 'approve' });
  return waitForElectionChild(clerk, caseId, opts.pollIntervalMs);
}

export function ballots(n: number, forIds: string[]): BallotInput[] {
  return Array.from({ length: n }, () => ({
    marks: Object.fromEntries(forIds.map((id) => [id, 'for' as const])),
    writeIns: [],
  }));
}

/**
 * One complete term election of the demo 政策法规处支部 (8 full members, 3 seats), E0 to E10, the same path as the
 * e2e test: a first meeting without quorum, then a round with a shortfall, a separate vote with a tie, the tie
 * re-vote, the secretary, and the approvals. Returns the case id once the workflow completed with a new term.
 */
export async function runDemoTermElection(actors: TermActors, clerk: ApiUser, pollIntervalMs: number): Promise<string> {
  const orgId = DEMO_IDS.orgs.eduPolicyBranch;
  const caseId = termCaseId(orgId);
  const members = Array.from({ length: 8 }, (_, i) => `p-edu-pol0${i + 1}`);
  const [c1, c2, c3, c4] = members as [string, string, string, string];
  await driveToMeeting(actors, clerk, caseId, {
    seats: 3,
    candidateIds: [c1, c2, c3, c4],
    secretaryNomineeId: c1,
    pollIntervalMs,
  });
  const d = termSteps(clerk, caseId, pollIntervalMs);
  const expect = (what: string, ok: boolean, seen: unknown) => {
    if (!ok) throw new Error(`${caseId}: ${what} (saw ${JSON.stringify(seen)})`);
  };

  // 6 of 8 due present fails the > 4/5 quorum (RULES §D.3); the second meeting has all 8.
  const first = await d.meeting({ meetingDate: '2026-11-10', presentVoterIds: members.slice(0, 6) });
  expect('first meeting without quorum', !first.quorumMet, first);
  const second = await d.meeting({ meetingDate: '2026-11-17', presentVoterIds: [...members, 'p-edu-pol09'] });
  expect('second meeting with quorum', second.quorumMet && second.roundId !== null, second);

  // c1 8, c2 4, c3 4 → shortfall 2 → separate vote: c3 elected, c2 and c4 tied → re-vote: c2 (RULES §D.5).
  await d.cast(second.roundId!, [...ballots(4, [c1, c2]), ...ballots(4, [c1, c3])]);
  const r1 = await d.close(second.roundId!, 8);
  expect('round 1 shortfall', r1.tally.shortfall === 2 && r1.nextRoundId !== null, r1.tally);
  await d.cast(r1.nextRoundId!, [...ballots(3, [c2, c3]), ...ballots(2, [c2, c4]), ...ballots(3, [c3, c4])]);
  const r2 = await d.close(r1.nextRoundId!, 8);
  expect('separate vote tie', r2.tally.tiedAtCutoff.length === 2 && r2.nextRoundId !== null, r2.tally);
  await d.cast(r2.nextRoundId!, [...ballots(5, [c2]), ...ballots(3, [c4])]);
  const r3 = await d.close(r2.nextRoundId!, 8);
  expect('committee complete', r3.phase === 'awaitingOfficersMeeting', r3);

  const officers = await d.meeting({
    meetingDate: '2026-11-17',
    presentVoterIds: [c1, c2, c3],
    officerCandidates: { secretaryId: c1 },
  });
  expect('officers meeting', officers.roundId !== null, officers);
  await d.cast(officers.roundId!, ballots(3, [c1]));
  const secretary = await d.close(officers.roundId!, 3);
  expect('secretary elected', secretary.phase === 'done', secretary);

  await d.step(actors.partyGroup, 'E9', { outcome: 'approve' });
  await d.step(actors.workCommittee, 'E10', { outcome: 'approve', payload: { replyNo: '工委批〔2027〕21号' } });
  return caseId;
}
