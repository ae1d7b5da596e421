import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  adjustOccurrenceUpdate,
  lapseLevelSignal,
  orgLifeQuery,
  recordOccurrenceUpdate,
  secretaryReportedSignal,
  submitPlanUpdate,
} from '../../libs/contracts/orglife.contract';
import { caseRuns, WORKFLOW_TYPES, workflowIds } from '../../libs/contracts/temporal-names.contract';
import type {
  Actor,
  CaseState,
  LapseCaseInput,
  OrgLifeInput,
  OrgLifeOccurrenceView,
  OrgLifePlanApprovalInput,
  OrgLifePlanApprovalResult,
  OrgLifePlanStatus,
  OrgLifeView,
  RecordOccurrenceArgs,
  RecordOccurrenceResult,
} from '../../libs/contracts';
import {
  addToDate,
  attendanceFigures,
  checkAdjustment,
  checkRecordedDate,
  checkMeetingQuorum,
  checkNotice,
  checkSecretaryClass,
  classCountsForSecretary,
  generateYearlyPlan,
  getPolicy,
  DomainRuleError,
  isLateOn,
  localDate,
  occurrenceKindInfo,
  overdueFrom,
  resolveResolutions,
  scheduleDays,
  violation,
  type OccurrenceKind,
  type PolicyTable,
  type ResolutionResult,
  type RuleViolation,
} from '../../libs/domain';
import type { OrgLifeOccurrenceRef } from '../../activities';
import { Deadlines } from '../kernel/deadlines';
import { ruleFailure, throwIfViolated } from '../kernel/rule-failure';
import { orgLifeActs } from './orglife-activities';
import { SECRETARY_CLASS_TEACHER } from './patches';

type Occ = OrgLifeOccurrenceView & { kind: OccurrenceKind };
type LapseCaseRef = NonNullable<OrgLifeInput['lapseCases']>[number];

/**
 * 组织生活 — one per organization (id orgLife:<orgId>), one run per year, continued-as-new at the year's end with the
 * next year's plan (RULES §F). The plan is generated from the policy table; the secretary adjusts dates and submits it
 * to the branch committee (a kernel case, orgLifePlan:…), the approved plan is filed upward. Each occurrence opens on
 * its notice day (notice to the members with an iCalendar invitation), the secretary is reminded before its period
 * ends, and it is marked missed when the period ends without a record. At each month's start the lapse watch runs on
 * the attendance records; a member absent 3 months gets a lapse case (talk task), flagged at 6 (removal).
 */
