import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  caseStateQuery,
  cancelCaseUpdate,
  decideTaskUpdate,
  withdrawCaseUpdate,
} from '../../libs/contracts/messages.contract';
import { searchAttributeKeys } from '../../libs/contracts/search-attributes.contract';
import { toStorableText } from '../../libs/contracts/storable-text.contract';
import { RECORD_REJECTED } from '../../libs/contracts/temporal-names.contract';
import type {
  Actor,
  CaseState,
  CaseStatus,
  DecideTaskArgs,
  Outcome,
  Procedure,
  Task,
  TaskKind,
} from '../../libs/contracts';
import { stepPayloadViolation } from './lazy-contracts';
import {
  addDuration,
  caseNotActive,
  checkAdminCancel,
  checkDecision,
  checkReturnLoopCap,
  checkStepPayloadSize,
  checkWithdraw,
  countStepReturns,
  dueInWorkingDays,
  getPolicy,
  localDate,
  taskDueAt,
  taskSchedule,
  workingDayYears,
  type Duration,
  type TaskDue,
  type PolicyTable,
  type RuleViolation,
} from '../../libs/domain';
import type { ProjectionBatch } from '../../activities';
import { acts, mailActs } from './activity-proxies';
import { Deadlines } from './deadlines';
import { throwIfViolated } from './rule-failure';
import { unstorableInput } from './storable-input';

export interface CaseIdentity {
  caseId: string;
  procedure: Procedure;
  orgId: string;
  orgPath: string[];
  title: string;
  submittedBy: string;
  submittedAt: string;
  policyVersion: string;
  stage: string;
}

export interface TaskSpec {
  step: string;
  kind: TaskKind;
  title: string;
  titleEn: string;
  assignedBodyId: string | null;
  assigneeUserIds?: string[];
  due?: Duration | null;
  /**
   * synchronous check of a decision's payload (an input's data, an approval's document number), run in the validator
   * after the step's schema (STEP_FORMS) accepted its shape: it judges the rules (counts, dates against the record)
   */
  validatePayload?: (payload: Record<string, unknown> | undefined, outcome: Outcome) => RuleViolation | null;
  /**
   * Restricted content (RULES H-15): the decision's comment stays in the timeline and audit trail (read by cleared
   * readers) but is not projected to the inbox (`tasks.comment` is null), which every user of the body can read.
   */
  restricted?: boolean;
}

export interface TaskDecision {
  taskId: string;
  outcome: Outcome;
  comment: string | null;
  payload: Record<string, unknown> | null;
  actorId: string;
  at: string;
}

/** Thrown inside a procedure's steps to unwind to `run` once the case is closed (withdrawn, cancelled, rejected). */
class CaseClosed {
  constructor(
    readonly status: Exclude<CaseStatus, 'active'>,
    readonly reason: string | null,
  ) {}
}

interface CloseRequest {
  status: 'withdrawn' | 'cancelled';
  reason: string | null;
  actorId: string;
}

/**
 * The approval kernel every procedure reuses: tasks with deadlines, reminders and escalation on durable timers,
 * decisions as validated Updates, withdraw/cancel, the domain timeline, and the SQL projections (written only
 * through activities).
 */
export class CaseKernel<Data extends object = Record<string, unknown>> {
  readonly state: CaseState;
  readonly policy: PolicyTable;
  /** durable waits of this case and its procedure (timers never cancelled, see Deadlines) */
  readonly deadlines = new Deadlines();
  private readonly specs = new Map<string, TaskSpec>();
  private readonly tasks = new Map<string, Task>();
  private readonly decisions = new Map<string, TaskDecision>();
  /** decisions the procedure has acted on, answered to their callers at the procedure's next wait point */
  private readonly processed = new Set<string>();
  private readonly acked = new Set<string>();
  private closeRequest: CloseRequest | null = null;
  /** a procedure's extra refusal of a withdrawal (e.g. admission from the branch vote on); null lets it through */
  private withdrawGuard: (() => RuleViolation | null) | null = null;
  /** true once a closed case's projections are written: handlers waiting on the close answer only then */
  private settled = false;
  private taskCounter = 0;
  private auditCounter = 0;
  /** read-model changes of the current step, applied in one activity at the next wait point */
  private batch: ProjectionBatch = emptyBatch();
  private summaryDirty = false;
  /** set once the database refused text of this case: every later batch is written with such text replaced */
  private repairText = false;
  /** flushes that carried a record patch; the patch's sequence number */
  private recordSeq = 0;
  /** JSON of each top-level data key as last sent to the record */
  private readonly recordedData = new Map<string, string>();
  /** email deliveries run beside the procedure; the case waits for them only when it ends */
  private readonly deliveries = new Set<Promise<void>>();

