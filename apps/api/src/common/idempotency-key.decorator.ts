import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiError } from './api-error';
import type { HttpRequest } from './http.types';

const KEY_PATTERN = /^[\w.:-]{1,200}$/;

/** OpenAPI description of the header, on every command and start route. */
export const IDEMPOTENCY_HEADER_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Idempotency key of the command: a retried identical request with the same key is applied once and answered the ' +
    'same (a start returns the same case); the same key with another request answers 422 IDEMPOTENCY_KEY_REUSED. Keys ' +
    'are scoped to the user, the operation and its target (Temporal update id user:operation:target:key)',
};

/** A request carrying an `Idempotency-Key`: the key and the fingerprint of what it asks (method, path, body). */
export interface IdempotentRequest {
  key: string;
  fingerprint: string;
}

/**
 * The optional `Idempotency-Key` header. It becomes the Temporal update id, so a retried click is applied once and
 * answered with the first result (DESIGN "Human decisions enter through Temporal Updates"); the fingerprint binds the
 * key to the request, so the same key with another body is refused (IdempotencyService).
 */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): IdempotentRequest | undefined => {
    const request = ctx.switchToHttp().getRequest<HttpRequest>();
    const value = request.headers['idempotency-key'];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
      throw new ApiError(
        400,
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key 须为 1 至 200 个字母、数字或 . _ : - 字符',
        'Idempotency-Key must be 1–200 characters of letters, digits, . _ : -',
        { numbers: { field: 'Idempotency-Key', maxLength: 200 } },
      );
    }
    const what = `${request.method ?? ''} ${request.path ?? ''}\n${canonicalJson(request.body ?? null)}`;
    return { key: value, fingerprint: createHash('sha256').update(what).digest('hex') };
  },
);

/** JSON with object keys sorted, so the same body sent with its keys in another order has the same fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
