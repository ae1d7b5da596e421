import type {
  BallotInput,
  DecisionBody,
  DecisionResult,
  EstablishmentRequest,
  MeetingResultView,
  OpenMeetingInput,
  Task,
} from '../../libs/contracts';
import { DEMO_IDS, DEMO_NEW_BRANCH_ROSTER } from '../../libs/db';
import { pollUntil, type ApiUser } from './http-client';

/** The three people an establishment case needs (demo users): submitter/clerk, party group, work committee. */
export interface CaseActors {
  clerk: ApiUser;
  partyGroup: ApiUser;
  workCommittee: ApiUser;
}

export const ACTOR_IDS = {
  clerk: DEMO_IDS.users.clerk,
  partyGroup: DEMO_IDS.users.eduPartyGroupApprover,
  workCommittee: DEMO_IDS.users.workCommitteeApprover,
} as const;

export interface StartedCase {
  caseId: string;
  orgId: string;
}

type CloseView = { nextRoundId: string | null; phase: string };

const [c1, c2, c3] = DEMO_NEW_BRANCH_ROSTER.slice(0, 3) as [string, string, string];
// 10 full members and 2 probationary in the demo roster: the 10 full members are due and all attend (RULES §D.3).
const FULL_MEMBERS = DEMO_NEW_BRANCH_ROSTER.slice(0, 10);

/** 请示报告 for the demo branch under 教育厅机关党委: 3 committee seats, 4 candidates (差额, RULES §C.2, §D.2). */
export function establishmentRequest(): EstablishmentRequest {
  return {
    name: '基础教育处党支部',
    proposedType: 'branch',
    parentOrgId: DEMO_IDS.orgs.eduOrganCommittee,
    departmentId: DEMO_IDS.departments.edu,
    unitName: '基础教育处',
    natureOfWork: '行政机关处室',
    staffHeadcount: 20,
    rosterPersonIds: [...DEMO_NEW_BRANCH_ROSTER],
    legalBasis: '《中国共产党党和国家机关基层组织工作条例》第七条',
    reasons: '正式党员达到3人以上',
    committeeSeats: 3,
    positions: ['secretary', 'committeeMember'],
    slate: DEMO_NEW_BRANCH_ROSTER.slice(0, 4).map((personId, i) => ({
      personId,
      name: `候选人${i + 1}`,
      surnameStrokes: i + 3,
    })),
    coveredUnits: [],
    plannedElectionDate: '2027-01-15',
  };
}

const casePath = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}`;

export function submitCase(clerk: ApiUser): Promise<StartedCase> {
  return clerk.post<StartedCase>('/api/cases/establishment', establishmentRequest());
}

/** The open task of `step` in `caseId` as it appears in `user`'s inbox (待办), or undefined. */
export async function inboxTask(user: ApiUser, caseId: string, step: string): Promise<Task | undefined> {
  const inbox = await user.get<{ items: Task[] }>(`/api/inbox?caseId=${encodeURIComponent(caseId)}`);
  return inbox.items.find((t) => t.caseId === caseId && t.step === step && t.status === 'open');
}

export function waitForInboxTask(
  user: ApiUser,
  caseId: string,
  step: string,
  intervalMs: number,
  timeoutMs = 30_000,
): Promise<Task> {
  return pollUntil(`${step} of ${caseId} in ${user.userId}'s inbox`, () => inboxTask(user, caseId, step), {
    intervalMs,
    timeoutMs,
  });
}

export function decide(user: ApiUser, caseId: string, taskId: string, body: DecisionBody): Promise<DecisionResult> {
  return user.post<DecisionResult>(`${casePath(caseId)}/tasks/${encodeURIComponent(taskId)}/decision`, body);
}

export const C4_PAYLOAD = { discussionDate: '2026-12-01', summary: '全体党员酝酿，同意候选人名单' };

export function withdraw(clerk: ApiUser, caseId: string): Promise<unknown> {
  return clerk.post(`${casePath(caseId)}/withdraw`, {});
}

function ballots(n: number, forIds: string[]): BallotInput[] {
  return Array.from({ length: n }, () => ({
    marks: Object.fromEntries(forIds.map((id) => [id, 'for' as const])),
    writeIns: [],
  }));
}

function meeting(presentVoterIds: string[], officerCandidates?: OpenMeetingInput['officerCandidates']) {
  return {
    meetingDate: '2026-11-15',
    presentVoterIds,
    scrutineerIds: [],
    tellerIds: [],
    exclusions: [],
    ...(officerCandidates ? { officerCandidates } : {}),
  };
}

/**
 * Founding election (C6–C7) over HTTP: general meeting with all 10 due present, one committee round electing three,
 * then the first committee meeting electing secretary and deputy (RULES §D.3–D.6). Returns the number of API calls,
 * each one Temporal update on the election child workflow.
 */
