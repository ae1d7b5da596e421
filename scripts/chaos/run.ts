// `npm run chaos` (issue 8 §9): the fault campaign. Production shape on this machine — PostgreSQL (a throw-away
// database), the Temporal dev server on a SQLite file, CHAOS_APIS API processes and CHAOS_WORKERS worker processes
// (compiled dist/), an SMTP sink — drives CHAOS_CASES establishment and admission cases concurrently over HTTP while a
// random worker is SIGKILLed every few seconds, one API is SIGKILLed and restarted, and the Temporal dev server is
// restarted once. Then it prints one figure per line and exits non-zero when a figure misses its goal.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { randomBytes } from 'node:crypto';
import { connectTemporalClient } from '../../apps/api/src/temporal-client.factory';
import { loadConfig } from '../../libs/config';
import { SENDER_HEADER } from '../../activities/notify/smtp-mail-sender';
import { startSmtpSink } from '../../apps/worker/src/smtp-sink';
import { openTestDatabase, TEST_PG_ADMIN_URL } from '../../libs/db';
import { Browser } from './browser';
import {
  auditChainFigure,
  completedFigure,
  decisionFigures,
  inboxFigure,
  mailFigure,
  type MailReceipt,
  sendWindowFigure,
  type WorkerKill,
  printFigure,
  type Figure,
} from './checks';
import { planCases, seedChaosFixtures, type EstablishmentFixture } from './fixtures';
import { CaseDriver, runCase, type CaseRun, type IdenticalClicks } from './flows';
import {
  apiProcess,
  delay,
  freePort,
  temporalDevServer,
  waitForApi,
  waitForTemporal,
  workerProcess,
  type ManagedProcess,
} from './processes';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return value;
}

const settings = {
  cases: intEnv('CHAOS_CASES', 1000),
  workers: Math.max(1, intEnv('CHAOS_WORKERS', 3)),
  apis: Math.max(1, intEnv('CHAOS_APIS', 2)),
  /** mean time between two worker kills (each kill lands between half and one and a half of it) */
  killEveryMs: intEnv('CHAOS_KILL_EVERY_MS', 5000),
  /** a new case starts this often until all have started */
  rampMs: intEnv('CHAOS_RAMP_MS', 50),
  clicks: intEnv('CHAOS_CLICKS', 100),
  /** one step waits this long for its task before the case counts as stuck */
  taskWaitMs: intEnv('CHAOS_TASK_WAIT_MS', 10 * 60_000),
  /**
   * a click is sent again (same key) until this long after its first attempt: on an overloaded machine the dev
   * server took 8 minutes to start an election child, and the decision waiting on it answered after 12
   */
  commandDeadlineMs: intEnv('CHAOS_COMMAND_DEADLINE_MS', 30 * 60_000),
  /** the whole drive ends after this, whatever is left running */
  deadlineMs: intEnv('CHAOS_DEADLINE_MS', (20 + Math.ceil(intEnv('CHAOS_CASES', 1000) * 0.15)) * 60_000),
  keep: process.env.CHAOS_KEEP === '1',
};

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
const say = (message: string) => process.stderr.write(`[chaos ${elapsed()}] ${message}\n`);

