import type { Duration, Frequency, PolicyTable } from '../policy/policy-table';
import type { OccurrenceKind } from './orglife.types';

/** Who is expected at an occurrence: every member, the committee, or nobody counted (a talk, a report). */
export type Audience = 'members' | 'committee' | 'none';

/** How quorum is checked when the occurrence is recorded. */
export type QuorumRule = 'generalMeeting' | 'committee' | null;

export interface OccurrenceKindInfo {
  kind: OccurrenceKind;
  name: string;
  nameEn: string;
  /** the RULES §F row (and source) it implements */
  rule: string;
  frequency: Frequency;
  audience: Audience;
  quorum: QuorumRule;
  /** a party class: teacher and hours are recorded, hours count as training */
  isClass: boolean;
  /** notice before the planned date; null → the occurrence opens on its period's first day */
  notice: Duration | null;
  /** planned day of the month inside the period's default month (the secretary adjusts it) */
  defaultDay: number;
}

/** The rows of each policy table, built once (policy tables are frozen values). */
const KIND_TABLES = new WeakMap<PolicyTable, Record<OccurrenceKind, OccurrenceKindInfo>>();

/** The §F rows with their frequencies from the policy table (RULES §G.1). */
export function occurrenceKindInfo(kind: OccurrenceKind, policy: PolicyTable): OccurrenceKindInfo {
  let rows = KIND_TABLES.get(policy);
  if (!rows) {
    rows = kindTable(policy);
    KIND_TABLES.set(policy, rows);
  }
  return rows[kind];
}

function kindTable(policy: PolicyTable): Record<OccurrenceKind, OccurrenceKindInfo> {
  const o = policy.orgLife;
  const meeting = (notice: Duration) => notice;
  const table: Record<OccurrenceKind, Omit<OccurrenceKindInfo, 'kind'>> = {
    generalMeeting: {
      name: '支部党员大会',
      nameEn: 'Branch general meeting',
      rule: 'RULES §F (支部条例; seed 002)',
      frequency: policy.generalMeetingFrequency,
      audience: 'members',
      quorum: 'generalMeeting',
      isClass: false,
      notice: meeting(policy.meetingNotice),
      defaultDay: 20,
    },
    committeeMeeting: {
      name: '支部委员会会议',
      nameEn: 'Committee meeting',
      rule: 'RULES §F (支部条例)',
      frequency: policy.committeeMeetingFrequency,
      audience: 'committee',
      quorum: 'committee',
      isClass: false,
      notice: meeting(o.otherMeetingNotice),
      defaultDay: 5,
    },
    partyCellMeeting: {
      name: '党小组会',
      nameEn: 'Party cell meeting',
      rule: 'RULES §F (支部条例)',
      frequency: policy.partyCellMeetingFrequency,
      audience: 'members',
      quorum: null,
      isClass: false,
      notice: meeting(o.otherMeetingNotice),
      defaultDay: 10,
    },
    partyClass: {
      name: '党课',
      nameEn: 'Party class',
      rule: 'RULES §F (seed 002: ≥ 4 a year)',
      frequency: policy.partyClassFrequency,
      audience: 'members',
      quorum: null,
      isClass: true,
      notice: meeting(o.otherMeetingNotice),
      defaultDay: 15,
    },
    secretaryPartyClass: {
      name: '书记讲党课',
      nameEn: "Secretary's party class",
      rule: 'RULES §F (支部条例; seed 003: ≥ 1 a year)',
      frequency: policy.secretaryPartyClassFrequency,
      audience: 'members',
      quorum: null,
      isClass: true,
      notice: meeting(o.otherMeetingNotice),
      defaultDay: 1,
    },
    themeDay: {
      name: '主题党日',
      nameEn: 'Theme party day',
      rule: 'RULES §F (支部条例)',
      frequency: policy.themeDayFrequency,
      audience: 'members',
      quorum: null,
      isClass: false,
      notice: meeting(o.otherMeetingNotice),
      defaultDay: o.themeDayOfMonth,
    },
    orgLifeMeeting: {
      name: '组织生活会',
      nameEn: 'Organizational-life meeting',
      rule: 'RULES §F (支部条例 Art. 17)',
      frequency: policy.orgLifeMeetingFrequency,
      audience: 'members',
      quorum: 'generalMeeting',
      isClass: false,
      notice: meeting(policy.meetingNotice),
      defaultDay: 20,
    },
    memberAppraisal: {
      name: '民主评议党员',
      nameEn: 'Democratic appraisal of members',
      rule: 'RULES §F (支部条例)',
      frequency: policy.memberAppraisalFrequency,
      audience: 'members',
      quorum: 'generalMeeting',
      isClass: false,
      notice: meeting(policy.meetingNotice),
      defaultDay: 20,
    },
    heartToHeart: {
      name: '谈心谈话',
      nameEn: 'One-to-one talks',
      rule: 'RULES §F (支部条例)',
      frequency: policy.heartToHeartFrequency,
      audience: 'none',
      quorum: null,
      isClass: false,
      notice: null,
      defaultDay: 15,
    },
    collectiveStudy: {
      name: '集中学习',
      nameEn: 'Collective study',
      rule: 'RULES §F (seed 003, local)',
      frequency: o.collectiveStudyFrequency,
      audience: 'members',
      quorum: null,
      isClass: false,
      notice: meeting(o.otherMeetingNotice),
      defaultDay: 25,
    },
    secretaryReport: {
      name: '书记述职',
      nameEn: "Secretary's yearly report",
      rule: 'RULES §F (机关条例2019 Art. 39)',
      frequency: o.secretaryReportFrequency,
      audience: 'none',
      quorum: null,
      isClass: false,
      notice: null,
      defaultDay: 15,
    },
    organAssembly: {
      name: '机关党员干部大会',
      nameEn: "Organ members' assembly",
      rule: 'RULES §F (机关条例2019 Art. 26)',
      frequency: policy.organAssemblyFrequency,
      audience: 'members',
      quorum: null,
      isClass: false,
      notice: meeting(policy.meetingNotice),
      defaultDay: 15,
    },
    organWorkMeeting: {
      name: '机关党组织工作会议',
      nameEn: 'Organ party work meeting',
      rule: 'RULES §F (seed 003, local)',
      frequency: { count: 1, per: 'quarter' },
      audience: 'committee',
      quorum: null,
      isClass: false,
      notice: meeting(o.otherMeetingNotice),
      defaultDay: 10,
    },
  };
  const out = {} as Record<OccurrenceKind, OccurrenceKindInfo>;
  for (const [k, info] of Object.entries(table) as [OccurrenceKind, Omit<OccurrenceKindInfo, 'kind'>][]) {
    out[k] = Object.freeze({ kind: k, ...info });
  }
  return out;
}
