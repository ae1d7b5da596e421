import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, relative, sep } from 'node:path';
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

/**
 * Sets recorded before set 6742006 made timers never cancelled (issue 8 §0: the time-skipping server refused a task
 * cancelling a timer that had already fired): their cases cancel timers and still replay. Every later set must not.
 */
const SETS_BEFORE_TIMERS_NEVER_CANCELLED = new Set(['1867cef']);

/** The set (`histories/<set>/…`) a history file belongs to. */
const setOf = (file: string): string => relative(HISTORIES, file).split(sep)[0]!;

/** Whether a recorded history holds a TIMER_CANCELED event (read from the stored JSON, as Temporal exported it). */
function cancelsTimer(file: string): boolean {
  const recorded = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as {
    history: { events?: { eventType?: unknown; timerCanceledEventAttributes?: unknown }[] };
  };
  return (recorded.history.events ?? []).some(
    (e) => e.eventType === 'EVENT_TYPE_TIMER_CANCELED' || e.timerCanceledEventAttributes != null,
  );
}

describe('replay of recorded histories', () => {
  const files = historyFiles(HISTORIES);

  it('holds no TIMER_CANCELED event in any history recorded since set 6742006 (timers are never cancelled)', () => {
    const sets = new Set(files.map(setOf));
    expect(sets).toContain('6742006');
    // the check sees the event where it is: the older set's cases do cancel timers
    expect(files.filter((f) => SETS_BEFORE_TIMERS_NEVER_CANCELLED.has(setOf(f)) && cancelsTimer(f))).not.toEqual([]);
    const later = files.filter((f) => !SETS_BEFORE_TIMERS_NEVER_CANCELLED.has(setOf(f)));
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter(cancelsTimer).map((f) => relative(HISTORIES, f))).toEqual([]);
  });

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
