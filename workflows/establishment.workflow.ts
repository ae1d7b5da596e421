import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, patched, startChild, workflowInfo } from '@temporalio/workflow';
import { workflowIds } from '../libs/contracts/temporal-names.contract';
import type {
  CaseState,
  ElectionReport,
  EstablishmentCaseData,
  EstablishmentInput,
  EstablishmentRequest,
} from '../libs/contracts';
import { establishmentRequestFacts } from '../libs/contracts/establishment-facts.contract';
import { establishmentRequestSchema } from './kernel/lazy-contracts';
import type { StepPayload } from '../libs/contracts/step-forms.contract';
import { invalidPayload } from './kernel/lazy-contracts';
import {
  checkEstablishmentEligibility,
  checkEstablishmentRequest,
  checkFormalReply,
  checkNoCommitteeOfficers,
  checkRecordedDate,
  checkRevisionFixedFields,
  hasTermClock,
  minCommitteeSize,
  termEndDate,
  termStartFor,
  termYearsFor,
} from '../libs/domain';
import { electionMeetingWorkflow } from './election/election-meeting.workflow';
import type { ElectionResult } from './election/election-types';
import { acts } from './kernel/activity-proxies';
import { replyOf } from './term/election/term-payloads.validator';
import { electionDate } from './term/election/meeting.step';
import { termClockWorkflow } from './term/term-clock.workflow';
import { CaseKernel, type TaskDecision } from './kernel/case-kernel';
import { workflowToday } from './kernel/local-calendar';

type Counts = EstablishmentInput['rosterCounts'];
type Kernel = CaseKernel<EstablishmentCaseData>;

/**
 * `patched()` id: a term clock already running when C10 starts it (a worker's startup bootstrap won the race) no longer
 * fails the case; recorded only on that path, so histories that started the clock themselves replay unchanged.
 */
const TERM_CLOCK_ALREADY_STARTED = 'term-clock-already-started';
/** `patched()` id: a temporary branch gets no term clock (RULES §B.1, issue 10 item 1). */
export const TEMPORARY_BRANCH_NO_TERM_CLOCK = 'temporary-branch-no-term-clock';

interface Leaders {
  committee: string[];
  secretaryId: string | null;
  deputyId: string | null;
}

/**
 * 新成立党组织 — establishing a new party organization (RULES §C.1 steps C1–C10): party group decision, request
 * report and candidate slate, organs work committee approval with its one-month reply deadline, founding election
 * (child workflow), formal reply approving secretary and deputy, organization ACTIVE with its term.
 */
