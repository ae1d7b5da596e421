import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { TASK_QUEUE, searchAttributeKeys, termClockQuery, type TermClockView } from '../../../../libs/contracts';
import { API_SETTINGS, TEMPORAL_CLIENT, type ApiSettings } from '../api-settings';

/** How many consecutive numbers a start tries when the next case number is already taken (a concurrent start). */
const MAX_NUMBER_PROBES = 20;

export interface CaseStart {
  workflowType: string;
  procedure: 'termElection' | 'byElection';
  orgId: string;
  orgPath: string[];
  stage: string;
}

/** Temporal calls of the term endpoints: the term clock query and the numbered starts of shift and by-election cases. */
@Injectable()
export class TermGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /**
   * The live term clock of an organization (termClock:<orgId>), or null when no clock runs for it. A clock that does
   * not answer within the case-read timeout (no worker) fails the call (504/503), rather than holding the request.
   */
  async termClockView(clockWorkflowId: string): Promise<TermClockView | null> {
    try {
      const handle = this.client.workflow.getHandle(clockWorkflowId);
      const deadline = Date.now() + this.settings.caseQueryTimeoutMs;
      return await this.client.withDeadline(deadline, () => handle.query(termClockQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  /**
   * Starts the first free number from `firstNumber` on: ids are business keys numbered per org (termShift:…:<n>,
   * byElection:…:<n>) and REJECT_DUPLICATE makes a taken number fail fast. A number taken by a case that still runs
   * is a concurrent start of the same series (both read the same next number): it answers `pending(caseId)`, so two
   * racing requests never open two cases; a number taken by a closed case is skipped.
   */
  async startNumbered<I extends { caseId: string }>(
    start: CaseStart,
    firstNumber: number,
    idFor: (n: number) => string,
    inputFor: (caseId: string) => I,
    pending: (caseId: string) => Error,
  ): Promise<I> {
    let lastError: unknown;
    for (let n = firstNumber; n < firstNumber + MAX_NUMBER_PROBES; n++) {
      const input = inputFor(idFor(n));
      try {
        await this.client.workflow.start(start.workflowType, {
          workflowId: input.caseId,
          taskQueue: TASK_QUEUE,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: searchAttributeKeys.procedure, value: start.procedure },
            { key: searchAttributeKeys.orgId, value: start.orgId },
            { key: searchAttributeKeys.orgPath, value: start.orgPath },
            { key: searchAttributeKeys.stage, value: start.stage },
            { key: searchAttributeKeys.caseStatus, value: 'active' },
          ],
        });
        return input;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        const taken = await this.client.workflow.getHandle(input.caseId).describe();
        if (taken.status.name === 'RUNNING') throw pending(input.caseId);
        lastError = err;
      }
    }
    throw lastError;
  }
}
