/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers of many shapes, read as a browser would */
// The campaign's users: HTTP over a round-robin of API processes (a load balancer), commands sent again with the same
// Idempotency-Key and body after a 5xx, a timeout or a refused connection, as the web console does.
import { delay } from './processes';

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
}

/** One command as the driver sent it (one click), with every answer it got. */
export interface SentCommand {
  caseId: string;
  /** decision: the task id; election: the operation */
  target: string;
  kind: 'decision' | 'election' | 'start';
  user: string;
  key: string;
  outcome?: string;
  /** status of each attempt (0: no answer: refused connection, reset, timeout) */
  attempts: number[];
  final: HttpAnswer;
}

export interface BrowserOptions {
  apis: () => string[];
  /** one attempt waits at most this long for its answer */
  requestTimeoutMs: number;
  /** a command is sent again until this long after its first attempt */
  commandDeadlineMs: number;
}

/** no answer, a 5xx, or a rate limit (429): the console waits and sends the same request again */
const RETRIABLE = (status: number) => status === 0 || status === 429 || status >= 500;

export class Browser {
  private readonly tokens = new Map<string, Promise<string>>();
  private next = 0;
  readonly sent: SentCommand[] = [];
  /** answers by status over every attempt (reads and commands) */
  readonly statusCounts = new Map<number, number>();
  /** 503 and 504 answers by their code (`503 UPDATE_DELAYED`): which outage the retries rode out */
  readonly retryableCodes = new Map<string, number>();
  /** 500 answers: never expected (RULES: never 500), each a product bug */
  readonly serverErrors: { method: string; path: string; body: unknown }[] = [];
  /** every other refusal (4xx), for the story of a run (refusals.jsonl) */
  readonly refusals: { method: string; path: string; status: number; body: unknown }[] = [];

  constructor(private readonly opts: BrowserOptions) {}

  private pick(): string {
    const apis = this.opts.apis();
    const base = apis[this.next % apis.length]!;
    this.next += 1;
    return base;
  }

  /** One attempt on the next API process; no answer gives status 0. */
  async once<T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; key?: string } = {},
  ): Promise<HttpAnswer<T>> {
    let answer: HttpAnswer<T>;
    try {
      const res = await fetch(`${this.pick()}${path}`, {
        method,
        headers: {
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.key ? { 'idempotency-key': opts.key } : {}),
        },
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        signal: AbortSignal.timeout(this.opts.requestTimeoutMs),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON
      }
      answer = { status: res.status, body: body as T };
    } catch {
      answer = { status: 0, body: null as T };
    }
    this.statusCounts.set(answer.status, (this.statusCounts.get(answer.status) ?? 0) + 1);
    if (answer.status === 503 || answer.status === 504) {
      const code = `${answer.status} ${String((answer.body as { code?: unknown } | null)?.code ?? 'no code')}`;
      this.retryableCodes.set(code, (this.retryableCodes.get(code) ?? 0) + 1);
    }
    if (answer.status === 500) this.serverErrors.push({ method, path, body: answer.body });
    if (answer.status >= 400 && answer.status !== 503 && answer.status !== 504 && this.refusals.length < 1000) {
      this.refusals.push({ method, path, status: answer.status, body: answer.body });
    }
    return answer;
  }

  async token(user: string): Promise<string> {
    let token = this.tokens.get(user);
    if (!token) {
      token = (async () => {
        for (let attempt = 0; ; attempt++) {
          const res = await this.once('POST', '/api/auth/dev-token', { body: { userId: user } });
          const value = res.body?.accessToken ?? res.body?.token;
          if (res.status < 300 && typeof value === 'string') return value;
          if (!RETRIABLE(res.status) || attempt > 100) {
            throw new Error(`dev-token for ${user}: ${res.status} ${JSON.stringify(res.body)}`);
          }
          await delay(500);
        }
      })();
      token.catch(() => this.tokens.delete(user));
      this.tokens.set(user, token);
    }
    return token;
  }

  /** A read, repeated while the answer is a 5xx or none (a reload). */
  async read<T = any>(user: string, path: string, deadlineMs = this.opts.commandDeadlineMs): Promise<HttpAnswer<T>> {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      const res = await this.once<T>('GET', path, { token: await this.token(user) });
      if (res.status === 401) this.tokens.delete(user);
      if ((!RETRIABLE(res.status) && res.status !== 401) || Date.now() > deadline) return res;
      await delay(Math.min(250 * 2 ** attempt, 3000));
    }
  }

  /**
   * A command (one click): sent with its key, sent again with the same key and body while the answer is a 5xx or
   * none, until the command deadline. Recorded with every attempt.
   */
  async command<T = any>(
    entry: Omit<SentCommand, 'attempts' | 'final'>,
    path: string,
    body: unknown,
  ): Promise<HttpAnswer<T>> {
    const record: SentCommand = { ...entry, attempts: [], final: { status: 0, body: null } };
    this.sent.push(record);
    const deadline = Date.now() + this.opts.commandDeadlineMs;
    for (let attempt = 0; ; attempt++) {
      const res = await this.once<T>('POST', path, { token: await this.token(entry.user), body, key: entry.key });
      record.attempts.push(res.status);
      record.final = res;
      if (res.status === 401) this.tokens.delete(entry.user);
      if ((!RETRIABLE(res.status) && res.status !== 401) || Date.now() > deadline) return res;
      await delay(Math.min(250 * 2 ** attempt, 3000));
    }
  }
}
