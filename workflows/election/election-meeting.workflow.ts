import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  closeRoundUpdate,
  electionStateQuery,
  openMeetingUpdate,
  reduceSeatsUpdate,
  submitBallotsUpdate,
} from '../../libs/contracts/messages.contract';
import type {
  CloseRoundInput,
  ElectionCommandArgs,
  MeetingResultView,
  OpenMeetingInput,
  ReduceSeatsInput,
  SubmitBallotsInput,
} from '../../libs/contracts';
import { closeRoundSchema, openMeetingSchema, reduceSeatsSchema, submitBallotsSchema } from '../kernel/lazy-contracts';
import { schemaViolation } from '../kernel/lazy-contracts';
import {
  canReduceSeats,
  checkElectionClerk,
  checkElectionQuorum,
  checkElectionSeats,
  checkExclusionsDuration,
  checkNoCommitteeOfficers,
  checkOfficerNominees,
  checkRecordedDate,
  checkRoundInput,
  checkRoundOpen,
  checkScrutineersAndTellers,
  computeEntitledVoters,
  electionPhaseViolation,
  getPolicy,
  orderByStrokes,
  tallyRound,
} from '../../libs/domain';
import { acts } from '../kernel/activity-proxies';
import { workflowToday } from '../kernel/local-calendar';
import { ruleFailure, throwIfViolated } from '../kernel/rule-failure';
import { unstorableInput } from '../kernel/storable-input';
import type {
  ElectionInput,
  ElectionMeeting,
  ElectionResult,
  ElectionRound,
  ElectionState,
  RoundKind,
} from './election-types';

/**
 * 选举大会 — the election meeting as a child workflow, shared by founding elections (RULES §C.6–C.7) and term
 * elections (§D.3–D.6): roster as of the meeting date, quorum, ballots, tally, tie re-votes, separate votes for
 * unfilled seats, then secretary and deputy. Meeting data is entered by clerks through Updates.
 */
