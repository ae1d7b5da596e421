import { POLICY_2026_1 } from './policy-2026-1';
import type { PolicyTable } from './policy-table';

/**
 * Legacy profile of the seed book (2010 organ regulations, 1990 election rules) for organizations still serving an
 * old term — RULES §0.3 item 3, §G.2.
 */
export const POLICY_LEGACY_2010: PolicyTable = {
  ...POLICY_2026_1,
  version: 'legacy-2010',
  description: 'Seed-book legacy profile: 2010 organ regulations and 1990 election rules (RULES §G.2)',
  termYears: { ...POLICY_2026_1.termYears, organCommittee: 4, branch: 2, jointBranch: 2 }, // §G.2 rows 1–2
  // RULES §G.2 row 3: delay or advance ≤ 1 year is not configurable, so the legacy terms profile keeps it too
  termShiftAllowsAdvance: true,
  // same term clock choices as the current version: RULES §D.1, H-7, H-19
  termSecondReminderLead: { months: 2 },
  overdueEscalationRepeat: { months: 1 },
  termStartsOn: 'approval',
  delayShortensNextTerm: false,
  quorumAllowExactly: true, // §G.2 row 8: CCOD note of the 1990 era
  tieRevoteNeedsMajority: false,
  maxSeparateVotes: 1,
  branchVoteAllowExactlyHalf: true, // §G.2 row 7: seed wording 半数以上
  trainingHoursMember: 24, // §G.2 row 12
  trainingHoursLeader: 40,
};