  /** The procedure's view of `state.data`, typed by its case data (libs/contracts, e.g. AdmissionCaseData). */
  get data(): Data {
    return this.state.data as unknown as Data;
  }

  constructor(private readonly id: CaseIdentity) {
    this.policy = getPolicy(id.policyVersion);
    this.state = {
      caseId: id.caseId,
      procedure: id.procedure,
      orgId: id.orgId,
      orgPath: id.orgPath,
      title: id.title,
      submittedBy: id.submittedBy,
      submittedAt: id.submittedAt,
      status: 'active',
      stage: id.stage,
      policyVersion: id.policyVersion,
      pendingTasks: [],
      timeline: [],
      closedAt: null,
      closeReason: null,
      data: {},
    };
    this.installHandlers();
  }

  private installHandlers(): void {
    setHandler(caseStateQuery, () => ({ ...this.state, pendingTasks: this.openTasks() }));

    setHandler(
      decideTaskUpdate,
      async (args: DecideTaskArgs) => {
        const task = this.tasks.get(args.taskId)!;
        const at = new Date().toISOString();
        task.status = 'done';
        task.outcome = args.outcome;
        task.decidedBy = args.actor.userId;
        task.decidedAt = at;
        task.comment = args.comment?.trim() || null;
        this.decisions.set(task.taskId, {
          taskId: task.taskId,
          outcome: args.outcome,
          comment: task.comment,
          payload: args.payload ?? null,
          actorId: args.actor.userId,
          at,
        });
        // Answer only once the procedure moved on (next task in the inbox, or the case closed), so the caller's
        // next read already shows the consequence of its decision.
        await condition(() => this.acked.has(task.taskId) || this.settled);
        return {
          taskId: task.taskId,
          outcome: args.outcome,
          caseStatus: this.state.status,
          stage: this.state.stage,
          nextTaskIds: this.openTasks().map((t) => t.taskId),
        };
      },
      {
        validator: (args: DecideTaskArgs) => {
          if (this.closeRequest || this.state.status !== 'active') {
            throwIfViolated(caseNotActive(this.state.status));
          }
          throwIfViolated(unstorableInput({ comment: args.comment, payload: args.payload }));
          const task = this.tasks.get(args.taskId);
          throwIfViolated(checkDecision(task, args.actor, args.outcome, args.comment));
          // Bounds on what one case grows (issue 8 §2). Validators do not run on replay, so no patch is needed: a case
          // that already went past a cap replays as it ran, and only new updates are refused.
          if (task) {
            throwIfViolated(checkStepPayloadSize(task.step, args.payload, this.policy));
            if (args.outcome === 'return') {
              throwIfViolated(
                checkReturnLoopCap(task.step, countStepReturns(this.state.timeline, task.step), this.policy),
              );
            }
          }
          // The step's payload contract (libs/contracts STEP_FORMS), the one the API checked: a step's own check
          // below sees a payload of its schema's shape.
          if (task) throwIfViolated(stepPayloadViolation(this.state.procedure, task.step, args.outcome, args.payload));
          const spec = this.specs.get(args.taskId);
          if (spec?.validatePayload) throwIfViolated(spec.validatePayload(args.payload, args.outcome));
        },
      },
    );

    setHandler(
      withdrawCaseUpdate,
      async ({ actor, reason }) => {
        this.closeRequest = { status: 'withdrawn', reason: reason ?? null, actorId: actor.userId };
        await condition(() => this.settled);
        return { caseId: this.state.caseId, status: this.state.status };
      },
      {
        validator: ({ actor, reason }) => {
          throwIfViolated(unstorableInput({ reason }));
          // the roles the API asserted for today (signed): the submitter must still hold one on the case's path
          throwIfViolated(
            checkWithdraw(
              this.closeRequest ? 'closing' : this.state.status,
              this.state.submittedBy,
              this.state.orgPath,
              actor,
            ),
          );
          if (this.withdrawGuard) throwIfViolated(this.withdrawGuard());
        },
      },
    );

    setHandler(
      cancelCaseUpdate,
      async ({ actor, reason }) => {
        this.closeRequest = { status: 'cancelled', reason: reason ?? null, actorId: actor.userId };
        await condition(() => this.settled);
        return { caseId: this.state.caseId, status: this.state.status };
      },
      {
        validator: ({ actor, reason }) => {
          throwIfViolated(unstorableInput({ reason }));
          throwIfViolated(
            checkAdminCancel(
              this.closeRequest ? 'closing' : this.state.status,
              this.state.orgPath,
              actor,
              reason ?? '',
            ),
          );
        },
      },
    );
  }

