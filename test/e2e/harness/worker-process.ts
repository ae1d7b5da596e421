import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
export const WORKER_MAIN = resolve(ROOT, 'dist/apps/worker/src/main.js');

/** The real worker process (compiled), as production runs it; tests kill it with SIGKILL to prove durability. */
/** Environment every spawned worker gets before its own (the e2e stack's trust keys, issue 8 §4). */
const stackWorkerEnv: Record<string, string> = { AUTH_MODE: 'dev' };

/** Called by the e2e stack: the keys its API uses, so that a spawned worker reads and signs the same. */
export function useStackWorkerEnv(env: Record<string, string>): void {
  Object.assign(stackWorkerEnv, env);
}

export function spawnWorker(env: Record<string, string>): ChildProcess & { output: string[] } {
  if (!existsSync(WORKER_MAIN)) {
    throw new Error(`${WORKER_MAIN} is missing: run \`npm run build\` before the e2e tests (npm test does it)`);
  }
  const child = spawn(process.execPath, [WORKER_MAIN], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...stackWorkerEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (d: Buffer) => child.output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => child.output.push(d.toString()));
  return child;
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

export function stopGracefully(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}
