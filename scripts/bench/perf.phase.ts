import type { DatabaseKind } from '../../libs/db';
import { formatBreakdown, measureDecisionBreakdown } from './decision-breakdown';
import { formatLoad, measureDecisionLoad } from './decision-load.scenario';
import { ACTOR_IDS, type CaseActors } from './establishment.driver';
import { ApiUser } from './http-client';
import { formatLargeLists, measureLargeLists } from './large-lists.scenario';
import { measureBareUpdates, measureCaseLatencies } from './scenarios';
import { startBenchStack } from './stack';
import { formatLatency, ratio, summarize } from './stats';

export interface PerfSettings {
  samples: number;
  warmup: number;
  pollMs: number;
  breakdownSamples: number;
  /** databases the decision figures run on, each on a stack of its own (same Temporal CLI, fresh dev server) */
  databases: DatabaseKind[];
  loadDatabases: DatabaseKind[];
  loadRates: number[];
  loadStepSeconds: number;
  listTasks: number;
  listCases: number;
  listIterations: number;
  workflowBundle?: { codePath: string };
  progress: (line: string) => void;
}

/**
 * Issue 12 figures, each against its baseline from the same run: decision round trip and its breakdown on PGlite and
 * on PostgreSQL (bare Temporal update on the same server as baseline), the decision rate held with p99 ≤ 250 ms, and
 * the lists at 1,000,000 tasks / 100,000 cases against raw SQL.
 */
export async function measurePerf(s: PerfSettings): Promise<string[]> {
  const lines: string[] = [];
  for (const kind of s.databases) {
    s.progress(`perf: decision figures on ${kind}`);
    const stack = await startBenchStack({ database: kind, workflowBundle: s.workflowBundle });
    try {
      const actors: CaseActors = {
        clerk: await ApiUser.signIn(stack.baseUrl, ACTOR_IDS.clerk),
        partyGroup: await ApiUser.signIn(stack.baseUrl, ACTOR_IDS.partyGroup),
        workCommittee: await ApiUser.signIn(stack.baseUrl, ACTOR_IDS.workCommittee),
      };
      const bare = summarize(await measureBareUpdates(stack.client, { samples: s.samples, warmup: s.warmup }));
      const latencies = await measureCaseLatencies(actors, {
        decisionSamples: s.samples,
        warmupCases: s.warmup,
        pollIntervalMs: s.pollMs,
      });
      const decision = summarize(latencies.decisionToNextTask);
      const post = summarize(latencies.decisionPost);
      const submit = summarize(latencies.submitToFirstTask);
      const breakdown = await measureDecisionBreakdown(stack.client, stack.database, actors, {
        samples: s.breakdownSamples,
        warmup: 2,
        pollIntervalMs: s.pollMs,
      });
      const db = kind === 'pglite' ? 'PGlite in memory' : 'PostgreSQL (throw-away database, 127.0.0.1)';
      lines.push('');
      lines.push(`decision figures on ${db} (worker + API in the bench process, Temporal CLI dev server):`);
      lines.push(formatLatency('  decision round-trip (HTTP → next task in inbox)', decision));
      lines.push(formatLatency('    of which POST decision answered', post));
      lines.push(formatLatency('  bare Temporal update round-trip', bare));
      lines.push(
        `  ratio p50 ${ratio(decision.p50, bare.p50)}, p99 ${ratio(decision.p99, bare.p99)}; POST answered p50 ${ratio(post.p50, bare.p50)}, p99 ${ratio(post.p99, bare.p99)}`,
      );
      lines.push(formatLatency('  submit → first task visible', submit));
      for (const line of formatBreakdown('  where a decision goes (C2 approve, one at a time)', breakdown)) {
        lines.push(`  ${line}`);
      }
      if (s.loadDatabases.includes(kind)) {
        s.progress(`perf: decision load on ${kind} (rates ${s.loadRates.join(', ')}/s, ${s.loadStepSeconds} s each)`);
        const steps = await measureDecisionLoad(actors, {
          rates: s.loadRates,
          stepSeconds: s.loadStepSeconds,
          pollIntervalMs: s.pollMs,
          progress: s.progress,
        });
        for (const line of formatLoad(`  sustained decisions over HTTP (C2 approve, open loop) on ${kind}`, steps)) {
          lines.push(line);
        }
        lines.push(`  (baseline: one bare update at a time takes p50 ${bare.p50.toFixed(1)} ms on this server)`);
      }
    } finally {
      await stack.stop();
    }
  }
  if (s.listTasks > 0) {
    s.progress('perf: lists at scale on PostgreSQL');
    const lists = await measureLargeLists({
      tasks: s.listTasks,
      cases: s.listCases,
      iterations: s.listIterations,
      progress: s.progress,
    });
    lines.push('');
    lines.push(...formatLargeLists(lists, s.listIterations));
  }
  return lines;
}
