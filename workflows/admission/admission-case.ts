import { patched } from '@temporalio/workflow';
import type {
  AdmissionCaseData,
  AdmissionContactChangeRecord,
  AdmissionDates,
  AdmissionInput,
  AdmissionRejection,
  AdmissionTransferRecord,
  RecordAdmissionMilestoneInput,
} from '../../libs/contracts';
import {
  caseNotActive,
  checkStepDate,
  checkStepMinimumPeriod,
  conversionDiscussionFrom,
  latestStepDate,
  localDate,
  practiceDeadline,
  practiceTimerOn,
  stepDateField,
  type Duration,
  type PracticeTimer,
  type RuleViolation,
  type StepDateRef,
} from '../../libs/domain';
import { acts } from '../kernel/activity-proxies';
import type { CaseKernel, TaskDecision, TaskSpec } from '../kernel/case-kernel';
import { throwIfViolated } from '../kernel/rule-failure';
import { PRACTICE_TIMERS_OFF } from './patches';

/** A decided task with the date the step happened (the given date, else the decision's local date). */
export type Dated = TaskDecision & { date: string };

/** Payload check of an admission task, with the decision's outcome. */
export type PayloadCheck = (payload: Record<string, unknown> | undefined, outcome: string) => RuleViolation | null;

/** The organization holding the case and its approvers; changed by a transfer (RULES §E step 21, H-12). */
export interface CaseOrg {
  orgId: string;
  orgPath: string[];
  upperCommitteeId: string;
  partyGroupBodyId: string | null;
}

/**
 * One member-development case: its record (dates, flags, transfers, contact changes, the holding organization) kept in
 * `CaseState.data`, and the task and registry helpers every stage uses (RULES §E key dates).
 */
export class AdmissionCase {
  readonly dates: AdmissionDates = {};
  readonly flags: string[] = [];
  readonly compliance: AdmissionCaseData['compliance'] = {};
  readonly transfers: AdmissionTransferRecord[] = [];
  readonly contactChanges: AdmissionContactChangeRecord[] = [];
  org: CaseOrg;
  /** months the current probation period's full-membership discussion is postponed by transfers */
  postponedMonths = 0;
  /** the probation end a step-23 resolution was passed for (the flag watcher's "decided") */
  resolvedFor: string | null = null;
  probationOver = false;
  /** every dated entry of the case (application, decided steps), oldest first: the record of the step-date rule */
  readonly stepDates: StepDateRef[] = [];
  /** the last activist assessment date (or the date cultivation starts again from) */
  lastAssessment = '';
  /** a probationary membership is open in the registry (closed on full membership, cancellation or close) */
  probationaryOpen = false;
  /** registry writes of this case, one after another (a transfer's update handler runs beside the steps) */
  private milestones: Promise<void> = Promise.resolve();

  constructor(
    readonly kernel: CaseKernel<AdmissionCaseData>,
    readonly input: AdmissionInput,
  ) {
    this.org = {
      orgId: input.orgId,
      orgPath: [...input.orgPath],
      upperCommitteeId: input.upperCommitteeId,
      partyGroupBodyId: input.partyGroupBodyId,
    };
    kernel.data.personId = input.personId;
    kernel.data.dates = this.dates;
    kernel.data.compliance = this.compliance;
    kernel.data.flags = this.flags;
    kernel.data.transfers = this.transfers;
    kernel.data.contactChanges = this.contactChanges;
    kernel.data.bodies = this.bodies();
    kernel.data.stepDates = this.stepDates;
  }

  get policy() {
    return this.kernel.policy;
  }

  approval(
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
  async ask(spec: TaskSpec): Promise<Dated> {
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
  milestone(i: RecordAdmissionMilestoneInput): Promise<void> {
    const run = this.milestones.then(() => acts.recordAdmissionMilestone(i));
    this.milestones = run.catch(() => undefined);
    return run;
  }

  /** The latest date the case recorded: the application, every decided step's date, transfers, contact changes. */
  lastRecorded(): StepDateRef | null {
    return latestStepDate([
      ...this.stepDates,
      ...this.transfers.map((t) => ({ step: 'transfer', date: t.effectiveDate })),
      ...this.contactChanges.map((c) => ({ step: 'E5', date: c.effectiveDate })),
    ]);
  }

  /** Steps 22–23 are due from here: the probation end plus any postponement (null before probation). */
  discussionFrom(): string | null {
    return this.dates.probationEnd
      ? conversionDiscussionFrom(this.dates.probationEnd, this.postponedMonths, this.policy)
      : null;
  }

  bodies() {
    return { upperCommitteeId: this.org.upperCommitteeId, partyGroupBodyId: this.org.partyGroupBodyId };
  }

  fail(reason: AdmissionRejection, v: RuleViolation | null, comment?: string | null): never {
    this.kernel.data.rejection = {
      reason,
      comment: comment ?? null,
      ...(v ? { rule: v.rule, message: v.message, messageEn: v.messageEn, numbers: v.numbers } : {}),
    };
    return this.kernel.reject(reason);
  }

  /** A practice timer adopted by the policy (RULES H-9); runs that started before issue 10 keep their timers. */
  practiceOn(timer: PracticeTimer): boolean {
    return practiceTimerOn(timer, this.policy) || !patched(PRACTICE_TIMERS_OFF);
  }

  /** The task deadline of a practice step: its policy period when adopted, else none (RULES H-9). */
  practiceDue(timer: 'contactAssignDeadline' | 'politicalReviewDeadline' | 'preReviewDeadline'): Duration | null {
    // runs that started before issue 10 keep their timers (practiceOn asks the patch only when the timer is off)
    return practiceDeadline(timer, this.policy) ?? (this.practiceOn(timer) ? this.policy[timer] : null);
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

  /** Updates beside the steps (transfer, contacts) are refused once the case is closing or closed. */
  guardActive(): void {
    if (this.kernel.closing || this.kernel.state.status !== 'active') {
      throwIfViolated(caseNotActive(this.kernel.closing ? 'closing' : this.kernel.state.status));
    }
  }

  /** Today on the local calendar (policy `localUtcOffsetMinutes`), from workflow time. */
  today(): string {
    return localDate(new Date().toISOString(), this.policy);
  }
}