  /**
   * Runs a procedure's steps. Closing paths (withdraw, cancel, reject) unwind here; open tasks are cancelled,
   * the close is recorded and projected, and the workflow returns only after every update handler has answered.
   */
  async run<T>(
    steps: () => Promise<T>,
    onClosed?: (status: Exclude<CaseStatus, 'active'>) => Promise<void>,
  ): Promise<CaseState> {
    this.syncSummary();
    try {
      const data = await steps();
      if (data !== undefined) this.state.data.result = data as unknown;
      await this.finish('completed', null);
    } catch (err) {
      if (err instanceof CaseClosed) await this.finish(err.status, err.reason, onClosed);
      else await this.stepFailed(err, onClosed);
    }
    await Promise.all([...this.deliveries]);
    await condition(allHandlersFinished);
    return { ...this.state, pendingTasks: [] };
  }

  get closing(): boolean {
    return this.closeRequest !== null;
  }

  /**
   * A step the database refused for good (RECORD_REJECTED from a registry or other activity: its input holds what
   * cannot be stored) cannot go on and must not vanish as a failed workflow: the case records the failure on its
   * timeline, carries the flag `stepFailed` for administrators (case lists filter by flag), and waits, still active,
   * until an administrator cancels it or the submitter withdraws it. Any other error fails the workflow as before.
   */
  private async stepFailed(
    err: unknown,
    onClosed?: (status: Exclude<CaseStatus, 'active'>) => Promise<void>,
  ): Promise<void> {
    const refused = recordRefusal(err);
    if (refused === null || !patched(STEP_FAILURES)) throw err;
    const flags = Array.isArray(this.state.data.flags) ? (this.state.data.flags as unknown[]) : [];
    this.state.data.flags = flags;
    if (!flags.includes(STEP_FAILED_FLAG)) flags.push(STEP_FAILED_FLAG);
    this.state.data.stepFailure = { stage: this.state.stage, code: RECORD_REJECTED, refused };
    await this.record(this.state.stage, 'step.failed', { outcome: RECORD_REJECTED, comment: refused });
    this.syncSummary();
    await this.flush();
    this.ackAll();
    await condition(() => this.closeRequest !== null);
    await this.finish(this.closeRequest!.status, this.closeRequest!.reason, onClosed);
  }

  /** Adds a procedure's refusal to the withdraw validator (checked after the generic submitter rule). */
  guardWithdraw(guard: () => RuleViolation | null): void {
    this.withdrawGuard = guard;
  }

  /** Ends the case as rejected from inside the steps. */
  reject(reason: string): never {
    throw new CaseClosed('rejected', reason);
  }

  setStage(stage: string): void {
    this.state.stage = stage;
    this.syncSummary();
  }

  /** Marks the case summary for the next flush (procedure data such as compliance flags changed). */
  refreshSummary(): void {
    this.syncSummary();
  }

