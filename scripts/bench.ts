import { cpus } from 'node:os';
import { DEMO_IDS } from '../libs/db';
import { formatOpenCases, measureOpenAdmissionCases } from './bench/admission-memory.scenario';
import { formatConsole, measureConsole } from './bench/console.scenario';
import { measureAdmissionOnTimeSkipping } from './bench/admission-time-skipping.scenario';
import { ApiUser } from './bench/http-client';
import { ACTOR_IDS, type CaseActors } from './bench/establishment.driver';
import { caseHistorySize, formatCaseHistory, formatHistory } from './bench/history';
import {
  LARGE_MEETING_CANDIDATES,
  LARGE_MEETING_SEATS,
  measureLargeMeeting,
  measureTallyInProcess,
  type LargeMeetingResult,
} from './bench/large-meeting.scenario';
import {
  measureBareThroughput,
  measureBareUpdates,
  measureCaseLatencies,
  measureEstablishmentThroughput,
  type Throughput,
} from './bench/scenarios';
import { startBenchStack, type BenchStack } from './bench/stack';
import { repeatedTemporalLogs } from './bench/temporal-log';
import {
  runDemoTermElection,
  seedLargeOrgs,
  TERM_ACTOR_IDS,
  termCaseId,
  type LargeOrg,
  type TermActors,
} from './bench/term-election.driver';
import { formatLatency, ms, ratio, summarize } from './bench/stats';
import { bundleWorkflowsOnce } from './bench/workflow-bundle';
import { measurePerf, type PerfSettings } from './bench/perf.phase';
import type { DatabaseKind } from '../libs/db';

