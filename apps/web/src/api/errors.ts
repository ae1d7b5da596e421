/** The API's one error shape (apps/api/src/common/api-error.ts): both languages, the rule and its numbers. */
export interface Problem {
  statusCode: number;
  code: string;
  message: string;
  messageEn?: string;
  rule?: string;
  numbers?: Record<string, unknown>;
  issues?: { path: string; message: string; messageEn?: string }[];
}

/** A refused or failed call: `status` 0 is a network failure (no answer). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.messageEn ?? problem.message);
    this.name = 'ApiError';
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export function toProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'code' in body && 'message' in body) return body as Problem;
  return {
    statusCode: status,
    code: `HTTP_${status}`,
    message: `请求失败（${status}）`,
    messageEn: `Request failed (${status})`,
  };
}

export function networkError(cause: unknown): ApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, {
    statusCode: 0,
    code: 'NETWORK',
    message: `网络连接失败：${detail}`,
    messageEn: `Network failure: ${detail}`,
  });
}
