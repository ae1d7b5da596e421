// The production shape of the fault campaign: the Temporal dev server on a SQLite file, worker and API processes
// (compiled code in dist/), each a child process the campaign may SIGKILL and start again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { createServer, connect } from 'node:net';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../libs/contracts';

export const ROOT = resolve(__dirname, '../../..');
export const WORKER_MAIN = resolve(ROOT, 'dist/apps/worker/src/main.js');
export const API_MAIN = resolve(ROOT, 'dist/apps/api/src/main.js');

export const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function running(child: ChildProcess | null): child is ChildProcess {
  return child !== null && child.exitCode === null && child.signalCode === null;
}

function exited(child: ChildProcess): Promise<void> {
  if (!running(child)) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/**
 * One restartable child process: its output appended to a log file, `kill()` with SIGKILL, `stop()` with SIGTERM and
 * a grace period, `start()` again with the same command and environment.
 */
export class ManagedProcess {
  private child: ChildProcess | null = null;
  private readonly log: WriteStream;
  starts = 0;
  kills = 0;
  /** true once the current run printed `readyPattern` (always false without one) */
  ready = false;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    logFile: string,
    private readonly readyPattern?: RegExp,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return running(this.child);
  }

  start(): void {
    if (running(this.child)) return;
    this.starts += 1;
    const child = spawn(this.command, this.args, {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // the pid names the process in the figures (an email's sender, a kill)
    this.log.write(`\n=== ${new Date().toISOString()} start #${this.starts} (pid ${child.pid ?? '?'})\n`);
    this.ready = false;
    child.stdout?.pipe(this.log, { end: false });
    const pattern = this.readyPattern;
    if (pattern) {
      const watch = (chunk: Buffer) => {
        if (!pattern.test(chunk.toString())) return;
        if (this.child === child) this.ready = true;
        child.stdout?.off('data', watch);
      };
      child.stdout?.on('data', watch);
    }
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => this.log.write(`=== ${new Date().toISOString()} exit ${code ?? signal}\n`));
    this.child = child;
  }

  /** SIGKILL at once, without waiting (the campaign's own exit). */
  killNow(): void {
    if (running(this.child)) this.child.kill('SIGKILL');
  }

  /** SIGKILL, as a crash or an OOM kill would end it. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!running(child)) return;
    this.kills += 1;
    this.log.write(`=== ${new Date().toISOString()} SIGKILL\n`);
    const gone = exited(child);
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM, then SIGKILL after graceMs. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!running(child)) return;
    const gone = exited(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stop(5_000);
    await new Promise<void>((done) => this.log.end(() => done()));
  }
}

/** The Temporal dev server (CLI from .tools, see scripts/ensure-temporal.sh) on a SQLite file that outlives restarts. */
export function temporalDevServer(opts: { dir: string; port: number }): ManagedProcess {
  const cli = process.env.TEMPORAL_CLI_PATH || resolve(ROOT, '.tools/pypi/bin/temporal');
  if (!existsSync(cli)) throw new Error(`${cli} missing: run bash scripts/ensure-temporal.sh`);
  const searchAttributeArgs = Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
    '--search-attribute',
    `${name}=${type}`,
  ]);
  return new ManagedProcess(
    'temporal',
    cli,
    [
      'server',
      'start-dev',
      '--db-filename',
      resolve(opts.dir, 'temporal.sqlite'),
      '--ip',
      '127.0.0.1',
      '--port',
      String(opts.port),
      '--headless',
      '--namespace',
      'default',
      '--log-level',
      'warn',
      ...searchAttributeArgs,
    ],
    {},
    resolve(opts.dir, 'temporal.log'),
  );
}

/** Waits until the dev server answers DescribeNamespace. */
export async function waitForTemporal(address: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const port = Number(address.split(':')[1]);
  while (Date.now() < deadline) {
    if (await portAnswers(port)) {
      try {
        const connection = await Connection.connect({ address, connectTimeout: 2000 });
        try {
          await connection.workflowService.describeNamespace({ namespace: 'default' });
          return;
        } finally {
          await connection.close();
        }
      } catch {
        // not ready yet
      }
    }
    await delay(300);
  }
  throw new Error(`Temporal dev server on ${address} not ready after ${timeoutMs / 1000}s`);
}

export function workerProcess(name: string, env: Record<string, string>, logFile: string): ManagedProcess {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} missing: run npx tsc -p tsconfig.build.json`);
  // `temporal worker started` (info): the worker polls its task queue
  return new ManagedProcess(
    name,
    process.execPath,
    [WORKER_MAIN],
    { ...env, LOG_LEVEL: 'info' },
    logFile,
    /temporal worker started/,
  );
}

export function apiProcess(name: string, env: Record<string, string>, logFile: string): ManagedProcess {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} missing: run npx tsc -p tsconfig.build.json`);
  return new ManagedProcess(name, process.execPath, [API_MAIN], env, logFile);
}

/** Waits until GET /health/ready answers 200. */
export async function waitForApi(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await delay(300);
  }
  throw new Error(`API ${baseUrl} not ready after ${timeoutMs / 1000}s`);
}
