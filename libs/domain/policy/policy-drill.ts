import { POLICY_2026_1 } from './policy-2026-1';
import type { PolicyTable } from './policy-table';

/**
 * Drill profile (演练): the current rules with the member-development waiting periods shortened to zero, for
 * training organizations and end-to-end drills that walk a whole case in minutes. Every vote, quorum, age and
 * count rule is the real one; only the calendar waits change. Never assign it to a real organization.
 */
export const POLICY_DRILL: PolicyTable = {
  ...POLICY_2026_1,
  version: '2026.1-drill',
  description: 'Drill profile: 2026.1 with member-development waiting periods set to zero (training and end-to-end runs)',
  activistMinCultivation: { days: 0 }, // RULES §E step 7 (1 year in production)
  activistAssessmentInterval: { days: 0 }, // RULES §E step 6 (6 months in production): one assessment, then eligible
  probation: { days: 0 }, // RULES §E step 21 (1 year in production)
};
