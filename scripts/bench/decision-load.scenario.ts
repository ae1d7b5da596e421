import { setTimeout as sleep } from 'node:timers/promises';
import { decide, submitCase, waitForInboxTask, type CaseActors } from './establishment.driver';
import { percentile, runLimited } from './stats';

export interface LoadStep {
  rate: number;
  sent: number;
  failed: number;
  p50: number;
  p99: number;
  /** decisions answered per second over the step (first send → last answer) */
  achieved: number;
  held: boolean;
}

export const LOAD_P99_GOAL_MS = 250;

/**
 * Decisions over HTTP at rising rates (open loop: each C2 approval is sent at its scheduled instant whatever the
 * answers before it, and its latency counts from that instant). Each step decides `rate × stepSeconds` cases prepared
 * before it (submitted, C2 open). A step holds when every decision answered 200 with p99 ≤ 250 ms; the phase stops at
 * the first step that does not.
 */
export async function measureDecisionLoad(
  actors: CaseActors,
  opts: { rates: number[]; stepSeconds: number; pollIntervalMs: number; progress: (line: string) => void },
): Promise<LoadStep[]> {
  const steps: LoadStep[] = [];
  for (const rate of opts.rates) {
    const n = Math.max(1, Math.round(rate * opts.stepSeconds));
    opts.progress(`  load: preparing ${n} cases for ${rate} decisions/s`);
    const tasks = await runLimited(n, 8, async () => {
      const { caseId } = await submitCase(actors.clerk);
      const c2 = await waitForInboxTask(actors.partyGroup, caseId, 'C2', opts.pollIntervalMs, 120_000);
      return { caseId, taskId: c2.taskId };
    });
    await sleep(500);
    const latencies: number[] = [];
    let failed = 0;
    const start = performance.now() + 50;
    let lastAnswer = start;
    await Promise.all(
      tasks.map(async (t, i) => {
        const at = start + (i * 1000) / rate;
        const wait = at - performance.now();
        if (wait > 0) await sleep(wait);
        try {
          await decide(actors.partyGroup, t.caseId, t.taskId, { outcome: 'approve' });
          latencies.push(performance.now() - at);
        } catch {
          failed += 1;
          latencies.push(performance.now() - at);
        }
        lastAnswer = Math.max(lastAnswer, performance.now());
      }),
    );
    const p99 = percentile(latencies, 99);
    const step: LoadStep = {
      rate,
      sent: n,
      failed,
      p50: percentile(latencies, 50),
      p99,
      achieved: (n - failed) / ((lastAnswer - start) / 1000),
      held: failed === 0 && p99 <= LOAD_P99_GOAL_MS,
    };
    steps.push(step);
    opts.progress(
      `  load: ${rate}/s → p50 ${step.p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, ${failed} failed, ${step.achieved.toFixed(1)}/s answered`,
    );
    if (!step.held) break;
  }
  return steps;
}

export function formatLoad(label: string, steps: LoadStep[]): string[] {
  const held = steps.filter((s) => s.held).pop();
  const lines = [
    `${label}: highest rate held with p99 ≤ ${LOAD_P99_GOAL_MS} ms: ${held ? `${held.rate} decisions/s` : 'none of the rates tried'}`,
  ];
  for (const s of steps) {
    lines.push(
      `  ${String(s.rate).padStart(4)}/s offered, ${s.sent} sent: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, ${s.failed} failed, ${s.achieved.toFixed(1)}/s answered${s.held ? '' : '  ← not held'}`,
    );
  }
  return lines;
}
