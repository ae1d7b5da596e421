import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { bundleTrustedWorkflowCode } from '../../apps/worker/src/worker.factory';
import { WORKFLOW_TYPES } from '../../libs/contracts';

/**
 * Cases live for years: every recorded history (test/replay/histories, see README.md there) must replay on the current
 * workflow code. A change that would make a running case fail its next workflow task with a nondeterminism error
 * fails here instead.
 */
const HISTORIES = join(__dirname, 'histories');

function historyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return historyFiles(path);
    return entry.name.endsWith('.json.gz') ? [path] : [];
  });
}

function* histories(files: string[]) {
  for (const file of files) {
    const recorded = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as {
      workflowId: string;
      history: unknown;
    };
    // the workflow id the run had: workflows derive case ids (and task ids in their updates) from it
    yield { workflowId: recorded.workflowId, history: historyFromJSON(recorded.history) };
  }
}

describe('replay of recorded histories', () => {
  const files = historyFiles(HISTORIES);

  it('holds a recorded run of every workflow type', () => {
    const types = new Set(files.map((f) => f.split('/').pop()!.split('--')[0]));
    expect([...types].sort()).toEqual(Object.values(WORKFLOW_TYPES).sort());
  });

  it('replays every history on the current workflow code without a nondeterminism error', async () => {
    const failures: string[] = [];
    let replayed = 0;
    const results = Worker.runReplayHistories(
      { workflowsPath: require.resolve('../../workflows'), replayName: 'branchflow-replay' },
      histories(files),
    );
    for await (const result of results) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId} (run ${result.runId}): ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  }, 300_000);

  it('replays every history on a production worker, whose interceptor checks starts and signals (issue 8 §4)', async () => {
    // Histories recorded before signed starts and signals carry no assertion and no refusal marker: the interceptor
    // takes each start and signal as accepted on replay, whatever keys the worker holds now.
    const key = () => new Uint8Array(randomBytes(32));
    const bundle = await bundleTrustedWorkflowCode({
      assertion: { keys: [{ kid: 'replay', key: key() }], maxAgeMs: 300_000 },
      payload: { keys: [{ kid: 'replay', key: key() }] },
      devKeys: false,
    });
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: bundle, replayName: 'branchflow-replay-trusted' },
      histories(files),
    )) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId} (run ${result.runId}): ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  }, 300_000);
});