export async function establishmentWorkflow(input: EstablishmentInput): Promise<CaseState> {
  const kernel: Kernel = new CaseKernel<EstablishmentCaseData>({
    caseId: workflowInfo().workflowId,
    procedure: 'establishment',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: `成立${input.request.name}`,
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    policyVersion: input.policyVersion,
    stage: 'C1',
  });
  const policy = kernel.policy;
  let request = input.request;
  let counts = input.rosterCounts;
  kernel.data.request = request;

  const revise = async (comment: string | null): Promise<void> => {
    ({ request, counts } = await reviseRequest(kernel, input, request, counts, comment));
  };

  return kernel.run(
    async () => {
      await acts.registerProposedOrganization({
        orgId: input.orgId,
        name: request.name,
        type: request.proposedType,
        parentId: request.parentOrgId,
        departmentId: request.departmentId,
        policyVersion: input.policyVersion,
      });
      // C1 — the API refused ineligible requests already; the workflow re-checks with the same pure rule.
      const eligibility = checkEstablishmentEligibility(establishmentRequestFacts(request, counts), policy);
      kernel.data.eligibility = eligibility;
      await kernel.record('C1', 'eligibility.checked', {
        actorId: input.submittedBy,
        outcome: eligibility.eligible ? 'eligible' : 'ineligible',
        detail: {
          counts,
          hasCommittee: eligibility.hasCommittee,
          warnings: eligibility.warnings.map((w) => w.messageEn),
        },
      });
      if (!eligibility.eligible) kernel.reject(eligibility.violations.map((v) => v.message).join('；'));

      let leaders: Leaders | null = null;
      let electedOn: string | null = null;
      while (leaders === null) {
        await approveRequest(kernel, input, () => request, revise);
        // C6–C7: a temporary branch's leaders are designated, not elected (RULES §B.1); otherwise the founding election.
        if (request.proposedType === 'temporaryBranch') {
          leaders = await designateLeaders(kernel, input, request);
          break;
        }
        const election = await foundingElection(kernel, input, request, 'full', []);
        if (election.status === 'elected') {
          leaders = election;
          electedOn = electionDate(election);
          break;
        }
        // A founding election that cannot fill the seats goes back with a revised slate through the approvals again.
        await revise(`选举未能完成：${election.failureReason ?? ''}`);
      }

      const reply = await formalReply(kernel, input, request, leaders);
      // C10 — the committee starts work only after the reply; its term runs from the reply's effective date or the
      // election date, as the policy says (RULES H-7, `termStartFor`, the same rule as a term election).
      const termStart = termStartFor(
        { electionDate: electedOn ?? reply.effectiveDate, approvalDate: reply.effectiveDate },
        policy,
      );
      const termEnd = termEndDate(termStart, request.proposedType, policy);
      const posts = [
        ...(leaders.secretaryId ? [{ personId: leaders.secretaryId, post: 'secretary' as const }] : []),
        ...(leaders.deputyId ? [{ personId: leaders.deputyId, post: 'deputySecretary' as const }] : []),
        ...leaders.committee
          .filter((id) => id !== leaders!.secretaryId && id !== leaders!.deputyId)
          .map((personId) => ({ personId, post: 'committeeMember' as const })),
      ];
      await acts.activateOrganization({
        orgId: input.orgId,
        termStart,
        termEnd,
        termYears: termYearsFor(request.proposedType, policy),
        hasCommittee: leaders.committee.length > 0,
        posts,
        memberPersonIds: request.rosterPersonIds,
      });
      // The term clock (RULES §D.1) lives on after this case: a child workflow the case abandons when it completes.
      // A temporary branch has none: its leaders are designated, never elected (RULES §B.1).
      const clock = hasTermClock(request.proposedType) || !patched(TEMPORARY_BRANCH_NO_TERM_CLOCK);
      // A worker that started meanwhile may have started it already from the registry (ensureTermClocks sees the
      // organization ACTIVE once activateOrganization ran): that clock is the organization's, and the case goes on.
      if (clock)
        await startChild(termClockWorkflow, {
          workflowId: workflowIds.termClock(input.orgId),
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [
            {
              orgId: input.orgId,
              orgPath: input.orgPath,
              orgName: request.name,
              orgType: request.proposedType,
              termNo: 1,
              termStart,
              termEnd,
              shiftedTo: null,
              partyGroupBodyId: input.partyGroupBodyId,
              workCommitteeBodyId: input.workCommitteeBodyId,
              upperBodyId: request.parentOrgId,
              policyVersion: input.policyVersion,
              hasCommittee: leaders.committee.length > 0,
            },
          ],
        }).catch((err: unknown) => {
          if (err instanceof WorkflowExecutionAlreadyStartedError && patched(TERM_CLOCK_ALREADY_STARTED)) return;
          throw err;
        });
      await kernel.record('C10', 'organization.activated', {
        detail: { termStart, termEnd, replyNo: reply.replyNo, posts },
      });
      kernel.setStage('C10');
      return { termStart, termEnd, replyNo: reply.replyNo, ...leaders };
    },
    async () => {
      await acts.dissolveProposedOrganization({ orgId: input.orgId });
    },
  );
}

/** C2–C5 with revision loops: a return sends the request back to the submitter and through the party group again. */
async function approveRequest(
  kernel: Kernel,
  input: EstablishmentInput,
  current: () => EstablishmentRequest,
  revise: (comment: string | null) => Promise<void>,
): Promise<void> {
  const policy = kernel.policy;
  for (;;) {
    const name = current().name;
    const partyGroup = await kernel.ask({
      step: 'C2',
      kind: 'approval',
      title: `党组研究决定：${name}`,
      titleEn: `Party group decision: ${name}`,
      assignedBodyId: input.partyGroupBodyId,
      due: policy.partyGroupDecisionDeadline,
    });
    if (partyGroup.outcome === 'reject') kernel.reject(partyGroup.comment ?? '党组不同意');
    if (partyGroup.outcome === 'return') {
      await revise(partyGroup.comment);
      continue;
    }
    await kernel.ask({
      step: 'C4',
      kind: 'input',
      title: `候选人名单党员酝酿：${name}`,
      titleEn: `Member discussion of the candidate slate: ${name}`,
      assignedBodyId: null,
      assigneeUserIds: [input.submittedBy],
      // The members discussed the slate before the clerk records it: its date is a fact, not after today (the step's
      // payload schema has already checked the fields are there).
      validatePayload: (p) =>
        checkRecordedDate(p?.discussionDate, workflowToday(policy), {
          field: 'discussionDate',
          what: { zh: '候选人名单党员酝酿', en: 'the members’ discussion of the slate' },
          rule: 'RULES §C.1 C4',
        }),
    });
    const review = await kernel.ask({
      step: 'C5',
      kind: 'approval',
      title: `机关工委审批（一个月内批复）：${name}`,
      titleEn: `Organs work committee review (reply within one month): ${name}`,
      assignedBodyId: input.workCommitteeBodyId,
      due: policy.newBranchReplyDeadline, // RULES §C.1 C5, §G NEW_BRANCH_REPLY_DEADLINE
    });
    if (review.outcome === 'reject') kernel.reject(review.comment ?? '机关工委不予批准');
    if (review.outcome === 'return') {
      await revise(review.comment);
      continue;
    }
    kernel.data.approval = { decidedBy: review.actorId, at: review.at, payload: review.payload };
    return;
  }
}