  /**
   * Moves the case to another organization (a transfer): later tasks and the read models use the new orgId and
   * orgPath; every open task is re-projected there, and one assigned to a body in `bodyMap` is reassigned in place
   * (same task id, so the procedure keeps waiting on it) to the mapped body, its escalation starting afresh from there.
   * The changes are written with the next flush. Returns the ids of the reassigned tasks.
   */
  relocate(to: { orgId: string; orgPath: string[] }, bodyMap: Record<string, string>): string[] {
    this.state.orgId = to.orgId;
    this.state.orgPath = [...to.orgPath];
    const moved: string[] = [];
    for (const task of this.tasks.values()) {
      if (task.status !== 'open') continue;
      task.orgId = to.orgId;
      const target = task.assignedBodyId !== null ? bodyMap[task.assignedBodyId] : undefined;
      if (target !== undefined && target !== task.assignedBodyId) {
        task.assignedBodyId = target;
        task.escalatedToBodyId = null;
        task.escalatedAt = null;
        moved.push(task.taskId);
      }
      this.batch.openTasks.push({ task: { ...task }, orgPath: this.state.orgPath, caseTitle: this.state.title });
    }
    this.syncSummary();
    return moved;
  }

  /** Appends to the domain timeline and the append-only audit trail (deduplicated by position). */
  async record(
    step: string,
    event: string,
    fields: {
      actorId?: string | null;
      outcome?: string | null;
      comment?: string | null;
      detail?: Record<string, unknown> | null;
    } = {},
  ): Promise<void> {
    const at = new Date().toISOString();
    const entry = {
      at,
      step,
      event,
      actorId: fields.actorId ?? null,
      outcome: fields.outcome ?? null,
      comment: fields.comment ?? null,
      detail: fields.detail ?? null,
    };
    this.state.timeline.push(entry);
    this.auditCounter += 1;
    this.batch.audit.push({
      dedupeKey: `${this.state.caseId}#${this.auditCounter}`,
      caseId: this.state.caseId,
      procedure: this.state.procedure,
      orgId: this.state.orgId,
      ...entry,
    });
  }

  /**
   * Applies the buffered read-model changes in one activity and starts their email delivery. Called at every wait
   * point, so a decision is answered once the next task is in the inbox, at the cost of one activity round trip.
   */
  async flush(): Promise<void> {
    if (this.summaryDirty) this.batch.summary = this.summary();
    this.summaryDirty = false;
    if (patched(CASE_RECORDS)) this.batch.record = this.recordPatch(this.batch.summary !== null);
    const batch = this.batch;
    const empty = batch.audit.length + batch.openTasks.length + batch.closeTasks.length === 0;
    if (empty && !batch.summary && !batch.record) return;
    this.batch = emptyBatch();
    // One await on the way that always runs, as before record repairs existed: recorded runs keep their command order.
    // An activity, not a local one: two coroutines flushing at once (a case's steps and its deadline watch) resume in
    // completion order when first run but in sequence order on replay with local activities (a nondeterminism the
    // replay tier caught), and serializing them broke recovery after a worker's SIGKILL (worker-crash e2e).
    const apply = acts.applyProjections;
    let emailKeys: string[];
    try {
      ({ emailKeys } = await apply(this.repairText ? toStorableText(batch) : batch));
    } catch (err) {
      emailKeys = await this.repairBatch(batch, err);
    }
    if (emailKeys.length > 0) {
      const delivery = mailActs.deliverEmails({ keys: emailKeys });
      this.deliveries.add(delivery);
      const done = () => void this.deliveries.delete(delivery);
      delivery.then(done, done);
    }
  }

  /**
   * After a batch failed: one the database refuses for good (RECORD_REJECTED: text it cannot store that reached the case
   * through its start input) is written again with that text replaced, as is every later batch of the case; the case
   * keeps the refusal (`data.recordRepairs`, flag `recordRepaired`) for administrators. Never an endless retry behind
   * open HTTP calls; a batch refused even so is left out and noted.
   */
  private async repairBatch(batch: ProjectionBatch, err: unknown): Promise<string[]> {
    const refused = recordRefusal(err);
    if (!refused) throw err;
    this.repairText = true;
    const repairs = Array.isArray(this.state.data.recordRepairs) ? this.state.data.recordRepairs : [];
    this.state.data.recordRepairs = repairs;
    const flags = Array.isArray(this.state.data.flags) ? (this.state.data.flags as unknown[]) : [];
    this.state.data.flags = flags;
    if (!flags.includes(RECORD_REPAIRED_FLAG)) flags.push(RECORD_REPAIRED_FLAG);
    this.summaryDirty = true;
    try {
      const apply = acts.applyProjections;
      const { emailKeys } = await apply(toStorableText(batch));
      repairs.push({ at: new Date().toISOString(), refused, written: true });
      await this.record(this.state.stage, 'record.repaired', { comment: refused });
      return emailKeys;
    } catch (again) {
      const stillRefused = recordRefusal(again);
      if (!stillRefused) throw again;
      repairs.push({ at: new Date().toISOString(), refused: stillRefused, written: false });
      return [];
    }
  }

