export interface HttpResult<T = any> {
  status: number;
  body: T;
}

/** A thin fetch wrapper: JSON in and out, bearer token, extra headers. */
export function httpClient(baseUrl: string) {
  async function call<T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // non-JSON body (metrics)
    }
    return { status: res.status, body: body as T };
  }

  async function token(userId: string): Promise<string> {
    const res = await call<{ accessToken?: string; token?: string }>('POST', '/api/auth/dev-token', {
      body: { userId },
    });
    if (res.status >= 300) throw new Error(`dev-token for ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
    const t = res.body.accessToken ?? res.body.token;
    if (!t) throw new Error(`dev-token for ${userId}: no token in ${JSON.stringify(res.body)}`);
    return t;
  }

  /** Polls until fn returns a value (not undefined), failing after timeoutMs with the last observation. */
  async function eventually<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return { call, token, eventually };
}
