// `npm run fuzz` (scripts/fuzz.sh): schemathesis against the running API, from the committed openapi.json, with the demo
// users' tokens (issue 8 §2). Starts its own stack on free ports: Temporal CLI dev server (in-memory), in-memory
// PGlite with the demo data, the worker in this process, the API. Then runs `st run` once per demo user and reads
// every request and answer back from schemathesis' HAR reports:
//   - no answer with status 5xx;
//   - every 4xx answer has the API's error shape and names what was wrong: a `code`, and for 400 the field (`issues[].path`
//     or `numbers.field`), for 422 the rule (`rule`), for 413 the field;
//   - every operation of openapi.json was requested; and at least FUZZ_MIN_REQUESTS requests in all.
// Prints one line per figure and exits non-zero when a goal is missed.
//
// Settings (environment): FUZZ_MAX_EXAMPLES (per operation, phase and user; default 60), FUZZ_MIN_REQUESTS (default
// 10000), FUZZ_USERS (comma-separated demo user ids), FUZZ_SEED, FUZZ_MAX_TIME (seconds per user run), FUZZ_REPORT_DIR.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TypedSearchAttributes, defineSearchAttributeKey } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createApp } from '../apps/api/src/create-app';
import { startWorkerInProcess } from '../apps/worker/src';
import { loadConfig } from '../libs/config';
import { SEARCH_ATTRIBUTES } from '../libs/contracts';
import { openDatabase, seedDemoData } from '../libs/db';

const root = resolve(__dirname, '../..');
const env = process.env;
const maxExamples = Number(env.FUZZ_MAX_EXAMPLES ?? 60);
const minRequests = Number(env.FUZZ_MIN_REQUESTS ?? 10_000);
const users = (env.FUZZ_USERS ?? 'u-admin,u-sec-fin-budget,u-oc-approver').split(',').filter(Boolean);
const seed = env.FUZZ_SEED ?? '20261207';
const maxTime = env.FUZZ_MAX_TIME;
const reportDir = resolve(env.FUZZ_REPORT_DIR ?? resolve(root, 'data/fuzz'));
const st = env.SCHEMATHESIS_PATH ?? resolve(root, '.tools/schemathesis/bin/st');

const log = (line: string) => process.stdout.write(`[fuzz] ${line}\n`);

interface HarEntry {
  request: { method: string; url: string; postData?: { text?: string } };
  response: { status: number; content?: { text?: string; mimeType?: string } };
}

interface Finding {
  user: string;
  method: string;
  url: string;
  status: number;
  body: string;
  reason: string;
}

/** What a 4xx answer must say (apps/api/src/common/api-error.ts ApiErrorBody), or null when it says it. */
export function badClientError(status: number, text: string | undefined): string | null {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text ?? '') as Record<string, unknown>;
  } catch {
    return 'body is not JSON';
  }
  if (typeof body !== 'object' || body === null) return 'body is not an object';
  if (typeof body.code !== 'string' || body.code.length === 0) return 'no code';
  if (body.statusCode !== status) return `statusCode ${String(body.statusCode)} differs from the status`;
  const numbers = (body.numbers ?? {}) as Record<string, unknown>;
  const issues = Array.isArray(body.issues) ? (body.issues as { path?: unknown }[]) : [];
  const namesField =
    (issues.length > 0 && issues.every((i) => typeof i.path === 'string' && i.path.length > 0)) ||
    typeof numbers.field === 'string';
  if (status === 400 && !namesField) return '400 names no field (issues[].path or numbers.field)';
  if (status === 413 && !namesField) return '413 names no field';
  if (status === 422 && !(typeof body.rule === 'string' && body.rule.length > 0) && !namesField) {
    return '422 names no rule';
  }
  return null;
}

function operationsOf(spec: { paths: Record<string, Record<string, unknown>> }): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const method of Object.keys(ops)) out.push(`${method.toUpperCase()} ${path}`);
  }
  return out;
}

/** `GET /api/cases/abc/tasks/1` → `GET /api/cases/{caseId}/tasks/{taskId}` by the spec's templates. */
function operationMatcher(operations: string[]): (method: string, url: string) => string | null {
  const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  const compiled = operations
    .map((op) => {
      const [method, path] = op.split(' ') as [string, string];
      const segments = path.split('/').map((seg) => (/^\{[^}]+\}$/.test(seg) ? '[^/]+' : escape(seg)));
      return { op, method, params: (path.match(/\{/g) ?? []).length, re: new RegExp(`^${segments.join('/')}$`) };
    })
    // literal segments first (`orgs/term-states` before `orgs/{orgId}`)
    .sort((a, b) => a.params - b.params);
  return (method, url) => {
    const path = new URL(url).pathname;
    return compiled.find((c) => c.method === method.toUpperCase() && c.re.test(path))?.op ?? null;
  };
}

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((done, fail) => {
    // in the report directory: schemathesis keeps its example database (.schemathesis) in the working directory
    const child = spawn(cmd, args, {
      cwd: reportDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...env, NO_COLOR: '1' },
    });
    child.once('error', fail);
    child.once('exit', (code) => done(code ?? 1));
  });
}