  /** Opens a task, waits for its decision with reminder and escalation timers, and closes it in the inbox. */
  async ask(spec: TaskSpec): Promise<TaskDecision> {
    const task = await this.openTask(spec);
    const decision = await this.awaitDecision(task);
    this.batch.closeTasks.push({
      taskId: task.taskId,
      status: 'done',
      outcome: decision.outcome,
      decidedBy: decision.actorId,
      decidedAt: decision.at,
      comment: spec.restricted ? null : decision.comment,
    });
    await this.record(spec.step, 'task.decided', {
      actorId: decision.actorId,
      outcome: decision.outcome,
      comment: decision.comment,
      detail: { taskId: task.taskId, ...(decision.payload ? { payload: decision.payload } : {}) },
    });
    this.processed.add(task.taskId);
    return decision;
  }

  /** Waits for something other than a task (a child workflow); the case can still be withdrawn or cancelled. */
  async waitFor<T>(promise: Promise<T>): Promise<T> {
    await this.flush();
    this.ackAll();
    let done = false;
    let value: T | undefined;
    let failure: unknown;
    let failed = false;
    promise.then(
      (v) => {
        done = true;
        value = v;
      },
      (e: unknown) => {
        done = true;
        failed = true;
        failure = e;
      },
    );
    await condition(() => done || this.closeRequest !== null);
    if (!done) this.throwClosed();
    if (failed) throw failure;
    return value as T;
  }

  private async openTask(spec: TaskSpec): Promise<Task> {
    this.taskCounter += 1;
    const now = new Date().toISOString();
    // No await on the calendar-time path: recorded runs keep their command order (see Deadlines.within).
    const due = spec.due && this.countsWorkingDays(spec.due) ? await this.workingDayDue(now, spec.due) : null;
    const task: Task = {
      taskId: `${this.state.caseId}/${spec.step}/${this.taskCounter}`,
      caseId: this.state.caseId,
      procedure: this.state.procedure,
      orgId: this.state.orgId,
      step: spec.step,
      kind: spec.kind,
      title: spec.title,
      titleEn: spec.titleEn,
      assignedBodyId: spec.assignedBodyId,
      assigneeUserIds: spec.assigneeUserIds ?? [],
      createdAt: now,
      dueAt: due ? due.dueAt : spec.due ? addDuration(now, spec.due) : null,
      status: 'open',
      outcome: null,
      decidedBy: null,
      decidedAt: null,
      comment: null,
      remindedAt: null,
      escalatedToBodyId: null,
      escalatedAt: null,
    };
    this.tasks.set(task.taskId, task);
    this.specs.set(task.taskId, spec);
    this.state.stage = spec.step;
    this.batch.openTasks.push({ task: { ...task }, orgPath: this.state.orgPath, caseTitle: this.state.title });
    await this.record(spec.step, 'task.opened', {
      detail: {
        taskId: task.taskId,
        assignedBodyId: task.assignedBodyId,
        dueAt: task.dueAt,
        // only where the working-day option decided: what was counted, or why calendar time was used instead
        ...(due?.basis === 'workingDays' ? { dueIn: { ...spec.due, basis: 'workingDays' } } : {}),
        ...(due?.unknownYear ? { dueIn: { ...spec.due, basis: 'calendar' }, calendar: due.unknownYear } : {}),
      },
    });
    this.syncSummary();
    return task;
  }

  /**
   * Whether a task's deadline counts working days: the policy option `taskDueInWorkingDays` for a deadline in whole
   * days (the domain's `dueInWorkingDays`), on runs that reached this code (patch). Every other deadline is calendar
   * time, as every case recorded before.
   */
  private countsWorkingDays(due: Duration): boolean {
    return dueInWorkingDays(due, this.policy) && patched(TASK_DUE_WORKING_DAYS);
  }

