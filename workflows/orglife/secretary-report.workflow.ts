import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { secretaryReportedSignal } from '../../libs/contracts/orglife.contract';
import { workflowIds } from '../../libs/contracts/temporal-names.contract';
import type {
  CaseState,
  SecretaryReportCaseData,
  SecretaryReportInput,
  SecretaryReportResult,
} from '../../libs/contracts';
import {
  checkRectifiedOn,
  checkSecretaryReportAppraisal,
  invalidInput,
  localDate,
  secretaryReportFollowUp,
} from '../../libs/domain';
import { CaseKernel } from '../kernel/case-kernel';

/**
 * 述职评议 — a secretary's yearly report to the upper organization and its appraisal (RULES §F, 机关条例2019 Art. 39;
 * seed 003), id secretaryReport:<orgId>:<year>, on the approval kernel: R1 the upper organization hears the report and
 * appraises it (approves with a grade of the policy's scale and the appraisal votes; a return sends the written
 * report back to the secretary, R0, and it is heard again; a rejection closes the case); a grade the policy names for
 * rectification opens R2, the secretary's rectification report by the deadline. On the report the organization's plan of that year
 * records its secretaryReport occurrence as held (a signal to orgLife:<orgId>).
 */
export async function secretaryReportWorkflow(input: SecretaryReportInput): Promise<CaseState> {
  const kernel = new CaseKernel<SecretaryReportCaseData>({
    caseId: input.caseId,
    procedure: 'secretaryReport',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: `${input.orgName}书记${input.secretaryName}${input.year}年度述职评议`,
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    policyVersion: input.policyVersion,
    stage: 'R1',
  });
  const policy = kernel.policy;
  const today = () => localDate(new Date().toISOString(), policy);
  const data = kernel.data;
  data.year = input.year;
  data.secretaryPersonId = input.secretaryPersonId;
  data.personId = input.secretaryPersonId;
  data.report = input.report;
  data.reportedOn = input.reportedOn;

  /** R1: the upper organization hears the report and appraises it (approve with the grade), or returns it. */
  const appraise = () =>
    kernel.ask({
      step: 'R1',
      kind: 'approval',
      title: `听取${input.orgName}书记${input.secretaryName}${input.year}年度述职并评议`,
      titleEn: `Hear and appraise the ${input.year} report of the secretary of ${input.orgName}`,
      assignedBodyId: input.upperBodyId,
      due: policy.orgLife.secretaryReportAppraisalDeadline,
      validatePayload: (p, outcome) =>
        outcome === 'approve'
          ? checkSecretaryReportAppraisal(
              {
                grade: p?.grade,
                votes: (p?.votes as Record<string, unknown> | undefined) ?? null,
                appraisedOn: p?.appraisedOn,
              },
              { reportedOn: input.reportedOn, today: today() },
              policy,
            )
          : null,
    });

  return kernel.run(async (): Promise<SecretaryReportResult> => {
    // the report is given: the plan of the year counts its occurrence held (a workflow that is not running, or runs
    // another year, ignores it)
    await getExternalWorkflowHandle(workflowIds.orgLife(input.orgId))
      .signal(secretaryReportedSignal, { year: input.year, caseId: input.caseId, reportedOn: input.reportedOn })
      .catch(() => undefined);
    let appraisal = await appraise();
    while (appraisal.outcome === 'return') {
      // the upper organization sends the written report back: the secretary revises it and reports again
      const revised = await kernel.ask({
        step: 'R0',
        kind: 'input',
        title: `修改述职报告（${appraisal.comment ?? '上级退回'}）`,
        titleEn: `Revise the report (${appraisal.comment ?? 'returned'})`,
        assignedBodyId: input.orgId,
        due: policy.orgLife.secretaryReportAppraisalDeadline,
        validatePayload: (p, outcome) =>
          outcome === 'submit' && (typeof p?.report !== 'string' || !p.report.trim())
            ? invalidInput('REPORT_REQUIRED', 'report: the revised report', '请填写修改后的述职报告（report）', {
                field: 'report',
              })
            : null,
      });
      data.report = String(revised.payload?.report);
      appraisal = await appraise();
    }
    if (appraisal.outcome === 'reject') kernel.reject(appraisal.comment ?? '上级党组织未通过述职');
    const grade = String(appraisal.payload?.grade);
    const appraisedOn = String(appraisal.payload?.appraisedOn);
    const votes = (appraisal.payload?.votes as Record<string, number> | undefined) ?? null;
    const followUp = secretaryReportFollowUp(grade, appraisedOn, policy);
    data.appraisal = { grade, appraisedOn, votes, comments: appraisal.payload?.comments ?? null, followUp };
    await kernel.record('R1', 'secretaryReport.appraised', { detail: { grade, appraisedOn } });
    let rectifiedOn: string | null = null;
    if (followUp) {
      const rectified = await kernel.ask({
        step: 'R2',
        kind: 'input',
        title: `述职评议整改报告（限${followUp.rectifyBy}前）`,
        titleEn: `Rectification report after the appraisal (by ${followUp.rectifyBy})`,
        assignedBodyId: input.orgId,
        due: policy.orgLife.secretaryReportRectifyPeriod,
        validatePayload: (p, outcome) =>
          outcome === 'submit' ? checkRectifiedOn(p?.rectifiedOn, appraisedOn, today()) : null,
      });
      rectifiedOn = String(rectified.payload?.rectifiedOn);
      data.rectification = rectified.payload ?? {};
    }
    return {
      reportedOn: input.reportedOn,
      appraisedOn,
      grade,
      votes,
      rectifyBy: followUp?.rectifyBy ?? null,
      rectifiedOn,
    };
  });
}
