import type {
  CaseState,
  OrgLifePlanApprovalInput,
  OrgLifePlanApprovalResult,
  OrgLifePlanCaseData,
} from '../../libs/contracts';
import { CaseKernel } from '../kernel/case-kernel';

/**
 * The yearly organizational-life plan approved by the branch committee (RULES §F "the plan is approved by the branch
 * committee and filed upward"): one approval task at the organization's committee (P1). Approve → the org-life
 * workflow files it upward; return or reject → the plan goes back to the secretary to adjust and submit again.
 */
export async function orgLifePlanApprovalWorkflow(input: OrgLifePlanApprovalInput): Promise<CaseState> {
  const kernel = new CaseKernel<OrgLifePlanCaseData>({
    caseId: input.caseId,
    procedure: 'orgLifePlan',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: `${input.orgName}${input.year}年度组织生活计划`,
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    policyVersion: input.policyVersion,
    stage: 'P1',
  });
  kernel.data.year = input.year;
  kernel.data.occurrenceCount = input.occurrenceCount;
  return kernel.run(async (): Promise<OrgLifePlanApprovalResult> => {
    const decision = await kernel.ask({
      step: 'P1',
      kind: 'approval',
      title: `支部委员会审定${input.year}年度组织生活计划（${input.occurrenceCount}项）`,
      titleEn: `Committee approves the ${input.year} organizational-life plan (${input.occurrenceCount} items)`,
      assignedBodyId: input.orgId,
      due: kernel.policy.orgLife.planApprovalDeadline,
    });
    if (decision.outcome === 'reject') kernel.reject(decision.comment ?? '支部委员会未通过年度计划');
    return {
      approved: decision.outcome === 'approve',
      decidedBy: decision.actorId,
      decidedAt: decision.at,
      comment: decision.comment,
    };
  });
}
