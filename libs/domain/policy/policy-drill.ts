import { POLICY_2026_1 } from './policy-2026-1';
import type { PolicyTable } from './policy-table';

/**
 * Drill profile (演练): the current rules with the member-development waiting periods shortened to zero, for
 * training organizations and end-to-end drills that walk a whole case in minutes. Every vote, quorum, age and
 * count rule is the real one; only the calendar waits change. Never assign it to a real organization.
 *
 * How the admission workflow walks zero-length periods (see `assessmentDates` / `nextAssessmentDate`):
 * - cultivation (RULES §E step 6): exactly one assessment per round, due at once; the activist is eligible for step 7
 *   the same day (a "not ready" at step 7 starts another round with one more assessment, never a burst of them);
 * - probation (step 21): no periodic assessments; the probation ends on the admission vote date, so the application
 *   for full membership (step 22) opens right after the oath; full membership dates from that same day;
 * - deadlines that stay real (talk, approvals, conversion meeting, extensions 6–12 months) keep their lengths, so a
 *   drill that waits a month still raises the compliance flags.
 */
export const POLICY_DRILL: PolicyTable = {
  ...POLICY_2026_1,
  version: '2026.1-drill',
  description:
    'Drill profile: 2026.1 with member-development waiting periods set to zero (training and end-to-end runs)',
  activistMinCultivation: { days: 0 }, // RULES §E step 7 (1 year in production)
  activistAssessmentInterval: { days: 0 }, // RULES §E step 6 (6 months in production): one assessment, then eligible
  probation: { days: 0 }, // RULES §E step 21 (1 year in production)
};
