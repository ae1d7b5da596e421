import { randomUUID } from 'node:crypto';
import type { IdempotentRequest } from '../common/idempotency-key.decorator';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/common';
import { ZodError } from 'zod';
import {
  establishmentRequestSchema,
  workflowIds,
  type Actor,
  type CaseCommandResult,
  type CaseState,
  type DecideTaskArgs,
  type DecisionBody,
  type DecisionResult,
  type EstablishmentInput,
  type EstablishmentRequest,
  type Procedure,
} from '../../../../libs/contracts';
import { parseStepPayload } from '../../../../libs/contracts/step-forms.contract';
import { AuditRepository, InboxRepository, RegistryRepository, type InboxTask } from '../../../../libs/db';
import {
  CURRENT_POLICY_VERSION,
  DomainRuleError,
  checkDecision,
  checkElectionClerk,
  checkRevisionFixedFields,
  checkReturnLoopCap,
  checkStepPayloadSize,
  checkWithdraw,
  getPolicy,
  violation,
} from '../../../../libs/domain';
import { isAdminOver, isSubmitterOnPath, mayViewCase } from '../auth/actor-access';
import { ApiError } from '../common/api-error';
import { todayIso } from '../common/today';
import { IdempotencyService } from '../common/idempotency.service';
import { MetricsService } from '../metrics/metrics.service';
import { CaseGateway, ElectionQueryTimeoutError } from './case.gateway';
import { CaseReader, type CaseView } from './case-reader';
import { DECISION_CHECKS, type DecisionCheckHook } from './decision-check.hook';
import { EstablishmentRequestChecks } from './establishment-request.checks';
import { endedElectionState } from './ended-election';

export interface StartCaseResult {
  caseId: string;
  orgId: string;
  status: 'active';
}

interface DecisionTarget {
  procedure: Procedure;
  step: string;
}

/**
 * The step's payload contract (libs/contracts STEP_FORMS), checked before the update is sent: 400 naming
 * `payload.<field>` as the request validation does; the workflow's validator checks the same schema again.
 */
function checkStepPayload({ procedure, step }: DecisionTarget, body: DecisionBody): void {
  const parsed = parseStepPayload(procedure, step, body.outcome, body.payload);
  if (parsed && !parsed.success) {
    throw new ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: ['payload', ...issue.path] })));
  }
}

/** Commands and reads on cases: registry facts and early rule checks here, the workflow stays authoritative. */
@Injectable()
export class CasesService {
  constructor(
    private readonly gateway: CaseGateway,
    private readonly reader: CaseReader,
    private readonly registry: RegistryRepository,
    private readonly inbox: InboxRepository,
    private readonly metrics: MetricsService,
    private readonly requestChecks: EstablishmentRequestChecks,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditRepository,
    @Optional() @Inject(DECISION_CHECKS) private readonly decisionChecks: DecisionCheckHook[] = [],
  ) {}

  /** RULES §C.1 C1–C3: check eligibility from registry counts, then start the establishment workflow. */
  async startEstablishment(actor: Actor, request: EstablishmentRequest): Promise<StartCaseResult> {
    const parent = await this.registry.getOrg(request.parentOrgId);
    if (!parent) {
      throw ApiError.notFound('PARENT_ORG_NOT_FOUND', '上级党组织不存在', 'Superior organization not found');
    }
    const parentPath = await this.registry.orgPathOf(parent.id);
    if (!isSubmitterOnPath(actor, parentPath)) {
      throw ApiError.forbidden(
        'NOT_SUBMITTER',
        '您在该上级党组织及其上级均无提交权限',
        'You hold no submitter role at the superior organization or above it',
      );
    }
    const policy = getPolicy(CURRENT_POLICY_VERSION);
    const rosterCounts = await this.requestChecks.rosterCountsChecked(actor, request, policy, todayIso());

    const partyGroup = await this.registry.partyGroupOfDepartment(request.departmentId);
    if (!partyGroup) {
      throw new DomainRuleError(
        violation({
          code: 'PARTY_GROUP_NOT_FOUND',
          kind: 'rule',
          rule: 'RULES §C.1 (C2)',
          message: `部门${request.departmentId}没有部门党组，无法进行党组决定`,
          messageEn: `department ${request.departmentId} has no department party group to decide (C2)`,
          numbers: { departmentId: request.departmentId },
        }),
      );
    }

    const orgId = `org-${randomUUID().slice(0, 8)}`;
    const caseId = workflowIds.establishment(orgId);
    const input: EstablishmentInput = {
      caseId,
      orgId,
      orgPath: [orgId, ...parentPath],
      request,
      rosterCounts,
      partyGroupBodyId: partyGroup.id,
      // RULES §A.3: the organs work committee (root of the superior's path) approves the setup.
      workCommitteeBodyId: parentPath[parentPath.length - 1] ?? parent.id,
      submittedBy: actor.userId,
      submittedAt: new Date().toISOString(),
      policyVersion: policy.version,
    };
    await this.gateway.startEstablishment(input);
    this.metrics.casesStarted.inc({ procedure: 'establishment' });
    return { caseId, orgId, status: 'active' };
  }