  /**
   * The due instant in working days (the domain's `taskDueAt`), on the calendar an activity reads — the holiday library
   * and the administrators' overrides — recorded in the history, so a replay counts the same days.
   */
  private async workingDayDue(now: string, due: Duration): Promise<TaskDue> {
    const years = workingDayYears(localDate(now, this.policy), due.days ?? 0);
    const calendar = await acts.loadWorkingDayCalendar({ years });
    return taskDueAt(now, due, this.policy, calendar);
  }

  private async awaitDecision(task: Task): Promise<TaskDecision> {
    await this.flush();
    this.ackAll();
    // Reminder before the due date, escalation at it and then repeatedly: durable timers from the policy table.
    const schedule = task.dueAt ? taskSchedule(task.createdAt, task.dueAt, this.policy) : null;
    const timers = [
      ...(schedule?.remindAt ? [{ at: schedule.remindAt, level: 0 }] : []),
      ...(schedule?.escalateAt ?? []).map((at, i) => ({ at, level: i + 1 })),
    ];
    const ready = () => this.decisions.has(task.taskId) || this.closeRequest !== null;
    for (const timer of timers) {
      if (await this.deadlines.until(ready, Date.parse(timer.at))) break;
      if (timer.level === 0) await this.remind(task);
      else await this.escalate(task, timer.level);
      await this.flush();
    }
    await condition(ready);
    if (this.closeRequest) this.throwClosed();
    return this.decisions.get(task.taskId)!;
  }

  private async remind(task: Task): Promise<void> {
    const at = new Date().toISOString();
    task.remindedAt = at;
    await acts.remindTask({ taskId: task.taskId, at });
    await this.record(task.step, 'task.reminded', { detail: { taskId: task.taskId, dueAt: task.dueAt } });
  }

  private async escalate(task: Task, level: number): Promise<void> {
    const at = new Date().toISOString();
    // Each level climbs one body further up from where the previous escalation left the task (RULES §A.3 chain).
    const fromBodyId = task.escalatedToBodyId ?? task.assignedBodyId;
    const { toBodyId } = await acts.escalateTask({
      taskId: task.taskId,
      fromBodyId,
      at,
      level,
    });
    task.escalatedToBodyId = toBodyId ?? task.escalatedToBodyId;
    task.escalatedAt = at;
    await this.record(task.step, 'task.escalated', {
      detail: { taskId: task.taskId, level, fromBodyId, toBodyId, dueAt: task.dueAt },
    });
    this.syncSummary();
  }

  private throwClosed(): never {
    const req = this.closeRequest!;
    throw new CaseClosed(req.status, req.reason);
  }

  private ackAll(): void {
    for (const id of this.processed) this.acked.add(id);
  }

  private openTasks(): Task[] {
    return [...this.tasks.values()].filter((t) => t.status === 'open').map((t) => ({ ...t }));
  }

  /**
   * Closes the case. `onClosed` (a closing path only) runs after the close is recorded and before it is projected
   * and answered, so its effects (activities, timeline entries) are visible to the caller of withdraw/cancel.
   */
  private async finish(
    status: Exclude<CaseStatus, 'active'>,
    reason: string | null,
    onClosed?: (status: Exclude<CaseStatus, 'active'>) => Promise<void>,
  ): Promise<void> {
    const at = new Date().toISOString();
    for (const task of this.tasks.values()) {
      if (task.status !== 'open') continue;
      task.status = 'cancelled';
      this.batch.closeTasks.push({
        taskId: task.taskId,
        status: 'cancelled',
        outcome: null,
        decidedBy: null,
        decidedAt: at,
        comment: reason,
      });
    }
    await this.record(this.state.stage, `case.${status}`, {
      actorId: this.closeRequest?.actorId ?? null,
      comment: reason,
    });
    this.state.status = status;
    this.state.closedAt = at;
    this.state.closeReason = reason;
    if (onClosed) await onClosed(status);
    this.syncSummary();
    await this.flush();
    // The case is closed and projected: every pending handler may answer now.
    this.settled = true;
  }

