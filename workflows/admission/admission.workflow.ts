import { condition, patched, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import {
  changeContactsUpdate,
  transferAdmissionUpdate,
  type AdmissionContactChangeArgs,
  type AdmissionContactChangeRecord,
  type AdmissionDates,
  type AdmissionInput,
  type AdmissionRejection,
  type AdmissionTransferArgs,
  type AdmissionTransferRecord,
  type AdmissionTransferResult,
  type CaseState,
  type RecordAdmissionMilestoneInput,
} from '../../libs/contracts';
import {
  checkContactChangeCap,
  activistEligibleFrom,
  assessmentDates,
  caseNotActive,
  checkActivistPeriod,
  checkAdmissionWithdraw,
  checkApplicantAge,
  checkApprovalDueDate,
  checkApprovalHardLimit,
  checkApprovalTiming,
  checkPoliticalReviewValid,
  checkResolutionCurrent,
  checkStepMinimumPeriod,
  practiceTimerOn,
  resolutionStaleness,
  type PracticeTimer,
  checkBranchVote,
  checkContactChangeActor,
  checkContactChangeStage,
  checkContactsChanged,
  checkConversionMeetingMax,
  checkConversionResolution,
  checkCultivationContacts,
  checkIntensiveTraining,
  checkIntroducers,
  checkLeavingUnit,
  checkProbationExtension,
  checkStepDate,
  checkTalkDeadline,
  checkTrainingDates,
  checkTransferActor,
  checkTransferDate,
  checkTransferNotLate,
  checkTransferPostponement,
  checkTransferStage,
  checkTransferTarget,
  compareInstants,
  conversionDiscussionFrom,
  conversionMeetingMaxDueDate,
  durationText,
  conversionResolutionDueDate,
  extendedProbationEnd,
  isDomainRuleError,
  latestStepDate,
  localDate,
  nextAssessmentDate,
  overdueFrom,
  parseIsoInstant,
  politicalReviewNotPassed,
  practiceDeadline,
  probationEndDate,
  stepDateField,
  talkDueDate,
  thoughtReportDates,
  transferPhase,
  upperApprovalLimits,
  type BranchVoteResult,
  type ComplianceFlagName,
  type Duration,
  type RuleViolation,
  type StepDateRef,
  type UpperApprovalStep,
} from '../../libs/domain';
import { acts } from '../kernel/activity-proxies';
import { CaseKernel, type TaskDecision, type TaskSpec } from '../kernel/case-kernel';
import { ruleFailure, throwIfViolated } from '../kernel/rule-failure';
import { unstorableInput } from '../kernel/storable-input';
import { dateStart } from '../kernel/local-calendar';
import { invalidPayload, requireFields, type Validator } from './admission-payloads';

/** `patched()` ids of issue 10 (the rule book): practice timers off by default (RULES H-9). */
export const PRACTICE_TIMERS_OFF = 'practice-timers-off';
/** RULES §E step 17: a resolution past the 6-month limit (or stale, when adopted) goes back to a new branch vote. */
export const APPROVAL_LIMIT_REVOTE = 'approval-limit-revote';

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
  const kernel = new CaseKernel({
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
  const flow = new AdmissionFlow(kernel, input);
  return kernel.run(
    () => flow.steps(),
    (status) => flow.onClosed(status),
  );
}

/** A decided task with the date the step happened (the given date, else the decision's local date). */
type Dated = TaskDecision & { date: string };

/** Payload check of an admission task, with the decision's outcome. */
type PayloadCheck = (payload: Record<string, unknown> | undefined, outcome: string) => RuleViolation | null;

/** The organization holding the case and its approvers; changed by a transfer (RULES §E step 21, H-12). */
interface CaseOrg {
  orgId: string;
  orgPath: string[];
  upperCommitteeId: string;
  partyGroupBodyId: string | null;
}

class AdmissionFlow {
  private readonly dates: AdmissionDates = {};
  private readonly flags: string[] = [];
  private readonly compliance: Record<string, unknown> = {};
  private readonly transfers: AdmissionTransferRecord[] = [];
  private readonly contactChanges: AdmissionContactChangeRecord[] = [];
  private org: CaseOrg;
  /** months the current probation period's full-membership discussion is postponed by transfers */
  private postponedMonths = 0;
  /** the probation end a step-23 resolution was passed for (the flag watcher's "decided") */
  private resolvedFor: string | null = null;
  private probationOver = false;
  /** every dated entry of the case (application, decided steps), oldest first: the record of the step-date rule */
  private readonly stepDates: StepDateRef[] = [];
  /** the last activist assessment date (or the date cultivation starts again from) */
  private lastAssessment = '';
  /** a probationary membership is open in the registry (closed on full membership, cancellation or close) */
  private probationaryOpen = false;
  /** registry writes of this case, one after another (a transfer's update handler runs beside the steps) */
  private milestones: Promise<void> = Promise.resolve();

  constructor(
    private readonly kernel: CaseKernel,
    private readonly input: AdmissionInput,
  ) {
    this.org = {
      orgId: input.orgId,
      orgPath: [...input.orgPath],
      upperCommitteeId: input.upperCommitteeId,
      partyGroupBodyId: input.partyGroupBodyId,
    };
    kernel.state.data.personId = input.personId;
    kernel.state.data.dates = this.dates;
    kernel.state.data.compliance = this.compliance;
    kernel.state.data.flags = this.flags;
    kernel.state.data.transfers = this.transfers;
    kernel.state.data.contactChanges = this.contactChanges;
    kernel.state.data.bodies = this.bodies();
    kernel.state.data.stepDates = this.stepDates;
    kernel.guardWithdraw(() => checkAdmissionWithdraw(kernel.state.stage));
    setHandler(transferAdmissionUpdate, (args) => this.transfer(args), {
      validator: (args) => {
        throwIfViolated(unstorableInput({ transfer: args.transfer }));
        this.validateTransfer(args);
      },
    });
    // A handler added for running cases too: cases that never receive this update replay unchanged.
    setHandler(changeContactsUpdate, (args) => this.changeContacts(args), {
      validator: (args) => {
        throwIfViolated(unstorableInput({ change: args }));
        this.validateContactChange(args);
      },
    });
  }

  private get policy() {
    return this.kernel.policy;
  }

  async steps(): Promise<Record<string, unknown>> {
    await this.stage1();
    await this.stage2();
    let cultivateFrom = this.dates.activist!;
    let vetted = false;
    for (;;) {
      await this.stage3(cultivateFrom);
      if (!vetted) await this.vetting(); // steps 9–11 once; kept when step 12 sends the case back to cultivation
      vetted = true;
      const unqualifiedOn = await this.branchReview();
      if (unqualifiedOn === null) break;
      cultivateFrom = unqualifiedOn; // RULES §E step 12: found unqualified → back to cultivation (step 6)
    }
    await this.stage4();
    const outcome = await this.stage5();
    return { outcome, dates: this.dates };
  }

  /** Closing hook (withdrawn or cancelled): an open probationary membership ends on the local date of the close. */
  async onClosed(status: string): Promise<void> {
    if ((status !== 'withdrawn' && status !== 'cancelled') || !this.probationaryOpen) return;
    const date = this.today();
    await this.milestone({
      personId: this.input.personId,
      orgId: this.org.orgId,
      milestone: 'probationCancelled',
      date,
    });
    this.probationaryOpen = false;
    await this.kernel.record(this.kernel.state.stage, 'membership.closed', {
      detail: { milestone: 'probationCancelled', date, caseStatus: status, rule: 'RULES §E step 23' },
    });
  }

  // ── Stage 1: application and talk ──

  private async stage1(): Promise<void> {
    this.dates.application = this.input.applicationDate;
    this.stepDates.push({ step: 'E1', date: this.input.applicationDate });
    const age = checkApplicantAge(this.input.birthDate, this.input.applicationDate, this.policy); // RULES §E step 1
    await this.kernel.record('E1', 'application.registered', {
      actorId: this.input.submittedBy,
      outcome: age ? 'refused' : 'registered',
      detail: {
        applicationDate: this.input.applicationDate,
        rule: 'RULES §E step 1',
        ...(age ? { violation: age } : {}),
      },
    });
    if (age) this.fail('APPLICANT_UNDER_AGE', age);

    // RULES §E step 2: talk within one month; the kernel reminds and escalates (overdue) on the policy deadline. The
    // month counts from the application's receipt: missing it raises the talkOverdue flag.
    let talked = false;
    const watch = this.watchDeadline(
      () => talked,
      talkDueDate(this.input.applicationDate, this.policy),
      async () => {
        const v = checkTalkDeadline(this.input.applicationDate, this.today(), this.policy);
        if (v) await this.raiseFlag('talkOverdue', 'E2', v);
      },
    );
    try {
      const within = periodNote(this.policy.applicationTalkDeadline);
      const talk = await this.ask({
        step: 'E2',
        kind: 'input',
        title: `派人谈话${within.zh('内')}：${this.input.personName}`,
        titleEn: `Talk with the applicant${within.en('within')}: ${this.input.personName}`,
        assignedBodyId: this.org.orgId,
        due: this.policy.applicationTalkDeadline,
        validatePayload: (p) => requireFields(p, ['talkerId'], 'RULES §E step 2'),
      });
      this.dates.talk = talk.date;
    } finally {
      talked = true;
      await watch;
    }
  }

  // ── Stage 2: activist selection, filing, contacts, cultivation ──

  private async stage2(): Promise<void> {
    for (;;) {
      // RULES §E step 3: the branch committee decides; not selected → stays an applicant (this case ends).
      const select = await this.approval(
        'E3',
        this.org.orgId,
        '支部委员会确定入党积极分子',
        'Branch committee selects activist',
      );
      if (select.outcome === 'reject') this.fail('notSelected', null, select.comment);
      if (select.outcome === 'return') continue;
      this.dates.activist = select.date;
      // RULES §E step 4: filing with the upper committee, which may object and send the case back to step 3.
      const filing = await this.approval(
        'E4',
        this.org.upperCommitteeId,
        '入党积极分子报上级党委备案',
        'Activist filing with the upper committee',
      );
      if (filing.outcome === 'reject') this.fail('activistFilingRejected', null, filing.comment);
      if (filing.outcome === 'return') continue;
      this.dates.activistFiled = filing.date;
      break;
    }
    this.kernel.setStage('E5');
    const contacts = await this.ask({
      step: 'E5',
      kind: 'input',
      title: `指定培养联系人：${this.input.personName}`,
      titleEn: `Assign cultivation contacts: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
      due: this.practiceDue('contactAssignDeadline'),
      validatePayload: (p) => checkCultivationContacts(p?.contactIds, this.policy), // RULES §E step 5, H-21
    });
    this.dates.contactsAssigned = contacts.date;
    this.kernel.state.data.contactIds = contacts.payload?.contactIds;
  }

  /**
   * RULES §E step 6: assessment every 6 months on the workflow's own timers until a full year as activist has passed
   * (counted from the recorded step-3 date); an assessment may cancel activist status. Quarterly thought reports are
   * reminded on the same timers (a timeline entry at each report date before the next assessment).
   */
  private async cultivate(): Promise<void> {
    const eligible = activistEligibleFrom(this.dates.activist!, this.policy);
    for (;;) {
      const last = this.lastAssessment;
      const next = nextAssessmentDate(last, this.policy.activistAssessmentInterval);
      this.kernel.setStage('E6');
      for (const due of thoughtReportDates(last, next, this.policy.activistReportInterval)) {
        await this.sleepUntil(due);
        await this.kernel.record('E6', 'thoughtReport.due', {
          detail: { dueDate: due, interval: this.policy.activistReportInterval, rule: 'RULES §E step 6' },
        });
      }
      await this.sleepUntil(next);
      const every = periodNote(this.policy.activistAssessmentInterval);
      const a = await this.ask({
        step: 'E6',
        kind: 'input',
        title: `入党积极分子考察${every.zh('', '每')}：${this.input.personName}`,
        titleEn: `Activist assessment${every.en('every')}: ${this.input.personName}`,
        assignedBodyId: this.org.orgId,
        validatePayload: cancelPayload('RULES §E step 6'),
      });
      if (a.payload?.cancel === true) this.fail('activistCancelled', null, String(a.payload.reason));
      this.lastAssessment = next;
      if (compareInstants(this.today(), eligible) >= 0) return;
    }
  }

  // ── Stage 3: development candidate ──

  /** Steps 6–8 from `from` (the activist date, or the step-12 date after "found unqualified"). */
  private async stage3(from: string): Promise<void> {
    this.lastAssessment = from;
    for (;;) {
      await this.cultivate();
      // RULES §E step 7: only after a full year as activist, checked on the case's own dates.
      const period = checkActivistPeriod(this.dates.activist!, this.today(), this.policy);
      await this.kernel.record('E7', 'activistPeriod.checked', {
        outcome: period ? 'tooShort' : 'ok',
        detail: {
          activistDate: this.dates.activist,
          rule: 'RULES §E step 7',
          ...(period ? { violation: period } : {}),
        },
      });
      if (period) continue;
      const select = await this.approval(
        'E7',
        this.org.orgId,
        '支部委员会确定发展对象',
        'Branch committee selects development candidate',
      );
      if (select.outcome !== 'approve') continue; // not ready → continue cultivation (step 6)
      const filing = await this.approval(
        'E8',
        this.org.upperCommitteeId,
        '发展对象报上级党委备案',
        'Candidate filing with the upper committee',
      );
      if (filing.outcome !== 'approve') continue; // objection → back to step 6
      this.dates.candidate = filing.date; // practice: the date the filing is accepted
      return;
    }
  }

  /** Steps 9–11: introducers, political review (restricted, H-15), intensive training. */
  private async vetting(): Promise<void> {
    await this.ask({
      step: 'E9',
      kind: 'input',
      title: `确定入党介绍人：${this.input.personName}`,
      titleEn: `Name two introducers: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
      validatePayload: (p) => checkIntroducers(p?.introducers, this.input.personId, this.policy),
    });
    const review = await this.ask({
      step: 'E10',
      kind: 'input',
      title: `政治审查：${this.input.personName}`,
      titleEn: `Political review: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
      due: this.practiceDue('politicalReviewDeadline'),
      restricted: true, // H-15: the comment is not projected to the inbox
      validatePayload: (p) =>
        p?.conclusion === 'pass' || p?.conclusion === 'fail'
          ? null
          : invalidPayload('conclusion (pass | fail)', 'RULES §E step 10'),
    });
    this.dates.politicalReview = review.date;
    if (review.payload?.conclusion === 'fail') {
      const v = politicalReviewNotPassed(); // neutral: the reviewer's text stays in the restricted step-10 record
      this.fail('politicalReviewFailed', v, v.message);
    }
    const training = await this.ask({
      step: 'E11',
      kind: 'input',
      title: `集中培训：${this.input.personName}`,
      titleEn: `Intensive training: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
      validatePayload: (p) =>
        checkIntensiveTraining(
          { days: p?.days as number | undefined, hours: p?.hours as number | undefined },
          this.policy,
        ) ?? this.checkTrainingStart(p),
    });
    this.dates.training = training.date;
  }

  /** Step 11's optional `trainingStartDate`: a real date, after the case's last date, not after the end date. */
  private checkTrainingStart(p: Record<string, unknown> | undefined): RuleViolation | null {
    if (p?.trainingStartDate === undefined) return null;
    const today = this.today();
    const v =
      checkStepDate('E11', 'trainingStartDate', p.trainingStartDate, today, this.lastRecorded()) ??
      checkStepDate('E11', 'trainingEndDate', p.trainingEndDate, today, null); // a real date before comparing
    if (v) return v;
    const end = typeof p.trainingEndDate === 'string' ? p.trainingEndDate : today;
    return checkTrainingDates(p.trainingStartDate as string, end);
  }

  /**
   * Steps 12–13: branch committee review, then the upper committee's pre-review. Returns null once the pre-review
   * passes, or the step-12 date when the branch finds the candidate unqualified (back to cultivation). A failed or
   * returned pre-review goes back to the branch (step 12); approval is refused when the candidate leaves the unit
   * within `leavingUnitBlock` (RULES §E step 13).
   */
  private async branchReview(): Promise<string | null> {
    for (;;) {
      const review = await this.approval('E12', this.org.orgId, '支部委员会审查', 'Branch committee review');
      if (review.outcome === 'return') continue;
      if (review.outcome === 'reject') {
        await this.kernel.record('E12', 'candidate.backToCultivation', {
          actorId: review.actorId,
          detail: { date: review.date, rule: 'RULES §E step 12' },
        });
        return review.date;
      }
      const pre = await this.approval(
        'E13',
        this.org.upperCommitteeId,
        '上级党委预审',
        'Upper committee pre-review',
        this.practiceDue('preReviewDeadline'),
        (p, outcome) => this.checkLeaving(p, outcome),
      );
      if (pre.outcome === 'approve') return null;
      await this.kernel.record('E13', 'preReview.backToBranch', {
        actorId: pre.actorId,
        outcome: pre.outcome,
        detail: { rule: 'RULES §E step 13' },
      });
    }
  }

  /** RULES §E step 13: an approving pre-review with `expectedLeaveDate` within the block is refused (422). */
  private checkLeaving(p: Record<string, unknown> | undefined, outcome: string): RuleViolation | null {
    const leave = p?.expectedLeaveDate;
    if (leave === undefined || outcome !== 'approve') return null;
    if (typeof leave !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(leave)) {
      return invalidPayload('expectedLeaveDate (YYYY-MM-DD)', 'RULES §E step 13');
    }
    const on = typeof p?.date === 'string' ? p.date : this.today();
    try {
      return checkLeavingUnit(leave, on, this.policy);
    } catch (e) {
      if (isDomainRuleError(e)) return e.violation;
      throw e;
    }
  }

  // ── Stage 4: admission as probationary member ──

  private async stage4(): Promise<void> {
    await this.ask({
      step: 'E14',
      kind: 'input',
      title: `填写入党志愿书：${this.input.personName}`,
      titleEn: `Admission form: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
    });
    let approved: Dated | 'revote' | null;
    for (;;) {
      // RULES §E step 15: an inquorate meeting cannot vote — recorded and held again; only a vote that does not pass
      // rejects the candidate.
      let decision: Dated;
      for (;;) {
        const vote = await this.branchVote(
          'E15',
          '支部大会讨论接收预备党员',
          'Branch general meeting vote on admission',
        );
        if (vote.result.passed) {
          decision = vote.decision;
          break;
        }
        if (vote.result.quorumMet) this.fail(vote.result.violation!.code as AdmissionRejection, vote.result.violation);
      }
      this.dates.admissionVote = decision.date; // the meeting date: probation starts here (RULES §E key dates)
      await this.ask({
        step: 'E16',
        kind: 'input',
        title: `上级党委派人谈话：${this.input.personName}`,
        titleEn: `Talk by the upper committee: ${this.input.personName}`,
        assignedBodyId: this.org.upperCommitteeId,
        validatePayload: (p) => requireFields(p, ['talkerId'], 'RULES §E step 16'),
      });
      approved = await this.upperApproval('E17', this.dates.admissionVote, this.policy.admissionApprovalDeadline);
      if (approved !== 'revote') break;
      // RULES §E step 17 (never > 6 months) / step 15 (stale resolution): the branch votes again.
      await this.kernel.record('E17', 'resolution.expired', {
        detail: {
          voteDate: this.dates.admissionVote,
          hardLimit: upperApprovalLimits('E17', this.dates.admissionVote, this.policy).hardLimit,
          rule: 'RULES §E step 17',
        },
      });
    }
    if (!approved) this.fail('approvalRejected', null);
    this.dates.approval = approved.date;
    this.dates.probationEnd = probationEndDate(this.dates.admissionVote, this.policy);
    await this.milestone({
      personId: this.input.personId,
      orgId: this.org.orgId,
      milestone: 'probationary',
      date: this.dates.admissionVote,
    });
    this.probationaryOpen = true;
    await this.kernel.record('E18', 'admission.filed', {
      detail: { rule: 'RULES §E step 18', approval: this.dates.approval },
    });
    await this.kernel.record('E19', 'member.placed', {
      detail: { status: 'probationary', since: this.dates.admissionVote, probationEnd: this.dates.probationEnd },
    });
  }

  /**
   * RULES §E step 17 (and 24): party group first in organs (§A.3), then the upper committee; due 3 months with the
   * kernel's escalation. Counted from the branch resolution, approval still missing after 3 months raises
   * approvalBeyondThreeMonths, after the 6-month hard limit approvalBeyondSixMonths with a recorded breach.
   */
  private async upperApproval(
    step: UpperApprovalStep,
    voteDate: string,
    due: Duration,
  ): Promise<Dated | 'revote' | null> {
    let done = false;
    // RULES §E step 17: the approval (and the party group's decision before it) is checked when given — a reason
    // after 3 months, none at all after 6 (or, when adopted, once the resolution is stale: H-9).
    const timing: PayloadCheck = (p, outcome) => {
      if (outcome !== 'approve') return null;
      const on = typeof p?.date === 'string' ? p.date : this.today();
      return (
        checkApprovalTiming(step, voteDate, on, p?.lateReason, this.policy) ??
        (step === 'E17' ? checkResolutionCurrent(voteDate, on, this.policy) : null)
      );
    };
    const { dueDate, hardLimit } = upperApprovalLimits(step, voteDate, this.policy);
    const watch = (async () => {
      await this.watchDeadline(
        () => done,
        dueDate,
        async () => {
          const v = checkApprovalDueDate(step, voteDate, this.today(), this.policy);
          if (v) await this.raiseFlag('approvalBeyondThreeMonths', step, v, `${step}BeyondThreeMonths`);
        },
      );
      await this.watchDeadline(
        () => done,
        hardLimit,
        async () => {
          const v = checkApprovalHardLimit(voteDate, this.today(), this.policy, step);
          if (v)
            await this.raiseFlag('approvalBeyondSixMonths', step, v, `${step}BeyondSixMonths`, 'compliance.breach');
        },
      );
    })();
    try {
      for (;;) {
        if (this.org.partyGroupBodyId) {
          const pg = await this.approval(
            `${step}-PG`,
            this.org.partyGroupBodyId,
            '党组研究决定',
            'Party group decision',
            due,
            timing,
          );
          if (pg.outcome === 'reject') return null;
          if (pg.outcome === 'return') {
            if (this.revoteDue(step, voteDate)) return 'revote';
            continue;
          }
        }
        const upper = await this.approval(
          step,
          this.org.upperCommitteeId,
          '上级党委审批',
          'Upper committee approval',
          due,
          timing,
        );
        if (upper.outcome === 'reject') return null;
        if (upper.outcome === 'approve') {
          await this.recordLateApproval(step, voteDate, upper);
          return upper;
        }
        if (this.revoteDue(step, voteDate)) return 'revote';
      }
    } finally {
      done = true;
      await watch;
    }
  }

  /**
   * RULES §E step 17 "never more than six months" (and, when adopted, the stale-resolution rule of step 15): a case
   * returned once the resolution can no longer be approved goes back to the branch for a new vote.
   */
  private revoteDue(step: UpperApprovalStep, voteDate: string): boolean {
    if (step !== 'E17') return false;
    const today = this.today();
    const beyond = compareInstants(today, upperApprovalLimits(step, voteDate, this.policy).hardLimit) > 0;
    const stale = resolutionStaleness(voteDate, today, this.policy) !== 'current';
    return (beyond || stale) && patched(APPROVAL_LIMIT_REVOTE);
  }

  /** An approval after the 3-month deadline is recorded with the approver's reason (RULES §E step 17 / 24). */
  private async recordLateApproval(step: UpperApprovalStep, voteDate: string, upper: Dated): Promise<void> {
    const { dueDate } = upperApprovalLimits(step, voteDate, this.policy);
    if (compareInstants(upper.date, dueDate) <= 0) return;
    await this.kernel.record(step, 'approval.late', {
      actorId: upper.actorId,
      comment: typeof upper.payload?.lateReason === 'string' ? upper.payload.lateReason : null,
      detail: { voteDate, dueDate, approvedOn: upper.date, rule: `RULES §E step ${step.slice(1)}` },
    });
  }

  // ── Stage 5: probation and full membership ──

  private async stage5(): Promise<'full'> {
    const oath = await this.ask({
      step: 'E20',
      kind: 'input',
      title: `入党宣誓：${this.input.personName}`,
      titleEn: `Oath: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
    });
    this.dates.oath = oath.date;
    // RULES H-9: the conversion meeting deadlines (1, at most 3 months) are practice, watched only when adopted
    const watch = this.practiceOn('conversionMeetingDeadline') ? this.watchConversionResolution() : Promise.resolve();
    try {
      await this.probation();
    } finally {
      this.probationOver = true;
      await watch;
    }
    const archive = await this.ask({
      step: 'E25',
      kind: 'input',
      title: `材料归档：${this.input.personName}`,
      titleEn: `Archive the file: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
    });
    this.dates.archived = archive.date;
    this.kernel.setStage('E25');
    return 'full';
  }

  /**
   * RULES §E steps 21–24 until full membership: an extension starts a new period (once); step 24 not approved goes
   * back to the step-23 vote; a cancellation ends the case.
   */
  private async probation(): Promise<void> {
    let extensions = 0;
    let assessedUntil = this.dates.admissionVote!;
    for (;;) {
      // RULES §E step 21: assessments every 6 months until the (possibly extended) probation end.
      for (const at of assessmentDates(
        assessedUntil,
        this.dates.probationEnd!,
        this.policy.activistAssessmentInterval,
      )) {
        this.kernel.setStage('E21');
        await this.sleepUntil(at);
        await this.ask({
          step: 'E21',
          kind: 'input',
          title: `预备党员考察：${this.input.personName}`,
          titleEn: `Probationary member assessment: ${this.input.personName}`,
          assignedBodyId: this.org.orgId,
        });
        assessedUntil = at;
      }
      // RULES §E steps 21–22: the application is due at the probation end, later by a postponement granted on
      // transfer (re-read while waiting: a transfer may postpone it meanwhile).
      this.kernel.setStage('E22');
      await this.waitUntilDate(() => this.discussionFrom()!);
      const application = await this.ask({
        step: 'E22',
        kind: 'input',
        title: `转正申请：${this.input.personName}`,
        titleEn: `Application for full membership: ${this.input.personName}`,
        assignedBodyId: this.org.orgId,
        assigneeUserIds: [],
      });
      this.dates.fullMembershipApplication = application.date;
      let decision: Dated;
      let resolution: 'full' | 'extend' | 'cancel';
      let vote: { decision: Dated; result: BranchVoteResult };
      for (;;) {
        // RULES §E step 23: same vote rules as step 15; a vote without a resolution is discussed again (H-22).
        await this.waitUntilDate(() => this.discussionFrom()!);
        do {
          vote = await this.branchVote(
            'E23',
            '支部大会讨论转正',
            'Branch general meeting vote on full membership',
            extensions,
          );
        } while (!vote.result.passed);
        this.dates.conversionVote = vote.decision.date;
        this.resolvedFor = this.dates.probationEnd!;
        resolution = vote.decision.payload!.resolution as 'full' | 'extend' | 'cancel';
        const approved = await this.upperApproval(
          'E24',
          this.dates.conversionVote,
          this.policy.conversionApprovalDeadline,
        );
        if (approved && approved !== 'revote') {
          decision = approved;
          break;
        }
        // Not approved → the branch discusses again (step 23) at the same probation end; the period counts as
        // undecided again, so the resolution flags can be raised for it.
        this.resolvedFor = null;
        await this.kernel.record('E24', 'resolution.notApproved', { detail: { resolution, rule: 'RULES §E step 24' } });
      }
      this.dates.conversionApproval = decision.date;
      if (resolution === 'extend') {
        extensions += 1;
        const months = Number(vote.decision.payload!.extensionMonths);
        const previousEnd = this.dates.probationEnd!;
        this.dates.probationEnd = extendedProbationEnd(previousEnd, months, this.policy);
        this.postponedMonths = 0; // a postponement granted on transfer applied to the period that ended
        assessedUntil = previousEnd;
        await this.kernel.record('E23', 'probation.extended', {
          detail: { months, previousEnd, probationEnd: this.dates.probationEnd, rule: 'RULES §E step 23' },
        });
        continue;
      }
      if (resolution === 'cancel') {
        await this.milestone({
          personId: this.input.personId,
          orgId: this.org.orgId,
          milestone: 'probationCancelled',
          date: this.dates.conversionApproval,
        });
        this.probationaryOpen = false;
        this.fail('probationCancelled', null, vote.decision.comment);
      }
      // 党龄 counts from the end of the (extended) probation, not from the approval date (RULES §E outcome dates).
      this.dates.fullMember = this.dates.probationEnd!;
      await this.milestone({
        personId: this.input.personId,
        orgId: this.org.orgId,
        milestone: 'full',
        date: this.dates.fullMember,
      });
      this.probationaryOpen = false;
      await this.kernel.record('E24', 'member.full', { detail: { since: this.dates.fullMember, extensions } });
      return;
    }
  }

  /**
   * RULES §E step 23 (practice: within 1 month, 3 months at most): raises probationEndedWithoutDecision when no
   * resolution is passed by the day after the probation end plus postponement plus `conversionMeetingDeadline`, and
   * conversionMeetingBeyondThreeMonths after `conversionMeetingMaxDeadline`. Each once per period (probation end and
   * postponement); follows a later postponement, an extension (a new period) and a step-24 refusal (undecided again).
   */
  private async watchConversionResolution(): Promise<void> {
    const raised = new Set<string>();
    const pending = () => this.resolvedFor !== this.dates.probationEnd;
    for (;;) {
      if (this.probationOver) return;
      if (!pending()) {
        await condition(() => this.probationOver || pending());
        continue;
      }
      const end = this.dates.probationEnd!;
      const postponed = this.postponedMonths;
      const moved = () =>
        this.probationOver || !pending() || this.dates.probationEnd !== end || this.postponedMonths !== postponed;
      const deadlines = [
        {
          flag: 'probationEndedWithoutDecision' as const,
          due: conversionResolutionDueDate(end, postponed, this.policy),
          check: checkConversionResolution,
        },
        {
          flag: 'conversionMeetingBeyondThreeMonths' as const,
          due: conversionMeetingMaxDueDate(end, postponed, this.policy),
          check: checkConversionMeetingMax,
        },
      ].filter((d) => !raised.has(`${d.flag}@${end}+${postponed}`));
      const next = deadlines[0];
      if (!next) {
        await condition(moved);
        continue;
      }
      const ms = this.dateStartMs(overdueFrom(next.due)) - Date.now();
      if (ms > 0 && (await this.kernel.deadlines.within(moved, ms))) continue;
      if (moved()) continue;
      raised.add(`${next.flag}@${end}+${postponed}`);
      const v = next.check(end, postponed, this.today(), this.policy);
      if (v) await this.raiseFlag(next.flag, 'E23', v);
    }
  }

  // ── helpers ──

  /** Branch general meeting vote (RULES §E step 15; step 23 uses the same rules and adds the resolution). */
  private async branchVote(
    step: 'E15' | 'E23',
    title: string,
    titleEn: string,
    extensions = 0,
  ): Promise<{ decision: Dated; result: BranchVoteResult }> {
    const validate: Validator = (p) => {
      const counts = voteCounts(p);
      if (!counts) return invalidPayload('entitled, present, forVotes (integers)', 'RULES §E step 15');
      try {
        checkBranchVote(counts, this.policy);
      } catch (e) {
        if (isDomainRuleError(e)) return e.violation;
        throw e;
      }
      if (step === 'E15') {
        // RULES §E step 10 (practice, H-9): when adopted, the review conclusion is valid 12 months at the vote
        const on = typeof p?.meetingDate === 'string' ? p.meetingDate : this.today();
        return this.dates.politicalReview
          ? checkPoliticalReviewValid(this.dates.politicalReview, on, this.policy)
          : null;
      }
      const resolution = p?.resolution;
      if (resolution !== 'full' && resolution !== 'extend' && resolution !== 'cancel') {
        return invalidPayload('resolution (full | extend | cancel)', 'RULES §E step 23');
      }
      return resolution === 'extend'
        ? checkProbationExtension(Number(p?.extensionMonths), extensions, this.policy)
        : null;
    };
    const decision = await this.ask({
      step,
      kind: 'input',
      title: `${title}：${this.input.personName}`,
      titleEn: `${titleEn}: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
      validatePayload: validate,
    });
    const result = checkBranchVote(voteCounts(decision.payload ?? undefined)!, this.policy);
    this.kernel.state.data[step === 'E15' ? 'admissionVote' : 'conversionVote'] = {
      ...voteCounts(decision.payload ?? undefined),
      passed: result.passed,
      requiredPresent: result.requiredPresent,
      requiredFor: result.requiredFor,
      totalFor: result.totalFor,
      exactlyHalfUsed: result.exactlyHalfUsed, // RULES H-2: a toggle that decided the vote is on the record
    };
    await this.kernel.record(step, 'branchVote.counted', {
      actorId: decision.actorId,
      outcome: result.passed ? 'passed' : 'notPassed',
      comment: result.explanation,
      detail: {
        rule: 'RULES §E step 15',
        requiredPresent: result.requiredPresent,
        requiredFor: result.requiredFor,
        totalFor: result.totalFor,
        meetingDate: decision.date,
        ...(result.exactlyHalfUsed ? { exactlyHalfUsed: true, toggle: 'branchVoteAllowExactlyHalf' } : {}),
      },
    });
    if (!result.quorumMet) {
      // The meeting could not vote: recorded, and the step is held again (RULES §E step 15 quorum).
      await this.kernel.record(step, 'meeting.inquorate', {
        actorId: decision.actorId,
        comment: result.explanation,
        detail: {
          rule: 'RULES §E step 15',
          meetingDate: decision.date,
          entitled: voteCounts(decision.payload ?? undefined)!.entitled,
          present: voteCounts(decision.payload ?? undefined)!.present,
          requiredPresent: result.requiredPresent,
        },
      });
    }
    return { decision, result };
  }

  private approval(
    step: string,
    bodyId: string,
    title: string,
    titleEn: string,
    due?: Duration | null,
    validatePayload?: PayloadCheck,
  ): Promise<Dated> {
    return this.ask({
      step,
      kind: 'approval',
      title: `${title}：${this.input.personName}`,
      titleEn: `${titleEn}: ${this.input.personName}`,
      assignedBodyId: bodyId,
      due: due ?? null,
      ...(validatePayload ? { validatePayload } : {}),
    });
  }

  /**
   * A task of the case with its step date (RULES §E key dates): the payload's date field (`stepDateField`) is
   * checked in the validator — a real date, not after today, not before the latest date the case recorded (422
   * naming both steps) — and recorded; without it the decision's local date counts.
   */
  private async ask(spec: TaskSpec): Promise<Dated> {
    const field = stepDateField(spec.step);
    const own = spec.validatePayload;
    const decision = await this.kernel.ask({
      ...spec,
      validatePayload: (p, outcome) =>
        own?.(p, outcome) ??
        checkStepDate(spec.step, field, p?.[field], this.today(), this.lastRecorded()) ??
        this.checkMinimumPeriod(spec.step, p, outcome),
    });
    const given = decision.payload?.[field];
    const date = typeof given === 'string' ? given : localDate(decision.at, this.policy);
    this.stepDates.push({ step: spec.step, date });
    return { ...decision, date };
  }

  /** Registry writes one after another, so two quick transfers (or a transfer and a step) cannot race. */
  private milestone(i: RecordAdmissionMilestoneInput): Promise<void> {
    const run = this.milestones.then(() => acts.recordAdmissionMilestone(i));
    this.milestones = run.catch(() => undefined);
    return run;
  }

  // ── transfers (RULES §E step 21, H-12) ──

  /** Updates beside the steps (transfer, contacts) are refused once the case is closing or closed. */
  private guardActive(): void {
    if (this.kernel.closing || this.kernel.state.status !== 'active') {
      throwIfViolated(caseNotActive(this.kernel.closing ? 'closing' : this.kernel.state.status));
    }
  }

  private validateTransfer({ actor, transfer }: AdmissionTransferArgs): void {
    this.guardActive();
    throwIfViolated(checkTransferActor(actor, this.org.orgPath, this.org.upperCommitteeId));
    throwIfViolated(checkTransferStage(this.kernel.state.stage));
    throwIfViolated(checkTransferTarget(this.org.orgId, transfer.toOrgId));
    try {
      throwIfViolated(checkTransferDate(transfer.effectiveDate, this.lastRecorded()));
      throwIfViolated(
        checkTransferNotLate(
          transfer.effectiveDate,
          this.today(),
          transferPhase(this.kernel.state.stage)!,
          this.dates.probationEnd ?? null,
        ),
      );
    } catch (e) {
      if (isDomainRuleError(e)) throw ruleFailure(e.violation);
      throw e;
    }
    throwIfViolated(
      checkTransferPostponement(
        transfer.postponeMonths ?? 0,
        transferPhase(this.kernel.state.stage)!,
        this.postponedMonths,
        this.policy,
      ),
    );
  }

  /**
   * Moves the case to the receiving branch: its upper committee and party group take over; open tasks of the sending
   * bodies are reassigned in place; every date is kept (H-12). Answers once the inbox shows the moved tasks.
   */
  private async transfer({ actor, transfer }: AdmissionTransferArgs): Promise<AdmissionTransferResult> {
    const stage = this.kernel.state.stage;
    const from = this.org;
    const to: CaseOrg = {
      orgId: transfer.toOrgId,
      orgPath: [...transfer.toOrgPath],
      upperCommitteeId: transfer.upperCommitteeId,
      partyGroupBodyId: transfer.partyGroupBodyId,
    };
    const bodyMap: Record<string, string> = { [from.orgId]: to.orgId, [from.upperCommitteeId]: to.upperCommitteeId };
    if (from.partyGroupBodyId && to.partyGroupBodyId) bodyMap[from.partyGroupBodyId] = to.partyGroupBodyId;
    this.org = to;
    this.kernel.state.data.bodies = this.bodies();
    const phase = transferPhase(stage)!;
    const postponeMonths = transfer.postponeMonths ?? 0;
    this.postponedMonths += postponeMonths;
    const movedTaskIds = this.kernel.relocate({ orgId: to.orgId, orgPath: to.orgPath }, bodyMap);
    const record: AdmissionTransferRecord = {
      fromOrgId: from.orgId,
      toOrgId: to.orgId,
      fromUpperCommitteeId: from.upperCommitteeId,
      toUpperCommitteeId: to.upperCommitteeId,
      effectiveDate: transfer.effectiveDate,
      phase,
      postponeMonths,
      reason: transfer.reason,
      documentNo: transfer.documentNo ?? null,
      actorId: actor.userId,
      stage,
      movedTaskIds,
    };
    this.transfers.push(record);
    const discussionFrom = this.discussionFrom();
    await this.kernel.record(stage, 'admission.transferred', {
      actorId: actor.userId,
      comment: transfer.reason,
      detail: {
        ...record,
        rule: 'RULES §E step 21',
        activistDate: this.dates.activist ?? null,
        admissionVote: this.dates.admissionVote ?? null,
        probationEnd: this.dates.probationEnd ?? null,
        discussionFrom,
      },
    });
    if (phase === 'probationary') {
      // The registry follows the member: probationary at the receiving branch from the effective date.
      await this.milestone({
        personId: this.input.personId,
        orgId: from.orgId,
        toOrgId: to.orgId,
        milestone: 'transferred',
        date: transfer.effectiveDate,
      });
    }
    await this.kernel.flush();
    return { caseId: this.kernel.state.caseId, orgId: to.orgId, stage, discussionFrom };
  }

  // ── cultivation contacts (RULES §E step 5: contact leaves → reassign) ──

  private contactIds(): string[] {
    const ids = this.kernel.state.data.contactIds;
    return Array.isArray(ids) ? (ids as string[]) : [];
  }

  private validateContactChange({ actor, change }: AdmissionContactChangeArgs): void {
    this.guardActive();
    throwIfViolated(checkContactChangeActor(actor, this.org.orgPath));
    throwIfViolated(checkContactChangeStage(this.kernel.state.stage, this.contactIds().length > 0));
    throwIfViolated(checkCultivationContacts(change.contactIds, this.policy)); // H-21
    throwIfViolated(checkContactsChanged(this.contactIds(), change.contactIds));
    throwIfViolated(checkContactChangeCap(this.contactChanges.length, this.policy)); // issue 8 §2
    // checkStepDate answers a malformed date itself (STEP_DATE_INVALID), it does not throw
    throwIfViolated(checkStepDate('E5', 'effectiveDate', change.effectiveDate, this.today(), this.lastRecorded()));
  }

  /** The new contacts replace the old ones; the change is kept on the case and in the step-5 record. */
  private async changeContacts({ actor, change }: AdmissionContactChangeArgs): Promise<AdmissionContactChangeRecord> {
    const record: AdmissionContactChangeRecord = {
      fromContactIds: this.contactIds(),
      toContactIds: [...change.contactIds],
      effectiveDate: change.effectiveDate ?? this.today(),
      reason: change.reason,
      actorId: actor.userId,
      stage: this.kernel.state.stage,
    };
    this.contactChanges.push(record);
    this.kernel.state.data.contactIds = record.toContactIds;
    await this.kernel.record('E5', 'contacts.changed', {
      actorId: actor.userId,
      comment: change.reason,
      detail: { ...record, rule: 'RULES §E step 5' },
    });
    await this.kernel.flush();
    return record;
  }

  /** The latest date the case recorded: the application, every decided step's date, transfers, contact changes. */
  private lastRecorded(): StepDateRef | null {
    return latestStepDate([
      ...this.stepDates,
      ...this.transfers.map((t) => ({ step: 'transfer', date: t.effectiveDate })),
      ...this.contactChanges.map((c) => ({ step: 'E5', date: c.effectiveDate })),
    ]);
  }

  /** Steps 22–23 are due from here: the probation end plus any postponement (null before probation). */
  private discussionFrom(): string | null {
    return this.dates.probationEnd ? conversionDiscussionFrom(this.dates.probationEnd, this.postponedMonths) : null;
  }

  private bodies() {
    return { upperCommitteeId: this.org.upperCommitteeId, partyGroupBodyId: this.org.partyGroupBodyId };
  }

  // ── compliance flags ──

  /**
   * Records a missed deadline: the flag once in data.flags (the compliance record), the numbers under `key` in
   * data.compliance, a timeline entry, and the projection at once.
   */
  private async raiseFlag(
    flag: ComplianceFlagName,
    step: string,
    v: RuleViolation,
    key: string = flag,
    event = 'compliance.flagged',
  ): Promise<void> {
    if (!this.flags.includes(flag)) this.flags.push(flag);
    this.compliance[key] = v.numbers;
    await this.kernel.record(step, event, {
      outcome: flag,
      comment: v.message,
      detail: { flag, violation: v },
    });
    this.kernel.refreshSummary();
    await this.kernel.flush();
  }

  /** Waits until the day after `dueDate` unless `done` first; then runs `onLate` (a flag). */
  private async watchDeadline(done: () => boolean, dueDate: string, onLate: () => Promise<void>): Promise<void> {
    const ms = this.dateStartMs(overdueFrom(dueDate)) - Date.now();
    if (ms > 0 && (await this.kernel.deadlines.within(done, ms))) return;
    if (done()) return;
    await onLate();
  }

  /** Waits until a date that may move later while waiting (a postponement); returns once it is reached. */
  private async waitUntilDate(target: () => string): Promise<void> {
    for (;;) {
      const at = target();
      const ms = this.dateStartMs(at) - Date.now();
      if (ms <= 0 || compareInstants(at, this.today()) <= 0) return; // already that date locally
      const moved = await this.kernel.waitFor(this.kernel.deadlines.within(() => target() !== at, ms));
      if (!moved) return;
    }
  }

  /**
   * Durable timer to the start of a date on the local calendar (local midnight; UTC midnight for runs recorded before); the case can still be withdrawn or cancelled while it waits. A date that
   * has already begun on the local calendar is due at once: from 16:00 UTC the local date is the next UTC date, and
   * waiting for its UTC midnight would hold a step due today (a drill's zero-length period) for up to 8 hours.
   */
  private async sleepUntil(date: string): Promise<void> {
    if (compareInstants(date, this.today()) <= 0) return;
    const ms = this.dateStartMs(date) - Date.now();
    if (ms > 0) await this.kernel.waitFor(sleep(ms));
  }

  private fail(reason: AdmissionRejection, v: RuleViolation | null, comment?: string | null): never {
    this.kernel.state.data.rejection = {
      reason,
      comment: comment ?? null,
      ...(v ? { rule: v.rule, message: v.message, messageEn: v.messageEn, numbers: v.numbers } : {}),
    };
    return this.kernel.reject(reason);
  }

  /** A practice timer adopted by the policy (RULES H-9); runs that started before issue 10 keep their timers. */
  private practiceOn(timer: PracticeTimer): boolean {
    return practiceTimerOn(timer, this.policy) || !patched(PRACTICE_TIMERS_OFF);
  }

  /** The task deadline of a practice step: its policy period when adopted, else none (RULES H-9, practiceDeadline). */
  private practiceDue(
    timer: 'contactAssignDeadline' | 'politicalReviewDeadline' | 'preReviewDeadline',
  ): Duration | null {
    // runs that started before issue 10 keep their timers (practiceOn asks the patch only when the timer is off)
    return practiceDeadline(timer, this.policy) ?? (this.practiceOn(timer) ? this.policy[timer] : null);
  }

  /** Epoch ms at which a local calendar date begins (local midnight); UTC midnight for runs recorded before. */
  private dateStartMs(date: string): number {
    return parseIsoInstant(dateStart(date, this.policy));
  }

  /**
   * A back-dated step date may not defeat a minimum period (RULES §E steps 3, 7–8, 22–23): the date given (or today)
   * is checked against the case's recorded dates. Selections (steps 3, 7, 8) only when they select.
   */
  private checkMinimumPeriod(step: string, p: Record<string, unknown> | undefined, outcome: string) {
    if (['E3', 'E7', 'E8'].includes(step) && outcome !== 'approve') return null;
    const given = p?.[stepDateField(step)];
    const date = typeof given === 'string' ? given : this.today();
    return checkStepMinimumPeriod(
      step,
      date,
      {
        application: this.dates.application,
        activist: step === 'E3' ? undefined : this.dates.activist,
        probationEnd: this.dates.probationEnd,
        discussionFrom: this.discussionFrom(),
      },
      this.policy,
    );
  }

  /** Today on the local calendar (policy `localUtcOffsetMinutes`), from workflow time. */
  private today(): string {
    return localDate(new Date().toISOString(), this.policy);
  }
}

/** A policy period in a task title — （1个月内） / (within 1 month) — or nothing for a zero (drill) period. */
function periodNote(d: Duration) {
  const zero = !d.years && !d.months && !d.days;
  const t = durationText(d);
  return {
    zh: (suffix: string, prefix = '') => (zero ? '' : `（${prefix}${t.zh}${suffix}）`),
    en: (word: string) => (zero ? '' : ` (${word} ${t.en})`),
  };
}

function voteCounts(p: Record<string, unknown> | undefined) {
  const n = (k: string) => (typeof p?.[k] === 'number' ? (p[k] as number) : undefined);
  const entitled = n('entitled');
  const present = n('present');
  const forVotes = n('forVotes');
  if (entitled === undefined || present === undefined || forVotes === undefined) return null;
  return { entitled, present, forVotes, writtenForVotes: n('writtenOpinionsFor') ?? 0 };
}

function cancelPayload(rule: string): Validator {
  return (p) => {
    if (p?.cancel !== true) return null;
    return typeof p.reason === 'string' && p.reason.trim() ? null : invalidPayload('reason (required to cancel)', rule);
  };
}
