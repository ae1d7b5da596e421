import { condition, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import {
  transferAdmissionUpdate,
  type AdmissionDates,
  type AdmissionInput,
  type AdmissionRejection,
  type AdmissionTransferArgs,
  type AdmissionTransferRecord,
  type AdmissionTransferResult,
  type CaseState,
} from '../../libs/contracts';
import {
  activistEligibleFrom,
  assessmentDates,
  caseNotActive,
  checkActivistPeriod,
  checkApplicantAge,
  checkApprovalDueDate,
  checkApprovalHardLimit,
  checkBranchVote,
  checkConversionResolution,
  checkCultivationContacts,
  checkIntensiveTraining,
  checkIntroducers,
  checkProbationExtension,
  checkTalkDeadline,
  checkTransferActor,
  checkTransferDate,
  checkTransferPostponement,
  checkTransferStage,
  checkTransferTarget,
  compareInstants,
  conversionDiscussionFrom,
  conversionResolutionDueDate,
  firstDayLate,
  isDomainRuleError,
  nextAssessmentDate,
  parseIsoInstant,
  periodEnd,
  probationEndDate,
  talkDueDate,
  toDateOnly,
  transferPhase,
  upperApprovalLimits,
  type BranchVoteResult,
  type ComplianceFlagName,
  type Duration,
  type RuleViolation,
  type UpperApprovalStep,
} from '../../libs/domain';
import { acts } from '../kernel/activity-proxies';
import { CaseKernel, type TaskDecision } from '../kernel/case-kernel';
import { ruleFailure, throwIfViolated } from '../kernel/rule-failure';
import { invalidPayload, requireFields, type Validator } from './admission-payloads';

/**
 * 发展党员 — member development (RULES §E, 5 stages, 25 steps) as one durable case per person and branch.
 *
 * Policies chosen for the open questions (RULES §H):
 * - H-4: written opinions of absentees count as for-votes, not attendance; the entitled count is not reduced by the
 *   election-only exclusions (the API supplies it).
 * - H-9: local timers (application ≥ 6 months before activist, review validity) are not enforced here.
 * - H-12: a transfer (transferAdmission update) moves the case to the receiving branch, its upper committee and party
 *   group for every later step; open tasks are reassigned there in place; every date (application, activist start,
 *   probation start and end) is kept, so the one-year and probation clocks continue. Allowed from step 4 to 11 and
 *   from step 19 to 22. A probationary member's full-membership discussion (steps 22–23) may be postponed on
 *   transfer by whole months, all postponements of one probation period together ≤ transferPostponeMax (6); full
 *   membership still dates from the probation end. An extension starts a new period without postponement.
 * - H-13: dates use the domain period arithmetic (same calendar day, month-end clamp, optional minus one day).
 * - H-14: no general-branch review step; the branch reports straight to the upper committee.
 * - H-15: the political review conclusion is kept only as pass/fail in the case; the text is the reviewer's payload.
 * - H-16: the branch holding the case must be able to admit (the API checks the organization type).
 * - H-21: 1–2 cultivation contacts.
 * - H-22: a full-membership vote without a resolution goes back to the branch (step 23 again); the upper committee
 *   deciding directly is not supported.
 * Compliance flags (data.flags, de-duplicated, never cleared): talkOverdue (step 2), approvalBeyondThreeMonths and
 * approvalBeyondSixMonths (steps 17 and 24, counted from the branch resolution), probationEndedWithoutDecision (no
 * step-23 resolution one month after the probation end plus postponement). Each is raised on a durable timer the day
 * after its deadline, recorded in the timeline ('compliance.flagged'; the 6-month hard limit as 'compliance.breach')
 * with its numbers in data.compliance, and projected at once.
 * Zero-length policy periods (drill profile 2026.1-drill): one activist assessment per round of cultivation, due at
 * once; no periodic probation assessments; the full-membership application opens right after the oath.
 * Failure paths end the case as 'rejected' with a reason code (AdmissionRejection); a new round is a new case.
 * "Not selected" (step 3) ends the case with reason 'notSelected': the person stays an applicant and the branch may
 * open a new case later (RULES §E state machine APPLICANT —(not selected)→ APPLICANT).
 */
export async function admissionWorkflow(input: AdmissionInput): Promise<CaseState> {
  const kernel = new CaseKernel({
    caseId: workflowInfo().workflowId,
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
  return kernel.run(() => flow.steps());
}

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
  private org: CaseOrg;
  /** months the current probation period's full-membership discussion is postponed by transfers */
  private postponedMonths = 0;
  /** the probation end a step-23 resolution was passed for (the flag watcher's "decided") */
  private resolvedFor: string | null = null;
  private probationOver = false;

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
    kernel.state.data.bodies = this.bodies();
    setHandler(transferAdmissionUpdate, (args) => this.transfer(args), {
      validator: (args) => this.validateTransfer(args),
    });
  }

  private get policy() {
    return this.kernel.policy;
  }

  async steps(): Promise<Record<string, unknown>> {
    await this.stage1();
    await this.stage2();
    await this.stage3();
    await this.stage4();
    const outcome = await this.stage5();
    return { outcome, dates: this.dates };
  }

  // ── Stage 1: application and talk ──

  private async stage1(): Promise<void> {
    this.dates.application = this.input.applicationDate;
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
      const talk = await this.kernel.ask({
        step: 'E2',
        kind: 'input',
        title: `派人谈话（一个月内）：${this.input.personName}`,
        titleEn: `Talk with the applicant (within one month): ${this.input.personName}`,
        assignedBodyId: this.org.orgId,
        due: this.policy.applicationTalkDeadline,
        validatePayload: (p) => requireFields(p, ['talkerId'], 'RULES §E step 2'),
      });
      this.dates.talk = this.dateOf(talk);
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
      this.dates.activist = this.dateOf(select);
      // RULES §E step 4: filing with the upper committee, which may object and send the case back to step 3.
      const filing = await this.approval(
        'E4',
        this.org.upperCommitteeId,
        '入党积极分子报上级党委备案',
        'Activist filing with the upper committee',
      );
      if (filing.outcome === 'reject') this.fail('activistFilingRejected', null, filing.comment);
      if (filing.outcome === 'return') continue;
      this.dates.activistFiled = this.dateOf(filing);
      break;
    }
    this.kernel.setStage('E5');
    const contacts = await this.kernel.ask({
      step: 'E5',
      kind: 'input',
      title: `指定培养联系人：${this.input.personName}`,
      titleEn: `Assign cultivation contacts: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
      due: this.policy.contactAssignDeadline,
      validatePayload: (p) => checkCultivationContacts(p?.contactIds, this.policy), // RULES §E step 5, H-21
    });
    this.dates.contactsAssigned = this.dateOf(contacts);
    this.kernel.state.data.contactIds = contacts.payload?.contactIds;
  }

  /**
   * RULES §E step 6: assessment every 6 months on the workflow's own timers until a full year as activist has passed
   * (counted from the recorded step-3 date); an assessment may cancel activist status.
   */
  private async cultivate(from: string): Promise<string> {
    const eligible = activistEligibleFrom(this.dates.activist!, this.policy);
    let last = from;
    for (;;) {
      last = nextAssessmentDate(last, this.policy.activistAssessmentInterval);
      this.kernel.setStage('E6');
      await this.sleepUntil(last);
      const a = await this.kernel.ask({
        step: 'E6',
        kind: 'input',
        title: `入党积极分子考察（每半年）：${this.input.personName}`,
        titleEn: `Activist assessment (every six months): ${this.input.personName}`,
        assignedBodyId: this.org.orgId,
        validatePayload: cancelPayload('RULES §E step 6'),
      });
      if (a.payload?.cancel === true) this.fail('activistCancelled', null, String(a.payload.reason));
      if (compareInstants(this.today(), eligible) >= 0) return last;
    }
  }

  // ── Stage 3: development candidate ──

  private async stage3(): Promise<void> {
    let last = this.dates.activist!;
    for (;;) {
      last = await this.cultivate(last);
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
      this.dates.candidate = this.dateOf(filing); // practice: the date the filing is accepted
      break;
    }
    await this.kernel.ask({
      step: 'E9',
      kind: 'input',
      title: `确定入党介绍人：${this.input.personName}`,
      titleEn: `Name two introducers: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
      validatePayload: (p) => checkIntroducers(p?.introducers, this.input.personId, this.policy),
    });
    const review = await this.kernel.ask({
      step: 'E10',
      kind: 'input',
      title: `政治审查：${this.input.personName}`,
      titleEn: `Political review: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
      due: this.policy.politicalReviewDeadline,
      validatePayload: (p) =>
        p?.conclusion === 'pass' || p?.conclusion === 'fail'
          ? null
          : invalidPayload('conclusion (pass | fail)', 'RULES §E step 10'),
    });
    this.dates.politicalReview = this.dateOf(review);
    if (review.payload?.conclusion === 'fail') this.fail('politicalReviewFailed', null, review.comment);
    const training = await this.kernel.ask({
      step: 'E11',
      kind: 'input',
      title: `集中培训：${this.input.personName}`,
      titleEn: `Intensive training: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
      validatePayload: (p) =>
        checkIntensiveTraining(
          { days: p?.days as number | undefined, hours: p?.hours as number | undefined },
          this.policy,
        ),
    });
    this.dates.training = this.dateOf(training);
  }

  // ── Stage 4: admission as probationary member ──

  private async stage4(): Promise<void> {
    for (;;) {
      const review = await this.approval('E12', this.org.orgId, '支部委员会审查', 'Branch committee review');
      if (review.outcome !== 'approve') this.fail('branchReviewFailed', null, review.comment);
      const pre = await this.approval(
        'E13',
        this.org.upperCommitteeId,
        '上级党委预审',
        'Upper committee pre-review',
        this.policy.preReviewDeadline,
      );
      if (pre.outcome === 'reject') this.fail('preReviewFailed', null, pre.comment);
      if (pre.outcome === 'approve') break; // return → back to the branch (step 12)
    }
    await this.kernel.ask({
      step: 'E14',
      kind: 'input',
      title: `填写入党志愿书：${this.input.personName}`,
      titleEn: `Admission form: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
    });
    const { decision, result } = await this.branchVote(
      'E15',
      '支部大会讨论接收预备党员',
      'Branch general meeting vote on admission',
    );
    if (!result.passed) this.fail(result.violation!.code as AdmissionRejection, result.violation);
    this.dates.admissionVote = this.dateOf(decision); // probation starts here (RULES §E key dates)
    await this.kernel.ask({
      step: 'E16',
      kind: 'input',
      title: `上级党委派人谈话：${this.input.personName}`,
      titleEn: `Talk by the upper committee: ${this.input.personName}`,
      assignedBodyId: this.org.upperCommitteeId,
      validatePayload: (p) => requireFields(p, ['talkerId'], 'RULES §E step 16'),
    });
    const approved = await this.upperApproval('E17', this.dates.admissionVote, this.policy.admissionApprovalDeadline);
    if (!approved) this.fail('approvalRejected', null);
    this.dates.approval = this.today();
    this.dates.probationEnd = probationEndDate(this.dates.admissionVote, this.policy);
    await acts.recordAdmissionMilestone({
      personId: this.input.personId,
      orgId: this.org.orgId,
      milestone: 'probationary',
      date: this.dates.admissionVote,
    });
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
  private async upperApproval(step: UpperApprovalStep, voteDate: string, due: Duration): Promise<boolean> {
    let done = false;
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
          );
          if (pg.outcome === 'reject') return false;
          if (pg.outcome === 'return') continue;
        }
        const upper = await this.approval(
          step,
          this.org.upperCommitteeId,
          '上级党委审批',
          'Upper committee approval',
          due,
        );
        if (upper.outcome === 'reject') return false;
        if (upper.outcome === 'approve') return true;
      }
    } finally {
      done = true;
      await watch;
    }
  }

  // ── Stage 5: probation and full membership ──

  private async stage5(): Promise<'full'> {
    const oath = await this.kernel.ask({
      step: 'E20',
      kind: 'input',
      title: `入党宣誓：${this.input.personName}`,
      titleEn: `Oath: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
    });
    this.dates.oath = this.dateOf(oath);
    const watch = this.watchConversionResolution();
    try {
      await this.probation();
    } finally {
      this.probationOver = true;
      await watch;
    }
    const archive = await this.kernel.ask({
      step: 'E25',
      kind: 'input',
      title: `材料归档：${this.input.personName}`,
      titleEn: `Archive the file: ${this.input.personName}`,
      assignedBodyId: this.org.orgId,
    });
    this.dates.archived = this.dateOf(archive);
    this.kernel.setStage('E25');
    return 'full';
  }

  /** RULES §E steps 21–24 until full membership (an extension loops once; cancellation ends the case). */
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
        await this.kernel.ask({
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
      const application = await this.kernel.ask({
        step: 'E22',
        kind: 'input',
        title: `转正申请：${this.input.personName}`,
        titleEn: `Application for full membership: ${this.input.personName}`,
        assignedBodyId: this.org.orgId,
        assigneeUserIds: [],
      });
      this.dates.fullMembershipApplication = this.dateOf(application);
      // RULES §E step 23: same vote rules as step 15; a vote without a resolution is discussed again (H-22).
      await this.waitUntilDate(() => this.discussionFrom()!);
      let decision: TaskDecision;
      for (;;) {
        const vote = await this.branchVote(
          'E23',
          '支部大会讨论转正',
          'Branch general meeting vote on full membership',
          extensions,
        );
        if (vote.result.passed) {
          decision = vote.decision;
          break;
        }
      }
      this.dates.conversionVote = this.dateOf(decision);
      this.resolvedFor = this.dates.probationEnd!;
      const resolution = decision.payload!.resolution as 'full' | 'extend' | 'cancel';
      const approved = await this.upperApproval(
        'E24',
        this.dates.conversionVote,
        this.policy.conversionApprovalDeadline,
      );
      if (!approved) {
        // Not approved → as the committee decides: the branch discusses again at the same probation end.
        await this.kernel.record('E24', 'resolution.notApproved', { detail: { resolution } });
        continue;
      }
      this.dates.conversionApproval = this.today();
      if (resolution === 'extend') {
        extensions += 1;
        const months = Number(decision.payload!.extensionMonths);
        const previousEnd = this.dates.probationEnd!;
        this.dates.probationEnd = periodEnd(previousEnd, { months }, this.policy);
        this.postponedMonths = 0; // a postponement granted on transfer applied to the period that ended
        assessedUntil = previousEnd;
        await this.kernel.record('E23', 'probation.extended', {
          detail: { months, previousEnd, probationEnd: this.dates.probationEnd, rule: 'RULES §E step 23' },
        });
        continue;
      }
      if (resolution === 'cancel') {
        await acts.recordAdmissionMilestone({
          personId: this.input.personId,
          orgId: this.org.orgId,
          milestone: 'probationCancelled',
          date: this.dates.conversionApproval,
        });
        this.fail('probationCancelled', null, decision.comment);
      }
      // 党龄 counts from the end of the (extended) probation, not from the approval date (RULES §E outcome dates).
      this.dates.fullMember = this.dates.probationEnd!;
      await acts.recordAdmissionMilestone({
        personId: this.input.personId,
        orgId: this.org.orgId,
        milestone: 'full',
        date: this.dates.fullMember,
      });
      await this.kernel.record('E24', 'member.full', { detail: { since: this.dates.fullMember, extensions } });
      return;
    }
  }

  /**
   * RULES §E step 23 (practice: within 1 month): raises probationEndedWithoutDecision when no resolution is passed
   * by the day after the probation end plus postponement plus `conversionMeetingDeadline`. Follows a later
   * postponement or an extension (a new period to decide on); stops once raised (the flag stays).
   */
  private async watchConversionResolution(): Promise<void> {
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
      const ms = parseIsoInstant(firstDayLate(conversionResolutionDueDate(end, postponed, this.policy))) - Date.now();
      if (ms > 0 && (await condition(moved, ms))) continue;
      if (moved()) continue;
      const v = checkConversionResolution(end, postponed, this.today(), this.policy);
      if (v) await this.raiseFlag('probationEndedWithoutDecision', 'E23', v);
      return;
    }
  }

  // ── helpers ──

  /** Branch general meeting vote (RULES §E step 15; step 23 uses the same rules and adds the resolution). */
  private async branchVote(
    step: 'E15' | 'E23',
    title: string,
    titleEn: string,
    extensions = 0,
  ): Promise<{ decision: TaskDecision; result: BranchVoteResult }> {
    const validate: Validator = (p) => {
      const counts = voteCounts(p);
      if (!counts) return invalidPayload('entitled, present, forVotes (integers)', 'RULES §E step 15');
      try {
        checkBranchVote(counts, this.policy);
      } catch (e) {
        if (isDomainRuleError(e)) return e.violation;
        throw e;
      }
      if (step === 'E15') return null;
      const resolution = p?.resolution;
      if (resolution !== 'full' && resolution !== 'extend' && resolution !== 'cancel') {
        return invalidPayload('resolution (full | extend | cancel)', 'RULES §E step 23');
      }
      return resolution === 'extend'
        ? checkProbationExtension(Number(p?.extensionMonths), extensions, this.policy)
        : null;
    };
    const decision = await this.kernel.ask({
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
      },
    });
    return { decision, result };
  }

  private approval(step: string, bodyId: string, title: string, titleEn: string, due?: Duration | null) {
    return this.kernel.ask({
      step,
      kind: 'approval',
      title: `${title}：${this.input.personName}`,
      titleEn: `${titleEn}: ${this.input.personName}`,
      assignedBodyId: bodyId,
      due: due ?? null,
    });
  }

  // ── transfers (RULES §E step 21, H-12) ──

  private validateTransfer({ actor, transfer }: AdmissionTransferArgs): void {
    if (this.kernel.closing || this.kernel.state.status !== 'active') {
      throwIfViolated(caseNotActive(this.kernel.closing ? 'closing' : this.kernel.state.status));
    }
    throwIfViolated(checkTransferActor(actor, this.org.orgPath, this.org.upperCommitteeId));
    throwIfViolated(checkTransferStage(this.kernel.state.stage));
    throwIfViolated(checkTransferTarget(this.org.orgId, transfer.toOrgId));
    try {
      throwIfViolated(checkTransferDate(transfer.effectiveDate, this.lastRecorded()));
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
      await acts.recordAdmissionMilestone({
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

  /** The latest date the case recorded: the application, every decided step, earlier transfers. */
  private lastRecorded(): { date: string; step: string } | null {
    let last: { date: string; step: string } | null = this.dates.application
      ? { date: this.dates.application, step: 'E1' }
      : null;
    const later = (date: string, step: string) => {
      if (!last || compareInstants(date, last.date) > 0) last = { date, step };
    };
    for (const e of this.kernel.state.timeline) {
      if (e.event === 'task.decided') later(toDateOnly(e.at), e.step);
    }
    for (const t of this.transfers) later(t.effectiveDate, 'transfer');
    return last;
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
    const ms = parseIsoInstant(firstDayLate(dueDate)) - Date.now();
    if (ms > 0 && (await condition(done, ms))) return;
    if (done()) return;
    await onLate();
  }

  /** Waits until a date that may move later while waiting (a postponement); returns once it is reached. */
  private async waitUntilDate(target: () => string): Promise<void> {
    for (;;) {
      const at = target();
      const ms = parseIsoInstant(at) - Date.now();
      if (ms <= 0) return;
      const moved = await this.kernel.waitFor(condition(() => target() !== at, ms));
      if (!moved) return;
    }
  }

  /** Durable timer to the start (UTC) of a date; the case can still be withdrawn or cancelled while it waits. */
  private async sleepUntil(date: string): Promise<void> {
    const ms = parseIsoInstant(date) - Date.now();
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

  private today(): string {
    return toDateOnly(new Date().toISOString());
  }

  private dateOf(d: TaskDecision): string {
    return toDateOnly(d.at);
  }
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
