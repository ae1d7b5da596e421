/**
 * `patched()` ids of organizational life (issue 11). A record's handler checks 书记讲党课 (RULES §F): its teacher is
 * the organization's secretary on the day held (checkSecretaryClass), and the record keeps the workflow's own answer.
 */
export const SECRETARY_CLASS_TEACHER = 'orglife-secretary-class-teacher';
/**
 * The lapse case's talk (L1) and removal vote (L2) take their deadlines from the policy table
 * (`orgLife.lapseTalkDeadline`, `lapseRemovalVoteDeadline`) instead of the month written into the workflow. The vote's
 * meeting-date check (checkRemovalMeetingDate) lives in the task's validator, which is never replayed: no marker.
 */
export const LAPSE_POLICY_DEADLINES = 'lapse-policy-deadlines';