/**
 * `npm run bench`: measured figures of the establishment procedure (RULES §C.1) against a bare Temporal baseline,
 * in one process on 127.0.0.1 — Temporal dev server (in-memory), PGlite (in-memory, demo data), worker with real
 * activities, API on an ephemeral port. Then the term election (RULES §D): a general meeting of BENCH_VOTERS members
 * (ballot entry in bulk and one per request, tally), and the history sizes of complete term-election and establishment
 * cases. Member development (RULES §E): one complete admission case on the time-skipping server (wall time, history),
 * and the resident memory of a worker process holding BENCH_ADMISSION_OPEN_CASES open cases parked on timers.
 * Knobs (env): BENCH_SAMPLES, BENCH_WARMUP, BENCH_CASES, BENCH_CONCURRENCY, BENCH_POLL_MS, BENCH_TIMEOUT_S,
 * BENCH_VOTERS, BENCH_BALLOT_BATCH, BENCH_ADMISSION_OPEN_CASES, BENCH_ADMISSION_START_CONCURRENCY,
 * BENCH_ADMISSION_MAX_CACHED (worker sticky cache, default 1000; 'sdk' for the SDK default),
 * BENCH_ADMISSION_ONLY=1 (skip the establishment and term election figures). The web console (apps/web, in Chromium):
 * initial JavaScript gzip size, first load of an inbox of BENCH_CONSOLE_ROWS tasks (BENCH_CONSOLE_SAMPLES cold
 * loads), scrolling it, and the ballot grid grown to BENCH_BALLOT_ROWS rows; BENCH_CONSOLE_ONLY=1 runs only these.
 * Issue 12 (scripts/bench/perf.phase.ts): the decision round trip, its breakdown (BENCH_BREAKDOWN_SAMPLES) and the
 * bare update on BENCH_PERF_DATABASES (default pglite,postgres); the decision rate held with p99 ≤ 250 ms
 * (BENCH_LOAD_DATABASES, default postgres; BENCH_LOAD_RATES, BENCH_LOAD_STEP_S); the lists at BENCH_LIST_TASKS tasks
 * (default 1,000,000; 0 skips) and BENCH_LIST_CASES cases on a throw-away PostgreSQL database (BENCH_LIST_ITERATIONS).
 * BENCH_PERF_ONLY=1 runs only these; BENCH_PERF=0 leaves them out of the full run.
 */

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}=${raw}: expected an integer in ${min}..${max}`);
  }
  return value;
}

const openCases = intFromEnv('BENCH_ADMISSION_OPEN_CASES', 10_000, 1, 100_000);

const settings = {
  openCases,
  startConcurrency: intFromEnv('BENCH_ADMISSION_START_CONCURRENCY', 32, 1, 500),
  // 'sdk' → the SDK default the production worker runs with (2310 on a 4 GiB heap; at about 1.3 MiB of workflow heap
  // per cached admission case that filled the workflow thread's heap and crashed the worker near 4,400 open cases)
  maxCached:
    process.env.BENCH_ADMISSION_MAX_CACHED === 'sdk'
      ? null
      : intFromEnv('BENCH_ADMISSION_MAX_CACHED', 1000, 2, 100_000),
  admissionOnly: process.env.BENCH_ADMISSION_ONLY === '1',
  consoleOnly: process.env.BENCH_CONSOLE_ONLY === '1',
  consoleRows: intFromEnv('BENCH_CONSOLE_ROWS', 1000, 1, 20_000),
  consoleSamples: intFromEnv('BENCH_CONSOLE_SAMPLES', 5, 1, 50),
  ballotRows: intFromEnv('BENCH_BALLOT_ROWS', 1000, 0, 5000),
  samples: intFromEnv('BENCH_SAMPLES', 60, 2, 1000),
  warmup: intFromEnv('BENCH_WARMUP', 3, 0, 100),
  cases: intFromEnv('BENCH_CASES', 20, 1, 500),
  concurrency: intFromEnv('BENCH_CONCURRENCY', 5, 1, 50),
  pollMs: intFromEnv('BENCH_POLL_MS', 5, 1, 1000),
  // the establishment and term election figures, then the open admission cases (starts and parking)
  timeoutS: intFromEnv('BENCH_TIMEOUT_S', 480 + Math.ceil(openCases / 4), 30, 7200),
  voters: intFromEnv('BENCH_VOTERS', 500, 20, 5000),
  ballotBatch: intFromEnv('BENCH_BALLOT_BATCH', 100, 2, 5000),
  perfOnly: process.env.BENCH_PERF_ONLY === '1',
  perf: process.env.BENCH_PERF !== '0',
};

function kindsFromEnv(name: string, fallback: DatabaseKind[]): DatabaseKind[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (raw.trim() === 'none') return [];
  const kinds = raw.split(',').map((k) => k.trim());
  for (const k of kinds)
    if (k !== 'pglite' && k !== 'postgres') throw new Error(`${name}=${raw}: pglite, postgres or none`);
  return kinds as DatabaseKind[];
}

function ratesFromEnv(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const rates = raw.split(',').map(Number);
  if (rates.some((r) => !Number.isFinite(r) || r <= 0 || r > 10_000))
    throw new Error(`${name}=${raw}: rates per second`);
  return rates;
}

const perfSettings: Omit<PerfSettings, 'workflowBundle'> = {
  samples: settings.samples,
  warmup: settings.warmup,
  pollMs: settings.pollMs,
  breakdownSamples: intFromEnv('BENCH_BREAKDOWN_SAMPLES', 30, 2, 1000),
  databases: kindsFromEnv('BENCH_PERF_DATABASES', ['pglite', 'postgres']),
  loadDatabases: kindsFromEnv('BENCH_LOAD_DATABASES', ['postgres']),
  loadRates: ratesFromEnv('BENCH_LOAD_RATES', [5, 10, 20, 40, 60, 80, 100, 150]),
  loadStepSeconds: intFromEnv('BENCH_LOAD_STEP_S', 4, 1, 120),
  listTasks: intFromEnv('BENCH_LIST_TASKS', 1_000_000, 0, 10_000_000),
  listCases: intFromEnv('BENCH_LIST_CASES', 100_000, 1, 1_000_000),
  listIterations: intFromEnv('BENCH_LIST_ITERATIONS', 100, 5, 10_000),
  progress: (line) => process.stderr.write(`${line}\n`),
};

/** Two 党总支 of BENCH_VOTERS members each, seeded before the worker so their term clocks open the elections. */
const LARGE_ORG_IDS = { bulk: 'org-bench-gb-a', single: 'org-bench-gb-b' } as const;

const say = (line: string) => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`${line}\n`);

function throughputLine(label: string, t: Throughput, extra: string): string {
  return `${label}: ${t.perSecond.toFixed(2)}/s (${t.cases} in ${t.seconds.toFixed(1)} s, concurrency ${settings.concurrency}, ${extra})`;
}

/**
 * Establishment and term election figures on the stack (everything before member development); returns the lines
 * to print, header first.
 */
async function measureProcedures(stack: BenchStack, largeOrgs: LargeOrg[]): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => void lines.push(line);
  {
    const actors: CaseActors = {
      clerk: await ApiUser.signIn(stack.baseUrl, ACTOR_IDS.clerk),
      partyGroup: await ApiUser.signIn(stack.baseUrl, ACTOR_IDS.partyGroup),
      workCommittee: await ApiUser.signIn(stack.baseUrl, ACTOR_IDS.workCommittee),
    };

    progress(`measuring latencies (${settings.samples} samples after ${settings.warmup} warm-up)`);
    const bare = summarize(
      await measureBareUpdates(stack.client, { samples: settings.samples, warmup: settings.warmup }),
    );
    const latencies = await measureCaseLatencies(actors, {
      decisionSamples: settings.samples,
      warmupCases: settings.warmup,
      pollIntervalMs: settings.pollMs,
    });
    const decision = summarize(latencies.decisionToNextTask);
    const decisionPost = summarize(latencies.decisionPost);
    const submit = summarize(latencies.submitToFirstTask);

    progress(`measuring throughput (${settings.cases} cases, concurrency ${settings.concurrency}, 1 warm-up each)`);
    const warm = await measureEstablishmentThroughput(stack.client, actors, {
      cases: 1,
      concurrency: 1,
      pollIntervalMs: settings.pollMs,
    });
    await measureBareThroughput(stack.client, { cases: 1, concurrency: 1, updates: warm.updatesPerCase });
    const bareTp = await measureBareThroughput(stack.client, {
      cases: settings.cases,
      concurrency: settings.concurrency,
      updates: warm.updatesPerCase,
    });
    const caseTp = await measureEstablishmentThroughput(stack.client, actors, {
      cases: settings.cases,
      concurrency: settings.concurrency,
      pollIntervalMs: settings.pollMs,
    });

    progress(
      `term elections: ${settings.voters}-voter meetings (bulk ${settings.ballotBatch} per request, then one per request), one complete demo case`,
    );
    const termActors: TermActors = {
      upperBody: await ApiUser.signIn(stack.baseUrl, TERM_ACTOR_IDS.upperBody),
      partyGroup: actors.partyGroup,
      workCommittee: actors.workCommittee,
    };
    const [bulkOrg, singleOrg] = largeOrgs as [LargeOrg, LargeOrg];
    const meetingOf = async (org: LargeOrg, batch: number) =>
      measureLargeMeeting(stack.client, termActors, await ApiUser.signIn(stack.baseUrl, org.clerkUserId), org, {
        batch,
        pollIntervalMs: settings.pollMs,
      });
    const bulk = await meetingOf(bulkOrg, settings.ballotBatch);
    const single = await meetingOf(singleOrg, 1);
    const tallyAloneMs = measureTallyInProcess(bulkOrg, 20);

    const demoClerk = await ApiUser.signIn(stack.baseUrl, DEMO_IDS.secretaries.eduPolicyBranch);
    const termCase = await runDemoTermElection(termActors, demoClerk, settings.pollMs);
    const termResult = (await stack.client.workflow.getHandle(termCase).result()) as { status?: string };
    if (termResult.status !== 'newTerm') throw new Error(`${termCase} ended ${JSON.stringify(termResult)}`);
    const termHistory = await caseHistorySize(stack.client, termCase);
    const establishmentHistory = await caseHistorySize(stack.client, caseTp.caseIds[caseTp.caseIds.length - 1]!);

    say('');
    say(
      `branchflow bench — ${cpus().length} cores, node ${process.version}, Temporal CLI dev server (in-memory), PGlite in memory, worker + API in one process`,
    );
    say(
      `inbox polled every ${settings.pollMs} ms; latencies measured one request at a time after ${settings.warmup} warm-up round(s)`,
    );
    say('');
    say(formatLatency('decision round-trip (HTTP → next task in inbox)', decision));
    say(formatLatency('  of which POST decision answered', decisionPost));
    say(formatLatency('bare Temporal update round-trip', bare));
    say(
      `ratio p50 ${ratio(decision.p50, bare.p50)}, p95 ${ratio(decision.p95, bare.p95)}, p99 ${ratio(decision.p99, bare.p99)}`,
    );
    say('');
    say(
      `submit → first task visible (POST /api/cases/establishment → C2 in party group inbox): p50 ${ms(submit.p50)}, p95 ${ms(submit.p95)}, p99 ${ms(submit.p99)} (n=${submit.n})`,
    );
    say('');
    say(
      throughputLine(
        'completed establishment cases per second',
        caseTp,
        `C2 C4 C5 + election (2 meetings, 3 rounds) + C9 over HTTP = ${caseTp.updatesPerCase} updates per case`,
      ),
    );
    say(
      throughputLine(
        `bare Temporal workflows (${bareTp.updatesPerCase} updates each) per second`,
        bareTp,
        `start + ${bareTp.updatesPerCase} updates + result`,
      ),
    );
    say(`ratio throughput ${ratio(bareTp.perSecond, caseTp.perSecond)} (bare / establishment)`);
    say('');
    say(
      `early decision answers (update answered before the next task was open): ${latencies.earlyAnswers} of ${decision.n} measured decisions, ${caseTp.earlyAnswers} of ${caseTp.cases * 3} C2/C4/C5 decisions in the throughput run`,
    );
    say('');
    const meetingLine = (label: string, r: LargeMeetingResult) =>
      `${label}: ${r.ballotsPerSecond.toFixed(1)} ballots/s (${r.voters} ballots in ${r.requests} requests of ${r.batch}, ${r.entrySeconds.toFixed(2)} s; per request p50 ${ms(r.requestP50Ms)}, p99 ${ms(r.requestP99Ms)})`;
    say(
      `${settings.voters}-voter term election meeting (党总支, all ${settings.voters} full members present, ${LARGE_MEETING_SEATS} seats, ${LARGE_MEETING_CANDIDATES} candidates, POST /api/cases/:caseId/election/ballots, one request in flight):`,
    );
    say(meetingLine('  ballot entry in bulk', bulk));
    say(meetingLine('  ballot entry one per request', single));
    say(`  ratio entry rate ${ratio(bulk.ballotsPerSecond, single.ballotsPerSecond)} (bulk / one per request)`);
    say(
      `  tally (POST …/rounds/:roundId/close → ${bulk.elected} elected of ${bulk.validBallots} valid ballots): ${ms(bulk.closeMs)} after bulk entry, ${ms(single.closeMs)} after one-per-request entry (one close each); tallyRound() alone in-process ${ms(tallyAloneMs)} (median of 20)`,
    );
    say(
      `  meeting opened with ${settings.voters} present (roster loaded, quorum checked): ${ms(bulk.openMeetingMs)} / ${ms(single.openMeetingMs)}`,
    );
    say(
      `  meeting child history after the round: bulk ${formatHistory(bulk.meetingHistory)}; one per request ${formatHistory(single.meetingHistory)}`,
    );
    say('');
    say('history size (events; bytes = temporal.api.history.v1.History protobuf-encoded, from handle.fetchHistory()):');
    say(
      formatCaseHistory(
        `  complete term election (E0–E10; 3 meetings, one without quorum; 4 rounds: committee, separate vote, tie re-vote, secretary; ${termCaseId(DEMO_IDS.orgs.eduPolicyBranch)})`,
        termHistory,
      ),
    );
    say(
      formatCaseHistory(
        '  complete establishment (C1–C10; founding election 2 meetings, 3 rounds)',
        establishmentHistory,
      ),
    );
  }
  return lines;
}

/** BENCH_CONSOLE_ONLY=1: the console figures alone, on a stack of their own. */
async function consoleOnly(): Promise<void> {
  progress('starting the stack (console figures only)');
  const stack = await startBenchStack();
  try {
    const figures = await measureConsole(stack.baseUrl, stack.database, {
      rows: settings.consoleRows,
      samples: settings.consoleSamples,
      ballotRows: settings.ballotRows,
      progress,
    });
    say('');
    say(`branchflow bench — ${cpus().length} cores, node ${process.version}; web console figures only`);
    for (const line of formatConsole(figures)) say(line);
  } finally {
    progress('stopping the stack');
    await stack.stop();
  }
}

/** BENCH_PERF_ONLY=1: the issue-12 figures alone. */
async function perfOnly(): Promise<void> {
  progress(`building the workflow bundle (${cpus().length} cores, node ${process.version})`);
  const prebuilt = await bundleWorkflowsOnce();
  try {
    const lines = await measurePerf({ ...perfSettings, workflowBundle: prebuilt.bundle });
    say('');
    say(
      `branchflow bench — ${cpus().length} cores, node ${process.version}; decision, load and list figures only (BENCH_PERF_ONLY=1)`,
    );
    for (const line of lines) say(line);
  } finally {
    prebuilt.remove();
  }
}

async function main(): Promise<void> {
  if (settings.consoleOnly) return consoleOnly();
  if (settings.perfOnly) return perfOnly();
  progress(`building the workflow bundle for the admission workers (${cpus().length} cores, node ${process.version})`);
  const prebuilt = await bundleWorkflowsOnce();
  try {
    const perfLines =
      settings.perf && !settings.admissionOnly
        ? await measurePerf({ ...perfSettings, workflowBundle: prebuilt.bundle })
        : [];

    progress('admission: one complete case (E1–E25) on the time-skipping server');
    const admissionCase = await measureAdmissionOnTimeSkipping(prebuilt.bundle);

    progress('starting the stack');
    let largeOrgs: LargeOrg[] = [];
    const stack = await startBenchStack({
      beforeWorker: async (database) => {
        if (settings.admissionOnly) return;
        largeOrgs = await seedLargeOrgs(database, [LARGE_ORG_IDS.bulk, LARGE_ORG_IDS.single], settings.voters);
      },
    });
    try {
      const procedureLines = settings.admissionOnly ? [] : await measureProcedures(stack, largeOrgs);
      const consoleLines = settings.admissionOnly
        ? []
        : formatConsole(
            await measureConsole(stack.baseUrl, stack.database, {
              rows: settings.consoleRows,
              samples: settings.consoleSamples,
              ballotRows: settings.ballotRows,
              progress,
            }),
          );

      progress(
        `admission: ${settings.openCases} open cases parked on timers, worker in its own process (starts ${settings.startConcurrency} in flight)`,
      );
      const openCases = await measureOpenAdmissionCases(stack.client, {
        address: stack.temporalAddress,
        namespace: stack.namespace,
        cases: settings.openCases,
        concurrency: settings.startConcurrency,
        maxCachedWorkflows: settings.maxCached,
        bundlePath: prebuilt.bundle.codePath,
        timeoutMs: settings.timeoutS * 1000,
        progress,
      });

      say('');
      if (settings.admissionOnly) {
        say(
          `branchflow bench — ${cpus().length} cores, node ${process.version}; member development figures only (BENCH_ADMISSION_ONLY=1)`,
        );
      }
      for (const line of procedureLines) say(line);
      for (const line of perfLines) say(line);
      if (consoleLines.length) say('');
      for (const line of consoleLines) say(line);
      say('');
      say('member development (发展党员, RULES §E):');
      say(
        `  complete admission case on the time-skipping server (E1–E25 happy path: 2 activist and 2 probation assessments on the case's own timers, ${admissionCase.updates} decisions, ${admissionCase.skips} server skips of 15 days; ${admissionCase.dates.application} → ${admissionCase.dates.archived}, ${admissionCase.caseDays} days of case time; worker in the bench process, real activities, PGlite in memory): ${(admissionCase.wallMs / 1000).toFixed(2)} s wall from start to result`,
      );
      say(formatCaseHistory('  its history', admissionCase.history));
      for (const line of formatOpenCases(openCases)) say(line);
      const repeated = repeatedTemporalLogs();
      if (repeated.length > 0) say(`temporal log lines shown once, repeats: ${repeated.join('; ')}`);
    } finally {
      progress('stopping the stack');
      await stack.stop();
    }
  } finally {
    prebuilt.remove();
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: gave up after ${settings.timeoutS} s\n`);
  process.exit(2);
}, settings.timeoutS * 1000);
watchdog.unref();

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