export async function runFoundingElection(clerk: ApiUser, caseId: string): Promise<number> {
  const election = `${casePath(caseId)}/election`;
  let updates = 0;
  const call = async <T>(path: string, body: unknown): Promise<T> => {
    updates += 1;
    return clerk.post<T>(`${election}${path}`, body);
  };
  const close = (roundId: string, ballotsIssued: number) =>
    call<CloseView>(`/rounds/${encodeURIComponent(roundId)}/close`, { roundId, ballotsIssued });

  const general = await call<MeetingResultView>('/meetings', meeting(FULL_MEMBERS));
  if (!general.quorumMet || !general.roundId) throw new Error(`${caseId}: general meeting without quorum`);
  await call('/ballots', { roundId: general.roundId, ballots: ballots(10, [c1, c2, c3]) });
  const committee = await close(general.roundId, 10);
  if (committee.phase !== 'awaitingOfficersMeeting')
    throw new Error(`${caseId}: committee round left ${committee.phase}`);

  const officers = await call<MeetingResultView>('/meetings', meeting([c1, c2, c3], { secretaryId: c1, deputyId: c2 }));
  if (!officers.roundId) throw new Error(`${caseId}: officers meeting without quorum`);
  await call('/ballots', { roundId: officers.roundId, ballots: ballots(3, [c1]) });
  const secretary = await close(officers.roundId, 3);
  if (!secretary.nextRoundId) throw new Error(`${caseId}: no deputy round after the secretary vote`);
  await call('/ballots', { roundId: secretary.nextRoundId, ballots: ballots(3, [c2]) });
  const deputy = await close(secretary.nextRoundId, 3);
  if (deputy.phase !== 'done') throw new Error(`${caseId}: election ended in phase ${deputy.phase}`);
  return updates;
}

/**
 * Whether a decision's answer already names the next task of `step`. The kernel answers once the procedure moved
 * on; a decision that reaches the workflow before it awaits the task is answered early, without the next task.
 */
export function answeredWithNext(result: DecisionResult, step: string): string | undefined {
  return result.nextTaskIds.find((id) => id.includes(`/${step}/`));
}

/** Polls the case (as its submitter) until the founding-election child workflow has been started. */
export function waitForElectionChild(clerk: ApiUser, caseId: string, intervalMs: number): Promise<string> {
  return pollUntil(
    `election child of ${caseId}`,
    async () => {
      const view = await clerk.get<{ data: Record<string, unknown> }>(casePath(caseId));
      const id = view.data.electionWorkflowId;
      return typeof id === 'string' ? id : undefined;
    },
    { intervalMs, timeoutMs: 30_000 },
  );
}

export interface DrivenCase extends StartedCase {
  /** Temporal updates the API sent into the case and its election child */
  updates: number;
  /** decisions answered before the next step was open (then read from the inbox or the case instead) */
  earlyAnswers: number;
}

/**
 * One establishment case from submission to the formal reply (C1–C10) through the HTTP API only. The next task
 * after a decision comes from the decision's `nextTaskIds`, falling back to the next actor's inbox when the answer
 * came early; C2 after submission and C9 after the election are polled from the inbox.
 */
export async function driveEstablishmentCase(actors: CaseActors, pollIntervalMs: number): Promise<DrivenCase> {
  const started = await submitCase(actors.clerk);
  const { caseId } = started;
  let updates = 0;
  let earlyAnswers = 0;
  const next = async (result: DecisionResult, user: ApiUser, step: string): Promise<string> => {
    updates += 1;
    const taskId = answeredWithNext(result, step);
    if (taskId) return taskId;
    earlyAnswers += 1;
    return (await waitForInboxTask(user, caseId, step, pollIntervalMs)).taskId;
  };

  const c2 = await waitForInboxTask(actors.partyGroup, caseId, 'C2', pollIntervalMs);
  const c2Result = await decide(actors.partyGroup, caseId, c2.taskId, { outcome: 'approve' });
  const c4 = await next(c2Result, actors.clerk, 'C4');
  const c4Result = await decide(actors.clerk, caseId, c4, { outcome: 'submit', payload: C4_PAYLOAD });
  const c5 = await next(c4Result, actors.workCommittee, 'C5');
  const afterC5 = await decide(actors.workCommittee, caseId, c5, { outcome: 'approve', comment: '同意成立' });
  updates += 1;
  if (afterC5.stage !== 'C6') {
    earlyAnswers += 1;
    await waitForElectionChild(actors.clerk, caseId, pollIntervalMs);
  }

  updates += await runFoundingElection(actors.clerk, caseId);

  const c9 = await waitForInboxTask(actors.workCommittee, caseId, 'C9', pollIntervalMs);
  await decide(actors.workCommittee, caseId, c9.taskId, {
    outcome: 'approve',
    payload: { replyNo: '工委批〔2027〕1号' },
  });
  updates += 1;
  return { ...started, updates, earlyAnswers };
}
