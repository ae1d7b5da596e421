import { condition, sleep, workflowInfo } from '@temporalio/workflow';
import type { AdmissionDates, AdmissionInput, AdmissionRejection, CaseState } from '../../libs/contracts';
import {
  activistEligibleFrom,
  admissionApprovalLimits,
  assessmentDates,
  checkActivistPeriod,
  checkApplicantAge,
  checkApprovalHardLimit,
  checkBranchVote,
  checkCultivationContacts,
  checkIntensiveTraining,
  checkIntroducers,
  checkProbationExtension,
  compareInstants,
  isDomainRuleError,
  parseIsoInstant,
  periodEnd,
  probationEndDate,
  toDateOnly,
  type BranchVoteResult,
  type Duration,
  type RuleViolation,
} from '../../libs/domain';
import { acts } from '../kernel/activity-proxies';
import { CaseKernel, type TaskDecision } from '../kernel/case-kernel';
import { invalidPayload, requireFields, type Validator } from './admission-payloads';

/**
 * 发展党员 — member development (RULES §E, 5 stages, 25 steps) as one durable case per person and branch.
 *
 * Policies chosen for the open questions (RULES §H):
 * - H-4: written opinions of absentees count as for-votes, not attendance; the entitled count is not reduced by the
 *   election-only exclusions (the API supplies it).
 * - H-9: local timers (application ≥ 6 months before activist, review validity) are not enforced here.
 * - H-12: transfers are not handled in this part (the case stays with its branch).
 * - H-13: dates use the domain period arithmetic (same calendar day, month-end clamp, optional minus one day).
 * - H-14: no general-branch review step; the branch reports straight to the upper committee.
 * - H-15: the political review conclusion is kept only as pass/fail in the case; the text is the reviewer's payload.
 * - H-16: the branch holding the case must be able to admit (the API checks the organization type).
 * - H-21: 1–2 cultivation contacts.
 * - H-22: a full-membership vote without a resolution goes back to the branch (step 23 again); the upper committee
 *   deciding directly is not supported.
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

class AdmissionFlow {
  private readonly dates: AdmissionDates = {};

  constructor(
    private readonly kernel: CaseKernel,
    private readonly input: AdmissionInput,
  ) {
    kernel.state.data.personId = input.personId;
    kernel.state.data.dates = this.dates;
    kernel.state.data.compliance = {};
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

    // RULES §E step 2: talk within one month; the kernel reminds and escalates (overdue) on the policy deadline.
    const talk = await this.kernel.ask({
      step: 'E2',
      kind: 'input',
      title: `派人谈话（一个月内）：${this.input.personName}`,
      titleEn: `Talk with the applicant (within one month): ${this.input.personName}`,
      assignedBodyId: this.input.orgId,
      due: this.policy.applicationTalkDeadline,
      validatePayload: (p) => requireFields(p, ['talkerId'], 'RULES §E step 2'),
    });
    this.dates.talk = this.dateOf(talk);
  }

  // ── Stage 2: activist selection, filing, contacts, cultivation ──

  private async stage2(): Promise<void> {
    for (;;) {
      // RULES §E step 3: the branch committee decides; not selected → stays an applicant (this case ends).
      const select = await this.approval(
        'E3',
        this.input.orgId,
        '支部委员会确定入党积极分子',
        'Branch committee selects activist',
      );
      if (select.outcome === 'reject') this.fail('notSelected', null, select.comment);
      if (select.outcome === 'return') continue;
      this.dates.activist = this.dateOf(select);
      // RULES §E step 4: filing with the upper committee, which may object and send the case back to step 3.
      const filing = await this.approval(
        'E4',
        this.input.upperCommitteeId,
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
      assignedBodyId: this.input.orgId,
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
      const [next] = assessmentDates(last, '9999-12-31', this.policy.activistAssessmentInterval);
      last = next!;
      this.kernel.setStage('E6');
      await this.sleepUntil(last);
      const a = await this.kernel.ask({
        step: 'E6',
        kind: 'input',
        title: `入党积极分子考察（每半年）：${this.input.personName}`,
        titleEn: `Activist assessment (every six months): ${this.input.personName}`,
        assignedBodyId: this.input.orgId,
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
        this.input.orgId,
        '支部委员会确定发展对象',
        'Branch committee selects development candidate',
      );
      if (select.outcome !== 'approve') continue; // not ready → continue cultivation (step 6)
      const filing = await this.approval(
        'E8',
        this.input.upperCommitteeId,
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
      assignedBodyId: this.input.orgId,
      validatePayload: (p) => checkIntroducers(p?.introducers, this.input.personId, this.policy),
    });
    const review = await this.kernel.ask({
      step: 'E10',
      kind: 'input',
      title: `政治审查：${this.input.personName}`,
      titleEn: `Political review: ${this.input.personName}`,
      assignedBodyId: this.input.orgId,
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
      assignedBodyId: this.input.orgId,
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
      const review = await this.approval('E12', this.input.orgId, '支部委员会审查', 'Branch committee review');
      if (review.outcome !== 'approve') this.fail('branchReviewFailed', null, review.comment);
      const pre = await this.approval(
        'E13',
        this.input.upperCommitteeId,
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
      assignedBodyId: this.input.orgId,
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
      assignedBodyId: this.input.upperCommitteeId,
      validatePayload: (p) => requireFields(p, ['talkerId'], 'RULES §E step 16'),
    });
    const approved = await this.upperApproval('E17', this.dates.admissionVote, this.policy.admissionApprovalDeadline);
    if (!approved) this.fail('approvalRejected', null);
    this.dates.approval = this.today();
    this.dates.probationEnd = probationEndDate(this.dates.admissionVote, this.policy);
    await acts.recordAdmissionMilestone({
      personId: this.input.personId,
      orgId: this.input.orgId,
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
   * RULES §E step 17: party group first in organs (§A.3), then the upper committee; due 3 months with the kernel's
   * escalation; the 6-month hard limit from the branch resolution is recorded as a breach when it passes.
   */
  private async upperApproval(step: string, voteDate: string, due: Duration): Promise<boolean> {
    let done = false;
    const { hardLimit } = admissionApprovalLimits(voteDate, this.policy);
    const watch = (async () => {
      const ms = parseIsoInstant(hardLimit) - Date.now();
      if (ms > 0 && (await condition(() => done, ms))) return;
      if (done) return;
      const breach = checkApprovalHardLimit(voteDate, addOneDay(hardLimit), this.policy)!;
      (this.kernel.state.data.compliance as Record<string, unknown>)[`${step}BeyondSixMonths`] = breach.numbers;
      await this.kernel.record(step, 'compliance.breach', { comment: breach.message, detail: { violation: breach } });
      await this.kernel.flush();
    })();
    try {
      for (;;) {
        if (this.input.partyGroupBodyId) {
          const pg = await this.approval(
            `${step}-PG`,
            this.input.partyGroupBodyId,
            '党组研究决定',
            'Party group decision',
            due,
          );
          if (pg.outcome === 'reject') return false;
          if (pg.outcome === 'return') continue;
        }
        const upper = await this.approval(
          step,
          this.input.upperCommitteeId,
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

  private async stage5(): Promise<'full' | 'cancelled'> {
    const oath = await this.kernel.ask({
      step: 'E20',
      kind: 'input',
      title: `入党宣誓：${this.input.personName}`,
      titleEn: `Oath: ${this.input.personName}`,
      assignedBodyId: this.input.orgId,
    });
    this.dates.oath = this.dateOf(oath);
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
          assignedBodyId: this.input.orgId,
        });
        assessedUntil = at;
      }
      this.kernel.setStage('E22');
      await this.sleepUntil(this.dates.probationEnd!);
      const application = await this.kernel.ask({
        step: 'E22',
        kind: 'input',
        title: `转正申请：${this.input.personName}`,
        titleEn: `Application for full membership: ${this.input.personName}`,
        assignedBodyId: this.input.orgId,
        assigneeUserIds: [],
      });
      this.dates.fullMembershipApplication = this.dateOf(application);
      // RULES §E step 23: same vote rules as step 15; a vote without a resolution is discussed again (H-22).
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
        assessedUntil = previousEnd;
        await this.kernel.record('E23', 'probation.extended', {
          detail: { months, previousEnd, probationEnd: this.dates.probationEnd, rule: 'RULES §E step 23' },
        });
        continue;
      }
      if (resolution === 'cancel') {
        await acts.recordAdmissionMilestone({
          personId: this.input.personId,
          orgId: this.input.orgId,
          milestone: 'probationCancelled',
          date: this.dates.conversionApproval,
        });
        this.fail('probationCancelled', null, decision.comment);
      }
      // 党龄 counts from the end of the (extended) probation, not from the approval date (RULES §E outcome dates).
      this.dates.fullMember = this.dates.probationEnd!;
      await acts.recordAdmissionMilestone({
        personId: this.input.personId,
        orgId: this.input.orgId,
        milestone: 'full',
        date: this.dates.fullMember,
      });
      await this.kernel.record('E24', 'member.full', { detail: { since: this.dates.fullMember, extensions } });
      break;
    }
    const archive = await this.kernel.ask({
      step: 'E25',
      kind: 'input',
      title: `材料归档：${this.input.personName}`,
      titleEn: `Archive the file: ${this.input.personName}`,
      assignedBodyId: this.input.orgId,
    });
    this.dates.archived = this.dateOf(archive);
    this.kernel.setStage('E25');
    return 'full';
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
      assignedBodyId: this.input.orgId,
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

function addOneDay(date: string): string {
  return toDateOnly(new Date(parseIsoInstant(date) + 86_400_000).toISOString());
}