async function main(): Promise<number> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  mkdirSync(reportDir, { recursive: true });
  const specPath = resolve(root, 'openapi.json');
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const operations = operationsOf(spec);

  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: env.TEMPORAL_CLI_PATH || resolve(root, '.tools/pypi/bin/temporal') },
      ip: '127.0.0.1',
      ui: false,
      searchAttributes: Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) =>
        defineSearchAttributeKey(name, TypedSearchAttributes.toSearchAttributeType(type)!),
      ),
    },
  });
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await seedDemoData(database);
  const address = temporal.address;
  const worker = await startWorkerInProcess({
    database,
    mailer: null,
    mailFrom: 'branchflow@example.gov.cn',
    webBaseUrl: 'http://127.0.0.1',
    connection: temporal.nativeConnection,
    temporal: { address, namespace: 'default' },
    bootstrapTermClocks: false,
  });
  const config = loadConfig({
    AUTH_MODE: 'dev',
    LOG_LEVEL: env.FUZZ_LOG_LEVEL ?? 'silent',
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: 'default',
    ATTACHMENTS_DIR: resolve(reportDir, 'attachments'),
    // The 600 ms default bounds how long a read waits for a workflow before answering from the record; on a loaded
    // 2-core machine the dev server's "no such workflow" can take longer (504). The fuzzer is about inputs, not latency.
    CASE_QUERY_TIMEOUT_MS: env.CASE_QUERY_TIMEOUT_MS ?? '5000',
  } as NodeJS.ProcessEnv);
  const app = await createApp({ config, database, temporalClient: temporal.client, logger: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  log(`stack up: API ${baseUrl}, Temporal ${address}`);

  const findings: Finding[] = [];
  const perOperation = new Map<string, number>(operations.map((op) => [op, 0]));
  const byStatus = new Map<number, number>();
  const match = operationMatcher(operations);
  let total = 0;
  let stFailures = 0;
  try {
    const known = (await (await fetch(`${baseUrl}/api/auth/dev-users`)).json()) as { userId?: string; id?: string }[];
    log(`demo users: ${known.length}; fuzzing as ${users.join(', ')}`);
    for (const user of users) {
      const tokenRes = await fetch(`${baseUrl}/api/auth/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: user }),
      });
      if (!tokenRes.ok) throw new Error(`dev-token for ${user}: ${tokenRes.status}`);
      const { accessToken } = (await tokenRes.json()) as { accessToken: string };
      const har = resolve(reportDir, `${user}.har`);
      const args = [
        'run',
        specPath,
        '--url',
        baseUrl,
        '-H',
        `Authorization: Bearer ${accessToken}`,
        '--checks',
        'not_a_server_error',
        '--phases',
        'examples,coverage,fuzzing',
        '--max-examples',
        String(maxExamples),
        '--seed',
        seed,
        '--workers',
        env.FUZZ_WORKERS ?? '2',
        '--request-timeout',
        '60',
        '--suppress-health-check',
        'all',
        '--continue-on-failure',
        '--report',
        'har',
        '--report-har-path',
        har,
        '--output-truncate',
        'true',
        ...(maxTime ? ['--max-time', maxTime] : []),
      ];
      log(`st run as ${user} (max ${maxExamples} examples per operation)`);
      const code = await run(st, args);
      if (code !== 0) stFailures += 1;
      const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries;
      for (const e of entries) {
        total += 1;
        const status = e.response.status;
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        const op = match(e.request.method, e.request.url);
        if (op) perOperation.set(op, (perOperation.get(op) ?? 0) + 1);
        const body = e.response.content?.text ?? '';
        const base = { user, method: e.request.method, url: e.request.url, status, body: body.slice(0, 400) };
        if (status >= 500) findings.push({ ...base, reason: '5xx' });
        else if (status >= 400) {
          const bad = badClientError(status, body);
          if (bad) findings.push({ ...base, reason: bad });
        }
      }
      log(`${user}: ${entries.length} requests (st exit ${code})`);
    }
  } finally {
    await app.close();
    await worker.stop();
    await database.close();
    await temporal.teardown();
  }

  const fiveXx = findings.filter((f) => f.reason === '5xx');
  const bad4xx = findings.filter((f) => f.reason !== '5xx');
  const untouched = [...perOperation].filter(([, n]) => n === 0).map(([op]) => op);
  writeFileSync(resolve(reportDir, 'findings.json'), JSON.stringify(findings, null, 2));
  const statusLine = [...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`);
  log(`statuses: ${statusLine.join(' ')}`);
  for (const [op, n] of perOperation) log(`  ${String(n).padStart(6)}  ${op}`);
  for (const f of findings.slice(0, 40)) {
    log(`FINDING ${f.reason}: ${f.status} ${f.method} ${f.url} as ${f.user}: ${f.body.replace(/\s+/g, ' ')}`);
  }
  const checks: [string, boolean][] = [
    [`requests: ${total} (goal >= ${minRequests})`, total >= minRequests],
    [`operations requested: ${operations.length - untouched.length}/${operations.length}`, untouched.length === 0],
    [`responses 5xx: ${fiveXx.length} (goal 0)`, fiveXx.length === 0],
    [`4xx without the field or rule: ${bad4xx.length} (goal 0)`, bad4xx.length === 0],
  ];
  // schemathesis exits 1 on the failures counted above, and on its own internal errors (then fewer requests)
  log(`schemathesis runs with a non-zero exit: ${stFailures} of ${users.length} (informational)`);
  if (untouched.length > 0) log(`never requested: ${untouched.join(', ')}`);
  for (const [line, ok] of checks) log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
  log(`findings and HAR reports: ${reportDir}`);
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
