/** `patched()` ids of issue 10 (the rule book): practice timers off by default (RULES H-9). */
export const PRACTICE_TIMERS_OFF = 'practice-timers-off';
/** RULES §E step 17: a resolution past the 6-month limit (or stale, when adopted) goes back to a new branch vote. */
export const APPROVAL_LIMIT_REVOTE = 'approval-limit-revote';
