/**
 * `patched()` ids of the term procedures (issue 10, the rule book). Older ids of issue 10 are beside their workflows
 * (`COMMITTEE_RULES_EVERY_ELECTION`, `ELECTION_PREP_TIMING` in term-election.workflow.ts).
 */

/**
 * RULES §B.1, §D.3: the seats prepared at E1 are checked again against the roster loaded for the meeting date when the
 * election meeting opens; a roster that no longer carries them sends the case back to E1.
 */
export const MEETING_DATE_SEATS = 'meeting-date-seats';
