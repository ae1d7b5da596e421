import { POLICY_2026_1 } from './policy-2026-1';
import type { PolicyTable } from './policy-table';

/**
 * Legacy profile of the seed book (2010 organ regulations) for organizations still serving an old term — RULES §0.3
 * item 3, §G.2 rows 1–2, §B.2 (任期意见2018: the new lengths apply when the current term ends). Only the term
 * lengths of a running term are legacy; every voting rule is the current one (strict 4/5 and strict half, RULES
 * H-2, §G.2 rows 7–8): an organization on an old term votes under the 2020 election rules and the 细则. The
 * inclusive toggles remain available as a per-organization policy pack (`withOverrides`), and each vote they decide
 * is written on its record.
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
  // voting rules stay current (issue 10 item 4): quorumAllowExactly and branchVoteAllowExactlyHalf false as in 2026.1
  quorumAllowExactly: false,
  tieRevoteNeedsMajority: false,
  maxSeparateVotes: 1,
  branchVoteAllowExactlyHalf: false,
  trainingHoursMember: 24, // §G.2 row 12 (RULES §F, organizational life)
  trainingHoursLeader: 40,
};
