import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startE2eStack, type E2eStack } from './harness/e2e-stack';
import { httpClient } from './harness/http-client';

jest.setTimeout(120_000);

/** Today plus `days` (UTC calendar, as `date -d '+N days' +%F` prints it on a UTC machine). */
function shellDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

interface Example {
  method: string;
  path: string;
  user: string;
  body: unknown;
}

/**
 * The start-route examples of the README (`<!-- example: POST <path> as <user> -->` then a bash block with a JSON
 * heredoc), with the shell's `$(date …)` expanded the way bash would.
 */
function readmeExamples(): Example[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const pattern = /<!-- example: (\w+) (\S+) as (\S+) -->\s*```bash\n[\s\S]*?<<JSON\n([\s\S]*?)\nJSON\n```/g;
  return [...readme.matchAll(pattern)].map(([, method, path, user, json]) => {
    const expanded = json!
      .replace(/\$\(date \+%F\)/g, shellDate(0))
      .replace(/\$\(date -d '\+(\d+) days' \+%F\)/g, (_m, days: string) => shellDate(Number(days)));
    return { method: method!, path: path!, user: user!, body: JSON.parse(expanded) as unknown };
  });
}

describe('the README start-route examples against a running stack', () => {
  let stack: E2eStack;
  let http: ReturnType<typeof httpClient>;
  const examples = readmeExamples();

  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'pglite' });
    http = httpClient(stack.baseUrl);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('documents one example per start route', () => {
    expect(examples.map((e) => e.path)).toEqual([
      '/api/cases/establishment',
      '/api/admission-cases',
      '/api/orgs/org-fin-budget-br/vacancies',
      '/api/orgs/org-fin-treasury-br/appointments',
      '/api/orgs/org-fin-office-br/term-shifts',
    ]);
  });

  it('starts a case with each example body as its user', async () => {
    const answers: Record<string, { status: number; body: unknown }> = {};
    for (const [index, example] of examples.entries()) {
      const token = await http.token(example.user);
      // a start that timed out under load (504) is retried with the same Idempotency-Key, as a client would
      const headers = { 'idempotency-key': `readme-example-${index + 1}` };
      for (let attempt = 0; attempt < 3; attempt++) {
        answers[example.path] = await http.call(example.method, example.path, { token, body: example.body, headers });
        if (answers[example.path]!.status < 500) break;
      }
    }
    for (const [path, answer] of Object.entries(answers)) {
      expect({ path, status: answer.status }).toEqual({ path, status: 201 });
      expect(answer.body).toMatchObject({ caseId: expect.any(String), status: 'active' });
    }
  });
});