async function main(): Promise<number> {
  const dir = process.env.CHAOS_DIR || mkdtempSync(join(tmpdir(), 'branchflow-chaos-'));
  mkdirSync(dir, { recursive: true });
  say(
    `${settings.cases} cases, ${settings.apis} APIs, ${settings.workers} workers, a worker killed every ~${settings.killEveryMs} ms; logs in ${dir}`,
  );

  // PostgreSQL: a throw-away database, migrated, with the demo seed and the campaign's registry data.
  const database = await openTestDatabase('postgres');
  const dbUrl = new URL(TEST_PG_ADMIN_URL);
  dbUrl.pathname = `/${database.name}`;
  const databaseUrl = dbUrl.toString();
  const plan = planCases(settings.cases);
  const clicksFixture: EstablishmentFixture | null =
    settings.clicks > 0
      ? {
          kind: 'establishment',
          index: settings.cases,
          roster: Array.from({ length: 12 }, (_, m) => `p-chaos-clicks-${String(m + 1).padStart(2, '0')}`),
        }
      : null;
  await seedChaosFixtures(database, clicksFixture ? [...plan, clicksFixture] : plan);
  await database.close();
  say(`database ${database.name} seeded`);

  const procs: ManagedProcess[] = [];
  // Ctrl-C or a timeout: no child outlives the campaign
  const abort = (signal: NodeJS.Signals) => {
    say(`${signal}: killing every process of the campaign`);
    for (const p of procs) p.killNow();
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  const mails: MailReceipt[] = [];
  const kills: WorkerKill[] = [];
  let pg: PgClient | null = null;
  let temporalClientConnection: Connection | null = null;
  const sink = await startSmtpSink({
    port: 0,
    onMail: (m) =>
      void mails.push({
        messageId: m.messageId,
        sender: m.headers[SENDER_HEADER.toLowerCase()] ?? null,
        at: Date.now(),
      }),
  });
  try {
    const temporalPort = await freePort();
    const temporalAddress = `127.0.0.1:${temporalPort}`;
    const temporal = temporalDevServer({ dir, port: temporalPort });
    procs.push(temporal);
    temporal.start();
    await waitForTemporal(temporalAddress);
    say(`Temporal dev server on ${temporalAddress} (${join(dir, 'temporal.sqlite')})`);

    const common: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MAIL_FROM: 'Branchflow <no-reply@branchflow.local>',
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      AUTH_MODE: 'dev',
      NODE_ENV: 'development',
      // fresh keys for this run, shared by the APIs and the workers (issue 8 §4: signed actor assertions, encrypted
      // payloads), as a deployment has its own
      ACTOR_ASSERTION_KEYS: `chaos:${randomBytes(32).toString('base64')}`,
      PAYLOAD_KEYS: `chaos:${randomBytes(32).toString('base64')}`,
      // one token secret for both APIs (a browser's token works at either), made for this run as well
      JWT_SECRET: randomBytes(48).toString('base64'),
    };
    const workers = Array.from({ length: settings.workers }, (_, i) =>
      workerProcess(`worker-${i + 1}`, common, join(dir, `worker-${i + 1}.log`)),
    );
    const apiPorts = await Promise.all(Array.from({ length: settings.apis }, () => freePort()));
    const apis = apiPorts.map((port, i) =>
      apiProcess(
        `api-${i + 1}`,
        { ...common, PORT: String(port), WEB_BASE_URL: `http://127.0.0.1:${apiPorts[0]}` },
        join(dir, `api-${i + 1}.log`),
      ),
    );
    procs.push(...workers, ...apis);
    for (const w of workers) w.start();
    for (const a of apis) a.start();
    const baseUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
    await Promise.all(baseUrls.map((url) => waitForApi(url)));
    say(`APIs on ${baseUrls.join(', ')}; workers ${workers.map((w) => w.pid).join(', ')}`);

    const browser = new Browser({
      apis: () => baseUrls,
      requestTimeoutMs: 60_000,
      commandDeadlineMs: settings.commandDeadlineMs,
    });
    const newRun = (fixture: CaseRun['fixture']): CaseRun => ({
      fixture,
      caseId: null,
      step: 'not started',
      done: false,
      error: null,
      startedAt: Date.now(),
      endedAt: null,
    });
    const runs = plan.map(newRun);
    const clicks: IdenticalClicks | undefined = clicksFixture ? { step: 'C2', count: settings.clicks } : undefined;
    const clicksRun = clicksFixture ? newRun(clicksFixture) : null;

    // Faults: by progress (share of cases ended), so a slow machine still sees every fault mid-run.
    let ended = 0;
    let allEnded = false;
    const faults = { workerKills: 0, apiKills: 0, temporalRestarts: 0 };
    const progress = () => (runs.length ? ended / runs.length : 1);
    const workerMonkey = (async () => {
      while (!allEnded) {
        await delay(settings.killEveryMs * (0.5 + Math.random()));
        if (allEnded || settings.killEveryMs === 0) break;
        // the next kill waits until the last victim polls again: on a loaded machine a worker's start takes longer
        // than the kill period, and killing workers that never came up would test nothing but an outage
        while (!allEnded && workers.some((w) => !w.ready)) await delay(250);
        if (allEnded) break;
        const victim = workers[Math.floor(Math.random() * workers.length)]!;
        if (!victim.alive) continue;
        if (victim.pid !== undefined) kills.push({ pid: victim.pid, at: Date.now() });
        await victim.kill();
        faults.workerKills += 1;
        victim.start();
      }
    })();
    const bigFaults = (async () => {
      const apiVictim = apis[apis.length - 1]!;
      while (!allEnded && progress() < 0.25) await delay(500);
      if (!allEnded) {
        say(`SIGKILL ${apiVictim.name} (pid ${apiVictim.pid}) at ${(100 * progress()).toFixed(0)}% of cases ended`);
        await apiVictim.kill();
        faults.apiKills += 1;
        await delay(3000);
        apiVictim.start();
      }
      while (!allEnded && progress() < 0.5) await delay(500);
      if (!allEnded) {
        say(`restarting the Temporal dev server at ${(100 * progress()).toFixed(0)}% of cases ended`);
        await temporal.stop(20_000);
        await delay(2000);
        temporal.start();
        await waitForTemporal(temporalAddress);
        faults.temporalRestarts += 1;
        say('Temporal dev server back');
      }
    })();

    const ticker = setInterval(() => {
      const open = runs.filter((r) => r.endedAt === null && r.caseId);
      const steps = new Map<string, number>();
      for (const r of open) steps.set(r.step, (steps.get(r.step) ?? 0) + 1);
      const top = [...steps].sort((a, b) => b[1] - a[1]).slice(0, 4);
      say(
        `${ended}/${runs.length} ended (${runs.filter((r) => r.error).length} failed), ${open.length} running [${top.map(([s, n]) => `${s}:${n}`).join(' ')}], faults ${JSON.stringify(faults)}`,
      );
    }, 15_000);

    const deadline = Date.now() + settings.deadlineMs;
    const drive = async (run: CaseRun, c?: IdenticalClicks) => {
      await runCase(new CaseDriver(browser, run, Math.min(settings.taskWaitMs, Math.max(0, deadline - Date.now())), c));
      ended += run === clicksRun ? 0 : 1;
      if (run.error) say(`case failed: ${run.error}`);
    };
    const driving: Promise<void>[] = [];
    if (clicksRun) driving.push(drive(clicksRun, clicks));
    for (const run of runs) {
      run.startedAt = Date.now();
      driving.push(drive(run));
      if (settings.rampMs) await delay(settings.rampMs);
    }
    await Promise.race([Promise.all(driving), delay(Math.max(0, deadline - Date.now()))]);
    allEnded = true;
    clearInterval(ticker);
    await Promise.all([workerMonkey, bigFaults]);
    for (const w of workers) w.start();
    const driveSeconds = (Date.now() - started) / 1000;
    say(`drive ended after ${driveSeconds.toFixed(0)}s; checking`);

    // Let the outbox deliver what the last steps queued (a killed worker's claim expires after its lease).
    pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    const undelivered = async () =>
      Number(
        (
          await pg!.query<{ n: string }>(
            "SELECT count(*) AS n FROM notifications WHERE channel = 'email' AND status <> 'sent'",
          )
        ).rows[0]?.n ?? 0,
      );
    for (const settle = Date.now() + 180_000; Date.now() < settle && (await undelivered()) > 0;) await delay(2000);
    await delay(3000);

    // the API's own client (payload codec, assertions): the workflows' answers are encrypted
    const temporalClient = await connectTemporalClient(loadConfig({ ...process.env, ...common }));
    temporalClientConnection = temporalClient.connection;
    const client = temporalClient.client;
    const caseIds = [...runs, ...(clicksRun ? [clicksRun] : [])]
      .map((r) => r.caseId)
      .filter((id): id is string => !!id);
    const figures: Figure[] = [];
    const details: string[] = [];

    const completed = await completedFigure(pg, runs);
    figures.push(completed);
    for (const r of completed.stuck) {
      details.push(`not completed: ${r.caseId ?? `#${r.fixture.index}`} at ${r.step}: ${r.error ?? 'still running'}`);
    }
    const decisions = await decisionFigures(pg, browser.sent, caseIds);
    figures.push(...decisions.figures);
    details.push(...decisions.details);
    const mail = mailFigure(mails, kills);
    figures.push(mail.figure, await sendWindowFigure(pg, mails));
    details.push(...mail.details);
    figures.push({ name: 'emails not delivered', value: String(await undelivered()), ok: null });
    const inbox = await inboxFigure(pg, client, caseIds);
    figures.push(inbox.figure);
    details.push(...inbox.details);
    const audit = auditChainFigure(common);
    figures.push(audit.figure);
    details.push(...audit.details);
    if (clicks && clicksRun) figures.push(await clicksFigure(pg, clicks));
    figures.push(
      {
        name: 'faults injected',
        value: `${faults.workerKills} worker SIGKILLs, ${faults.apiKills} API SIGKILL, ${faults.temporalRestarts} Temporal restart`,
        ok: settings.killEveryMs === 0 ? null : faults.apiKills === 1 && faults.temporalRestarts === 1,
        goal: settings.killEveryMs === 0 ? undefined : '1 API kill and 1 Temporal restart mid-run',
      },
      // team rule: errors answer 400/403/409/422/503/504 with a code, never 500
      {
        name: 'answers 500',
        value: String(browser.serverErrors.length),
        goal: '0',
        ok: browser.serverErrors.length === 0,
      },
      {
        name: 'answers by status',
        value: [...browser.statusCounts]
          .sort((a, b) => a[0] - b[0])
          .map(([s, n]) => `${s === 0 ? 'none' : s}:${n}`)
          .join(' '),
        ok: null,
      },
      {
        name: 'retried answers by code',
        value:
          [...browser.retryableCodes]
            .sort((a, b) => b[1] - a[1])
            .map(([code, n]) => `${code}:${n}`)
            .join(' ') || 'none',
        ok: null,
      },
      { name: 'elapsed', value: `${driveSeconds.toFixed(0)}s driving, ${elapsed()} in all`, ok: null },
    );
    for (const e of browser.serverErrors.slice(0, 20))
      details.push(`500 on ${e.method} ${e.path}: ${JSON.stringify(e.body)}`);

    writeFileSync(join(dir, 'details.txt'), `${details.join('\n')}\n`);
    // every command the driver sent, with each attempt's status and the final answer (for a failed case's story)
    writeFileSync(join(dir, 'sent.jsonl'), browser.sent.map((c) => JSON.stringify(c)).join('\n'));
    writeFileSync(join(dir, 'refusals.jsonl'), browser.refusals.map((c) => JSON.stringify(c)).join('\n'));
    for (const d of details.slice(0, 40)) say(d);
    if (details.length > 40) say(`… ${details.length - 40} more in ${join(dir, 'details.txt')}`);
    for (const f of figures) printFigure(f);
    const missed = figures.filter((f) => f.ok === false);
    process.stdout.write(
      missed.length
        ? `chaos: ${missed.length} goal(s) missed: ${missed.map((f) => f.name).join(', ')} (logs in ${dir})\n`
        : `chaos: every goal met (logs in ${dir})\n`,
    );
    return missed.length ? 1 : 0;
  } finally {
    await pg?.end().catch(() => undefined);
    await temporalClientConnection?.close().catch(() => undefined);
    for (const p of [...procs].reverse()) await p.close();
    await sink.close();
    if (!settings.keep) {
      const admin = new PgClient({ connectionString: TEST_PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
      await admin.end();
    } else say(`kept database ${databaseUrl} and ${dir}`);
  }
}

/** 100 concurrent identical clicks on one task: one applied (one audit row), every answer the same 200. */
async function clicksFigure(pg: PgClient, clicks: IdenticalClicks): Promise<Figure> {
  const answers = clicks.answers ?? [];
  const applied = clicks.taskId
    ? Number(
        (
          await pg.query<{ n: string }>(
            "SELECT count(*) AS n FROM audit_events WHERE event = 'task.decided' AND detail->>'taskId' = $1",
            [clicks.taskId],
          )
        ).rows[0]?.n ?? 0,
      )
    : 0;
  const first = JSON.stringify(answers[0] ?? null);
  const identical = answers.filter((a) => a.status === 200 && JSON.stringify(a) === first).length;
  const statuses = [...new Set(answers.map((a) => a.status))].join('/');
  return {
    name: 'identical concurrent clicks',
    value: `${answers.length} sent, ${applied} applied, ${identical} identical 200 answers (statuses ${statuses || 'none'})`,
    goal: `${clicks.count} sent, 1 applied, ${clicks.count} identical`,
    ok: answers.length === clicks.count && applied === 1 && identical === clicks.count,
  };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[chaos] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
