// `npm start` after the build: Temporal dev server (SQLite under ./data) + SMTP sink + API with the embedded worker.
// PGlite admits one process, so the worker runs inside the API process (EMBEDDED_WORKER=1).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { withInstallKeys, ensureInstallKeys } from '../libs/config';
import { SEARCH_ATTRIBUTES } from '../libs/contracts';
// Imported by file: the worker index deliberately does not export the dev-only sink (smtp-server is a dev dependency).
import { startSmtpSink } from '../apps/worker/src/smtp-sink';
import type { SmtpSink } from '../apps/worker/src/smtp-sink';

const root = resolve(__dirname, '../..');
const dataDir = resolve(root, 'data');
const host = '127.0.0.1';
const temporalPort = 7233;
const temporalUiPort = 8233;
const apiPort = Number(process.env.PORT ?? 3000);
const smtpPort = 2525;
const demoUsers = [
  'u-admin',
  'u-wc-approver',
  'u-pg-fin',
  'u-pg-edu',
  'u-oc-approver',
  'u-edu-oc-approver',
  'u-submitter-edu',
  'u-clerk',
  'u-sec-fin-budget',
  'u-br-budget-approver',
  'u-sec-fin-office',
];

const log = (message: string): void => {
  process.stdout.write(`[launcher] ${message}\n`);
};

function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Polls until `probe` succeeds; fails early if `child` dies meanwhile. */
async function waitFor(what: string, child: ChildProcess, probe: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (code ${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    if (await probe().catch(() => false)) return;
    await delay(250);
  }
  throw new Error(`${what} not ready after ${timeoutMs / 1000}s`);
}

async function temporalReady(): Promise<boolean> {
  if (!(await portAnswers(temporalPort))) return false;
  const connection = await Connection.connect({ address: `${host}:${temporalPort}`, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: 'default' });
    return true;
  } finally {
    await connection.close();
  }
}

async function apiReady(): Promise<boolean> {
  const response = await fetch(`http://${host}:${apiPort}/api/docs`, { signal: AbortSignal.timeout(1000) });
  return response.status < 500;
}

/** Children run in their own process group so Ctrl-C reaches only the launcher, which stops them in order. */
function startChild(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; logFile?: string }) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...opts.env },
    detached: true,
    stdio: opts.logFile ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  if (opts.logFile) {
    const out = createWriteStream(opts.logFile, { flags: 'a' });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
  }
  return child;
}

async function stopChild(name: string, child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  log(`stopping ${name}`);
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited(child).then(() => true), delay(graceMs).then(() => false)]);
  if (!stopped) {
    log(`${name} did not stop within ${graceMs / 1000}s; killing it`);
    child.kill('SIGKILL');
    await exited(child);
  }
}

