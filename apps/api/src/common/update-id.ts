import type { Actor } from '../../../../libs/contracts';

export type UpdateOperation =
  | 'decide'
  | 'withdraw'
  | 'cancel'
  | 'openMeeting'
  | 'submitBallots'
  | 'closeRound'
  | 'reduceSeats'
  | 'transferAdmission'
  | 'changeContacts';

/**
 * The Temporal update id for a request carrying an `Idempotency-Key`: scoped to the user, the operation and its target
 * (taskId / roundId / caseId), so one user's key can never return another user's or another target's answer, while an
 * identical retry still maps to the same id and gets the first answer (DESIGN "Human decisions enter through Temporal
 * Updates"). Without a key Temporal assigns a fresh id.
 */
export function scopedUpdateId(
  actor: Pick<Actor, 'userId'>,
  operation: UpdateOperation,
  target: string,
  idempotencyKey: string | undefined,
): string | undefined {
  if (idempotencyKey === undefined) return undefined;
  return `${actor.userId}:${operation}:${target}:${idempotencyKey}`;
}