  /** The case for someone allowed to see it (else 403 NOT_VISIBLE), live or from its record (CaseReader). */
  async getVisibleCase(actor: Actor, caseId: string): Promise<CaseView> {
    const state = await this.reader.read(caseId);
    if (mayViewCase(actor, state)) return state;
    if (mayViewCase(actor, state, await this.inbox.listForCase(caseId))) return state;
    throw ApiError.forbidden('NOT_VISIBLE', '您无权查看该事项', 'You may not see this case');
  }

  async requireAdminOver(actor: Actor, caseId: string): Promise<void> {
    const state = await this.reader.read(caseId);
    if (!isAdminOver(actor, state.orgPath)) {
      throw ApiError.forbidden(
        'NOT_ADMIN',
        '您不是该事项所属组织或其上级的管理员',
        'You administer neither the case org nor an ancestor',
      );
    }
  }

  /** 撤回: pre-checked here (RULES §A.3, checkWithdraw) for a fast answer; the workflow validator checks again. */
  async withdraw(
    actor: Actor,
    caseId: string,
    idempotencyKey: IdempotentRequest | undefined,
  ): Promise<CaseCommandResult> {
    const state = await this.getVisibleCase(actor, caseId);
    const refused = checkWithdraw(state.status, state.submittedBy, state.orgPath, actor);
    // A retried click after the case was withdrawn is answered by Temporal with the first result.
    if (
      refused &&
      !(idempotencyKey !== undefined && state.status === 'withdrawn' && state.submittedBy === actor.userId)
    ) {
      throw new DomainRuleError(refused);
    }
    return this.gateway.withdraw(
      caseId,
      { actor },
      await this.idempotency.updateId(actor, 'withdraw', caseId, idempotencyKey),
    );
  }

  /** Administrative cancellation by an admin over the case's org path. */
  async cancel(
    actor: Actor,
    caseId: string,
    reason: string,
    idempotencyKey: IdempotentRequest | undefined,
  ): Promise<CaseCommandResult> {
    await this.requireAdminOver(actor, caseId);
    return this.gateway.cancel(
      caseId,
      { actor, reason },
      await this.idempotency.updateId(actor, 'cancel', caseId, idempotencyKey),
    );
  }

