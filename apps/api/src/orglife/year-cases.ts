import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { caseRuns, searchAttributeKeys, TASK_QUEUE, type Procedure } from '../../../../libs/contracts';
import type { ApiError } from '../common/api-error';
import type { CaseRecord, CaseRecordRepository } from '../../../../libs/db';

/**
 * The recorded runs of a yearly case's business key (democraticLife:…:<year>, secretaryReport:…:<year>), newest first:
 * a refused or withdrawn attempt may be followed by another run with its own case id (`…~2`).
 */
export async function yearCaseRuns(
  records: CaseRecordRepository,
  workflowId: string,
): Promise<{ caseId: string; record: CaseRecord }[]> {
  const last = caseRuns.run(await records.nextCaseId(workflowId)) - 1;
  const out: { caseId: string; record: CaseRecord }[] = [];
  for (let run = last; run >= 1; run--) {
    const caseId = caseRuns.caseId(workflowId, run);
    const record = await records.get(caseId);
    if (record) out.push({ caseId, record });
  }
  return out;
}

/**
 * Starts a yearly case (one per organization and year) with its search attributes; a run of the same business key still
 * going answers `running()` (409), a closed one is followed by a new run.
 */
export async function startYearCase(
  client: Client,
  start: { workflowType: string; workflowId: string; input: unknown; procedure: Procedure; stage: string },
  where: { orgId: string; orgPath: string[] },
  running: () => ApiError,
): Promise<void> {
  try {
    await client.workflow.start(start.workflowType, {
      workflowId: start.workflowId,
      taskQueue: TASK_QUEUE,
      args: [start.input],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      typedSearchAttributes: [
        { key: searchAttributeKeys.procedure, value: start.procedure },
        { key: searchAttributeKeys.orgId, value: where.orgId },
        { key: searchAttributeKeys.orgPath, value: where.orgPath },
        { key: searchAttributeKeys.stage, value: start.stage },
        { key: searchAttributeKeys.caseStatus, value: 'active' },
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw running();
    throw err;
  }
}
