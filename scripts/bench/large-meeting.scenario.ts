import type { Client } from '@temporalio/client';
import type { BallotInput } from '../../libs/contracts';
import { getPolicy, tallyRound } from '../../libs/domain';
import { historySize, type HistorySize } from './history';
import type { ApiUser } from './http-client';
import { elapsedSince, percentile } from './stats';
import { driveToMeeting, termCaseId, termSteps, type LargeOrg, type TermActors } from './term-election.driver';

export const LARGE_MEETING_SEATS = 9;
export const LARGE_MEETING_CANDIDATES = 11;

export interface LargeMeetingResult {
  orgId: string;
  voters: number;
  /** ballots per request: `batch` for bulk entry, 1 for one ballot per request */
  batch: number;
  requests: number;
  entrySeconds: number;
  ballotsPerSecond: number;
  /** per POST …/ballots request */
  requestP50Ms: number;
  requestP99Ms: number;
  /** POST …/meetings with every voter present (roster of all members loaded, quorum checked) */
  openMeetingMs: number;
  /** POST …/rounds/:roundId/close: tally in the workflow's update handler, answered over HTTP */
  closeMs: number;
  elected: number;
  validBallots: number;
  meetingHistory: HistorySize;
}

/**
 * The ballots of a 9-of-11 committee round (RULES §D.4–D.5): each ballot marks exactly `seats` candidates 'for'.
 * Three fifths vote for the first nine; the rest for the last two and seven of the first nine (the two left out
 * rotate, marked 'against'). The first nine pass > half of those present; the last two get two fifths.
 */
export function largeMeetingBallots(voters: number, candidateIds: string[]): BallotInput[] {
  const leaders = candidateIds.slice(0, LARGE_MEETING_SEATS);
  const others = candidateIds.slice(LARGE_MEETING_SEATS);
  const firstGroup = Math.ceil((voters * 3) / 5);
  return Array.from({ length: voters }, (_, i) => {
    const marks: Record<string, 'for' | 'against' | 'abstain'> = {};
    if (i < firstGroup) {
      for (const id of leaders) marks[id] = 'for';
      others.forEach((id, k) => (marks[id] = k === 0 ? 'against' : 'abstain'));
    } else {
      const out = new Set([i % leaders.length, (i + 1) % leaders.length]);
      leaders.forEach((id, k) => (marks[id] = out.has(k) ? 'against' : 'for'));
      for (const id of others) marks[id] = 'for';
    }
    return { marks, writeIns: [] };
  });
}

/**
 * One term election of a large organization opened by its term clock, driven over HTTP to the meeting (E0–E7), then
 * the general meeting with every member present and the committee round: `voters` ballots entered through
 * POST …/election/ballots, `batch` per request, one request in flight, then the round closed with the tally.
 */
export async function measureLargeMeeting(
  client: Client,
  actors: TermActors,
  clerk: ApiUser,
  org: LargeOrg,
  opts: { batch: number; pollIntervalMs: number },
): Promise<LargeMeetingResult> {
  const caseId = termCaseId(org.orgId);
  const candidateIds = org.memberIds.slice(0, LARGE_MEETING_CANDIDATES);
  const meetingId = await driveToMeeting(actors, clerk, caseId, {
    seats: LARGE_MEETING_SEATS,
    candidateIds,
    pollIntervalMs: opts.pollIntervalMs,
  });
  const d = termSteps(clerk, caseId, opts.pollIntervalMs);
  const voters = org.memberIds.length;

  let t0 = performance.now();
  const meeting = await d.meeting({
    meetingDate: new Date().toISOString().slice(0, 10),
    presentVoterIds: org.memberIds,
  });
  const openMeetingMs = elapsedSince(t0);
  if (!meeting.quorumMet || meeting.roundId === null || meeting.due !== voters || meeting.present !== voters) {
    throw new Error(`${caseId}: meeting of ${voters} opened as ${JSON.stringify(meeting)}`);
  }
  const roundId = meeting.roundId;

  const all = largeMeetingBallots(voters, candidateIds);
  const perRequest: number[] = [];
  let returned = 0;
  t0 = performance.now();
  for (let at = 0; at < all.length; at += opts.batch) {
    const sent = performance.now();
    const answer = await d.cast(roundId, all.slice(at, at + opts.batch));
    perRequest.push(elapsedSince(sent));
    returned = answer.returnedSoFar;
  }
  const entrySeconds = elapsedSince(t0) / 1000;
  if (returned !== voters) throw new Error(`${caseId}: ${returned} ballots returned of ${voters}`);

  t0 = performance.now();
  const closed = await d.close(roundId, voters);
  const closeMs = elapsedSince(t0);
  const expected = candidateIds.slice(0, LARGE_MEETING_SEATS).sort();
  if (closed.tally.void || [...closed.tally.elected].sort().join() !== expected.join()) {
    throw new Error(`${caseId}: round closed as ${JSON.stringify(closed.tally)}`);
  }
  return {
    orgId: org.orgId,
    voters,
    batch: opts.batch,
    requests: perRequest.length,
    entrySeconds,
    ballotsPerSecond: voters / entrySeconds,
    requestP50Ms: percentile(perRequest, 50),
    requestP99Ms: percentile(perRequest, 99),
    openMeetingMs,
    closeMs,
    elected: closed.tally.elected.length,
    validBallots: closed.tally.validBallots,
    meetingHistory: await historySize(client, meetingId),
  };
}

/** `tallyRound` of libs/domain alone on the same ballots, in this process: median of `runs` after one warm-up. */
export function measureTallyInProcess(org: LargeOrg, runs: number): number {
  const candidateIds = org.memberIds.slice(0, LARGE_MEETING_CANDIDATES);
  const voters = org.memberIds.length;
  const input = {
    seats: LARGE_MEETING_SEATS,
    candidateIds,
    presentVoters: voters,
    ballotsIssued: voters,
    ballots: largeMeetingBallots(voters, candidateIds),
    mode: 'majority' as const,
    eligibleIds: org.memberIds,
  };
  const policy = getPolicy();
  const check = tallyRound(input, policy);
  if (check.elected.length !== LARGE_MEETING_SEATS) throw new Error(`in-process tally elected ${check.elected.length}`);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    tallyRound(input, policy);
    samples.push(elapsedSince(t0));
  }
  return percentile(samples, 50);
}