async function reviseRequest(
  kernel: Kernel,
  input: EstablishmentInput,
  request: EstablishmentRequest,
  counts: Counts,
  comment: string | null,
): Promise<{ request: EstablishmentRequest; counts: Counts }> {
  const policy = kernel.policy;
  const decision = await kernel.ask({
    step: 'C3',
    kind: 'input',
    title: `退回修改请示报告：${request.name}`,
    titleEn: `Revise the request report (returned: ${comment ?? ''})`,
    assignedBodyId: null,
    assigneeUserIds: [input.submittedBy],
    validatePayload: (payload) => {
      const parsed = establishmentRequestSchema.safeParse(payload?.request ?? request);
      if (!parsed.success) return invalidPayload(parsed.error.issues[0]?.path.join('.') ?? 'request', 'RULES §C.2');
      const revised = parsed.data;
      // The organization's place in the tree fixes its approvers and path; a revision cannot move it (the API's rule).
      const moved = checkRevisionFixedFields(request, revised);
      if (moved) return moved;
      return checkEstablishmentRequest(establishmentRequestFacts(revised, revisedCounts(payload, counts)), policy);
    },
  });
  const revised = establishmentRequestSchema.parse(decision.payload?.request ?? request);
  kernel.data.request = revised;
  return { request: revised, counts: revisedCounts(decision.payload ?? undefined, counts) };
}

/** Counts of a revised roster come from the API, which computes them from the registry (never from the client). */
function revisedCounts(payload: Record<string, unknown> | undefined, counts: Counts): Counts {
  const c = payload?.rosterCounts as Counts | undefined;
  return c && typeof c.full === 'number' ? c : counts;
}

async function foundingElection(
  kernel: Kernel,
  input: EstablishmentInput,
  request: EstablishmentRequest,
  mode: 'full' | 'officersOnly',
  committee: string[],
): Promise<ElectionResult> {
  const step = mode === 'full' ? 'C6' : 'C7';
  kernel.setStage(step);
  const runs = Number(kernel.data.electionRuns ?? 0) + 1;
  kernel.data.electionRuns = runs;
  await kernel.record(step, 'election.started', { detail: { mode, seats: request.committeeSeats, run: runs } });
  const base = workflowIds.foundingElection(input.orgId);
  const child = await startChild(electionMeetingWorkflow, {
    workflowId: runs === 1 ? base : `${base}:${runs}`,
    parentClosePolicy: ParentClosePolicy.TERMINATE,
    args: [
      {
        parentCaseId: kernel.state.caseId,
        orgId: input.orgId,
        orgPath: input.orgPath,
        seats: mode === 'full' ? request.committeeSeats : 0,
        hasCommittee: request.committeeSeats > 0,
        minCommitteeSize: minCommitteeSize(request.proposedType, kernel.policy),
        candidates: request.slate,
        rosterPersonIds: request.rosterPersonIds,
        clerkUserIds: [input.submittedBy],
        policyVersion: input.policyVersion,
        mode,
        committee,
      },
    ],
  });
  kernel.data.electionWorkflowId = child.workflowId;
  const result = await kernel.waitFor(child.result());
  kernel.data.election = result;
  for (const meeting of result.meetings) {
    await kernel.record(step, 'election.meeting', {
      outcome: meeting.quorumMet ? 'quorum' : 'noQuorum',
      comment: meeting.explanation,
      detail: { meetingNo: meeting.meetingNo, due: meeting.due, present: meeting.present, required: meeting.required },
    });
  }
  for (const round of result.rounds) {
    await kernel.record(step, 'election.round', {
      outcome: round.tally?.void ? 'void' : 'counted',
      comment: round.tally?.explanation.join('；') ?? null,
      detail: { roundId: round.roundId, kind: round.kind, elected: round.tally?.elected ?? [] },
    });
  }
  await kernel.record('C7', result.status === 'elected' ? 'officers.elected' : 'election.failed', {
    comment: result.failureReason,
    detail: { secretaryId: result.secretaryId, deputyId: result.deputyId, committee: result.committee },
  });
  return result;
}

