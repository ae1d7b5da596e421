import { WorkflowUpdateFailedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import {
  closeRoundUpdate,
  decideTaskUpdate,
  electionStateQuery,
  openMeetingUpdate,
  reduceSeatsUpdate,
  withdrawCaseUpdate,
  submitBallotsUpdate,
  termClockQuery,
  workflowIds,
  WORKFLOW_TYPES,
  type BallotInput,
  type CaseState,
  type OpenMeetingInput,
  type TermClockInput,
} from '../../libs/contracts';
import { DEMO_NEW_BRANCH_ROSTER, organizations, posts, RegistryRepository } from '../../libs/db';
import { refusal, waitForState, waitForTask } from './harness/case-polling';
import {
  actor,
  establishmentRequest,
  startEstablishment,
  startHarness,
  type Harness,
} from './harness/workflow-harness';

jest.setTimeout(120_000);

const clerk = actor('u-clerk', [{ role: 'submitter', at: 'org-edu-oc' }]);
const partyGroup = actor('u-pg-edu', [{ role: 'approver', at: 'pg-edu' }]);
const workCommittee = actor('u-wc-approver', [{ role: 'approver', at: 'org-wc' }]);
const [c1, c2, c3, c4] = DEMO_NEW_BRANCH_ROSTER.slice(0, 4) as [string, string, string, string];
// 10 full members and 2 probationary in the demo roster (p-edu-11, p-edu-12): 10 are due to attend.
const fullMembers = DEMO_NEW_BRANCH_ROSTER.slice(0, 10);

function ballots(n: number, forIds: string[]): BallotInput[] {
  return Array.from({ length: n }, () => ({
    marks: Object.fromEntries(forIds.map((id) => [id, 'for' as const])),
    writeIns: [],
  }));
}

describe('founding election (child workflow) inside the establishment case', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function approvedCase(request?: ReturnType<typeof establishmentRequest>) {
    const started = await startEstablishment(h, { submittedBy: 'u-clerk', request });
    const { handle } = started;
    const c2task = await waitForTask(handle, 'C2');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2task.taskId, outcome: 'approve' }],
    });
    const c4task = await waitForTask(handle, 'C4');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [
        {
          actor: clerk,
          taskId: c4task.taskId,
          outcome: 'submit',
          payload: { discussionDate: '2026-12-01', summary: '同意' },
        },
      ],
    });
    const c5task = await waitForTask(handle, 'C5');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: workCommittee, taskId: c5task.taskId, outcome: 'approve', comment: '同意' }],
    });
    const election = h.env.client.workflow.getHandle(workflowIds.foundingElection(started.orgId));
    return { ...started, election };
  }

  it('fails quorum, then elects with a tie re-vote, elects secretary and deputy, and activates the organization', async () => {
    const { handle, election, orgId } = await approvedCase();

    // 8 of 10 due present: more than 4/5 requires 9 (RULES §D.3).
    // The meeting's input is checked by the workflow against its contract (other clients than the API reach it): a
    // date that is no date is refused naming the field; lists a client leaves out take their defaults.
    const direct = (input: Record<string, unknown>) =>
      election.executeUpdate(openMeetingUpdate, { args: [{ actor: clerk, input: input as OpenMeetingInput }] });
    expect(await refusal(direct({ meetingDate: '2027-02-30', presentVoterIds: fullMembers }))).toBe('PAYLOAD_INVALID');
    const failed = await direct({ meetingDate: '2026-11-15', presentVoterIds: fullMembers.slice(0, 8) });
    expect(failed).toMatchObject({ quorumMet: false, due: 10, present: 8, required: 9, roundId: null });
    expect(failed.explanationEn).toContain('8 of 10');

    // A candidate may not be a scrutineer.
    await expect(
      election.executeUpdate(openMeetingUpdate, {
        args: [
          {
            actor: clerk,
            input: {
              meetingDate: '2026-11-22',
              presentVoterIds: fullMembers,
              scrutineerIds: [c1],
              tellerIds: [],
              exclusions: [],
            },
          },
        ],
      }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    // Probationary members present do not count; 10 of 10 due.
    const met = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-22',
            presentVoterIds: [...DEMO_NEW_BRANCH_ROSTER],
            scrutineerIds: ['p-edu-10'],
            tellerIds: ['p-edu-09'],
            exclusions: [],
          },
        },
      ],
    });
    expect(met).toMatchObject({ quorumMet: true, due: 10, present: 10 });
    const r1 = met.roundId!;

    // c1 10, c2 8, c3 6, c4 6 (10 ballots of 3 marks): threshold 6, two seats clear, c3 and c4 tie for the last.
    await election.executeUpdate(submitBallotsUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            roundId: r1,
            ballots: [...ballots(2, [c1, c3, c4]), ...ballots(4, [c1, c2, c4]), ...ballots(4, [c1, c2, c3])],
          },
        },
      ],
    });
    const tally1 = await close(election, r1, 10);
    expect(tally1.tally).toMatchObject({ threshold: 6, validBallots: 10, invalidBallots: 0, seatsForTieVote: 1 });
    expect(tally1.tally.elected).toEqual([c1, c2]);
    expect([...tally1.tally.tiedAtCutoff].sort()).toEqual([c3, c4].sort());

    const r2 = tally1.nextRoundId!;
    await cast(election, r2, [...ballots(7, [c3]), ...ballots(3, [c4])]);
    const tally2 = await close(election, r2, 10);
    expect(tally2.tally.elected).toEqual([c3]);
    expect(tally2.phase).toBe('awaitingOfficersMeeting');

    // First committee meeting elects secretary and deputy, one candidate per post (RULES §D.6).
    const officers = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-22',
            presentVoterIds: [c1, c2, c3],
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
            officerCandidates: { secretaryId: c1, deputyId: c2 },
          },
        },
      ],
    });
    expect(officers).toMatchObject({ quorumMet: true, due: 3, present: 3 });
    await cast(election, officers.roundId!, ballots(3, [c1]));
    const sec = await close(election, officers.roundId!, 3);
    await cast(election, sec.nextRoundId!, [...ballots(2, [c2]), ...ballots(1, [])]);
    const dep = await close(election, sec.nextRoundId!, 3);
    expect(dep.phase).toBe('done');

    const c9 = await waitForTask(handle, 'C9');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [
        { actor: workCommittee, taskId: c9.taskId, outcome: 'approve', payload: { replyNo: '工委批〔2027〕1号' } },
      ],
    });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.stage).toBe('C10');
    const [org] = await h.database.db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org).toMatchObject({ status: 'active', hasCommittee: true, termYears: 3 });
    expect(Number(org!.termEnd!.slice(0, 4)) - Number(org!.termStart!.slice(0, 4))).toBe(3);
    // The organization's term clock runs on after the case (RULES §D.1): term 1 with the registry's dates.
    const clock = await h.env.client.workflow.getHandle(workflowIds.termClock(orgId)).query(termClockQuery);
    expect(clock).toMatchObject({ termNo: 1, termStart: org!.termStart, termEnd: org!.termEnd });
    // The members' organizational relations moved to the new branch from the term start, statuses kept.
    const roster = await new RegistryRepository(h.database).rosterAsOf(orgId, org!.termStart!);
    expect(roster).toHaveLength(DEMO_NEW_BRANCH_ROSTER.length);
    expect(roster.filter((m) => m.status === 'full')).toHaveLength(10);
    const held = await h.database.db.select().from(posts).where(eq(posts.orgId, orgId));
    expect(held.map((p) => `${p.post}:${p.personId}`).sort()).toEqual(
      [`secretary:${c1}`, `deputySecretary:${c2}`, `committeeMember:${c3}`].sort(),
    );
    const events = final.timeline.map((e) => e.event);
    expect(events).toEqual(
      expect.arrayContaining([
        'election.meeting',
        'election.round',
        'officers.elected',
        'election.reported',
        'organization.activated',
      ]),
    );
  });

  it('fills a shortfall by a separate vote, voids a round with more ballots than issued, and re-runs a failed secretary vote', async () => {
    const { handle, election, orgId } = await approvedCase();
    const met = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-15',
            presentVoterIds: fullMembers,
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
          },
        },
      ],
    });
    await cast(election, met.roundId!, ballots(10, [c1, c2]));
    const first = await close(election, met.roundId!, 10);
    expect(first.tally).toMatchObject({ elected: [c1, c2], shortfall: 1 });
    const separate = first.nextRoundId!;
    const state = (await election.query(electionStateQuery)) as {
      rounds: { roundId: string; kind: string; candidateIds: string[]; seats: number }[];
    };
    expect(state.rounds.find((r) => r.roundId === separate)).toMatchObject({
      kind: 'separate',
      seats: 1,
      candidateIds: [c3, c4],
    });

    // 11 ballots returned, 10 issued: the round is void and repeated (RULES §D.4).
    await cast(election, separate, ballots(11, [c3]));
    const voided = await close(election, separate, 10);
    expect(voided.tally.void).toBe(true);

    // One ballot marks both candidates for one seat: invalid, yet its voter stays in the denominator.
    const again = voided.nextRoundId!;
    await election.executeUpdate(submitBallotsUpdate, {
      args: [
        {
          actor: clerk,
          input: { roundId: again, ballots: [...ballots(6, [c3]), ...ballots(3, [c4]), ...ballots(1, [c3, c4])] },
        },
      ],
    });
    const filled = await close(election, again, 10);
    expect(filled.tally).toMatchObject({ elected: [c3], invalidBallots: 1, validBallots: 9, threshold: 6 });

    // The secretary nominee fails (1 of 3; more than half needed): a new committee meeting with a new nominee (H-18 policy).
    const m1 = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-16',
            presentVoterIds: [c1, c2, c3],
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
            officerCandidates: { secretaryId: c1 },
          },
        },
      ],
    });
    await cast(election, m1.roundId!, [...ballots(1, [c1]), ...ballots(2, [])]);
    const failedSecretary = await close(election, m1.roundId!, 3);
    expect(failedSecretary.phase).toBe('awaitingOfficersMeeting');
    const m2 = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-17',
            presentVoterIds: [c1, c2, c3],
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
            officerCandidates: { secretaryId: c2 },
          },
        },
      ],
    });
    await cast(election, m2.roundId!, ballots(3, [c2]));
    expect((await close(election, m2.roundId!, 3)).phase).toBe('done');

    // The work committee declines the secretary: back to C7, the committee stands and elects again.
    const c9 = await waitForTask(handle, 'C9');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: workCommittee, taskId: c9.taskId, outcome: 'return', comment: '书记人选不符合要求' }],
    });
    const returned = await waitForState(
      handle,
      (s) => s.data.electionWorkflowId !== workflowIds.foundingElection(orgId) && s.stage === 'C7',
    );
    expect(returned.stage).toBe('C7');
    const officersOnly = h.env.client.workflow.getHandle(String(returned.data.electionWorkflowId));
    const m3 = await officersOnly.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-29',
            presentVoterIds: [c1, c2, c3],
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
            officerCandidates: { secretaryId: c3 },
          },
        },
      ],
    });
    await cast(officersOnly, m3.roundId!, ballots(3, [c3]));
    expect((await close(officersOnly, m3.roundId!, 3)).phase).toBe('done');
    const c9again = await waitForTask(handle, 'C9');
    expect(c9again.taskId).not.toBe(c9.taskId);
    await handle.executeUpdate(decideTaskUpdate, {
      args: [
        { actor: workCommittee, taskId: c9again.taskId, outcome: 'approve', payload: { replyNo: '工委批〔2027〕2号' } },
      ],
    });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.data.result).toMatchObject({ secretaryId: c3, committee: [c1, c2, c3] });
  });

  it('reduces the seats with the consent of more than half of those present instead of a separate vote (RULES §D.5)', async () => {
    const slate = DEMO_NEW_BRANCH_ROSTER.slice(0, 5).map((personId, i) => ({ personId, name: `候选人${i + 1}` }));
    const { handle, election } = await approvedCase(establishmentRequest({ committeeSeats: 4, slate }));
    const met = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-15',
            presentVoterIds: fullMembers,
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
          },
        },
      ],
    });
    await cast(election, met.roundId!, ballots(10, [c1, c2, c3]));
    const first = await close(election, met.roundId!, 10);
    expect(first.tally).toMatchObject({ elected: [c1, c2, c3], shortfall: 1 });
    const reduce = (consentVotes: number) =>
      election.executeUpdate(reduceSeatsUpdate, {
        args: [{ actor: clerk, input: { roundId: first.nextRoundId!, consentVotes } }],
      });
    // 5 of 10 present is not more than half.
    expect(await refusal(reduce(5))).toBe('SEAT_REDUCTION_CONSENT_NOT_MET');
    expect(await reduce(6)).toMatchObject({ seatsFrom: 4, seats: 3, phase: 'awaitingOfficersMeeting' });

    const officers = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-15',
            presentVoterIds: [c1, c2, c3],
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
            officerCandidates: { secretaryId: c1 },
          },
        },
      ],
    });
    await cast(election, officers.roundId!, ballots(3, [c1]));
    expect((await close(election, officers.roundId!, 3)).phase).toBe('done');
    await waitForTask(handle, 'C9');
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: clerk }] });
  });

  // Found by the fault campaign (npm run chaos): a worker restarting between C10's activation and the clock's start
  // started `termClock:<orgId>` itself (ensureTermClocks at startup), and the case failed on the child's start.
  it('completes when the term clock was already started by a worker bootstrap before C10 started it', async () => {
    const { handle, election, orgId } = await approvedCase();
    await h.env.client.workflow.start(WORKFLOW_TYPES.termClock, {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.termClock(orgId),
      args: [
        {
          orgId,
          orgPath: [orgId, 'org-edu-oc', 'org-wc'],
          orgName: '基础教育处党支部',
          orgType: 'branch',
          termNo: 1,
          termStart: '2027-02-01',
          termEnd: '2030-01-31',
          shiftedTo: null,
          partyGroupBodyId: 'pg-edu',
          workCommitteeBodyId: 'org-wc',
          upperBodyId: 'org-edu-oc',
          policyVersion: '2026.1',
        } satisfies TermClockInput,
      ],
    });
    const met = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-15',
            presentVoterIds: fullMembers,
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
          },
        },
      ],
    });
    await cast(election, met.roundId!, ballots(10, [c1, c2, c3]));
    await close(election, met.roundId!, 10);
    const officers = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-15',
            presentVoterIds: [c1, c2, c3],
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
            officerCandidates: { secretaryId: c1 },
          },
        },
      ],
    });
    await cast(election, officers.roundId!, ballots(3, [c1]));
    expect((await close(election, officers.roundId!, 3)).phase).toBe('done');
    const c9 = await waitForTask(handle, 'C9');
    const answer = await handle.executeUpdate(decideTaskUpdate, {
      args: [
        { actor: workCommittee, taskId: c9.taskId, outcome: 'approve', payload: { replyNo: '工委批〔2027〕9号' } },
      ],
    });
    expect(answer).toMatchObject({ caseStatus: 'completed' });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.timeline.map((e) => e.event)).toContain('organization.activated');
    const clock = await h.env.client.workflow.getHandle(workflowIds.termClock(orgId)).query(termClockQuery);
    expect(clock).toMatchObject({ termNo: 1 });
  });

  it('never reduces below the minimum committee size of the type', async () => {
    const { handle, election } = await approvedCase();
    const met = await election.executeUpdate(openMeetingUpdate, {
      args: [
        {
          actor: clerk,
          input: {
            meetingDate: '2026-11-15',
            presentVoterIds: fullMembers,
            scrutineerIds: [],
            tellerIds: [],
            exclusions: [],
          },
        },
      ],
    });
    await cast(election, met.roundId!, ballots(10, [c1, c2]));
    const first = await close(election, met.roundId!, 10);
    // Two elected of three seats: a branch committee has at least three members (RULES §B.1).
    expect(
      await refusal(
        election.executeUpdate(reduceSeatsUpdate, {
          args: [{ actor: clerk, input: { roundId: first.nextRoundId!, consentVotes: 10 } }],
        }),
      ),
    ).toBe('SEAT_REDUCTION_BELOW_MINIMUM');
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: clerk }] });
  });
});

/** Enters a round's ballots as the clerk (tellers' bulk entry). */
async function cast(election: { executeUpdate: Function }, roundId: string, list: BallotInput[]): Promise<void> {
  await election.executeUpdate(submitBallotsUpdate, { args: [{ actor: clerk, input: { roundId, ballots: list } }] });
}

type CloseView = {
  tally: {
    elected: string[];
    tiedAtCutoff: string[];
    threshold: number;
    void: boolean;
    shortfall: number;
    validBallots: number;
    invalidBallots: number;
    seatsForTieVote: number;
  };
  nextRoundId: string | null;
  phase: string;
};

async function close(
  election: { executeUpdate: Function },
  roundId: string,
  ballotsIssued: number,
): Promise<CloseView> {
  return (await election.executeUpdate(closeRoundUpdate, {
    args: [{ actor: clerk, input: { roundId, ballotsIssued } }],
  })) as CloseView;
}
