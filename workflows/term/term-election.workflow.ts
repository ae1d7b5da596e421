import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { termShiftApprovedSignal } from '../../libs/contracts/messages.contract';
import type {
  CandidateList,
  ElectionPreparation,
  TermElectionCaseData,
  TermElectionInput,
  TermElectionResult,
} from '../../libs/contracts';
import { candidateListSchema, electionPreparationSchema } from '../kernel/lazy-contracts';
import {
  checkElectionPrepTiming,
  checkElectionSeats,
  localDate,
  localToday,
  minCommitteeSize,
  nextTermDates,
  termStartFor,
  type EstablishableType,
  type RosterEntry,
} from '../../libs/domain';
import type { ElectionResult } from '../election/election-types';
import { acts } from '../kernel/activity-proxies';
import { approvalChain } from '../kernel/approval-chain';
import { CaseKernel, type TaskDecision } from '../kernel/case-kernel';
import { TermDeadlineWatch } from './election/deadline.watch';
import { MEETING_DATE_SEATS } from './patches';
import { electionDate, postsOf, runMeetingStep } from './election/meeting.step';
import {
  acknowledgeOnly,
  candidateListValidator,
  formalReplyValidator,
  nominationsValidator,
  preparationValidator,
  replyOf,
  seatsValidator,
} from './election/term-payloads.validator';

/** `patched()` id: the roster is read before E1 so the seats are checked at every term election (RULES §B.1). */
export const COMMITTEE_RULES_EVERY_ELECTION = 'committee-rules-every-election';

/** `patched()` id: the E1 decision's date is checked against the preparation window T − 2 to T − 1 months (§D.1). */
export const ELECTION_PREP_TIMING = 'election-prep-timing';

/** The clock opens the case; nobody submitted it, so nobody can withdraw it (a term election is mandatory, §B.3). */
export const TERM_ELECTION_SUBMITTER = 'system:termClock';

type Kernel = CaseKernel<TermElectionCaseData>;
type Officers = NonNullable<TermElectionCaseData['officers']>;

/**
 * 换届选举 — the term-election case (RULES §D.1–D.7), opened by the term clock at T − 6 months: E0 reminder to the
 * upper body, E1 outgoing committee's preparation, E2 party group, E3 organs work committee approves the request,
 * E4 nominations, E5 candidate list, E6 party group, E7 work committee approves the list, E8 the meeting (child),
 * E9 party group on secretary and deputy, E10 work committee approval, then the registry's new term. A failed election
 * returns to E5 for a revised list. Beside the steps, the overdue watch (RULES H-19). Withdraw is impossible; an admin
 * may cancel.
 */
