import { DEMO_NEW_BRANCH_ROSTER } from '../../../libs/db';
import type { HttpResult, httpClient } from './http-client';

export const roster = [...DEMO_NEW_BRANCH_ROSTER];
export const [c1, c2, c3, c4] = roster as [string, string, string, string];
/** 10 full members; p-edu-11 and p-edu-12 are probationary */
export const fullMembers = roster.slice(0, 10);

export function establishmentBody(overrides: Record<string, unknown> = {}) {
  return {
    name: '基础教育处党支部',
    proposedType: 'branch',
    parentOrgId: 'org-edu-oc',
    departmentId: 'dept-edu',
    unitName: '基础教育处',
    natureOfWork: '教育行政',
    staffHeadcount: 25,
    rosterPersonIds: roster,
    legalBasis: '《中国共产党党和国家机关基层组织工作条例》第七条',
    reasons: '基础教育处正式党员10名，应成立党支部并设支部委员会',
    committeeSeats: 3,
    positions: ['secretary', 'deputySecretary', 'organization'],
    slate: [c1, c2, c3, c4].map((personId, i) => ({ personId, name: `候选人${i + 1}`, surnameStrokes: 4 + i })),
    coveredUnits: [],
    plannedElectionDate: '2027-01-15',
    ...overrides,
  };
}

export function ballots(n: number, forIds: string[]) {
  return Array.from({ length: n }, () => ({
    marks: Object.fromEntries(forIds.map((id) => [id, 'for'])),
    writeIns: [],
  }));
}

/** HTTP steps of an establishment case, as each user would click them. */
export function establishmentDriver(http: ReturnType<typeof httpClient>, tokens: Record<string, string>) {
  async function openTask(user: string, caseId: string, step: string, timeoutMs?: number) {
    return http.eventually(
      async () => {
        const res = await http.call('GET', `/api/inbox?caseId=${encodeURIComponent(caseId)}`, { token: tokens[user] });
        if (res.status !== 200) throw new Error(`inbox of ${user}: ${res.status} ${JSON.stringify(res.body)}`);
        return (res.body.items as { caseId: string; step: string; taskId: string; status: string }[]).find(
          (t) => t.caseId === caseId && t.step === step && t.status === 'open',
        );
      },
      `${step} in ${user}'s inbox`,
      timeoutMs,
    );
  }

  function decide(user: string, caseId: string, taskId: string, body: Record<string, unknown>, key?: string) {
    return http.call('POST', `/api/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(taskId)}/decision`, {
      token: tokens[user],
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  }

  /**
   * A decision as a browser sends it: with its key, sent again with the same key and body while the API answers 504
   * UPDATE_TIMEOUT or 503 (the case is between workers); the first other answer is returned.
   */
  async function decideRetrying(
    user: string,
    caseId: string,
    taskId: string,
    body: Record<string, unknown>,
    key: string,
    first?: Promise<HttpResult>,
  ): Promise<HttpResult> {
    let res = await (first ?? decide(user, caseId, taskId, body, key));
    for (let attempt = 0; (res.status === 504 || res.status === 503) && attempt < 10; attempt++) {
      res = await decide(user, caseId, taskId, body, key);
    }
    return res;
  }

  function election(user: string, caseId: string, path: string, body: unknown) {
    return http.call('POST', `/api/cases/${encodeURIComponent(caseId)}/election${path}`, { token: tokens[user], body });
  }

  function closeRound(caseId: string, roundId: string, ballotsIssued: number) {
    return election('u-clerk', caseId, `/rounds/${roundId}/close`, { roundId, ballotsIssued });
  }

  /** C6–C7 with everyone present, all three seats filled in one round, then secretary c1 and deputy c2. */
  async function runElection(caseId: string): Promise<void> {
    const meeting = await election('u-clerk', caseId, '/meetings', {
      meetingDate: '2026-11-22',
      presentVoterIds: fullMembers,
    });
    if (!meeting.body.quorumMet) throw new Error(`meeting: ${JSON.stringify(meeting.body)}`);
    await election('u-clerk', caseId, '/ballots', {
      roundId: meeting.body.roundId,
      ballots: ballots(10, [c1, c2, c3]),
    });
    await closeRound(caseId, meeting.body.roundId, 10);
    const officers = await election('u-clerk', caseId, '/meetings', {
      meetingDate: '2026-11-22',
      presentVoterIds: [c1, c2, c3],
      officerCandidates: { secretaryId: c1, deputyId: c2 },
    });
    await election('u-clerk', caseId, '/ballots', { roundId: officers.body.roundId, ballots: ballots(3, [c1]) });
    const sec = await closeRound(caseId, officers.body.roundId, 3);
    await election('u-clerk', caseId, '/ballots', { roundId: sec.body.nextRoundId, ballots: ballots(3, [c2]) });
    await closeRound(caseId, sec.body.nextRoundId, 3);
  }

  return { openTask, decide, decideRetrying, election, closeRound, runElection };
}
