import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/**
 * `RECORD_HISTORIES=<dir>` makes a workflow-tier run keep the history of every workflow it ran, one gzipped JSON file
 * per workflow under `<dir>/<spec>/` (`{ workflowId, history }`: replay needs the workflow id, which the history does
 * not hold), for the replay tier (test/replay). Run it on the code whose histories the replay tier must keep accepting
 * (see test/replay/README.md); without the variable this does nothing.
 *
 * The time-skipping server lists executions only through the pre-visibility calls (ListOpen/ListClosed), which is
 * all a recording needs.
 */
export async function recordHistories(env: TestWorkflowEnvironment): Promise<void> {
  const root = process.env.RECORD_HISTORIES;
  if (!root) return;
  const spec = basename(expect.getState().testPath ?? 'unknown', '.spec.ts');
  const dir = join(root, spec);
  mkdirSync(dir, { recursive: true });
  const namespace = env.namespace ?? 'default';
  const service = env.connection.workflowService;
  const executions = [
    ...((await service.listClosedWorkflowExecutions({ namespace, maximumPageSize: 1000 })).executions ?? []),
    ...((await service.listOpenWorkflowExecutions({ namespace, maximumPageSize: 1000 })).executions ?? []),
  ];
  for (const info of executions) {
    const workflowId = info.execution?.workflowId;
    const runId = info.execution?.runId;
    if (!workflowId || !runId) continue;
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const file = `${info.type?.name ?? 'workflow'}--${workflowId.replace(/[^A-Za-z0-9._-]+/g, '_')}--${runId.slice(0, 8)}`;
    const recorded = `{"workflowId":${JSON.stringify(workflowId)},"history":${JSON.stringify(JSON.parse(historyToJSON(history)))}}`;
    writeFileSync(join(dir, `${file}.json.gz`), gzipSync(recorded, { level: 9 }));
  }
}