export async function termElectionWorkflow(input: TermElectionInput): Promise<TermElectionResult> {
  const kernel: Kernel = new CaseKernel<TermElectionCaseData>({
    caseId: workflowInfo().workflowId,
    procedure: 'termElection',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: `${input.orgName}第${input.termNo}届委员会换届选举`,
    submittedBy: TERM_ELECTION_SUBMITTER,
    submittedAt: new Date().toISOString(),
    policyVersion: input.policyVersion,
    stage: 'E0',
  });
  const policy = kernel.policy;
  let meetingReached = false;
  const watch = new TermDeadlineWatch(kernel, input, () => meetingReached);
  kernel.data.electionDue = input.electionDue;
  kernel.data.termNo = input.termNo;

  // Forwarded by the term clock when a shift case is approved (RULES §B.3): the overdue date moves.
  setHandler(termShiftApprovedSignal, (shift) => {
    kernel.data.electionDue = shift.to;
    kernel.data.shift = shift;
    watch.moveDue(shift.to);
  });

  const final = await kernel.run(async (): Promise<TermElectionResult> => {
    void watch.run();
    await kernel.ask({
      step: 'E0',
      kind: 'approval',
      title: `换届提醒：${input.orgName}任期将于${input.termEnd}届满`,
      titleEn: `Term reminder: ${input.orgName}'s term ends ${input.termEnd}; the election is due ${input.electionDue}`,
      assignedBodyId: input.upperBodyId,
      validatePayload: acknowledgeOnly,
    });
    await kernel.record('E0', 'term.reminderAcknowledged');

    let preparation = await approvedPreparation(kernel, input, null);
    // Let: a roster that no longer carries the seats on the meeting date sends the case back to E1 (RULES §B.1).
    let seats = preparation.seats;
    let hasCommittee = seats > 0;
    const meetingId = (run: number) => `${kernel.state.caseId}:meeting:${run}`;
    let runs = 0;

    await kernel.ask({
      step: 'E4',
      kind: 'input',
      title: `党小组（支部）推荐候选人：${input.orgName}`,
      titleEn: `Nominations from party cells or branches: ${input.orgName}`,
      assignedBodyId: input.orgId,
      validatePayload: nominationsValidator,
    });

    let officers: Officers | null = null;
    let result: ElectionResult | null = null;
    let list: CandidateList = { candidates: [] };
    let rosterIds: string[] = [];
    let comment: string | null = null;
    /** E8 — the meeting as a child workflow; an officers-only run keeps the elected committee (RULES §D.6). */
    const meeting = (mode: 'full' | 'officersOnly', committee: string[]) => {
      runs += 1;
      // RULES §B.1, §D.3: the meeting checks the seats again on its date's roster; runs whose meeting started before
      // this check keep their history.
      const seatsRuleOrgType = mode === 'full' && patched(MEETING_DATE_SEATS) ? input.orgType : undefined;
      return runMeetingStep(kernel, {
        ...(seatsRuleOrgType !== undefined ? { seatsRuleOrgType } : {}),
        step: 'E8',
        workflowId: meetingId(runs),
        orgId: input.orgId,
        orgPath: input.orgPath,
        seats,
        hasCommittee,
        electOfficers: true,
        candidates: list.candidates,
        rosterPersonIds: rosterIds,
        clerkUserIds: [],
        policyVersion: input.policyVersion,
        mode,
        committee,
        minCommitteeSize: minCommitteeSize(input.orgType as EstablishableType, kernel.policy),
      });
    };
    while (officers === null) {
      ({ list, roster: rosterIds } = await approvedCandidateList(kernel, input, seats, comment));
      meetingReached = true;
      result = await meeting('full', []);
      if (result.seatsAdvice) {
        await kernel.record('E8', 'committee.advised', {
          comment: result.seatsAdvice.message,
          detail: { violation: result.seatsAdvice },
        });
      }
      if (result.seatsViolation) {
        // RULES §B.1: the roster of the meeting date no longer carries the prepared seats (a branch below 7 full
        // members elects a secretary, no committee): the outgoing committee prepares again, E1–E3, then a new list.
        const refused = result.seatsViolation;
        kernel.data.meetingSeatsViolation = refused;
        preparation = await approvedPreparation(kernel, input, `roster of the meeting date: ${refused.messageEn}`);
        seats = preparation.seats;
        hasCommittee = seats > 0;
        comment = null;
        continue;
      }
      if (result.status === 'elected') {
        officers = { committee: result.committee, secretaryId: result.secretaryId, deputyId: result.deputyId };
        break;
      }
      // RULES §D.5, H-5: seats left unfilled after the separate vote → a revised list through the approvals again.
      comment = `选举未能完成：${result.failureReason ?? ''}`;
    }

    // E9–E10: party group, then the organs work committee approves secretary and deputy (RULES §D.7).
    let reply: { replyNo: string; effectiveDate: string } | null = null;
    while (reply === null) {
      kernel.data.officers = officers;
      const decision = await approveOfficers(kernel, input, officers);
      if (decision.step === 'E10' && decision.decision.outcome === 'approve') {
        reply = replyOf(decision.decision, policy);
        break;
      }
      // Declined: the committee stands and elects officers again (RULES §D.6, H-18 policy).
      const again = await meeting('officersOnly', officers.committee);
      officers = { ...officers, secretaryId: again.secretaryId, deputyId: again.deputyId };
    }
    watch.stop();

    // RULES H-7 policy: the new term starts on the approval's effective date (or the election date by policy).
    const termStart = termStartFor(
      { electionDate: electionDate(result!) ?? reply.effectiveDate, approvalDate: reply.effectiveDate },
      policy,
    );
    const next = nextTermDates(termStart, input.orgType as EstablishableType, policy, {
      previousTermEnd: input.termEnd,
    });
    const posts = postsOf(officers.committee, officers.secretaryId, officers.deputyId);
    await acts.startNewTerm({
      orgId: input.orgId,
      termNo: input.termNo + 1,
      termStart: next.termStart,
      termEnd: next.termEnd,
      termYears: next.termYears,
      hasCommittee: officers.committee.length > 0,
      posts,
    });
    kernel.setStage('E10');
    await kernel.record('E10', 'term.started', {
      detail: {
        termNo: input.termNo + 1,
        termStart: next.termStart,
        termEnd: next.termEnd,
        replyNo: reply.replyNo,
        posts,
      },
    });
    kernel.data.formalReply = reply;
    return { status: 'newTerm', termStart: next.termStart, termEnd: next.termEnd };
  });

  watch.stop();
  if (final.status === 'completed') return final.data.result as TermElectionResult;
  return { status: 'closed', termStart: null, termEnd: null };
}

