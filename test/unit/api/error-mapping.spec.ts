import { ForbiddenException, NotFoundException } from '@nestjs/common';
import {
  QueryNotRegisteredError,
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';
import { establishmentRequestSchema } from '../../../libs/contracts';
import { DomainRuleError, violation, type RuleViolation } from '../../../libs/domain';
import { ApiError } from '../../../apps/api/src/common/api-error';
import { toErrorBody } from '../../../apps/api/src/common/error-mapping';

function ruleViolation(kind: RuleViolation['kind'], code = `TEST_${kind.toUpperCase()}`): RuleViolation {
  return violation({
    code,
    kind,
    rule: 'RULES §D.3',
    message: `中文说明 ${kind}`,
    messageEn: `english ${kind}`,
    numbers: { due: 10, present: 5 },
  });
}

describe('toErrorBody', () => {
  it.each([
    ['rule', 422],
    ['forbidden', 403],
    ['conflict', 409],
    ['notFound', 404],
    ['invalid', 400],
  ] as const)('maps a DomainRuleError of kind %s to %i with code, rule and numbers', (kind, status) => {
    const body = toErrorBody(new DomainRuleError(ruleViolation(kind)));
    expect(body).toEqual({
      statusCode: status,
      code: `TEST_${kind.toUpperCase()}`,
      message: `中文说明 ${kind}`,
      messageEn: `english ${kind}`,
      rule: 'RULES §D.3',
      numbers: { due: 10, present: 5 },
    });
  });

  it('answers 404 CASE_NOT_FOUND for a workflow that is not a case (its query is not registered)', () => {
    expect(toErrorBody(new QueryNotRegisteredError('no query caseState', 3))).toMatchObject({
      statusCode: 404,
      code: 'CASE_NOT_FOUND',
    });
  });

  it('answers 504 UPDATE_TIMEOUT when an update outlives its deadline, 503 TEMPORAL_UNAVAILABLE when Temporal is down', () => {
    expect(
      toErrorBody(new WorkflowUpdateRPCTimeoutOrCancelledError('deadline', { cause: new Error('x') })),
    ).toMatchObject({
      statusCode: 504,
      code: 'UPDATE_TIMEOUT',
    });
    const down = Object.assign(new Error('14 UNAVAILABLE: connect ECONNREFUSED'), {
      code: 14,
      details: 'refused',
      metadata: {},
    });
    expect(toErrorBody(new ServiceError('Failed to query workflow', { cause: down }))).toMatchObject({
      statusCode: 503,
      code: 'TEMPORAL_UNAVAILABLE',
    });
  });

  // Found by the fault campaign (npm run chaos): these answered 500 while workers were killed and Temporal restarted.
  it.each([
    ['a query cut off while Temporal restarted', 'Failed to query Workflow', 1, 'Call cancelled'],
    [
      'an update while the workflow task is retried after a worker died in it',
      'Workflow Update failed',
      9,
      'Unable to perform workflow execution update due to Workflow Task in failed state.',
    ],
  ])('answers 503 TEMPORAL_UNAVAILABLE for %s', (_what, message, code, details) => {
    const grpc = Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
    expect(toErrorBody(new ServiceError(message, { cause: grpc }))).toMatchObject({
      statusCode: 503,
      code: 'TEMPORAL_UNAVAILABLE',
    });
  });

  it('keeps other failed preconditions out of the 503 answer', () => {
    const grpc = Object.assign(new Error('9 something else'), { code: 9, details: 'something else', metadata: {} });
    expect(toErrorBody(new ServiceError('Workflow Update failed', { cause: grpc }))).toMatchObject({ statusCode: 500 });
  });

  it('maps a refused Temporal update carrying the violation in ApplicationFailure details', () => {
    const v = ruleViolation('rule', 'QUORUM_NOT_MET');
    const failure = ApplicationFailure.create({ message: v.messageEn, type: v.code, nonRetryable: true, details: [v] });
    const body = toErrorBody(new WorkflowUpdateFailedError('Workflow Update failed', failure));
    expect(body.statusCode).toBe(422);
    expect(body.code).toBe('QUORUM_NOT_MET');
    expect(body.rule).toBe('RULES §D.3');
    expect(body.numbers).toEqual({ due: 10, present: 5 });
  });

  it('maps a refused update with a forbidden violation to 403', () => {
    const v = ruleViolation('forbidden', 'NOT_ASSIGNED');
    const failure = ApplicationFailure.create({ message: v.messageEn, type: v.code, details: [v] });
    expect(toErrorBody(new WorkflowUpdateFailedError('failed', failure))).toMatchObject({
      statusCode: 403,
      code: 'NOT_ASSIGNED',
    });
  });

  it('answers a stale assertion on its own update 503 UPDATE_DELAYED (retry applies it), any other refusal 403', () => {
    const refused = (reason: string) =>
      new WorkflowUpdateFailedError(
        'failed',
        ApplicationFailure.create({
          type: 'ACTOR_ASSERTION_REFUSED',
          nonRetryable: true,
          details: [
            {
              code: 'ACTOR_ASSERTION_REFUSED',
              kind: 'forbidden',
              rule: 'issue 8 §4 (signed actor assertions)',
              message: '身份声明已过期，已拒绝',
              messageEn: 'The actor assertion is stale',
              numbers: { reason },
            },
          ],
        }),
      );
    expect(toErrorBody(refused('stale'))).toMatchObject({ statusCode: 503, code: 'UPDATE_DELAYED' });
    expect(toErrorBody(refused('forged'))).toMatchObject({ statusCode: 403, code: 'ACTOR_ASSERTION_REFUSED' });
  });

  it('keeps the failure type of a refused update that has no structured violation', () => {
    const failure = ApplicationFailure.create({ message: 'round already closed', type: 'ROUND_CLOSED' });
    expect(toErrorBody(new WorkflowUpdateFailedError('failed', failure))).toMatchObject({
      statusCode: 409,
      code: 'ROUND_CLOSED',
      message: 'round already closed',
    });
  });

  it('maps WorkflowNotFoundError to 404 CASE_NOT_FOUND', () => {
    const body = toErrorBody(new WorkflowNotFoundError('not found', 'establishment:org-x', undefined));
    expect(body).toMatchObject({ statusCode: 404, code: 'CASE_NOT_FOUND' });
  });

  it('maps WorkflowExecutionAlreadyStartedError to 409 CASE_ALREADY_EXISTS', () => {
    const body = toErrorBody(
      new WorkflowExecutionAlreadyStartedError('started', 'establishment:org-x', 'establishmentWorkflow'),
    );
    expect(body).toMatchObject({ statusCode: 409, code: 'CASE_ALREADY_EXISTS' });
  });

  it('names the failing field of a zod validation error with a dotted path', () => {
    const parsed = establishmentRequestSchema.safeParse({ slate: [{ personId: 'p-1', name: '' }] });
    expect(parsed.success).toBe(false);
    const body = toErrorBody(new ZodValidationException(parsed.error));
    expect(body.statusCode).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    const paths = body.issues?.map((i) => i.path) ?? [];
    expect(paths).toContain('slate.0.name');
    expect(paths).toContain('parentOrgId');
  });

  it("writes zod's own field messages in zh-CN and English, and keeps a schema's own message in both", () => {
    const schema = z.object({
      count: z.number(),
      name: z.string().min(3),
      kind: z.enum(['a', 'b']),
      code: z.string().regex(/^\d+$/, '只能是数字 (digits only)'),
    });
    const parsed = schema.safeParse({ count: '1', name: 'x', kind: 'c', code: 'q' });
    const body = toErrorBody(new ZodValidationException(parsed.error!));
    expect(body.issues).toEqual([
      {
        path: 'count',
        message: '无效输入：期望 数字，实际接收 string',
        messageEn: 'Invalid input: expected number, received string',
      },
      {
        path: 'name',
        message: '数值过小：期望 string >=3 字符',
        messageEn: 'Too small: expected string to have >=3 characters',
      },
      { path: 'kind', message: '无效选项：期望以下之一 "a"|"b"', messageEn: 'Invalid option: expected one of "a"|"b"' },
      { path: 'code', message: '只能是数字 (digits only)', messageEn: '只能是数字 (digits only)' },
    ]);
    expect(body.message).toBe('请求参数校验失败（count: 无效输入：期望 数字，实际接收 string）');
    expect(body.messageEn).toBe('Request validation failed (count: Invalid input: expected number, received string)');
  });

  it('passes ApiError through with its own status and code', () => {
    const body = toErrorBody(ApiError.forbidden('NOT_VISIBLE', '无权查看', 'may not see'));
    expect(body).toEqual({ statusCode: 403, code: 'NOT_VISIBLE', message: '无权查看', messageEn: 'may not see' });
  });

  it('maps framework HTTP exceptions below 500 by status', () => {
    expect(toErrorBody(new NotFoundException())).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(toErrorBody(new ForbiddenException())).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
  });

  it('hides unknown errors behind a bare 500 with the request id only', () => {
    const body = toErrorBody(new Error('connection string postgres://secret'), 'req-42');
    expect(body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: '服务器内部错误',
      messageEn: 'Internal server error',
      requestId: 'req-42',
    });
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});
