import { HttpException } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  QueryNotRegisteredError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ZodValidationException } from 'nestjs-zod';
import { ACTOR_ASSERTION_REFUSED } from '../../../../libs/contracts/actor-assertion.contract';
import { ZodError } from 'zod';
import { issueMessages } from './zod-messages';
import { ApiError, type ApiErrorBody } from './api-error';

/** Structural view of libs/domain RuleViolation, so violations arriving from Temporal details map the same way. */
export interface RuleViolationLike {
  code: string;
  kind: 'rule' | 'forbidden' | 'conflict' | 'notFound' | 'invalid';
  rule?: string;
  message: string;
  messageEn?: string;
  numbers?: Record<string, unknown>;
}

export const STATUS_BY_KIND: Record<RuleViolationLike['kind'], number> = {
  rule: 422,
  forbidden: 403,
  conflict: 409,
  notFound: 404,
  invalid: 400,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** gRPC statuses (grpc-js `status`; the package is not a direct dependency of the API). */
const GRPC_CANCELLED = 1;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_UNAVAILABLE = 14;

/**
 * Temporal (the engine behind the API) cannot serve the call now: no server or a broken connection; a call it cut off
 * (the server restarting: reads answer from the record when there is one, a case started a moment ago has none yet;
 * a deadline that passed is the 504 above); or the case's workflow task being retried after a worker died in it
 * ("Workflow Task in failed state": Temporal refuses its queries and updates until the task completes, nothing was
 * applied). Found by the fault campaign (npm run chaos), where these answered 500. Retrying later is right for all.
 */
function isTemporalUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (isGrpcServiceError(current)) {
      const code = current.code;
      if (code === GRPC_UNAVAILABLE || code === GRPC_CANCELLED) return true;
      if (
        code === GRPC_FAILED_PRECONDITION &&
        /workflow task in failed state/i.test(`${current.details} ${current.message}`)
      ) {
        return true;
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export function isRuleViolation(value: unknown): value is RuleViolationLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.kind === 'string' && v.kind in STATUS_BY_KIND;
}

function violationBody(v: RuleViolationLike): ApiErrorBody {
  const body: ApiErrorBody = { statusCode: STATUS_BY_KIND[v.kind], code: v.code, message: v.message };
  if (v.messageEn !== undefined) body.messageEn = v.messageEn;
  if (v.rule !== undefined) body.rule = v.rule;
  if (v.numbers !== undefined) body.numbers = v.numbers;
  return body;
}

function isZodError(value: unknown): value is ZodError {
  return value instanceof ZodError || (value instanceof Error && Array.isArray((value as { issues?: unknown }).issues));
}

export function zodIssues(error: ZodError): { path: string; message: string; messageEn: string }[] {
  return error.issues.map((issue) => {
    // an unknown key is named by its own path; a value that is not an object at all is the body itself
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
    const path = [...issue.path, ...(keys?.length ? [keys[0]] : [])].map((p) => String(p)).join('.');
    return { path: path || 'body', ...issueMessages(issue) };
  });
}

function validationBody(error: ZodError): ApiErrorBody {
  const issues = zodIssues(error);
  const first = issues[0];
  const where = first && first.path ? `${first.path}: ` : '';
  return {
    statusCode: 400,
    code: 'VALIDATION_FAILED',
    message: `请求参数校验失败（${where}${first?.message ?? ''}）`,
    messageEn: `Request validation failed (${where}${first?.messageEn ?? ''})`,
    issues,
  };
}

/** Finds the ApplicationFailure a workflow update validator or handler threw, however deep the client wrapped it. */
function applicationFailureOf(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof ApplicationFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The API signs each update as it sends it, so a stale assertion on an update this API just sent means the engine
 * delivered it to the workflow later than the assertion's window (workers restarting, a saturated machine): found by
 * the fault campaign at 1,000 cases, where such clicks answered 403 although the user did nothing wrong. The refused
 * update never entered history, so the same click again (same key, signed afresh) is applied normally.
 */
function isDelayedUpdate(detail: RuleViolationLike): boolean {
  return detail.code === ACTOR_ASSERTION_REFUSED && detail.numbers?.reason === 'stale';
}

function updateFailureBody(error: WorkflowUpdateFailedError): ApiErrorBody {
  const failure = applicationFailureOf(error.cause);
  const detail = failure?.details?.[0];
  if (failure && isRuleViolation(detail) && isDelayedUpdate(detail)) {
    return {
      statusCode: 503,
      code: 'UPDATE_DELAYED',
      message: '流程引擎繁忙，操作送达过迟未被执行；请用同一Idempotency-Key重试',
      messageEn:
        'The workflow engine delivered the command too late and did not apply it; retry with the same Idempotency-Key',
    };
  }
  if (failure && isRuleViolation(detail)) return violationBody(detail);
  // A refusal without a structured violation is still the workflow's answer to a business command.
  return {
    statusCode: 409,
    code: failure?.type ?? 'UPDATE_REJECTED',
    message: failure?.message || error.message,
    messageEn: failure?.message || error.message,
  };
}

/**
 * Maps anything thrown while serving a request to the one error shape (status included).
 * Unknown errors become a bare 500 carrying only the request id; their details go to the log.
 */
export function toErrorBody(error: unknown, requestId?: string): ApiErrorBody {
  if (error instanceof ApiError) {
    return {
      statusCode: error.statusCode,
      code: error.code,
      message: error.message,
      messageEn: error.messageEn,
      ...error.extra,
    };
  }
  if (error instanceof ZodValidationException) {
    const zodError = error.getZodError();
    if (isZodError(zodError)) return validationBody(zodError);
  }
  if (isZodError(error)) return validationBody(error);
  const violation = (error as { violation?: unknown } | null)?.violation;
  if (error instanceof Error && isRuleViolation(violation)) return violationBody(violation);
  if (error instanceof WorkflowUpdateFailedError) return updateFailureBody(error);
  // a workflow that is not a case (a term clock, an election meeting) named where a case id is expected
  if (error instanceof WorkflowNotFoundError || error instanceof QueryNotRegisteredError) {
    return { statusCode: 404, code: 'CASE_NOT_FOUND', message: '未找到该事项', messageEn: 'Case not found' };
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) {
    return {
      statusCode: 504,
      code: 'UPDATE_TIMEOUT',
      message: '流程引擎未在时限内答复；操作可能仍会生效，请用同一Idempotency-Key重试或稍后刷新',
      messageEn:
        'The workflow did not answer in time; the command may still take effect: retry with the same Idempotency-Key or reload later',
    };
  }
  if (isTemporalUnavailable(error)) {
    return {
      statusCode: 503,
      code: 'TEMPORAL_UNAVAILABLE',
      message: '流程引擎暂时不可用，请稍后重试',
      messageEn: 'The workflow engine is unavailable; retry later',
    };
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return { statusCode: 409, code: 'CASE_ALREADY_EXISTS', message: '该事项已存在', messageEn: 'Case already exists' };
  }
  const bodyParser = bodyParserErrorBody(error);
  if (bodyParser) return bodyParser;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest turns body-parser's SyntaxError (invalid JSON) and Express's URIError (bad %-encoding in the path) into a
    // bare BadRequestException: name what was wrong
    if (status === 400 && /JSON|Unexpected (token|end)/.test(error.message)) {
      return {
        statusCode: 400,
        code: 'BODY_NOT_JSON',
        message: `请求体不是合法的JSON（${error.message}）`,
        messageEn: `the request body is not valid JSON (${error.message})`,
        numbers: { field: 'body' },
      };
    }
    if (status === 400 && /decode param|URI malformed/i.test(error.message)) {
      return {
        statusCode: 400,
        code: 'PATH_NOT_DECODABLE',
        message: `路径参数的百分号编码无效（${error.message}）`,
        messageEn: `a path parameter is not valid percent-encoding (${error.message})`,
        numbers: { field: 'path' },
      };
    }
    if (status < 500) {
      return {
        statusCode: status,
        code: CODE_BY_STATUS[status] ?? `HTTP_${status}`,
        message: error.message,
        messageEn: error.message,
      };
    }
  }
  const body: ApiErrorBody = {
    statusCode: 500,
    code: 'INTERNAL_ERROR',
    message: '服务器内部错误',
    messageEn: 'Internal server error',
  };
  if (requestId !== undefined) body.requestId = requestId;
  return body;
}

/**
 * Errors of the request body parser (raised before any route runs): a body over the limit (413), JSON that does not
 * parse (400), an unsupported encoding or charset (415), naming the body as the field.
 */
function bodyParserErrorBody(error: unknown): ApiErrorBody | null {
  const e = error as { type?: unknown; status?: unknown; limit?: unknown; length?: unknown } | null;
  if (!(error instanceof Error) || typeof e?.type !== 'string' || typeof e.status !== 'number') return null;
  const numbers: Record<string, unknown> = { field: 'body' };
  switch (e.type) {
    case 'entity.too.large':
      if (typeof e.limit === 'number') numbers.maxBytes = e.limit;
      if (typeof e.length === 'number') numbers.bytes = e.length;
      return {
        statusCode: 413,
        code: 'BODY_TOO_LARGE',
        message: `请求体超过大小上限${String(e.limit ?? '')}字节`,
        messageEn: `the request body exceeds the limit of ${String(e.limit ?? '')} bytes`,
        numbers,
      };
    case 'entity.parse.failed':
      return {
        statusCode: 400,
        code: 'BODY_NOT_JSON',
        message: '请求体不是合法的JSON',
        messageEn: 'the request body is not valid JSON',
        numbers,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        statusCode: 415,
        code: 'BODY_ENCODING_UNSUPPORTED',
        message: `请求体的编码不受支持（${error.message}）`,
        messageEn: `unsupported request body encoding (${error.message})`,
        numbers,
      };
    default:
      if (e.status >= 400 && e.status < 500) {
        return {
          statusCode: e.status,
          code: 'BODY_INVALID',
          message: `请求体无法读取（${error.message}）`,
          messageEn: `the request body cannot be read (${error.message})`,
          numbers,
        };
      }
      return null;
  }
}