/**
 * E1–E3: the outgoing committee decides on the election and sends its request; the party group and the organs work
 * committee approve it (RULES §D.1, §D.2 organ route). The election is mandatory: a refusal sends the request back to
 * the committee with the reasons instead of ending the case.
 */
async function approvedPreparation(
  kernel: Kernel,
  input: TermElectionInput,
  firstReturned: string | null,
): Promise<ElectionPreparation> {
  let returned = firstReturned;
  for (;;) {
    // RULES §B.1 at every election: the seats against the roster (≥ 7 full members for a branch committee, the
    // committee sizes by type); runs recorded before this check keep their history.
    const roster: RosterEntry[] | null = patched(COMMITTEE_RULES_EVERY_ELECTION)
      ? await acts.loadOrgRoster({ orgId: input.orgId, asOfDate: localToday(new Date().toISOString(), kernel.policy) })
      : null;
    const prep = await kernel.ask({
      step: 'E1',
      kind: 'input',
      title: `换届准备（委员会决定并请示）：${input.orgName}`,
      titleEn: `Outgoing committee's election decision and request${returned ? ` (returned: ${returned})` : ''}`,
      assignedBodyId: input.orgId,
      validatePayload: (payload, outcome) =>
        preparationValidator(payload, outcome) ??
        (roster ? seatsValidator(input.orgType, roster, kernel.policy)(payload, outcome) : null),
    });
    const preparation = electionPreparationSchema.parse(prep.payload ?? {});
    kernel.data.preparation = preparation;
    if (roster) {
      const { advice } = checkElectionSeats(input.orgType, preparation.seats, roster, kernel.policy);
      kernel.data.seatsAdvice = advice;
      if (advice)
        await kernel.record('E1', 'committee.advised', { comment: advice.message, detail: { violation: advice } });
    }
    // RULES §D.1 (practice): the outgoing committee decides 1–2 months before the election is due; a later decision is
    // advised on the record, the election goes on. Runs recorded before this check keep their history.
    if (patched(ELECTION_PREP_TIMING)) {
      const decidedOn = localDate(prep.at, kernel.policy);
      const late = checkElectionPrepTiming(decidedOn, input.electionDue, kernel.policy);
      kernel.data.preparationAdvice = late;
      if (late) await kernel.record('E1', 'preparation.late', { comment: late.message, detail: { violation: late } });
    }
    const chain = await approvalChain(kernel, [
      {
        step: 'E2',
        title: `党组研究换届请示：${input.orgName}`,
        titleEn: `Party group decision on the election request: ${input.orgName}`,
        assignedBodyId: input.partyGroupBodyId,
        due: kernel.policy.partyGroupDecisionDeadline,
      },
      {
        step: 'E3',
        title: `机关工委批复换届请示：${input.orgName}`,
        titleEn: `Organs work committee approves the election request: ${input.orgName}`,
        assignedBodyId: input.workCommitteeBodyId,
        due: kernel.policy.newBranchReplyDeadline,
      },
    ]);
    if (!chain.approved) {
      returned = chain.decision.comment;
      continue;
    }
    const committee = chain.decision;
    kernel.data.requestApproval = { decidedBy: committee.actorId, at: committee.at, payload: committee.payload };
    return preparation;
  }
}