/** 临时党支部: its secretary (and deputy) are designated by the organization that set it up, not elected. */
async function designateLeaders(
  kernel: Kernel,
  input: EstablishmentInput,
  request: EstablishmentRequest,
): Promise<Leaders> {
  const decision = await kernel.ask({
    step: 'C7',
    kind: 'input',
    title: `指定临时党支部书记、副书记：${request.name}`,
    titleEn: `Designate the temporary branch's secretary and deputy: ${request.name}`,
    assignedBodyId: null,
    assigneeUserIds: [input.submittedBy],
    validatePayload: (payload) => {
      // the shape (secretaryId required) is the step's schema; designated leaders come from the roster
      const p = payload as StepPayload<'establishment:C7'>;
      const ids = [p.secretaryId, p.deputyId].filter((id) => id !== undefined);
      const outsider = ids.find((id) => !request.rosterPersonIds.includes(id));
      if (outsider !== undefined) {
        return invalidPayload(`secretaryId/deputyId ${String(outsider)} (not on the roster)`, 'RULES §B.1');
      }
      // no committee: the policy's one secretary and at most its deputies (RULES §B.1)
      return checkNoCommitteeOfficers(1, p.deputyId === undefined ? 0 : 1, kernel.policy);
    },
  });
  const payload = decision.payload!;
  return {
    committee: [],
    secretaryId: String(payload.secretaryId),
    deputyId: typeof payload.deputyId === 'string' ? payload.deputyId : null,
  };
}

/** C8–C9: the election report goes up; the work committee's formal reply (批复) approves secretary and deputy. */
async function formalReply(
  kernel: Kernel,
  input: EstablishmentInput,
  request: EstablishmentRequest,
  leaders: Leaders,
): Promise<{ replyNo: string; effectiveDate: string }> {
  for (;;) {
    const report = electionReport(kernel, request, leaders);
    kernel.data.electionReport = report;
    await kernel.record('C8', 'election.reported', { actorId: input.submittedBy, detail: report });
    const reply: TaskDecision = await kernel.ask({
      step: 'C9',
      kind: 'approval',
      title: `机关工委批复书记、副书记：${request.name}`,
      titleEn: `Formal reply approving secretary and deputy: ${request.name}`,
      assignedBodyId: input.workCommitteeBodyId,
      due: kernel.policy.formalReplyDeadline,
      // RULES §C.2 reply fields: document number (and effective date, default the reply's date).
      validatePayload: (p, outcome) => (outcome === 'approve' ? checkFormalReply(p, 'RULES §C.2') : null),
    });
    if (reply.outcome === 'reject') kernel.reject(reply.comment ?? '机关工委不予批复');
    if (reply.outcome === 'return') {
      // Declined secretary: back to C7 with a new nominee; the committee stands (RULES §C failure paths).
      const officers =
        request.proposedType === 'temporaryBranch'
          ? await designateLeaders(kernel, input, request)
          : await foundingElection(kernel, input, request, 'officersOnly', leaders.committee);
      leaders.secretaryId = officers.secretaryId;
      leaders.deputyId = officers.deputyId;
      continue;
    }
    const formal = replyOf(reply, kernel.policy);
    kernel.data.formalReply = { ...formal, decidedBy: reply.actorId, at: reply.at };
    return formal;
  }
}

/** 选举结果报告 — RULES §C.2 election report fields, composed from the meeting record. */
function electionReport(kernel: Kernel, request: EstablishmentRequest, leaders: Leaders): ElectionReport {
  const election = kernel.data.election as ElectionResult | undefined;
  const approval = kernel.data.approval;
  const valid = election?.meetings.filter((m) => m.quorumMet && m.body === 'generalMeeting').at(-1);
  const candidates = request.slate.length;
  return {
    basis: approval?.payload?.approvalNo ?? 'organs work committee approval (C5)',
    meetingDate: valid?.meetingDate ?? null,
    membersOnRoll: request.rosterPersonIds.length,
    due: valid?.due ?? null,
    present: valid?.present ?? null,
    seats: request.committeeSeats,
    candidates,
    surplusRatio: request.committeeSeats > 0 ? (candidates - request.committeeSeats) / request.committeeSeats : 0,
    rounds: (election?.rounds ?? []).map((r) => ({ roundId: r.roundId, kind: r.kind, counts: r.tally?.counts ?? [] })),
    elected: leaders.committee,
    secretaryId: leaders.secretaryId,
    deputyId: leaders.deputyId,
  };
}
