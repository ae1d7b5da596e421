/** `patched()` ids of issue 10 (the rule book): practice timers off by default (RULES H-9). */
export const PRACTICE_TIMERS_OFF = 'practice-timers-off';
/** RULES §E step 17: a resolution past the 6-month limit (or stale, when adopted) goes back to a new branch vote. */
export const APPROVAL_LIMIT_REVOTE = 'approval-limit-revote';
/**
 * RULES §E step 13 (practice, H-9): the E15 validator checks the public notice (公示) too, on the working-day calendar
 * the case reads through the `loadWorkingDayCalendar` activity when the step opens (before: the API edge only).
 */
export const PUBLIC_NOTICE_IN_WORKFLOW = 'public-notice-in-workflow';
