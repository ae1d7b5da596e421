import { POLICY_2026_1 } from './policy-2026-1';
import type { PolicyTable } from './policy-table';

/**
 * Practice pack (county rules, RULES §0.3 item 4, H-9): the current rules with every local practice timer adopted —
 * 6 months from application to activist, contacts assigned within 1 month, political review within 1 month and valid
 * 12 months, pre-review within 1 month, public notice of 5 working days before admission, stale resolutions
 * re-discussed after 3 and redone after 6 months, the full-membership meeting within 1 (at most 3) months. Task
 * deadlines given in days count working days (`taskDueInWorkingDays`, statutory holidays and 调休 observed, as DingTalk
 * Yida's "工作日" deadlines do). For organizations whose jurisdiction adopted these rules; 2026.1 keeps them off.
 */
export const POLICY_PRACTICE: PolicyTable = {
  ...POLICY_2026_1,
  version: '2026.1-practice',
  description:
    '2026.1 with the local practice timers of RULES H-9 adopted (county rules), task deadlines in working days',
  applicationToActivistMinEnabled: true,
  contactAssignDeadlineEnabled: true,
  politicalReviewDeadlineEnabled: true,
  politicalReviewValidityEnabled: true,
  preReviewDeadlineEnabled: true,
  publicNoticeEnabled: true,
  resolutionStaleEnabled: true,
  conversionMeetingDeadlineEnabled: true,
  taskDueInWorkingDays: true,
};
