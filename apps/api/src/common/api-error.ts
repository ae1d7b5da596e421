/** One error shape for every non-2xx answer of the API. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  messageEn?: string;
  rule?: string;
  numbers?: Record<string, unknown>;
  issues?: { path: string; message: string; messageEn?: string }[];
  requestId?: string;
}

/** An error the API itself raises (authorization, visibility, missing rows); mapped by the global filter. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly messageEn: string,
    readonly extra: Pick<ApiErrorBody, 'rule' | 'numbers'> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static unauthenticated(): ApiError {
    return new ApiError(401, 'UNAUTHENTICATED', '未登录或登录凭证无效', 'Missing or invalid bearer token');
  }

  static forbidden(code: string, message: string, messageEn: string): ApiError {
    return new ApiError(403, code, message, messageEn);
  }

  static notFound(code: string, message: string, messageEn: string): ApiError {
    return new ApiError(404, code, message, messageEn);
  }
}