  /**
   * The record's changes since the last flush: the top-level data keys whose JSON changed or vanished, the close
   * reason, and the time; sent with every summary (so `asOf` follows the case) and whenever data changed.
   */
  private recordPatch(withSummary: boolean): ProjectionBatch['record'] {
    const data: Record<string, unknown> = {};
    const present = new Set<string>();
    for (const [key, value] of Object.entries(this.state.data)) {
      const json = JSON.stringify(value);
      if (json === undefined) continue;
      present.add(key);
      if (this.recordedData.get(key) === json) continue;
      data[key] = value;
      this.recordedData.set(key, json);
    }
    const removed = [...this.recordedData.keys()].filter((key) => !present.has(key));
    for (const key of removed) this.recordedData.delete(key);
    const changed = Object.keys(data).length > 0 || removed.length > 0;
    if (this.recordSeq > 0 && !changed && !withSummary) return null;
    this.recordSeq += 1;
    const info = workflowInfo();
    return {
      caseId: this.state.caseId,
      workflowId: info.workflowId,
      firstRunId: info.firstExecutionRunId,
      policyVersion: this.state.policyVersion,
      closeReason: this.state.closeReason,
      seq: this.recordSeq,
      at: new Date().toISOString(),
      data,
      removed,
    };
  }

  /** Visibility search attributes now (a local command); the SQL case summary with the next flush. */
  private syncSummary(): void {
    const summary = this.summary();
    this.summaryDirty = true;
    upsertSearchAttributes([
      { key: searchAttributeKeys.procedure, value: this.state.procedure },
      { key: searchAttributeKeys.orgId, value: this.state.orgId },
      { key: searchAttributeKeys.orgPath, value: this.state.orgPath },
      { key: searchAttributeKeys.stage, value: this.state.stage },
      { key: searchAttributeKeys.caseStatus, value: this.state.status },
      { key: searchAttributeKeys.pendingBodies, value: summary.pendingBodyIds },
      { key: searchAttributeKeys.dueAt, value: summary.dueAt ? new Date(summary.dueAt) : null },
    ]);
  }

  /** Case summary row for lists, derived from the state at the time of the flush. */
  private summary(): ProjectionBatch['summary'] & object {
    const open = this.openTasks();
    const pendingBodyIds = [...new Set(open.map((t) => t.assignedBodyId).filter((b): b is string => b !== null))];
    const dueAt =
      open
        .map((t) => t.dueAt)
        .filter((d): d is string => d !== null)
        .sort()[0] ?? null;
    return {
      caseId: this.state.caseId,
      procedure: this.state.procedure,
      orgId: this.state.orgId,
      orgPath: this.state.orgPath,
      title: this.state.title,
      status: this.state.status,
      stage: this.state.stage,
      submittedBy: this.state.submittedBy,
      submittedAt: this.state.submittedAt,
      pendingBodyIds,
      dueAt,
      closedAt: this.state.closedAt,
      at: new Date().toISOString(),
      // projected to case_summaries.flags / person_id (normalised by the projection activity)
      flags: this.state.data.flags,
      personId: this.state.data.personId,
    };
  }
}

/** Compliance flag of a case whose record had text the database cannot store replaced (CaseKernel.repairBatch). */
const RECORD_REPAIRED_FLAG = 'recordRepaired';

/** The database's reason when an activity failed with RECORD_REJECTED (a permanent refusal), else null. */
function recordRefusal(err: unknown): string | null {
  // a local activity's failure reaches the workflow as the activity's ApplicationFailure itself
  const failure = err instanceof ActivityFailure ? err.cause : err;
  if (!(failure instanceof ApplicationFailure)) return null;
  return failure.type === RECORD_REJECTED ? failure.message : null;
}

/** Flag and patch of a case whose step the database refused for good (CaseKernel.stepFailed). */
const STEP_FAILED_FLAG = 'stepFailed';
const STEP_FAILURES = 'step-failures';

/**
 * `patched()` id of task deadlines in working days (issue 10, policy `taskDueInWorkingDays`): a task whose deadline
 * counts working days reads the calendar through an activity first. Asked only where the option decides, so cases
 * under a policy without it emit the same commands as before.
 */
const TASK_DUE_WORKING_DAYS = 'task-due-working-days';

/** `patched()` id of the case record (data, close reason) written with the projections (issue: records in SQL). */
const CASE_RECORDS = 'case-records';

function emptyBatch(): ProjectionBatch {
  return { closeTasks: [], openTasks: [], audit: [], summary: null, record: null };
}

export type { Actor };