export async function electionMeetingWorkflow(input: ElectionInput): Promise<ElectionResult> {
  const policy = getPolicy(input.policyVersion);
  const state: ElectionState = {
    phase: input.mode === 'officersOnly' ? 'awaitingOfficersMeeting' : 'awaitingMeeting',
    seats: input.seats,
    candidates: orderByStrokes(input.candidates),
    meetings: [],
    rounds: [],
    elected: input.mode === 'officersOnly' ? [...(input.committee ?? [])] : [],
    secretaryId: null,
    deputyId: null,
    pendingOfficers: null,
    failureReason: null,
  };
  const candidateIds = new Set(state.candidates.map((c) => c.personId));
  const hasCommittee = input.hasCommittee;

  setHandler(electionStateQuery, () => ({ ...state, rounds: state.rounds.map(withoutBallots) }));

  setHandler(
    openMeetingUpdate,
    async ({ actor, input: raw }: ElectionCommandArgs<OpenMeetingInput>): Promise<MeetingResultView> => {
      const meeting = withDefaults(openMeetingSchema, raw);
      const officersMeeting = state.phase === 'awaitingOfficersMeeting';
      // Claimed before the roster is loaded, so a second openMeeting sent meanwhile is refused by the validator.
      const waitingPhase = state.phase;
      state.phase = 'openingMeeting';
      const body = officersMeeting && hasCommittee ? 'committee' : 'generalMeeting';
      let dueIds: string[];
      let noRightIds: string[] = [];
      let excludedIds: string[] = [];
      if (body === 'committee') {
        // First committee meeting: the elected members are those due (model rules use the same > 4/5 quorum, §D.6).
        // In a by-election the sitting members (input.committee) meet with the newly elected ones.
        dueIds = [...new Set([...(input.mode === 'full' ? (input.committee ?? []) : []), ...state.elected])];
      } else {
        // Roster as of the meeting date: full members only, approved exclusions left out (RULES §D.3).
        const roster = input.rosterOrgId
          ? await acts.loadOrgRoster({ orgId: input.rosterOrgId, asOfDate: meeting.meetingDate })
          : await acts.loadElectionRoster({ personIds: input.rosterPersonIds, asOfDate: meeting.meetingDate });
        const entitled = computeEntitledVoters(
          roster.map((r) => ({ personId: r.personId, status: r.status })),
          meeting.exclusions.map((e) => e.personId),
        );
        dueIds = entitled.dueIds;
        noRightIds = entitled.noRightIds;
        excludedIds = entitled.excludedIds;
        // RULES §B.1, §D.3: the seats prepared at E1 against the roster of the meeting date. A branch that fell below
        // 7 full members elects no committee: the meeting ends failed with the rule and the case prepares again.
        if (input.seatsRuleOrgType !== undefined && !officersMeeting) {
          const seats = checkElectionSeats(input.seatsRuleOrgType, state.seats, roster, policy);
          state.seatsAdvice = seats.advice;
          if (seats.violation) {
            state.seatsViolation = seats.violation;
            state.failureReason = `${seats.violation.messageEn} (roster of ${meeting.meetingDate}; RULES §B.1)`;
            state.phase = 'failed';
            throwIfViolated(seats.violation);
          }
        }
      }
      const due = new Set(dueIds);
      const presentIds = [...new Set(meeting.presentVoterIds)].filter((id) => due.has(id));
      const quorum = checkElectionQuorum(dueIds.length, presentIds.length, policy);
      const nomineeViolation = checkOfficerNominees(
        meeting.officerCandidates,
        false,
        hasCommittee ? dueIds : presentIds,
        hasCommittee,
      );
      if (nomineeViolation) {
        state.phase = waitingPhase;
        throwIfViolated(nomineeViolation);
      }
      const record: ElectionMeeting = {
        meetingNo: state.meetings.length + 1,
        body,
        meetingDate: meeting.meetingDate,
        due: quorum.due,
        present: quorum.present,
        required: quorum.required,
        quorumMet: quorum.met,
        explanation: quorum.explanation,
        explanationEn: quorum.explanationEn,
        // RULES H-2: a quorum met only under the exactly-4/5 toggle is written on the meeting record
        ...(quorum.exactlyAllowedUsed ? { exactlyAllowedUsed: true } : {}),
        dueIds,
        presentIds,
        excludedIds,
        noRightIds,
        scrutineerIds: meeting.scrutineerIds,
        tellerIds: meeting.tellerIds,
      };
      state.meetings.push(record);
      let round: ElectionRound | null = null;
      if (quorum.met) {
        if (!officersMeeting && state.seats > 0) {
          round = openRound(
            'committee',
            state.seats,
            state.candidates.map((c) => c.personId),
            record,
          );
          state.phase = 'voting';
        } else {
          state.pendingOfficers = meeting.officerCandidates ?? null;
          round = openRound('secretary', 1, [state.pendingOfficers!.secretaryId], record);
          state.phase = 'officersVoting';
        }
      } else {
        state.phase = waitingPhase;
      }
      return {
        meetingNo: record.meetingNo,
        quorumMet: quorum.met,
        due: quorum.due,
        present: quorum.present,
        required: quorum.required,
        explanation: quorum.explanation,
        explanationEn: quorum.explanationEn,
        roundId: round?.roundId ?? null,
      };
    },
    {
      validator: ({ actor, input: raw }: ElectionCommandArgs<OpenMeetingInput>) => {
        throwIfViolated(unstorableInput({ input: raw }));
        throwIfViolated(checkElectionClerk(actor, input.clerkUserIds, input.orgPath));
        throwIfViolated(schemaViolation(openMeetingSchema, raw, 'RULES §D.3'));
        const meeting = withDefaults(openMeetingSchema, raw);
        if (state.phase !== 'awaitingMeeting' && state.phase !== 'awaitingOfficersMeeting') {
          throw ruleFailure(electionPhaseViolation(state.phase, 'openMeeting'));
        }
        // The clerk records a meeting being held: its date is a fact, never after today (one rule for all procedures).
        throwIfViolated(
          checkRecordedDate(meeting.meetingDate, workflowToday(policy), {
            field: 'meetingDate',
            what: { zh: '选举大会召开', en: 'the election meeting' },
            rule: 'RULES §D.3',
          }),
        );
        const electsOfficers = state.phase === 'awaitingOfficersMeeting' || state.seats === 0;
        if (electsOfficers) throwIfViolated(checkOfficerNominees(meeting.officerCandidates, true, null, false));
        // RULES §B.1: a branch without a committee has the policy's secretary and at most its deputies
        if (electsOfficers && !hasCommittee && meeting.officerCandidates) {
          const deputies = meeting.officerCandidates.deputyId === undefined ? 0 : 1;
          throwIfViolated(checkNoCommitteeOfficers(1, deputies, policy));
        }
        // RULES §D.3: abroad or away counts only with its start, six months before the meeting date; a validator, so
        // recorded meetings (which were let through without a start) are not replayed against it
        throwIfViolated(checkExclusionsDuration(meeting.exclusions, meeting.meetingDate, policy));
        const nominees = [meeting.officerCandidates?.secretaryId, meeting.officerCandidates?.deputyId];
        throwIfViolated(
          checkScrutineersAndTellers(
            [...meeting.scrutineerIds, ...meeting.tellerIds],
            [...candidateIds, ...nominees.filter((id): id is string => id !== undefined)],
          ),
        );
      },
    },
  );

  setHandler(
    submitBallotsUpdate,
    ({ input: raw }: ElectionCommandArgs<SubmitBallotsInput>) => {
      const entry = withDefaults(submitBallotsSchema, raw);
      const round = state.rounds.find((r) => r.roundId === entry.roundId)!;
      for (const ballot of entry.ballots) round.ballots.push({ marks: ballot.marks, writeIns: ballot.writeIns });
      return { roundId: round.roundId, accepted: entry.ballots.length, returnedSoFar: round.ballots.length };
    },
    {
      validator: ({ actor, input: entry }: ElectionCommandArgs<SubmitBallotsInput>) => {
        throwIfViolated(unstorableInput({ input: entry }));
        throwIfViolated(checkElectionClerk(actor, input.clerkUserIds, input.orgPath));
        throwIfViolated(schemaViolation(submitBallotsSchema, entry, 'RULES §D.4'));
        throwIfViolated(checkRoundOpen(entry.roundId, roundStatus(entry.roundId)));
      },
    },
  );

  setHandler(
    closeRoundUpdate,
    async ({ input: close }: ElectionCommandArgs<CloseRoundInput>) => {
      const round = state.rounds.find((r) => r.roundId === close.roundId)!;
      const tally = tallyRound(
        {
          seats: round.seats,
          candidateIds: round.candidateIds,
          presentVoters: round.presentVoters,
          ballotsIssued: close.ballotsIssued,
          ballots: round.ballots,
          mode: round.kind === 'tie' ? 'tieRevote' : 'majority',
          eligibleIds: state.meetings[round.meetingNo - 1]!.dueIds,
        },
        policy,
      );
      round.tally = tally;
      round.status = 'closed';
      const meeting = state.meetings[round.meetingNo - 1]!;
      const next = afterTally(round, meeting);
      return { ...withoutBallots(round), nextRoundId: next?.roundId ?? null, phase: state.phase };
    },
    {
      validator: ({ actor, input: close }: ElectionCommandArgs<CloseRoundInput>) => {
        throwIfViolated(unstorableInput({ input: close }));
        throwIfViolated(checkElectionClerk(actor, input.clerkUserIds, input.orgPath));
        throwIfViolated(schemaViolation(closeRoundSchema, close, 'RULES §D.4'));
        throwIfViolated(checkRoundOpen(close.roundId, roundStatus(close.roundId)));
        const round = state.rounds.find((r) => r.roundId === close.roundId)!;
        throwIfViolated(checkRoundInput({ ...round, ballotsIssued: close.ballotsIssued }));
      },
    },
  );

  setHandler(
    reduceSeatsUpdate,
    ({ input: reduce }: ElectionCommandArgs<ReduceSeatsInput>) => {
      const round = state.rounds.find((r) => r.roundId === reduce.roundId)!;
      round.status = 'closed'; // replaced by the seat reduction: no ballots, no tally
      const from = state.seats;
      state.seats = state.elected.length;
      state.phase = input.electOfficers === false ? 'done' : 'awaitingOfficersMeeting';
      return { roundId: round.roundId, seatsFrom: from, seats: state.seats, phase: state.phase };
    },
    {
      validator: ({ actor, input: reduce }: ElectionCommandArgs<ReduceSeatsInput>) => {
        throwIfViolated(unstorableInput({ input: reduce }));
        throwIfViolated(checkElectionClerk(actor, input.clerkUserIds, input.orgPath));
        throwIfViolated(schemaViolation(reduceSeatsSchema, reduce, 'RULES §D.5'));
        throwIfViolated(checkRoundOpen(reduce.roundId, roundStatus(reduce.roundId)));
        const round = state.rounds.find((r) => r.roundId === reduce.roundId)!;
        if (round.kind !== 'separate' || round.ballots.length > 0) {
          throw ruleFailure(
            electionPhaseViolation(`${round.kind} round with ${round.ballots.length} ballots`, 'reduceSeats'),
          );
        }
        // 减少名额: the policy's share (more than half) of the voters present consent; never below the type's minimum (RULES §D.5).
        throwIfViolated(
          canReduceSeats(
            state.elected.length,
            state.seats,
            input.minCommitteeSize ?? policy.committeeSize.branch.min,
            reduce.consentVotes,
            round.presentVoters,
            policy, // the policy's consent fraction (RULES §D.5), not a literal half
          ),
        );
      },
    },
  );

  function roundStatus(roundId: string) {
    return state.rounds.find((r) => r.roundId === roundId)?.status;
  }

  function openRound(kind: RoundKind, seats: number, ids: string[], meeting: ElectionMeeting): ElectionRound {
    const round: ElectionRound = {
      roundId: `r${state.rounds.length + 1}`,
      kind,
      meetingNo: meeting.meetingNo,
      seats,
      candidateIds: ids,
      presentVoters: meeting.present,
      ballots: [],
      status: 'open',
      tally: null,
    };
    state.rounds.push(round);
    return round;
  }

  /** Decides what the meeting does next from a closed round (RULES §D.4 void rounds, §D.5 ties and shortfall). */
  function afterTally(round: ElectionRound, meeting: ElectionMeeting): ElectionRound | null {
    const tally = round.tally!;
    if (tally.void) return openRound(round.kind, round.seats, round.candidateIds, meeting);
    if (round.kind === 'secretary' || round.kind === 'deputy') return afterOfficerRound(round, meeting);

    state.elected.push(...tally.elected);
    if (tally.tiedAtCutoff.length > 0) return openRound('tie', tally.seatsForTieVote, tally.tiedAtCutoff, meeting);
    const missing = state.seats - state.elected.length;
    if (missing > 0) {
      // 另行选举: remaining slate candidates stand again for the unfilled seats (policy for RULES H-5).
      // Policy for RULES H-5: the remaining slate candidates stand in up to `maxSeparateVotes` separate votes; after
      // that the slate goes back for revision (no seat is filled by ranking, and no seat is cut without a vote).
      const remaining = state.candidates.map((c) => c.personId).filter((id) => !state.elected.includes(id));
      const separateVotes = state.rounds.filter((r) => r.kind === 'separate' && r.tally && !r.tally.void).length;
      if (remaining.length > 0 && separateVotes < policy.maxSeparateVotes) {
        return openRound('separate', missing, remaining, meeting);
      }
      state.phase = 'failed';
      state.failureReason = `${state.elected.length} of ${state.seats} seats filled after ${separateVotes} separate vote(s); a revised slate is needed (RULES §D.5, H-5)`;
      return null;
    }
    state.phase = input.electOfficers === false ? 'done' : 'awaitingOfficersMeeting';
    return null;
  }

  function afterOfficerRound(round: ElectionRound, meeting: ElectionMeeting): ElectionRound | null {
    const winner = round.tally!.elected[0] ?? null;
    if (round.kind === 'secretary') {
      if (winner === null) {
        // RULES H-18 policy: a failed secretary vote goes back to a new meeting with a new (or the same) nominee.
        state.phase = hasCommittee ? 'awaitingOfficersMeeting' : 'awaitingMeeting';
        return null;
      }
      state.secretaryId = winner;
      const deputy = state.pendingOfficers?.deputyId;
      if (deputy) return openRound('deputy', 1, [deputy], meeting);
      state.phase = 'done';
      return null;
    }
    // A failed deputy vote leaves the post vacant; a deputy is optional (RULES §B.1, 机关条例2019 Art. 7).
    state.deputyId = winner;
    state.phase = 'done';
    return null;
  }

  await condition(() => state.phase === 'done' || state.phase === 'failed');
  await condition(allHandlersFinished);
  // The parent keeps the result in its data (the case record): enough to show the final state after retention.
  return {
    workflowId: workflowInfo().workflowId,
    seats: state.seats,
    candidates: state.candidates,
    status: state.phase === 'done' ? 'elected' : 'failed',
    committee: state.elected,
    secretaryId: state.secretaryId,
    deputyId: state.deputyId,
    failureReason: state.failureReason,
    ...(state.seatsViolation !== undefined ? { seatsViolation: state.seatsViolation } : {}),
    ...(state.seatsAdvice !== undefined ? { seatsAdvice: state.seatsAdvice } : {}),
    meetings: state.meetings,
    rounds: state.rounds.map(withoutBallots),
  };
}

function withoutBallots(round: ElectionRound): Omit<ElectionRound, 'ballots'> & { ballotsReturned: number } {
  const { ballots, ...rest } = round;
  return { ...rest, ballotsReturned: ballots.length };
}

/**
 * An update's input with its contract's defaults (lists a client may leave out): the API sends it parsed, other
 * clients may not. An input today's schema refuses can only be a recorded one (validators do not run on replay): as it
 * came, so a replayed run reads what it read.
 */
function withDefaults<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, input: T): T {
  const parsed = schema.safeParse(input);
  return parsed.success ? parsed.data! : input;
}
