import { workflowInfo } from '@temporalio/workflow';
import type { AdmissionCaseData, AdmissionInput, CaseState } from '../../libs/contracts';
import { checkAdmissionWithdraw } from '../../libs/domain';
import { CaseKernel } from '../kernel/case-kernel';
import { activistStage } from './activist.stage';
import { AdmissionCase } from './admission-case';
import { admissionVoteStage } from './admission-vote.stage';
import { applicationStage } from './application.stage';
import { branchReview } from './branch-review.stage';
import { candidateStage, vetting } from './candidate.stage';
import { installContactChangeUpdate } from './contacts.update';
import { probationStage } from './probation.stage';
import { installTransferUpdate } from './transfer.update';

export { APPROVAL_LIMIT_REVOTE, PRACTICE_TIMERS_OFF } from './patches';

/**
 * 发展党员 — member development (RULES §E, 5 stages, 25 steps) as one durable case per person and branch.
 *
 * Policies chosen for the open questions (RULES §H):
 * - H-4: written opinions of absentees count as for-votes, not attendance; the entitled count is not reduced by the
 *   election-only exclusions (the API supplies it).
 * - H-9: the practice timers (application ≥ 6 months before activist, contacts within 1 month, political review
 *   within 1 month and valid 12 months, pre-review within 1 month, stale resolutions, conversion meeting within 1
 *   and at most 3 months) run only when the policy adopts them (`practiceTimerOn`; version 2026.1-practice).
 * - RULES §E step 17: past 3 months an approval needs `lateReason` (recorded as 'approval.late'); past 6 months it
 *   is refused, and a return sends the case to a new step-15 vote ('resolution.expired').
 * - H-12: a transfer (transferAdmission update) moves the case to the receiving branch, its upper committee and party
 *   group for every later step; open tasks are reassigned there in place; every date (application, activist start,
 *   probation start and end) is kept, so the one-year and probation clocks continue. Allowed from step 4 to 11 and
 *   from step 19 to 22. A probationary member's full-membership discussion (steps 22–23) may be postponed on
 *   transfer by whole months, all postponements of one probation period together ≤ transferPostponeMax (6); full
 *   membership still dates from the probation end. An extension starts a new period without postponement. The
 *   effective date is not before the case's latest recorded date, not after today, and for a probationary member not
 *   after the probation end; the case's registry writes (milestones) run one after another, so two quick transfers
 *   cannot race.
 * - H-13: dates use the domain period arithmetic (same calendar day, month-end clamp, optional minus one day).
 * - H-14: no general-branch review step; the branch reports straight to the upper committee.
 * - H-15: the political review (step 10) is a restricted task: its decision comment and payload (the written
 *   conclusion) stay in the case timeline and the audit trail, which the API shows only to cleared readers
 *   (administrators, the upper committee); the inbox projection gets no comment (`restricted` ask option), and a
 *   failed review ends the case with a neutral reason (POLITICAL_REVIEW_FAILED) that does not copy the text.
 * - H-16: the branch holding the case must be able to admit (the API checks the organization type).
 * - H-21: 1–2 cultivation contacts.
 * - H-22: a full-membership vote without a resolution goes back to the branch (step 23 again); the upper committee
 *   deciding directly is not supported.
 * Compliance flags (data.flags, de-duplicated, never cleared): talkOverdue (step 2), approvalBeyondThreeMonths and
 * approvalBeyondSixMonths (steps 17 and 24, counted from the branch resolution), probationEndedWithoutDecision (no
 * step-23 resolution one month after the probation end plus postponement), conversionMeetingBeyondThreeMonths (none
 * after the three-month cap `conversionMeetingMaxDeadline`). Each is raised on a durable timer the day
 * after its deadline, recorded in the timeline ('compliance.flagged'; the 6-month hard limit as 'compliance.breach')
 * with its numbers in data.compliance, and projected at once.
 * Zero-length policy periods (drill profile 2026.1-drill): one activist assessment per round of cultivation, due at
 * once; no periodic probation assessments; the full-membership application opens right after the oath.
 * Step dates (RULES §E key dates): a decision may give the date the step happened (`<event>Date` / `date`, see
 * `ADMISSION_STEP_DATE_FIELDS`); it is refused (422, both step numbers and dates named) when after today or before
 * the latest date the case recorded, else the decision's own date is used. Dates are local calendar dates
 * (policy `localUtcOffsetMinutes`, China UTC+8) via `localDate`; durable timers still fire at UTC midnight of a date,
 * which is already that date locally. Probation starts on the E15 meeting date.
 * Loops (RULES §E state machine): step 7 "not ready" and step 12 "found unqualified" go back to cultivation
 * (step 6; after step 12 the next assessment is due one interval after the review, and steps 9–11 — introducers,
 * review conclusion, training — are kept, not repeated); a failed pre-review (step 13, reject or return) goes back
 * to the branch review (step 12); an inquorate meeting (steps 15 and 23) is recorded ('meeting.inquorate') and held
 * again; step 24 not approved goes back to the step-23 vote. A pre-review cannot be approved when the E13 payload's
 * `expectedLeaveDate` falls within `leavingUnitBlock` (3 months).
 * Thought reports (step 6, quarterly `activistReportInterval`): a reminder entry 'thoughtReport.due' in the case
 * timeline and audit trail on the case's own timer at each report date between two assessments; the reports
 * themselves are evidence of the E6 assessment (no separate task).
 * Withdrawal: from the step-15 meeting on the submitter cannot withdraw (409 WITHDRAW_AFTER_BRANCH_VOTE); an
 * administrator's cancellation with a reason can still end the case. A case withdrawn or cancelled while the person
 * holds a probationary membership closes it ('probationCancelled' on the local date of the close).
 * Failure paths end the case as 'rejected' with a reason code (AdmissionRejection); a new round is a new case.
 * "Not selected" (step 3) ends the case with reason 'notSelected': the person stays an applicant and the branch may
 * open a new case later (RULES §E state machine APPLICANT —(not selected)→ APPLICANT).
 */
