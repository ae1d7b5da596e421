import type { PolicyTable } from '../policy/policy-table';
import type { OrgLifePost } from './orglife.types';

// Training hours — RULES §F, §G.2 row 12: members ≥ 32 h a year, secretaries and committee members ≥ 56 h
// (policy.trainingHoursMember / trainingHoursLeader; Danyang and the legacy profile 24 / 40).

export interface TrainingHoursStatus {
  leader: boolean;
  required: number;
  hours: number;
  /** hours still missing, 0 when met */
  short: number;
  met: boolean;
}

const LEADER_POSTS: readonly string[] = ['secretary', 'deputySecretary', 'committeeMember'] satisfies OrgLifePost[];

/**
 * A secretary, deputy secretary or committee member of any organization needs the leader hours (an organizer does
 * not). `posts` as the registry spells them, every post the person holds on the day the hours are counted.
 */
export function isTrainingLeader(posts: readonly string[]): boolean {
  return posts.some((p) => LEADER_POSTS.includes(p));
}

/** Hours are summed to the half hour; 31.5 of 32 is short by 0.5. */
export function trainingHoursStatus(hours: number, leader: boolean, policy: PolicyTable): TrainingHoursStatus {
  const required = leader ? policy.trainingHoursLeader : policy.trainingHoursMember;
  const total = Math.round(Math.max(0, hours) * 2) / 2;
  const short = Math.max(0, required - total);
  return { leader, required, hours: total, short, met: short === 0 };
}
