import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { termShiftApprovedSignal } from '../../libs/contracts/messages.contract';
import { workflowIds } from '../../libs/contracts/temporal-names.contract';
import type { CaseState, TermShiftCaseData, TermShiftInput, TermShiftRequest } from '../../libs/contracts';
import { termShiftRequestSchema } from '../kernel/lazy-contracts';
import { checkShiftRequest, invalidInput, type PolicyTable, type RuleViolation } from '../../libs/domain';
import { CaseKernel } from '../kernel/case-kernel';
import { workflowToday } from '../kernel/local-calendar';

/**
 * 提前 / 延期换届 — an early or delayed term election (RULES §B.3): the cap (≤ 1 year either way from T) is checked at
 * start, S1 the department party group decides, S2 the organs work committee approves (its validator re-checks the
 * cap on the date it approves); on approval the term clock moves its electionDue. A return sends the request back to
 * the submitter (S0) and through the party group again.
 */
export async function termShiftWorkflow(input: TermShiftInput): Promise<CaseState> {
  const kernel = new CaseKernel<TermShiftCaseData>({
    caseId: input.caseId,
    procedure: 'termElection',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: shiftTitle(input.termEnd, input.request.plannedElectionDate),
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    policyVersion: input.policyVersion,
    stage: 'S1',
  });
  const policy = kernel.policy;
  let request = input.request;
  kernel.data.request = request;
  kernel.data.termEnd = input.termEnd;

  return kernel.run(async () => {
    const refused = shiftViolation(input.termEnd, request.plannedElectionDate, policy);
    await kernel.record('S1', 'shift.checked', {
      actorId: input.submittedBy,
      outcome: refused ? refused.code : 'withinCap',
      comment: refused?.message ?? null,
      detail: { termEnd: input.termEnd, planned: request.plannedElectionDate, ...(refused?.numbers ?? {}) },
    });
    if (refused) {
      kernel.data.violation = refused;
      kernel.reject(`${refused.code}: ${refused.message}`);
    }

    let approvedDate: string | null = null;
    while (approvedDate === null) {
      const title = shiftTitle(input.termEnd, request.plannedElectionDate);
      const partyGroup = await kernel.ask({
        step: 'S1',
        kind: 'approval',
        title: `党组研究决定：${title}`,
        titleEn: `Party group decision: election ${request.plannedElectionDate} (term ends ${input.termEnd})`,
        assignedBodyId: input.partyGroupBodyId,
        due: policy.partyGroupDecisionDeadline,
      });
      if (partyGroup.outcome === 'reject') kernel.reject(partyGroup.comment ?? '党组不同意');
      if (partyGroup.outcome === 'return') {
        request = await revise(kernel, input, request, partyGroup.comment);
        continue;
      }
      const review = await kernel.ask({
        step: 'S2',
        kind: 'approval',
        title: `机关工委审批：${title}`,
        titleEn: `Organs work committee approval: election ${request.plannedElectionDate} (term ends ${input.termEnd})`,
        assignedBodyId: input.workCommitteeBodyId,
        // our default: the upper committee answers a request within one month, as for C5 (RULES §C.1)
        due: policy.newBranchReplyDeadline,
        // RULES §B.3: upper organizations review shifts strictly; the approved date (the request's, or one the
        // approver sets in approvedElectionDate) must stay within one year of T.
        validatePayload: (payload, outcome) => {
          if (outcome !== 'approve') return null;
          const date = payload?.approvedElectionDate ?? request.plannedElectionDate;
          if (typeof date !== 'string') return invalidDate();
          return shiftViolation(input.termEnd, date, policy);
        },
      });
      if (review.outcome === 'reject') kernel.reject(review.comment ?? '机关工委不予批准');
      if (review.outcome === 'return') {
        request = await revise(kernel, input, request, review.comment);
        continue;
      }
      const date = review.payload?.approvedElectionDate;
      approvedDate = typeof date === 'string' ? date : request.plannedElectionDate;
      kernel.data.approval = { decidedBy: review.actorId, at: review.at, payload: review.payload };
    }

    const approvedAt = new Date().toISOString();
    const shift = { caseId: input.caseId, to: approvedDate, approvedAt };
    const clockId = workflowIds.termClock(input.orgId);
    try {
      await getExternalWorkflowHandle(clockId).signal(termShiftApprovedSignal, shift);
      await kernel.record('S2', 'term.shifted', { detail: { clockId, from: input.termEnd, to: approvedDate } });
    } catch (err) {
      // No running clock (e.g. not yet bootstrapped): the approval stands and is on record for the registry.
      await kernel.record('S2', 'term.clockNotSignalled', {
        comment: err instanceof Error ? err.message : String(err),
        detail: { clockId, to: approvedDate },
      });
    }
    kernel.setStage('S2');
    return { termEnd: input.termEnd, approvedElectionDate: approvedDate, approvedAt };
  });
}

/** S0 — the submitter revises a returned request; the cap applies to the revised date as well. */
async function revise(
  kernel: CaseKernel<TermShiftCaseData>,
  input: TermShiftInput,
  request: TermShiftRequest,
  comment: string | null,
): Promise<TermShiftRequest> {
  const decision = await kernel.ask({
    step: 'S0',
    kind: 'input',
    title: `退回修改换届请示：${comment ?? ''}`,
    titleEn: `Revise the term shift request (returned: ${comment ?? ''})`,
    assignedBodyId: null,
    assigneeUserIds: [input.submittedBy],
    validatePayload: (payload) => {
      const parsed = termShiftRequestSchema.safeParse(payload?.request ?? request);
      if (!parsed.success) return invalidDate();
      return shiftViolation(input.termEnd, parsed.data.plannedElectionDate, kernel.policy);
    },
  });
  const revised = termShiftRequestSchema.parse(decision.payload?.request ?? request);
  kernel.data.request = revised;
  return revised;
}

/**
 * RULES §B.3: within one year of T and not in the past (the API's check, on the workflow's clock). A malformed date is
 * answered as the task's payload error (PAYLOAD_INVALID naming plannedElectionDate), as the task has always answered.
 */
function shiftViolation(termEnd: string, planned: string, policy: PolicyTable): RuleViolation | null {
  const v = checkShiftRequest(termEnd, planned, workflowToday(policy), policy);
  return v?.code === 'INVALID_DATE' ? invalidDate() : v;
}

function invalidDate(): RuleViolation {
  return {
    ...invalidInput(
      'PAYLOAD_INVALID',
      'approvedElectionDate / plannedElectionDate must be YYYY-MM-DD',
      '换届日期格式有误（应为YYYY-MM-DD）',
      { field: 'plannedElectionDate' },
    ),
    rule: 'RULES §B.3',
  };
}

function shiftTitle(termEnd: string, planned: string): string {
  return `${planned < termEnd ? '提前' : '延期'}换届（任期届满${termEnd}，拟于${planned}选举）`;
}
