import type { PolicyTable } from './policy-table';

/** Current rules: 2020 election rules, 2019 organ regulations, 2018 term opinion, with the §G.2 defaults. */
export const POLICY_2026_1: PolicyTable = {
  version: '2026.1',
  description: 'Current central rules (选举条例2020, 机关条例2019, 任期意见2018) with RULES §G.2 defaults',

  branchMinFullMembers: 3, // RULES §B.1
  branchTypicalMaxMembers: 50, // RULES §B.1 (soft)
  jointBranchMaxUnits: 5, // RULES §B.1
  projectBranchMinDuration: { months: 6 }, // RULES §B.1
  branchCommitteeMinFullMembers: 7, // RULES §B.1
  committeeSize: {
    branch: { min: 3, max: 5, hardMax: 7 }, // RULES §B.1 (支部条例)
    generalBranch: { min: 5, max: 7, hardMax: 9 }, // RULES §B.1 (practice)
    organCommittee: { min: 5, max: 9, hardMax: 11 }, // RULES §B.1 (seed 002)
    organCommitteeWithStanding: { min: 15, max: 19, hardMax: 21 }, // RULES §B.1 (seed 002)
  },
  standingMembersMaxRatio: 0.5, // RULES §B.1
  noCommitteeSecretaries: 1, // RULES §B.1
  noCommitteeMaxDeputies: 1,
  generalBranchMinMembers: 50, // RULES §B.1
  generalBranchMaxMembers: 100,
  organCommitteeMinMembers: 100, // RULES §B.1
  organDisciplineCommitteeMinSeats: 5, // RULES §B.1
  delegateCongressThreshold: 500, // RULES §B.1
  countProbationaryForMemberThresholds: true, // RULES H-1

  newBranchReplyDeadline: { months: 1 }, // RULES §C.1 C5
  formalReplyDeadline: { months: 1 }, // RULES §C.1 C9 (same default as C5)
  partyGroupDecisionDeadline: { months: 1 }, // our default, configurable

  termYears: { organCommittee: 5, generalBranch: 3, branch: 3, jointBranch: 3, temporaryBranch: 3 }, // RULES §B.2
  localUtcOffsetMinutes: 480, // China Standard Time (UTC+8): dates are local calendar dates
  periodEndMinusOneDay: false, // RULES H-13
  termShiftMax: { years: 1 }, // RULES §B.3
  termShiftAllowsAdvance: true, // RULES §G.2 row 3
  termReminderLead: { months: 6 }, // RULES §D.1
  termSecondReminderLead: { months: 2 }, // RULES §D.1 (T − 1 to 2 months)
  overdueEscalationRepeat: { months: 1 }, // RULES H-19 (our default)
  termStartsOn: 'approval', // RULES H-7, §D.7 (takes office on the upper reply)
  delayShortensNextTerm: false, // RULES H-7 (policy choice)
  electionPrepLeadMin: { months: 1 }, // RULES §D.1 (practice)
  electionPrepLeadMax: { months: 2 },
  vacancyFillDeadline: { months: 3 }, // RULES §B.4 (Danyang, local)
  vacancyFillDeadlineEnabled: false,

  candidateSurplusMinRatio: 0.2, // RULES §D.2
  byElectionMode: 'equal', // RULES §G.2 row 6
  quorumNumerator: 4, // RULES §D.3
  quorumDenominator: 5,
  quorumAllowExactly: false, // RULES H-2, §G.2 row 8
  tieRevoteNeedsMajority: false,
  maxSeparateVotes: 1,
  winThresholdNumerator: 1, // RULES §D.5
  winThresholdDenominator: 2,
  seatReductionConsentNumerator: 1, // RULES §D.5
  seatReductionConsentDenominator: 2,
  exclusionAwayMinDuration: { months: 6 }, // RULES §D.3

  minApplicantAge: 18,
  applicationTalkDeadline: { months: 1 },
  applicationToActivistMin: { months: 6 },
  applicationToActivistMinEnabled: false, // RULES H-9
  cultivationContactsMin: 1,
  cultivationContactsMax: 2,
  contactAssignDeadline: { months: 1 },
  activistAssessmentInterval: { months: 6 },
  activistReportInterval: { months: 3 },
  activistMinCultivation: { years: 1 },
  introducers: 2,
  introducerOneCandidateAtATime: true, // [practice] RULES glossary 入党介绍人
  politicalReviewDeadline: { months: 1 },
  politicalReviewValidity: { months: 12 },
  trainingMinDays: 3,
  trainingMinClassHours: 24,
  leavingUnitBlock: { months: 3 },
  preReviewDeadline: { months: 1 },
  publicNoticeWorkingDays: 5,
  publicNoticeCalendarDays: 7,
  branchVoteQuorumNumerator: 1,
  branchVoteQuorumDenominator: 2,
  branchVotePassNumerator: 1,
  branchVotePassDenominator: 2,
  branchVoteAllowExactlyHalf: false, // RULES §G.2 row 7
  resolutionStaleRediscuss: { months: 3 },
  resolutionStaleRedo: { months: 6 },
  admissionApprovalDeadline: { months: 3 },
  admissionApprovalMaxDeadline: { months: 6 },
  probation: { years: 1 },
  probationExtensionMin: { months: 6 },
  probationExtensionMax: { months: 12 },
  probationExtensionsMax: 1,
  transferPostponeMax: { months: 6 },
  conversionMeetingDeadline: { months: 1 },
  conversionMeetingMaxDeadline: { months: 3 },
  conversionApprovalDeadline: { months: 3 },

  meetingNotice: { days: 3 },
  generalMeetingFrequency: { count: 1, per: 'quarter' },
  committeeMeetingFrequency: { count: 1, per: 'month' },
  partyCellMeetingFrequency: { count: 1, per: 'month' },
  partyClassFrequency: { count: 4, per: 'year' },
  secretaryPartyClassFrequency: { count: 1, per: 'year' },
  themeDayFrequency: { count: 1, per: 'month' },
  orgLifeMeetingFrequency: { count: 1, per: 'year' },
  memberAppraisalFrequency: { count: 1, per: 'year' },
  heartToHeartFrequency: { count: 1, per: 'year' },
  organAssemblyFrequency: { count: 1, per: 'year' },
  lapseWarnAfter: { months: 3 },
  lapseThreshold: { months: 6 },
  trainingHoursMember: 32,
  trainingHoursLeader: 56,
  partyAffairsStaffRatioMinPercent: 1,
  partyAffairsStaffRatioMaxPercent: 2,

  // rules block (issue 10): practice switches off (RULES H-9)
  contactAssignDeadlineEnabled: false,
  politicalReviewDeadlineEnabled: false,
  politicalReviewValidityEnabled: false,
  preReviewDeadlineEnabled: false,
  publicNoticeEnabled: false,
  publicNoticeBasis: 'workingDays',
  resolutionStaleEnabled: false,
  conversionMeetingDeadlineEnabled: false,
  approvalLateReasonRequired: true, // RULES §E step 17 (细则: ≤ 3 months, never > 6)
  taskDueInWorkingDays: false,
  // organizational life settings (RULES §F, issue 11)
  orgLife: {
    orgLifeMeetingQuarter: 4, // RULES §F (支部条例 Art. 17, usually Q4)
    themeDayOfMonth: 15, // our default; each branch names its own day in its plan
    collectiveStudyEnabled: false, // RULES §F (Danyang, local)
    collectiveStudyFrequency: { count: 1, per: 'month' },
    organWorkMeetingEnabled: false, // RULES §F (Danyang, local)
    secretaryReportFrequency: { count: 1, per: 'year' }, // RULES §F (机关条例2019 Art. 39)
    occurrenceReminderLead: { days: 7 },
    otherMeetingNotice: { days: 3 },
    partyCellsWithCommitteeOnly: true,
    committeeQuorumNumerator: 1,
    committeeQuorumDenominator: 2,
    planApprovalDeadline: { days: 14 },
    appraisalImprovementPeriod: { months: 6 },
    maxAttachmentsPerRecord: 50, // our bound (RULES §G): sign-in sheet, photos, minutes of one meeting
    democraticLifeFrequency: { count: 1, per: 'year' }, // RULES §F, H-10 (assumption: yearly)
    democraticLifeConsentDeadline: { days: 15 }, // our default
    rectificationListDeadline: { days: 30 }, // our default
    rectificationMaxPeriod: { years: 1 }, // our default: checked at the next year's meeting (RULES §F)
    maxRectificationItems: 100, // our bound (RULES §G)
    // 述职评议: RULES §F gives no grades (policy choice, configurable)
    secretaryReportGrades: [
      { id: 'good', zh: '好', en: 'good' },
      { id: 'fairlyGood', zh: '较好', en: 'fairly good' },
      { id: 'average', zh: '一般', en: 'average' },
      { id: 'poor', zh: '差', en: 'poor' },
    ],
    secretaryReportGradeByVotes: true,
    secretaryReportRectifyGrades: ['poor'],
    secretaryReportRectifyPeriod: { months: 3 },
    secretaryReportAppraisalDeadline: { months: 1 },
    // lapse case (RULES §F): the deadlines its workflow had written in before (our defaults, unchanged for every
    // version, so running cases keep their due dates)
    lapseTalkDeadline: { months: 1 },
    lapseRemovalVoteDeadline: { months: 1 },
  },

  kernel: { reminderLead: { days: 7 }, escalationRepeat: { days: 7 }, maxEscalations: 3 },

  // issue 8 §2: 25 steps × 10 returns stay far below 2,000 updates; 64 KiB payloads far below Temporal's 2 MB
  caseBounds: {
    maxReturnsPerStep: 10,
    maxContactChanges: 10,
    maxStepPayloadBytes: 64 * 1024,
    maxBallotsPerRequest: 300,
  },
};