export async function admissionWorkflow(input: AdmissionInput): Promise<CaseState> {
  const kernel = new CaseKernel<AdmissionCaseData>({
    // one case id per run (caseRuns); cases started before run identity carried their workflow id here too
    caseId: input.caseId || workflowInfo().workflowId,
    procedure: 'admission',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: `发展党员：${input.personName}`,
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    policyVersion: input.policyVersion,
    stage: 'E1',
  });
  const c = new AdmissionCase(kernel, input);
  kernel.guardWithdraw(() => checkAdmissionWithdraw(kernel.state.stage));
  installTransferUpdate(c);
  installContactChangeUpdate(c);
  return kernel.run(
    () => steps(c),
    (status) => onClosed(c, status),
  );
}

/** The five stages in order, with the loops of RULES §E's state machine between them. */
async function steps(c: AdmissionCase): Promise<Record<string, unknown>> {
  await applicationStage(c);
  await activistStage(c);
  let cultivateFrom = c.dates.activist!;
  let vetted = false;
  for (;;) {
    await candidateStage(c, cultivateFrom);
    if (!vetted) await vetting(c); // steps 9–11 once; kept when step 12 sends the case back to cultivation
    vetted = true;
    const unqualifiedOn = await branchReview(c);
    if (unqualifiedOn === null) break;
    cultivateFrom = unqualifiedOn; // RULES §E step 12: found unqualified → back to cultivation (step 6)
  }
  await admissionVoteStage(c);
  const outcome = await probationStage(c);
  return { outcome, dates: c.dates };
}

/** Closing hook (withdrawn or cancelled): an open probationary membership ends on the local date of the close. */
async function onClosed(c: AdmissionCase, status: string): Promise<void> {
  if ((status !== 'withdrawn' && status !== 'cancelled') || !c.probationaryOpen) return;
  const date = c.today();
  await c.milestone({
    personId: c.input.personId,
    orgId: c.org.orgId,
    milestone: 'probationCancelled',
    date,
  });
  c.probationaryOpen = false;
  await c.kernel.record(c.kernel.state.stage, 'membership.closed', {
    detail: { milestone: 'probationCancelled', date, caseStatus: status, rule: 'RULES §E step 23' },
  });
}
