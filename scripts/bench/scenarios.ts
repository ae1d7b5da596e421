import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { BASELINE_WORKFLOW, bumpUpdate } from './baseline.workflows';
import {
  answeredWithNext,
  C4_PAYLOAD,
  decide,
  driveEstablishmentCase,
  submitCase,
  waitForInboxTask,
  withdraw,
  type CaseActors,
} from './establishment.driver';
import { BASELINE_TASK_QUEUE } from './stack';
import { elapsedSince, runLimited } from './stats';

export interface CaseLatencies {
  /** POST /api/cases/establishment → C2 open in the party group approver's inbox */
  submitToFirstTask: number[];
  /** POST decision → next task open in the next actor's inbox */
  decisionToNextTask: number[];
  /** POST decision answered (the update returns once the next task is written) */
  decisionPost: number[];
  /** measured decisions whose answer did not yet name the next task */
  earlyAnswers: number;
}

/**
 * Sequential, one request in flight: per case one submission sample and two decision samples (C2 approve → C4 in
 * the clerk's inbox, C4 submit → C5 in the work committee's inbox); the case is then withdrawn so inboxes stay small.
 */
export async function measureCaseLatencies(
  actors: CaseActors,
  opts: { decisionSamples: number; warmupCases: number; pollIntervalMs: number },
): Promise<CaseLatencies> {
  const out: CaseLatencies = { submitToFirstTask: [], decisionToNextTask: [], decisionPost: [], earlyAnswers: 0 };
  const cases = opts.warmupCases + Math.ceil(opts.decisionSamples / 2);
  for (let i = 0; i < cases; i++) {
    const keep = i >= opts.warmupCases;
    let t0 = performance.now();
    const { caseId } = await submitCase(actors.clerk);
    const c2 = await waitForInboxTask(actors.partyGroup, caseId, 'C2', opts.pollIntervalMs);
    if (keep) out.submitToFirstTask.push(elapsedSince(t0));

    t0 = performance.now();
    const c2Result = await decide(actors.partyGroup, caseId, c2.taskId, { outcome: 'approve' });
    const postC2 = elapsedSince(t0);
    const c4 = await waitForInboxTask(actors.clerk, caseId, 'C4', opts.pollIntervalMs);
    if (keep) {
      if (!answeredWithNext(c2Result, 'C4')) out.earlyAnswers += 1;
      out.decisionPost.push(postC2);
      out.decisionToNextTask.push(elapsedSince(t0));
    }

    if (!keep || out.decisionToNextTask.length < opts.decisionSamples) {
      t0 = performance.now();
      const c4Result = await decide(actors.clerk, caseId, c4.taskId, { outcome: 'submit', payload: C4_PAYLOAD });
      const postC4 = elapsedSince(t0);
      await waitForInboxTask(actors.workCommittee, caseId, 'C5', opts.pollIntervalMs);
      if (keep) {
        if (!answeredWithNext(c4Result, 'C5')) out.earlyAnswers += 1;
        out.decisionPost.push(postC4);
        out.decisionToNextTask.push(elapsedSince(t0));
      }
    }
    await withdraw(actors.clerk, caseId);
  }
  return out;
}

/** Round-trip of a bare `executeUpdate` on the minimal baseline workflow, same client, same server, sequential. */
export async function measureBareUpdates(client: Client, opts: { samples: number; warmup: number }): Promise<number[]> {
  const total = opts.warmup + opts.samples;
  const handle = await client.workflow.start(BASELINE_WORKFLOW, {
    taskQueue: BASELINE_TASK_QUEUE,
    workflowId: `bench-baseline-latency-${randomUUID()}`,
    args: [total],
  });
  const samples: number[] = [];
  for (let i = 0; i < total; i++) {
    const t0 = performance.now();
    const count = await handle.executeUpdate(bumpUpdate, { args: [`u${i}`] });
    const took = elapsedSince(t0);
    if (count !== i + 1) throw new Error(`baseline update ${i} answered ${count}`);
    if (i >= opts.warmup) samples.push(took);
  }
  await handle.result();
  return samples;
}

export interface Throughput {
  cases: number;
  seconds: number;
  perSecond: number;
  updatesPerCase: number;
  /** decisions answered before the next step was open (establishment only) */
  earlyAnswers: number;
  /** workflow ids of the cases driven (establishment only) */
  caseIds: string[];
}

/**
 * K establishment cases with at most `concurrency` in flight, each from submission over HTTP to a COMPLETED
 * workflow execution (awaited through the Temporal client).
 */
export async function measureEstablishmentThroughput(
  client: Client,
  actors: CaseActors,
  opts: { cases: number; concurrency: number; pollIntervalMs: number },
): Promise<Throughput> {
  const t0 = performance.now();
  const driven = await runLimited(opts.cases, opts.concurrency, async () => {
    const done = await driveEstablishmentCase(actors, opts.pollIntervalMs);
    const final = await client.workflow.getHandle(done.caseId).result();
    if ((final as { status?: string }).status !== 'completed') {
      throw new Error(`${done.caseId} ended ${(final as { status?: string }).status}`);
    }
    return done;
  });
  const seconds = elapsedSince(t0) / 1000;
  const counts = driven.map((d) => d.updates);
  const updatesPerCase = Math.max(...counts);
  if (Math.min(...counts) !== updatesPerCase)
    throw new Error(`cases sent different update counts: ${counts.join(',')}`);
  const earlyAnswers = driven.reduce((sum, d) => sum + d.earlyAnswers, 0);
  return {
    cases: opts.cases,
    seconds,
    perSecond: opts.cases / seconds,
    updatesPerCase,
    earlyAnswers,
    caseIds: driven.map((d) => d.caseId),
  };
}

/** K baseline workflows, each started and then sent `updates` sequential updates until it completes. */
export async function measureBareThroughput(
  client: Client,
  opts: { cases: number; concurrency: number; updates: number },
): Promise<Throughput> {
  const run = randomUUID().slice(0, 8);
  const t0 = performance.now();
  await runLimited(opts.cases, opts.concurrency, async (i) => {
    const handle = await client.workflow.start(BASELINE_WORKFLOW, {
      taskQueue: BASELINE_TASK_QUEUE,
      workflowId: `bench-baseline-${run}-${i}`,
      args: [opts.updates],
    });
    for (let u = 0; u < opts.updates; u++) await handle.executeUpdate(bumpUpdate, { args: [`u${u}`] });
    const seen = await handle.result();
    if (seen !== opts.updates) throw new Error(`baseline workflow ${i} saw ${seen} updates`);
  });
  const seconds = elapsedSince(t0) / 1000;
  return {
    cases: opts.cases,
    seconds,
    perSecond: opts.cases / seconds,
    updatesPerCase: opts.updates,
    earlyAnswers: 0,
    caseIds: [],
  };
}