/**
 * E5–E7: the candidate list (surplus ≥ 20%, eligible full members as of today, RULES §D.2), agreed by the party group
 * and approved by the organs work committee. Returns the list and the organization's roster (the meeting's voters).
 */
async function approvedCandidateList(
  kernel: Kernel,
  input: TermElectionInput,
  seats: number,
  firstComment: string | null,
): Promise<{ list: CandidateList; roster: string[] }> {
  let returned = firstComment;
  for (;;) {
    const today = localToday(new Date().toISOString(), kernel.policy);
    const roster: RosterEntry[] = await acts.loadOrgRoster({ orgId: input.orgId, asOfDate: today });
    const decision: TaskDecision = await kernel.ask({
      step: 'E5',
      kind: 'input',
      title: `候选人预备人选名单：${input.orgName}`,
      titleEn: `Candidate list (seats ${seats})${returned ? ` — returned: ${returned}` : ''}`,
      assignedBodyId: input.orgId,
      validatePayload: candidateListValidator(seats, roster, kernel.policy),
    });
    const list = candidateListSchema.parse(decision.payload ?? {});
    kernel.data.candidateList = list;
    const chain = await approvalChain(kernel, [
      {
        step: 'E6',
        title: `党组同意候选人名单：${input.orgName}`,
        titleEn: `Party group agrees to the candidate list: ${input.orgName}`,
        assignedBodyId: input.partyGroupBodyId,
        due: kernel.policy.partyGroupDecisionDeadline,
      },
      {
        step: 'E7',
        title: `机关工委审查批复候选人名单：${input.orgName}`,
        titleEn: `Organs work committee vets and approves the candidate list: ${input.orgName}`,
        assignedBodyId: input.workCommitteeBodyId,
        due: kernel.policy.newBranchReplyDeadline,
      },
    ]);
    if (!chain.approved) {
      returned = chain.decision.comment;
      continue;
    }
    return { list, roster: roster.map((r) => r.personId) };
  }
}

/** E9 party group, then E10 the organs work committee's formal reply on secretary and deputy (RULES §D.7). */
async function approveOfficers(
  kernel: Kernel,
  input: TermElectionInput,
  officers: Officers,
): Promise<{ step: 'E9' | 'E10'; decision: TaskDecision }> {
  const who = `书记${officers.secretaryId ?? '—'}，副书记${officers.deputyId ?? '—'}`;
  const chain = await approvalChain(kernel, [
    {
      step: 'E9',
      title: `党组同意书记、副书记人选：${input.orgName}（${who}）`,
      titleEn: `Party group agrees to secretary ${officers.secretaryId ?? '-'} and deputy ${officers.deputyId ?? '-'}`,
      assignedBodyId: input.partyGroupBodyId,
      due: kernel.policy.partyGroupDecisionDeadline,
    },
    {
      step: 'E10',
      title: `机关工委批复书记、副书记：${input.orgName}（${who}）`,
      titleEn: `Organs work committee approves secretary and deputy: ${input.orgName}`,
      assignedBodyId: input.workCommitteeBodyId,
      due: kernel.policy.formalReplyDeadline,
      validatePayload: formalReplyValidator,
    },
  ]);
  return { step: chain.step as 'E9' | 'E10', decision: chain.decision };
}