  /**
   * Sends a decision as a Temporal update. A fast pre-check against the inbox row answers obvious 403/409 cases
   * without a round trip; rows may lag behind the workflow, so a missing row is left to the workflow validator.
   * Escalation (上报) does not hand a task over: approvers of the escalated-to body only see and urge it.
   */
  async decide(
    actor: Actor,
    caseId: string,
    taskId: string,
    body: DecisionBody,
    idempotencyKey: IdempotentRequest | undefined,
  ): Promise<DecisionResult> {
    const row = await this.inbox.getTask(taskId);
    if (row && row.caseId !== caseId) {
      throw ApiError.notFound('TASK_NOT_FOUND', '该事项下没有此待办任务', 'Task not found in this case');
    }
    // With an Idempotency-Key a decided task may be this very click retried: Temporal answers it with the first
    // result, so only authorization is pre-checked (as if the task were still open).
    const retriable = row !== null && idempotencyKey !== undefined && row.status !== 'open';
    if (row) {
      const preCheck = checkDecision(retriable ? { ...row, status: 'open' } : row, actor, body.outcome, body.comment);
      if (preCheck && (preCheck.kind === 'conflict' || preCheck.kind === 'forbidden')) {
        throw new DomainRuleError(preCheck);
      }
    }
    // The same click sent before may stand although its row still shows the task open (the answer was lost to a 504
    // or a killed API before the projection landed): it passed the checks below when it was sent.
    const resent = retriable || (await this.idempotency.sentBefore(actor, 'decide', taskId, idempotencyKey));
    if (row && row.status === 'open' && !resent) await this.checkCaseBounds(caseId, row.step, body);
    const target = await this.decisionTarget(caseId, taskId, row);
    if (target) checkStepPayload(target, body);
    // Nor are the registry checks run again for it: the registry may have moved since the click was applied (another
    // case of the branch made a member, so the vote's entitled count no longer matches), and a refusal here would
    // answer 422 for a decision that stands (found by the fault campaign, both with the row decided and still open).
    // Another click on a decided task is still refused, by the workflow's validator (TASK_ALREADY_DECIDED).
    if (!resent) await this.runDecisionChecks(actor, caseId, taskId, body, target);
    const args = await this.decisionArgs(actor, caseId, taskId, body, row);
    const stopTimer = this.metrics.decisionLatency.startTimer();
    try {
      const updateId = await this.idempotency.updateId(actor, 'decide', taskId, idempotencyKey);
      const result = await this.gateway.decide(caseId, args, updateId);
      this.metrics.decisions.inc({ outcome: result.outcome });
      return result;
    } finally {
      stopTimer();
    }
  }

  /**
   * Bounds on what one case grows (issue 8 §2), checked here from the record before the update is sent and again by
   * the workflow's validator: a payload over the size limit (400), a return past the cap of returns per step (422).
   */
  private async checkCaseBounds(caseId: string, step: string, body: DecisionBody): Promise<void> {
    const policy = getPolicy(CURRENT_POLICY_VERSION);
    const tooLarge = checkStepPayloadSize(step, body.payload, policy);
    if (tooLarge) throw new DomainRuleError(tooLarge);
    if (body.outcome !== 'return') return;
    const capped = checkReturnLoopCap(step, await this.audit.countStepReturns(caseId, step), policy);
    if (capped) throw new DomainRuleError(capped);
  }

  /** The procedure and step of the task decided: from its inbox row, else (a row not projected yet) from the case. */
  private async decisionTarget(caseId: string, taskId: string, row: InboxTask | null): Promise<DecisionTarget | null> {
    if (row) return { procedure: row.procedure, step: row.step };
    const state = await this.reader.read(caseId);
    const step = state.pendingTasks.find((t) => t.taskId === taskId)?.step;
    return step ? { procedure: state.procedure, step } : null;
  }

  /** Per-procedure registry checks (DECISION_CHECKS) of the task's procedure. */
  private async runDecisionChecks(
    actor: Actor,
    caseId: string,
    taskId: string,
    body: DecisionBody,
    target: DecisionTarget | null,
  ): Promise<void> {
    if (!this.decisionChecks?.length || !target) return;
    for (const hook of this.decisionChecks) {
      if (hook.procedure === target.procedure) {
        await hook.beforeDecision({ actor, caseId, taskId, step: target.step, body });
      }
    }
  }

  /**
   * The update arguments of a decision. Roster counts are registry facts: a client-supplied `payload.rosterCounts` is
   * always dropped, and a revised request (C3 submit) is validated, checked and sent with counts computed here.
   */
  private async decisionArgs(
    actor: Actor,
    caseId: string,
    taskId: string,
    body: DecisionBody,
    row: InboxTask | null,
  ): Promise<DecideTaskArgs> {
    const { payload: clientPayload, ...decision } = body;
    const args: DecideTaskArgs = { actor, taskId, ...decision };
    if (clientPayload === undefined) return args;
    const { rosterCounts: _dropped, ...payload } = clientPayload;
    if (body.outcome !== 'submit' || payload.request === undefined) return { ...args, payload };
    const state = await this.reader.read(caseId);
    const task = state.pendingTasks.find((t) => t.taskId === taskId) ?? row;
    if (task?.step !== 'C3') return { ...args, payload };
    return { ...args, payload: await this.revisionPayload(actor, state, payload.request) };
  }

