import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import {
  TASK_QUEUE,
  WORKFLOW_TYPES,
  caseRuns,
  changeContactsUpdate,
  searchAttributeKeys,
  transferAdmissionUpdate,
  type AdmissionContactChangeArgs,
  type AdmissionContactChangeRecord,
  type AdmissionInput,
  type AdmissionTransferArgs,
  type AdmissionTransferResult,
} from '../../../../libs/contracts';
import { TEMPORAL_CLIENT } from '../api-settings';
import { CaseGateway } from '../cases/case.gateway';

/** Temporal calls of member development: start `admission:<orgId>:<personId>`, the transfer and contact updates. */
@Injectable()
export class AdmissionGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly cases: CaseGateway,
  ) {}

  /**
   * A new case may follow a closed one of the same person and branch (e.g. after 'notSelected': ALLOW_DUPLICATE) as
   * a new run of the same workflow id with its own case id (`caseRuns`), while a second running one is refused
   * (conflict policy FAIL → WorkflowExecutionAlreadyStartedError).
   */
  async start(input: AdmissionInput, note: string | undefined): Promise<void> {
    await this.client.workflow.start(WORKFLOW_TYPES.admission, {
      workflowId: caseRuns.workflowId(input.caseId),
      taskQueue: TASK_QUEUE,
      args: [input],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      ...(note ? { memo: { note } } : {}),
      typedSearchAttributes: [
        { key: searchAttributeKeys.procedure, value: 'admission' },
        { key: searchAttributeKeys.orgId, value: input.orgId },
        { key: searchAttributeKeys.orgPath, value: input.orgPath },
        { key: searchAttributeKeys.stage, value: 'E1' },
        { key: searchAttributeKeys.caseStatus, value: 'active' },
      ],
    });
  }

  /** The latest run of the case's workflow id: running or not and when it started; null when none exists (yet). */
  async latestRun(caseId: string): Promise<{ running: boolean; startedAt: string } | null> {
    try {
      const d = await this.client.workflow.getHandle(caseRuns.workflowId(caseId)).describe();
      return { running: d.status.name === 'RUNNING', startedAt: d.startTime.toISOString() };
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) return null;
      throw e;
    }
  }

  /**
   * Waits (polling, at most `withinMs`) for the run of a case to close: a withdrawn or cancelled case answers its
   * caller once closed and projected, and its run ends moments later. True when it no longer runs.
   */
  async awaitRunClosed(caseId: string, withinMs: number): Promise<boolean> {
    const until = Date.now() + withinMs;
    for (;;) {
      const run = await this.latestRun(caseId);
      if (!run?.running) return true;
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async transfer(caseId: string, args: AdmissionTransferArgs, updateId?: string): Promise<AdmissionTransferResult> {
    return this.cases.update(await this.cases.handle(caseId), transferAdmissionUpdate, args, updateId);
  }

  async changeContacts(
    caseId: string,
    args: AdmissionContactChangeArgs,
    updateId?: string,
  ): Promise<AdmissionContactChangeRecord> {
    return this.cases.update(await this.cases.handle(caseId), changeContactsUpdate, args, updateId);
  }
}
