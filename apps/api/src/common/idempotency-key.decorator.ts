import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiError } from './api-error';
import type { HttpRequest } from './http.types';

const KEY_PATTERN = /^[\w.:-]{1,200}$/;

/**
 * The optional `Idempotency-Key` header. It becomes the Temporal update id, so a retried click is applied once
 * and answered with the first result (DESIGN "Human decisions enter through Temporal Updates").
 */
export const IdempotencyKey = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<HttpRequest>().headers['idempotency-key'];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw new ApiError(
      400,
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key 须为 1 至 200 个字母、数字或 . _ : - 字符',
      'Idempotency-Key must be 1–200 characters of letters, digits, . _ : -',
    );
  }
  return value;
});
