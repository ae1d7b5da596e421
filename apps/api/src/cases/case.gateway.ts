import { Inject, Injectable } from '@nestjs/common';
import type { Client, WorkflowExecutionInfo, WorkflowExecutionStatusName, WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError, type QueryDefinition, type UpdateDefinition } from '@temporalio/common';
import {
  TASK_QUEUE,
  WORKFLOW_TYPES,
  cancelCaseUpdate,
  caseRuns,
  caseStatusSchema,
  caseStateQuery,
  decideTaskUpdate,
  electionStateQuery,
  searchAttributeKeys,
  withdrawCaseUpdate,
  workflowIds,
  type CaseCommandArgs,
  type CaseCommandResult,
  type CaseState,
  type CaseStatus,
  type DecideTaskArgs,
  type DecisionResult,
  type EstablishmentInput,
} from '../../../../libs/contracts';
import { CaseRecordRepository } from '../../../../libs/db';
import { API_SETTINGS, TEMPORAL_CLIENT, type ApiSettings } from '../api-settings';
import type { ExecutionStatus } from './cases.dto';

/** Resolved case runs kept per API process: a case id names the same run for ever. */
const RUN_CACHE_SIZE = 10_000;

export interface VisibilityEntry {
  caseId: string;
  workflowType: string;
  /** the case status, spelled as GET /api/cases and the `status` filter spell it (CaseStatus) */
  status: CaseStatus | null;
  /** Temporal's execution status of the run, in the API's spelling (RUNNING → running) */
  executionStatus: ExecutionStatus;
  startTime: string;
  closeTime: string | null;
  procedure: string | null;
  orgId: string | null;
  stage: string | null;
}

/** Temporal's names of execution statuses in the API's spelling (one spelling per value across the API). */
const EXECUTION_STATUS: Record<WorkflowExecutionStatusName, ExecutionStatus> = {
  UNSPECIFIED: 'unknown',
  UNKNOWN: 'unknown',
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  CONTINUED_AS_NEW: 'continuedAsNew',
  TIMED_OUT: 'timedOut',
  PAUSED: 'paused',
};

/**
 * The API's only door to Temporal (DESIGN "Human decisions enter through Temporal Updates").
 * A caseId is the workflow id of the case's main workflow; elections run as child workflows.
 */
