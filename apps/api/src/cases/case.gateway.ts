import { Inject, Injectable } from '@nestjs/common';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import {
  TASK_QUEUE,
  WORKFLOW_TYPES,
  cancelCaseUpdate,
  caseStateQuery,
  decideTaskUpdate,
  electionStateQuery,
  searchAttributeKeys,
  withdrawCaseUpdate,
  workflowIds,
  type CaseCommandArgs,
  type CaseCommandResult,
  type CaseState,
  type DecideTaskArgs,
  type DecisionResult,
  type EstablishmentInput,
} from '../../../../libs/contracts';
import { API_SETTINGS, TEMPORAL_CLIENT, type ApiSettings } from '../api-settings';

export interface VisibilityEntry {
  caseId: string;
  workflowType: string;
  status: string;
  startTime: string;
  closeTime: string | null;
  procedure: string | null;
  orgId: string | null;
  stage: string | null;
  caseStatus: string | null;
}

/**
 * The API's only door to Temporal (DESIGN "Human decisions enter through Temporal Updates").
 * A caseId is the workflow id of the case's main workflow; elections run as child workflows.
 */
@Injectable()
export class CaseGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

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

  caseState(caseId: string): Promise<CaseState> {
    return this.client.workflow.getHandle(caseId).query(caseStateQuery);
  }

  decide(caseId: string, args: DecideTaskArgs, updateId?: string): Promise<DecisionResult> {
    return this.client.workflow.getHandle(caseId).executeUpdate(decideTaskUpdate, { args: [args], updateId });
  }

  withdraw(caseId: string, args: CaseCommandArgs, updateId?: string): Promise<CaseCommandResult> {
    return this.client.workflow.getHandle(caseId).executeUpdate(withdrawCaseUpdate, { args: [args], updateId });
  }

  cancel(caseId: string, args: CaseCommandArgs, updateId?: string): Promise<CaseCommandResult> {
    return this.client.workflow.getHandle(caseId).executeUpdate(cancelCaseUpdate, { args: [args], updateId });
  }

  /** Sends an update to an election child workflow (its id is the case's `data.electionWorkflowId`). */
  electionUpdate<Ret, Arg>(
    electionWorkflowId: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId?: string,
  ): Promise<Ret> {
    return this.client.workflow.getHandle(electionWorkflowId).executeUpdate(definition, { args: [arg], updateId });
  }

  electionState(electionWorkflowId: string): Promise<Record<string, unknown>> {
    const query: QueryDefinition<Record<string, unknown>> = electionStateQuery;
    return this.client.workflow.getHandle(electionWorkflowId).query(query);
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
    return `${base}/namespaces/${encodeURIComponent(this.settings.temporalNamespace)}/workflows/${encodeURIComponent(caseId)}`;
  }
}

function toVisibilityEntry(info: WorkflowExecutionInfo): VisibilityEntry {
  const attrs = info.typedSearchAttributes;
  return {
    caseId: info.workflowId,
    workflowType: info.type,
    status: info.status.name,
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime ? info.closeTime.toISOString() : null,
    procedure: attrs.get(searchAttributeKeys.procedure) ?? null,
    orgId: attrs.get(searchAttributeKeys.orgId) ?? null,
    stage: attrs.get(searchAttributeKeys.stage) ?? null,
    caseStatus: attrs.get(searchAttributeKeys.caseStatus) ?? null,
  };
}