function banner(): void {
  const lines = [
    '',
    'Branchflow is running.',
    `  Console          http://${host}:${apiPort}/  (sign in as any demo user below)`,
    `  API              http://${host}:${apiPort}/api`,
    `  Swagger          http://${host}:${apiPort}/api/docs`,
    `  Temporal Web UI  http://${host}:${temporalUiPort}`,
    `  Mail sink        smtp://${host}:${smtpPort} -> ${resolve(dataDir, 'mail.log')}`,
    `  Data             ${dataDir} (kept between runs)`,
    '',
    'Get a bearer token for a demo user:',
    ...demoUsers.map(
      (userId) =>
        `  curl -X POST localhost:${apiPort}/api/auth/dev-token -H 'content-type: application/json' -d '{"userId":"${userId}"}'`,
    ),
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const temporalCli = process.env.TEMPORAL_CLI_PATH || resolve(root, '.tools/pypi/bin/temporal');
  const apiEntry = resolve(root, 'dist/apps/api/src/main.js');
  if (!existsSync(temporalCli)) throw new Error(`${temporalCli} missing: run bash scripts/ensure-temporal.sh`);
  if (!existsSync(apiEntry)) throw new Error(`${apiEntry} missing: run npx tsc -p tsconfig.build.json`);
  for (const [name, port] of [
    ['Temporal', temporalPort],
    ['API', apiPort],
    ['SMTP sink', smtpPort],
  ] as const) {
    if (await portAnswers(port)) throw new Error(`port ${port} (${name}) is already in use; is Branchflow running?`);
  }

  let temporal: ChildProcess | undefined;
  let api: ChildProcess | undefined;
  let sink: SmtpSink | undefined;
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    // API first (it stops the embedded worker, then closes PGlite); Temporal last, so in-flight calls can finish.
    await stopChild('API', api, 20_000);
    await stopChild('Temporal dev server', temporal, 10_000);
    await sink?.close();
    log('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void shutdown(0));
  }
  // Last resort if the launcher dies: do not leave orphaned process groups holding the ports.
  process.once('exit', () => {
    for (const child of [api, temporal]) if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
  });

  try {
    // Re-registering search attributes that a reused temporal.sqlite already has is accepted by the dev server.
    const searchAttributeArgs = Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
      '--search-attribute',
      `${name}=${type}`,
    ]);
    const temporalArgs = [
      'server',
      'start-dev',
      '--db-filename',
      resolve(dataDir, 'temporal.sqlite'),
      '--ip',
      host,
      '--port',
      String(temporalPort),
      '--ui-port',
      String(temporalUiPort),
      '--namespace',
      'default',
      '--log-level',
      'warn',
      ...searchAttributeArgs,
    ];
    log(`starting Temporal dev server on ${host}:${temporalPort} (log: data/temporal.log)`);
    temporal = startChild(temporalCli, temporalArgs, { logFile: resolve(dataDir, 'temporal.log') });
    temporal.once('exit', (code, signal) => {
      if (!stopping) {
        log(`Temporal dev server exited unexpectedly (${code ?? signal}); see data/temporal.log`);
        void shutdown(1);
      }
    });
    await waitFor('Temporal dev server', temporal, temporalReady, 60_000);

    const mailLog = resolve(dataDir, 'mail.log');
    sink = await startSmtpSink({
      port: smtpPort,
      host,
      onMail: (mail) => {
        const entry = { receivedAt: new Date().toISOString(), from: mail.from, to: mail.to, subject: mail.subject };
        appendFileSync(mailLog, `${JSON.stringify({ ...entry, messageId: mail.messageId, text: mail.text })}\n`);
      },
    });

    const authMode = process.env.AUTH_MODE ?? 'dev';
    // This install's own keys (actor assertions, payload encryption, dev tokens): random, made on the first start
    // into data/install-keys.json (0600) and read after; keys set in the environment win, production brings its own.
    const keys = authMode === 'dev' ? ensureInstallKeys(dataDir) : null;
    if (keys?.created) log(`generated this install's keys into ${keys.path} (mode 0600); keep it with ./data`);
    if (keys?.tightened) log(`${keys.path} was readable by others: now mode 0600`);
    const installEnv = withInstallKeys({ ...process.env, AUTH_MODE: authMode }, dataDir);
    log(`starting API with embedded worker on port ${apiPort}`);
    api = startChild(process.execPath, [apiEntry], {
      env: {
        ACTOR_ASSERTION_KEYS: installEnv.ACTOR_ASSERTION_KEYS,
        PAYLOAD_KEYS: installEnv.PAYLOAD_KEYS,
        JWT_SECRET: installEnv.JWT_SECRET,
        // dev mode (minted demo tokens, bound to 127.0.0.1) only because npm start asks for it
        AUTH_MODE: authMode,
        EMBEDDED_WORKER: '1',
        PORT: String(apiPort),
        TEMPORAL_ADDRESS: `${host}:${temporalPort}`,
        TEMPORAL_UI_URL: `http://${host}:${temporalUiPort}`,
        SMTP_URL: `smtp://${host}:${smtpPort}`,
        PGLITE_DIR: process.env.PGLITE_DIR ?? resolve(dataDir, 'pglite'),
      },
    });
    api.once('exit', (code, signal) => {
      if (!stopping) {
        log(`API exited unexpectedly (${code ?? signal})`);
        void shutdown(1);
      }
    });
    await waitFor('API', api, apiReady, 120_000);
    banner();
  } catch (error) {
    if (stopping) return;
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[launcher] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