  /** RULES §C.1 (C3) 退回修改: the revised 请示报告 passes the same checks as the first submission (RULES §C.2). */
  private async revisionPayload(
    actor: Actor,
    state: CaseState,
    rawRequest: unknown,
  ): Promise<{ request: EstablishmentRequest; rosterCounts: EstablishmentInput['rosterCounts'] }> {
    const parsed = establishmentRequestSchema.safeParse(rawRequest);
    if (!parsed.success) {
      throw new ZodError(
        parsed.error.issues.map((issue) => ({ ...issue, path: ['payload', 'request', ...issue.path] })),
      );
    }
    const request = parsed.data;
    const current = state.data.request as Partial<EstablishmentRequest> | undefined;
    const moved = checkRevisionFixedFields(current ?? {}, request);
    if (moved) throw new DomainRuleError(moved);
    const rosterCounts = await this.requestChecks.rosterCountsChecked(
      actor,
      request,
      getPolicy(state.policyVersion),
      todayIso(),
    );
    return { request, rosterCounts };
  }

  /**
   * The workflow id of the case's current election child (`data.electionWorkflowId`; a re-election of officers runs
   * in a new child). Only for actors who may see the case; commands also need an election clerk (RULES §D.3).
   */
  async electionWorkflowId(actor: Actor, caseId: string, purpose: 'read' | 'command'): Promise<string> {
    return (await this.election(actor, caseId, purpose)).workflowId;
  }

  /**
   * The election of a case as a read shows it, with the case it belongs to: an ended election from the case record
   * (after Temporal's retention too), a running one from its child's query within the case-read timeout. A child that
   * cannot be queried (no worker, Temporal down, history gone) answers from the record when the record holds its
   * result, else 503 ELECTION_UNAVAILABLE: never a held request or a 500 (issue 8 §1).
   */
  async readElection(
    actor: Actor,
    caseId: string,
  ): Promise<{ workflowId: string; state: CaseView; election: Record<string, unknown> }> {
    const { workflowId, state } = await this.election(actor, caseId, 'read');
    const ended = endedElectionState(state.data.election, workflowId);
    if (ended) return { workflowId, state, election: ended as unknown as Record<string, unknown> };
    try {
      return { workflowId, state, election: await this.gateway.electionState(workflowId) };
    } catch (error) {
      // a child Temporal no longer knows has ended: a result that does not name its child is then its result
      const gone = error instanceof WorkflowNotFoundError;
      const recorded = gone ? endedElectionState(state.data.election, workflowId, { unnamed: true }) : null;
      if (recorded) return { workflowId, state, election: recorded as unknown as Record<string, unknown> };
      const timeoutMs = error instanceof ElectionQueryTimeoutError ? error.timeoutMs : undefined;
      throw new ApiError(
        503,
        'ELECTION_UNAVAILABLE',
        '选举流程暂时无法查询（流程引擎或执行器未答复），请稍后重试',
        'The election cannot be read now (the workflow engine or its worker did not answer); retry later',
        { numbers: { caseId, electionWorkflowId: workflowId, ...(timeoutMs !== undefined ? { timeoutMs } : {}) } },
      );
    }
  }

  private async election(
    actor: Actor,
    caseId: string,
    purpose: 'read' | 'command',
  ): Promise<{ workflowId: string; state: CaseView }> {
    const state = await this.getVisibleCase(actor, caseId);
    if (purpose === 'command') {
      const refused = checkElectionClerk(actor, [state.submittedBy], state.orgPath);
      if (refused) throw new DomainRuleError(refused);
    }
    const workflowId = state.data.electionWorkflowId;
    if (typeof workflowId !== 'string' || workflowId.length === 0) {
      throw ApiError.notFound(
        'ELECTION_NOT_STARTED',
        '该事项的选举尚未开始',
        'The election of this case has not started',
      );
    }
    return { workflowId, state };
  }
}
