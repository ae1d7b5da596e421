import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../../libs/contracts';
import { IdempotencyRepository } from '../../../../libs/db';
import { ApiError } from './api-error';
import type { IdempotentRequest } from './idempotency-key.decorator';

export type UpdateOperation =
  | 'decide'
  | 'withdraw'
  | 'cancel'
  | 'openMeeting'
  | 'submitBallots'
  | 'closeRound'
  | 'reduceSeats'
  | 'transferAdmission'
  | 'changeContacts'
  | 'adjustOccurrence'
  | 'submitPlan'
  | 'recordOccurrence';

export type StartOperation = 'startEstablishment' | 'startAdmission' | 'reportVacancies' | 'appoint' | 'requestShift';

/** How long a retried start waits for the first request with its key, which is still running, to answer. */
const IN_FLIGHT_WAIT_MS = 10_000;

function keyReused(): ApiError {
  return new ApiError(
    422,
    'IDEMPOTENCY_KEY_REUSED',
    '该Idempotency-Key已用于另一个请求；新的操作请使用新的Idempotency-Key',
    'This Idempotency-Key was used for another request; use a new key for a new operation',
  );
}

function updateScope(
  actor: Pick<Actor, 'userId'>,
  operation: UpdateOperation,
  target: string,
  request: IdempotentRequest,
): string {
  return `${actor.userId}:${operation}:${target}:${request.key}`;
}

/**
 * Idempotency-Key semantics for every command (DESIGN "the Idempotency-Key is the update ID, bound to the request
 * body"): the key is scoped to the user, the operation and its target, so one user's key never answers another's
 * request, and bound to the request's fingerprint, so the same key with another body is refused (422) instead of
 * replaying the first answer for a request that was never applied.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly keys: IdempotencyRepository) {}

  /**
   * The Temporal update id of a command with an Idempotency-Key (undefined without one: Temporal assigns a fresh id).
   * An identical retry maps to the same id, and Temporal answers it with the first result.
   */
  async updateId(
    actor: Pick<Actor, 'userId'>,
    operation: UpdateOperation,
    target: string,
    request: IdempotentRequest | undefined,
  ): Promise<string | undefined> {
    if (request === undefined) return undefined;
    const scope = updateScope(actor, operation, target, request);
    const claim = await this.keys.claim(scope, request.fingerprint);
    if (claim.state === 'mismatch') throw keyReused();
    return scope;
  }

  /**
   * Whether this very request (same key, same body) was sent as an update before: the update may stand already even
   * though the answer never reached the client (a 504, a killed API), so facts that moved since are not its business.
   */
  async sentBefore(
    actor: Pick<Actor, 'userId'>,
    operation: UpdateOperation,
    target: string,
    request: IdempotentRequest | undefined,
  ): Promise<boolean> {
    if (request === undefined) return false;
    return (await this.keys.fingerprintOf(updateScope(actor, operation, target, request))) === request.fingerprint;
  }

  /**
   * Runs a start at most once per key: a retry after success gets the first answer (the same case), a retry while the
   * first request still runs waits for its answer, a failed start releases the key for a retry.
   */
  async start<T>(
    actor: Pick<Actor, 'userId'>,
    operation: StartOperation,
    request: IdempotentRequest | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    if (request === undefined) return run();
    const scope = `${actor.userId}:${operation}:${request.key}`;
    const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
    for (;;) {
      const claim = await this.keys.claim(scope, request.fingerprint);
      if (claim.state === 'mismatch') throw keyReused();
      if (claim.state === 'repeat' && claim.response !== null) return claim.response as T;
      if (claim.state === 'new') break;
      if (Date.now() > deadline) {
        throw new ApiError(
          409,
          'IDEMPOTENCY_KEY_IN_PROGRESS',
          '使用该Idempotency-Key的请求仍在处理中，请稍后重试',
          'A request with this Idempotency-Key is still being processed; retry later',
        );
      }
      await sleep(100);
    }
    try {
      const response = await run();
      await this.keys.complete(scope, response);
      return response;
    } catch (error) {
      await this.keys.release(scope);
      throw error;
    }
  }
}