export async function orgLifeWorkflow(input: OrgLifeInput): Promise<void> {
  const policy = getPolicy(input.policyVersion);
  const generated = generateYearlyPlan(
    {
      orgId: input.orgId,
      orgType: input.orgType,
      hasCommittee: input.hasCommittee,
      year: input.year,
      themeDayOfMonth: input.themeDayOfMonth,
    },
    policy,
  );
  // The API checked the year and theme day before starting the run: an input it let through is a bug, and the run's
  // task fails (and retries on a fixed worker) as it always has, rather than closing the year.
  if (!generated.ok) throw new DomainRuleError(generated.violation);
  const plan = generated.value;
  const occurrences = new Map<string, Occ>();
  for (const planned of plan.occurrences) {
    if (input.planFrom !== null && planned.periodEnd < input.planFrom) continue;
    let o = planned;
    if (input.planFrom !== null && o.plannedDate < input.planFrom) {
      // A plan set up mid-year: an occurrence planned before today moves to the first day its notice allows.
      const notice = occurrenceKindInfo(o.kind, policy).notice;
      const earliest = notice ? addToDate(input.planFrom, notice) : input.planFrom;
      const plannedDate = earliest > o.periodEnd ? o.periodEnd : earliest;
      o = { ...o, plannedDate, ...scheduleDays(o.kind, o, plannedDate, policy) };
    }
    occurrences.set(o.occurrenceId, {
      ...o,
      status: 'planned',
      openedAt: null,
      remindedAt: null,
      closedAt: null,
      recordId: null,
    });
  }
  const yearEnd = `${input.year}-12-31`;
  let planStatus: OrgLifePlanStatus = 'draft';
  let approvalCaseId: string | null = null;
  let approvedAt: string | null = null;
  let approvedBy: string | null = null;
  let approvalRuns = 0;
  const approval: { settled: { value: unknown } | null } = { settled: null };
  const lapseCases = new Map<string, LapseCaseRef>((input.lapseCases ?? []).map((c) => [c.personId, c]));
  /** occurrences whose notice must go out again (the date moved after the notice) */
  const renotify = new Set<string>();
  /** secretaries' reports (述职) of this year whose occurrence the loop records next */
  const reports: { caseId: string; reportedOn: string }[] = [];
  /** last day the lapse watch covered (the end of a month) */
  let lapseCoveredTo: string | null = input.planFrom !== null ? lastDayOfPreviousMonth(input.planFrom) : null;
  const deadlines = new Deadlines();
  let changed = true;
  /** projection versions: handlers answer once the loop wrote their change to the read model */
  let version = 0;
  let projected = -1;
  let lastAsOf = 0;
  /** each occurrence as last projected */
  const sentOccurrences = new Map<string, string>();

  const today = () => localDate(new Date().toISOString(), policy);
  const nowIso = () => new Date().toISOString();

  const view = (): OrgLifeView => ({
    orgId: input.orgId,
    year: input.year,
    orgType: input.orgType,
    planStatus,
    themeDayOfMonth: plan.themeDayOfMonth,
    approvalCaseId,
    approvedAt,
    approvedBy,
    policyVersion: policy.version,
    occurrences: [...occurrences.values()].sort(byDate).map((o) => ({ ...o })),
    lapseCases: [...lapseCases.values()].map((c) => ({ personId: c.personId, caseId: c.caseId, level: c.level })),
  });
  setHandler(orgLifeQuery, view);
  setHandler(secretaryReportedSignal, (s) => {
    if (s.year !== input.year) return;
    reports.push({ caseId: s.caseId, reportedOn: s.reportedOn });
    changed = true;
  });

  const mayManage = (actor: Actor): RuleViolation | null =>
    actor.roles.some((g) => g.role === 'submitter' && g.at === input.orgId)
      ? null
      : violation({
          code: 'NOT_ORG_SECRETARY',
          kind: 'forbidden',
          rule: 'RULES §F',
          message: '只有本组织的书记（经办人）可以调整计划或记录组织生活',
          messageEn: "only the organization's secretary (submitter) may adjust the plan or record organizational life",
          numbers: { orgId: input.orgId },
        });
  const occurrenceOf = (id: string): Occ => {
    const o = occurrences.get(id);
    if (!o) {
      throw ruleFailure(
        violation({
          code: 'OCCURRENCE_NOT_FOUND',
          kind: 'notFound',
          rule: 'RULES §F',
          message: `计划中没有事项${id}`,
          messageEn: `no occurrence ${id} in the ${input.year} plan`,
          numbers: { occurrenceId: id },
        }),
      );
    }
    return o;
  };
  /** Marks a change and waits until the main loop projected it (the caller's next read shows it). */
  const settle = async () => {
    changed = true;
    const mine = ++version;
    await condition(() => projected >= mine);
  };

  setHandler(
    adjustOccurrenceUpdate,
    async ({ occurrenceId, plannedDate }) => {
      const o = occurrenceOf(occurrenceId);
      o.plannedDate = plannedDate;
      Object.assign(o, scheduleDays(o.kind, o, plannedDate, policy));
      if (o.status === 'open') renotify.add(o.occurrenceId);
      await settle();
      return { ...o };
    },
    {
      validator: ({ actor, occurrenceId, plannedDate }) => {
        throwIfViolated(mayManage(actor));
        const o = occurrenceOf(occurrenceId);
        throwIfViolated(checkAdjustment(o, o.status, plannedDate, today(), policy));
      },
    },
  );

  setHandler(
    submitPlanUpdate,
    async ({ actor }) => {
      approvalRuns += 1;
      const caseId = workflowIds.orgLifePlan(input.orgId, input.year, approvalRuns);
      const approvalInput: OrgLifePlanApprovalInput = {
        caseId,
        orgId: input.orgId,
        orgPath: input.orgPath,
        orgName: input.orgName,
        year: input.year,
        occurrenceCount: occurrences.size,
        submittedBy: actor.userId,
        submittedAt: nowIso(),
        policyVersion: policy.version,
      };
      const child = await startChild(WORKFLOW_TYPES.orgLifePlanApproval, {
        workflowId: caseId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [approvalInput],
      });
      approvalCaseId = caseId;
      planStatus = 'submitted';
      child.result().then(
        (value) => void (approval.settled = { value }),
        () => void (approval.settled = { value: null }),
      );
      await settle();
      return { approvalCaseId: caseId };
    },
    {
      validator: ({ actor, year }) => {
        throwIfViolated(mayManage(actor));
        if (year !== undefined && year !== input.year) {
          throwIfViolated(
            violation({
              code: 'ORG_LIFE_NOT_RUNNING',
              kind: 'conflict',
              rule: 'RULES §F',
              message: `${year}年度组织生活未在运行（当前运行年度：${input.year}）`,
              messageEn: `organizational life of ${year} is not running (running: ${input.year})`,
              numbers: { year, runningYear: input.year },
            }),
          );
        }
        if (planStatus === 'submitted' || planStatus === 'approved') {
          throwIfViolated(
            violation({
              code: planStatus === 'approved' ? 'PLAN_ALREADY_APPROVED' : 'PLAN_ALREADY_SUBMITTED',
              kind: 'conflict',
              rule: 'RULES §F',
              message: planStatus === 'approved' ? '年度计划已审定' : '年度计划已提交支部委员会审定',
              messageEn: `the ${input.year} plan is already ${planStatus}`,
              numbers: { year: input.year, approvalCaseId: approvalCaseId ?? '' },
            }),
          );
        }
      },
    },
  );

  setHandler(
    recordOccurrenceUpdate,
    async (args): Promise<RecordOccurrenceResult> => {
      const o = occurrenceOf(args.occurrenceId);
      // records accepted before the secretary-class check replay as they ran (the validator is not replayed)
      const checked = checkRecord(o, args, today(), policy, patched(SECRETARY_CLASS_TEACHER));
      const figures = attendanceFigures(args.record.attendance);
      const recordedLate = o.status === 'missed';
      await orgLifeActs.recordOrgLifeOccurrence({
        year: input.year,
        creditHours:
          occurrenceKindInfo(o.kind, policy).isClass || o.kind === 'collectiveStudy' ? args.record.hours : null,
        record: {
          recordId: args.record.recordId,
          orgId: input.orgId,
          occurrenceId: o.occurrenceId,
          kind: o.kind,
          heldOn: args.record.heldOn,
          place: args.record.place,
          topic: args.record.topic,
          presidedBy: args.record.presidedBy,
          minutes: args.record.minutes,
          resolutions: checked.resolutions,
          quorum: { ...checked.quorum, violation: null, notice: checked.notice },
          noticeOn: o.openedAt ? localDate(o.openedAt, policy) : null,
          teacherPersonId: args.record.teacherPersonId,
          teacherIsSecretary: checked.teacherIsSecretary ?? args.record.teacherIsSecretary,
          hours: args.record.hours,
          guests: args.record.guests,
          expected: figures.expected,
          present: figures.present,
          recordedBy: args.actor.userId,
          recordedAt: nowIso(),
          attendance: args.record.attendance.map((a) => ({
            personId: a.personId,
            membershipStatus: a.membershipStatus,
            status: a.status,
            reason: a.reason,
          })),
        },
      });
      o.status = 'held';
      o.recordId = args.record.recordId;
      o.closedAt = nowIso();
      await settle();
      return {
        recordId: args.record.recordId,
        occurrenceId: o.occurrenceId,
        status: o.status,
        quorum: {
          rule: checked.quorum.rule,
          entitled: checked.quorum.entitled,
          present: checked.quorum.present,
          requiredPresent: checked.quorum.requiredPresent,
          met: checked.quorum.met,
        },
        resolutions: checked.resolutions.map((r) => ({
          text: r.text,
          forVotes: r.forVotes,
          passed: r.passed,
          requiredFor: r.requiredFor,
        })),
        recordedLate,
      };
    },
    {
      validator: (args) => {
        throwIfViolated(mayManage(args.actor));
        const o = occurrenceOf(args.occurrenceId);
        if (o.status === 'held') {
          throwIfViolated(
            violation({
              code: 'OCCURRENCE_ALREADY_RECORDED',
              kind: 'conflict',
              rule: 'RULES §F',
              message: '该事项已记录',
              messageEn: `occurrence ${o.occurrenceId} is already recorded (${o.recordId ?? ''})`,
              numbers: { occurrenceId: o.occurrenceId, recordId: o.recordId ?? '' },
            }),
          );
        }
        checkRecord(o, args, today(), policy, true);
      },
    },
  );

  for (;;) {
    const day = today();
    const now = nowIso();
    const notices: OrgLifeOccurrenceRef[] = [];
    const reminders: OrgLifeOccurrenceRef[] = [];
    const missed: OrgLifeOccurrenceRef[] = [];
    const ref = (o: Occ): OrgLifeOccurrenceRef => {
      const info = occurrenceKindInfo(o.kind, policy);
      return {
        occurrenceId: o.occurrenceId,
        kind: o.kind,
        name: info.name,
        nameEn: info.nameEn,
        plannedDate: o.plannedDate,
        periodEnd: o.periodEnd,
      };
    };
    for (const o of occurrences.values()) {
      const pending = o.status === 'planned' || o.status === 'open';
      // missed from the day after its period (RULES H-19 "overdue from the day after", the domain's one home of it)
      if (pending && isLateOn(o.periodEnd, day)) {
        o.status = 'missed';
        o.closedAt = now;
        missed.push(ref(o));
        changed = true;
        continue;
      }
      if (o.status === 'planned' && day >= o.noticeOn) {
        o.status = 'open';
        o.openedAt = now;
        notices.push(ref(o));
        renotify.delete(o.occurrenceId);
        changed = true;
      }
      if (renotify.has(o.occurrenceId)) {
        renotify.delete(o.occurrenceId);
        if (o.status === 'open') notices.push(ref(o));
      }
      if (pending && o.remindedAt === null && day >= o.remindOn) {
        o.remindedAt = now;
        reminders.push(ref(o));
        changed = true;
      }
    }

    for (const r of reports.splice(0)) {
      // 述职 (RULES §F, 机关条例2019 Art. 39): the report case stands for the record; a late one is still recorded
      const o = [...occurrences.values()].find(
        (x) =>
          x.kind === 'secretaryReport' &&
          x.status !== 'held' &&
          x.periodStart <= r.reportedOn &&
          r.reportedOn <= x.periodEnd,
      );
      if (!o) continue;
      const recordId = `olr-${r.caseId}`;
      await orgLifeActs.recordOrgLifeOccurrence({
        year: input.year,
        creditHours: null,
        record: {
          recordId,
          orgId: input.orgId,
          occurrenceId: o.occurrenceId,
          kind: o.kind,
          heldOn: r.reportedOn,
          place: null,
          topic: `${input.year}年度书记述职（述职评议：${r.caseId}）`,
          presidedBy: null,
          minutes: null,
          resolutions: [],
          quorum: null,
          noticeOn: null,
          teacherPersonId: null,
          teacherIsSecretary: false,
          hours: null,
          guests: [],
          expected: 0,
          present: 0,
          recordedBy: 'system',
          recordedAt: now,
          attendance: [],
        },
      });
      o.status = 'held';
      o.recordId = recordId;
      o.closedAt = now;
      changed = true;
    }

    if (approval.settled !== null) {
      const result = approvalResultOf(approval.settled.value);
      approval.settled = null;
      if (result?.approved) {
        planStatus = 'approved';
        approvedAt = result.decidedAt;
        approvedBy = result.decidedBy;
        await orgLifeActs.fileOrgLifePlan({
          orgId: input.orgId,
          orgName: input.orgName,
          year: input.year,
          upperBodyId: input.upperBodyId,
        });
      } else {
        planStatus = 'returned';
      }
      changed = true;
    }

    const lapseDue = lastDayOfPreviousMonth(day > yearEnd ? addToDate(yearEnd, { days: 1 }) : day);
    if (lapseDue >= `${input.year}-01-31` && (lapseCoveredTo === null || lapseDue > lapseCoveredTo)) {
      lapseCoveredTo = lapseDue;
      await lapseWatch(lapseDue);
    }

    if (changed || notices.length + reminders.length + missed.length > 0) {
      const target = version;
      changed = false;
      const asOfMs = Math.max(Date.now(), lastAsOf + 1);
      lastAsOf = asOfMs;
      const v = view();
      await orgLifeActs.orgLifeTick({
        orgId: input.orgId,
        orgName: input.orgName,
        on: day,
        at: now,
        notices,
        reminders,
        missed,
        projection: {
          orgId: input.orgId,
          year: input.year,
          orgType: input.orgType,
          status: planStatus,
          themeDayOfMonth: plan.themeDayOfMonth,
          approvalCaseId,
          approvedAt,
          approvedBy,
          policyVersion: policy.version,
          asOf: new Date(asOfMs).toISOString(),
          occurrences: v.occurrences.filter((o) => {
            // only what changed since the last projection (the loop alone projects, one at a time)
            const json = JSON.stringify(o);
            if (sentOccurrences.get(o.occurrenceId) === json) return false;
            sentOccurrences.set(o.occurrenceId, json);
            return true;
          }),
        },
      });
      projected = target;
      continue;
    }

    if (day > yearEnd && [...occurrences.values()].every((o) => o.status === 'held' || o.status === 'missed')) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof orgLifeWorkflow>({
        ...input,
        year: input.year + 1,
        planFrom: null,
        lapseCases: [...lapseCases.values()],
      });
    }

    const wakeAt = nextWake(day);
    await deadlines.until(() => changed || approval.settled !== null || version > projected, wakeAt);
  }

  /** The next local midnight at which something is due: a notice, a reminder, a period's end, a month's start. */
  function nextWake(day: string): number {
    const days: string[] = [];
    for (const o of occurrences.values()) {
      if (o.status === 'planned') days.push(o.noticeOn);
      if ((o.status === 'planned' || o.status === 'open') && o.remindedAt === null) days.push(o.remindOn);
      if (o.status === 'planned' || o.status === 'open') days.push(overdueFrom(o.periodEnd));
    }
    days.push(firstOfNextMonth(day));
    const next = days.filter((d) => d > day).sort()[0] ?? firstOfNextMonth(day);
    return Date.parse(`${next}T00:00:00.000Z`) - policy.localUtcOffsetMinutes * 60_000;
  }

  async function lapseWatch(asOf: string): Promise<void> {
    const results = await orgLifeActs.runLapseWatch({ orgId: input.orgId, asOf, policyVersion: policy.version });
    for (const r of results) {
      const known = lapseCases.get(r.personId);
      if (known && known.open) {
        if (known.level !== r.level) {
          known.level = r.level;
          if (r.level === 'none') known.open = false;
          await getExternalWorkflowHandle(caseRuns.workflowId(known.caseId))
            .signal(lapseLevelSignal, {
              level: r.level,
              consecutiveMonths: r.consecutiveMonths,
              asOf,
              reasons: r.reasons,
              duesUnpaidMonths: r.duesUnpaidMonths,
            })
            .catch(() => undefined);
        }
        continue;
      }
      if (r.level === 'none') continue;
      const episode = (known?.episode ?? 0) + 1;
      const workflowId = workflowIds.lapse(input.orgId, r.personId);
      const caseId = caseRuns.caseId(workflowId, episode);
      const caseInput: LapseCaseInput = {
        caseId,
        orgId: input.orgId,
        orgPath: input.orgPath,
        orgName: input.orgName,
        personId: r.personId,
        personName: r.name,
        consecutiveMonths: r.consecutiveMonths,
        sinceMonth: r.sinceMonth,
        level: r.level,
        reasons: r.reasons,
        duesUnpaidMonths: r.duesUnpaidMonths,
        upperBodyId: input.upperBodyId,
        submittedAt: nowIso(),
        policyVersion: policy.version,
      };
      try {
        await startChild(WORKFLOW_TYPES.lapseCase, {
          workflowId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [caseInput],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      lapseCases.set(r.personId, { personId: r.personId, caseId, level: r.level, episode, open: true });
      await orgLifeActs.setLapseCase({ orgId: input.orgId, personId: r.personId, caseId });
      changed = true;
    }
  }
}

interface CheckedRecord {
  quorum: ReturnType<typeof checkMeetingQuorum>;
  resolutions: ResolutionResult[];
  notice: RuleViolation | null;
  /** the teacher was a secretary on the day held (classCountsForSecretary); null when not checked (older histories) */
  teacherIsSecretary: boolean | null;
}

/**
 * The checks of a record (RULES §F), run in the update's validator and again in its handler: the date lies in the
 * occurrence's period and not in the future, the quorum holds (general meeting: §E step 15), the resolutions' votes fit
 * those present, a class names its teacher and hours, the secretary's class (书记讲党课) is taught by the
 * organization's secretary on that day (`secretaryClass`: off in the handler of histories recorded before the check).
 * A short notice is kept with the record, not refused.
 */
function checkRecord(
  o: Occ,
  args: RecordOccurrenceArgs,
  today: string,
  policy: PolicyTable,
  secretaryClass: boolean,
): CheckedRecord {
  const { record } = args;
  const fail = (v: RuleViolation) => {
    throw ruleFailure(v);
  };
  if (record.heldOn < o.periodStart || record.heldOn > o.periodEnd) {
    fail(
      violation({
        code: 'RECORD_OUTSIDE_PERIOD',
        kind: 'rule',
        rule: 'RULES §F',
        message: `召开日期${record.heldOn}不在本期${o.periodStart}至${o.periodEnd}之内`,
        messageEn: `held on ${record.heldOn}, outside the period ${o.periodStart}–${o.periodEnd}`,
        numbers: { heldOn: record.heldOn, periodStart: o.periodStart, periodEnd: o.periodEnd },
      }),
    );
  }
  const future = checkRecordedDate(record.heldOn, today, {
    field: 'record.heldOn',
    what: { zh: '会议召开', en: 'the meeting' },
    rule: 'RULES §F',
    code: 'RECORD_IN_FUTURE',
    numbers: { heldOn: record.heldOn },
  });
  if (future) fail(future);
  const info = occurrenceKindInfo(o.kind, policy);
  if (info.isClass && (!record.teacherPersonId || record.hours === null || !(record.hours > 0))) {
    fail(
      violation({
        code: 'CLASS_NEEDS_TEACHER_AND_HOURS',
        kind: 'invalid',
        rule: 'RULES §F',
        message: '党课须填写授课人和学时',
        messageEn: 'a party class records who taught and its hours',
        numbers: { field: record.teacherPersonId ? 'hours' : 'teacherPersonId' },
      }),
    );
  }
  let teacherIsSecretary: boolean | null = null;
  if (secretaryClass) {
    // the API names the registry's secretaries of the day; an older client's record: those among the attendance
    const secretaries =
      record.secretaryPersonIds ??
      record.attendance.filter((a) => (a.posts ?? []).includes('secretary')).map((a) => a.personId);
    const notBySecretary = checkSecretaryClass(o.kind, record.teacherPersonId, secretaries, record.heldOn);
    if (notBySecretary) fail(notBySecretary);
    teacherIsSecretary =
      record.teacherPersonId !== null && classCountsForSecretary(record.teacherPersonId, secretaries);
  }
  const quorum = checkMeetingQuorum(o.kind, record.attendance, policy);
  if (quorum.violation) fail(quorum.violation);
  const resolutions = resolveResolutions(o.kind, quorum, record.resolutions, policy);
  if (!resolutions.ok) throw ruleFailure(resolutions.violation);
  const noticeOn = o.openedAt ? localDate(o.openedAt, policy) : null;
  const notice = noticeOn ? checkNotice(o.kind, noticeOn, record.heldOn, policy) : null;
  return { quorum, resolutions: resolutions.value, notice, teacherIsSecretary };
}

function byDate(a: Occ, b: Occ): number {
  if (a.plannedDate !== b.plannedDate) return a.plannedDate < b.plannedDate ? -1 : 1;
  return a.occurrenceId.localeCompare(b.occurrenceId);
}

function firstOfNextMonth(day: string): string {
  return addToDate(`${day.slice(0, 7)}-01`, { months: 1 });
}

function lastDayOfPreviousMonth(day: string): string {
  return addToDate(`${day.slice(0, 7)}-01`, { days: -1 });
}

/** The approval case returns its CaseState with the result in data.result; a rejected case has none. */
function approvalResultOf(value: unknown): OrgLifePlanApprovalResult | null {
  const state = value as Partial<CaseState> | null;
  const result = state?.data?.result as Partial<OrgLifePlanApprovalResult> | undefined;
  if (state?.status === 'completed' && result && typeof result.approved === 'boolean') {
    return result as OrgLifePlanApprovalResult;
  }
  return null;
}