@Injectable()
export class CaseGateway {
  private readonly runs = new Map<string, { workflowId: string; firstRunId: string }>();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly records: CaseRecordRepository,
  ) {}

  /**
   * The workflow execution chain of one case run: its business-key workflow id, pinned to the run's first execution
   * once the case is recorded, so a command for a closed run never reaches a later run of the same key.
   */
  async handle(caseId: string): Promise<WorkflowHandle> {
    let run = this.runs.get(caseId);
    if (!run) {
      const recorded = await this.records.runOf(caseId);
      if (recorded) {
        run = { workflowId: recorded.workflowId, firstRunId: recorded.firstRunId };
        if (this.runs.size >= RUN_CACHE_SIZE) this.runs.clear();
        this.runs.set(caseId, run);
      }
    }
    if (!run) return this.client.workflow.getHandle(caseRuns.workflowId(caseId));
    return this.client.workflow.getHandle(run.workflowId, undefined, { firstExecutionRunId: run.firstRunId });
  }

  /** Starts an establishment case; a second start for the same org fails with WorkflowExecutionAlreadyStartedError. */
  async startEstablishment(input: EstablishmentInput): Promise<void> {
    await this.client.workflow.start(WORKFLOW_TYPES.establishment, {
      workflowId: workflowIds.establishment(input.orgId),
      taskQueue: TASK_QUEUE,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributeKeys.procedure, value: 'establishment' },
        { key: searchAttributeKeys.orgId, value: input.orgId },
        { key: searchAttributeKeys.orgPath, value: input.orgPath },
        { key: searchAttributeKeys.stage, value: 'C2' },
        { key: searchAttributeKeys.caseStatus, value: 'active' },
      ],
    });
  }

  /**
   * The live state of a case run (workflow query), given up after `timeoutMs` (a query waits for a worker). A run of
   * the same key that is not this case (a legacy case id now naming a later run) is not found.
   */
  async caseState(caseId: string, timeoutMs = this.settings.caseQueryTimeoutMs): Promise<CaseState> {
    const handle = await this.handle(caseId);
    const state = await this.client.withDeadline(Date.now() + timeoutMs, () => handle.query(caseStateQuery));
    if (state.caseId !== caseId) throw new WorkflowNotFoundError('no such case run', caseId, undefined);
    return state;
  }

  async decide(caseId: string, args: DecideTaskArgs, updateId?: string): Promise<DecisionResult> {
    return this.update(await this.handle(caseId), decideTaskUpdate, args, updateId);
  }

  async withdraw(caseId: string, args: CaseCommandArgs, updateId?: string): Promise<CaseCommandResult> {
    return this.update(await this.handle(caseId), withdrawCaseUpdate, args, updateId);
  }

  async cancel(caseId: string, args: CaseCommandArgs, updateId?: string): Promise<CaseCommandResult> {
    return this.update(await this.handle(caseId), cancelCaseUpdate, args, updateId);
  }

  /** Sends an update to an election child workflow (its id is the case's `data.electionWorkflowId`). */
  electionUpdate<Ret, Arg>(
    electionWorkflowId: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId?: string,
  ): Promise<Ret> {
    return this.update(this.client.workflow.getHandle(electionWorkflowId), definition, arg, updateId);
  }

  /**
   * Every update the API sends: the answer is awaited at most `updateTimeoutMs` (a case that cannot answer — no
   * worker, a stuck activity — gives WorkflowUpdateRPCTimeoutOrCancelledError, 504 UPDATE_TIMEOUT), never an open
   * HTTP call. The update id (Idempotency-Key) lets the client retry safely.
   */
  update<Ret, Arg>(
    target: WorkflowHandle,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId?: string,
  ): Promise<Ret> {
    return this.client.withDeadline(Date.now() + this.settings.updateTimeoutMs, () =>
      target.executeUpdate(definition, { args: [arg], updateId }),
    );
  }

  /**
   * The live state of an election child, given up after `timeoutMs` as a case read is (a query waits for a worker):
   * the client's deadline bounds the RPC, and a timer of our own bounds the call even if the deadline is not honoured,
   * so a read never holds the request (issue 8 §1). Fails with ElectionQueryTimeoutError or Temporal's error.
   */
  async electionState(
    electionWorkflowId: string,
    timeoutMs = this.settings.caseQueryTimeoutMs,
  ): Promise<Record<string, unknown>> {
    const query: QueryDefinition<Record<string, unknown>> = electionStateQuery;
    const handle = this.client.workflow.getHandle(electionWorkflowId);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new ElectionQueryTimeoutError(electionWorkflowId, timeoutMs)), timeoutMs);
    });
    try {
      return await Promise.race([this.client.withDeadline(Date.now() + timeoutMs, () => handle.query(query)), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Lists cases from Temporal's visibility store (eventually consistent). */
  async list(query: string, limit: number): Promise<VisibilityEntry[]> {
    const entries: VisibilityEntry[] = [];
    for await (const info of this.client.workflow.list({ query, pageSize: Math.min(limit, 1000) })) {
      entries.push(toVisibilityEntry(info));
      if (entries.length >= limit) break;
    }
    return entries;
  }

  webUiUrl(caseId: string): string {
    const base = this.settings.temporalUiUrl.replace(/\/+$/, '');
    const workflowId = encodeURIComponent(caseRuns.workflowId(caseId));
    return `${base}/namespaces/${encodeURIComponent(this.settings.temporalNamespace)}/workflows/${workflowId}`;
  }
}

/** An election query that did not answer within the case-read timeout. */
export class ElectionQueryTimeoutError extends Error {
  constructor(
    readonly workflowId: string,
    readonly timeoutMs: number,
  ) {
    super(`election ${workflowId} did not answer its query within ${timeoutMs} ms`);
    this.name = 'ElectionQueryTimeoutError';
  }
}

export function toVisibilityEntry(info: WorkflowExecutionInfo): VisibilityEntry {
  const attrs = info.typedSearchAttributes;
  const caseStatus = caseStatusSchema.safeParse(attrs.get(searchAttributeKeys.caseStatus));
  return {
    caseId: info.workflowId,
    workflowType: info.type,
    status: caseStatus.success ? caseStatus.data : null,
    executionStatus: EXECUTION_STATUS[info.status.name] ?? 'unknown',
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime ? info.closeTime.toISOString() : null,
    procedure: attrs.get(searchAttributeKeys.procedure) ?? null,
    orgId: attrs.get(searchAttributeKeys.orgId) ?? null,
    stage: attrs.get(searchAttributeKeys.stage) ?? null,
  };
}
