import { useCallback, useRef } from 'react';

function newKey(): string {
  // randomUUID needs a secure context (https or localhost); fall back for plain-HTTP intranet hosts.
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * One Idempotency-Key per intent: minted at the first click, reused by a second click or a retry after a lost answer
 * (network failure), replaced only after a definitive answer (success or refusal) or when the user edits the input.
 */
export function useIdempotencyKey(): { key: () => string; settle: () => void } {
  const ref = useRef<string | null>(null);
  const key = useCallback(() => {
    ref.current ??= newKey();
    return ref.current;
  }, []);
  const settle = useCallback(() => {
    ref.current = null;
  }, []);
  return { key, settle };
}

/**
 * Whether an answer settles the intent (a refusal): after a lost answer (network) or a server-side failure (5xx, e.g.
 * a workflow update that timed out) the outcome is unknown, so a retry must reuse the key.
 */
export function settlesIntent(error: unknown): boolean {
  const e = error as { isNetwork?: boolean; status?: number } | null;
  return !!e && e.isNetwork === false && typeof e.status === 'number' && e.status < 500;
}
