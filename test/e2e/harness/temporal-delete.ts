import { execFileSync } from 'node:child_process';
import { WorkflowNotFoundError } from '@temporalio/common';
import { temporalCliPath } from '../../support/temporal-binaries';
import type { E2eStack } from './e2e-stack';
import type { httpClient } from './http-client';

/**
 * Deletes a workflow run from Temporal as an operator would (`temporal workflow delete`, what retention does at the
 * end of the namespace's retention period) and waits until Temporal no longer knows it. Deletion runs in the
 * background of the server (a system workflow): slow on a loaded machine, hence the long wait.
 */
export async function deleteFromTemporal(
  stack: E2eStack,
  http: ReturnType<typeof httpClient>,
  workflowId: string,
  runId?: string,
): Promise<void> {
  const cli = [
    'workflow',
    'delete',
    '--address',
    stack.temporalAddress,
    '-w',
    workflowId,
    ...(runId ? ['-r', runId] : []),
  ];
  // the CLI asks before it deletes; answer as an operator would
  execFileSync(temporalCliPath(), cli, { input: 'y\n' });
  await http.eventually(
    async () => {
      try {
        await stack.client.workflow.getHandle(workflowId, runId).describe();
        return undefined;
      } catch (err) {
        return err instanceof WorkflowNotFoundError ? true : undefined;
      }
    },
    `${workflowId} deleted from Temporal`,
    120_000,
  );
}
