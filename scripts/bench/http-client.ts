import { setTimeout as sleep } from 'node:timers/promises';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} → HTTP ${status}: ${body.slice(0, 400)}`);
    this.name = 'HttpError';
  }
}

/** A signed-in user of the API under test (dev token), speaking JSON over keep-alive fetch on 127.0.0.1. */
export class ApiUser {
  private constructor(
    private readonly baseUrl: string,
    readonly userId: string,
    private readonly token: string,
  ) {}

  static async signIn(baseUrl: string, userId: string): Promise<ApiUser> {
    const res = await request<{ accessToken: string }>(baseUrl, 'POST', '/api/auth/dev-token', undefined, { userId });
    return new ApiUser(baseUrl, userId, res.accessToken);
  }

  get<T>(path: string): Promise<T> {
    return request<T>(this.baseUrl, 'GET', path, this.token);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return request<T>(this.baseUrl, 'POST', path, this.token, body);
  }
}

async function request<T>(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new HttpError(res.status, text, `${method} ${path}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Polls `probe` until it yields a value, sleeping `intervalMs` between attempts; throws after `timeoutMs`.
 * The first probe runs at once, so a consequence that is already visible costs a single request.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: { intervalMs: number; timeoutMs: number },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}`);
    await sleep(opts.intervalMs);
  }
}
