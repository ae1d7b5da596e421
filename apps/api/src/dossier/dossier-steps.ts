import type { AdmissionDates, CaseStatus } from '../../../../libs/contracts';
import { durationText, type ComplianceFlagName, type Duration, type PolicyTable } from '../../../../libs/domain';

/** The 25 steps of member development in 5 stages (RULES §E), with the names the dossier prints. */
export interface DevelopmentStep {
  number: number;
  stage: number;
  name: string;
  nameEn: string;
}

export const DEVELOPMENT_STAGES: readonly { stage: number; name: string; nameEn: string }[] = [
  { stage: 1, name: '申请入党', nameEn: 'Applying' },
  { stage: 2, name: '入党积极分子的确定和培养教育', nameEn: 'Selecting and cultivating activists' },
  { stage: 3, name: '发展对象的确定和考察', nameEn: 'Selecting and vetting development candidates' },
  { stage: 4, name: '预备党员的接收', nameEn: 'Admission as probationary member' },
  { stage: 5, name: '预备党员的教育考察和转正', nameEn: 'Probation and full membership' },
];

const S = (number: number, stage: number, name: string, nameEn: string): DevelopmentStep => ({
  number,
  stage,
  name,
  nameEn,
});

export const DEVELOPMENT_STEPS: readonly DevelopmentStep[] = [
  S(1, 1, '递交入党申请书', 'Hand in written application'),
  S(2, 1, '党组织派人谈话', 'Organization sends someone to talk'),
  S(3, 2, '推荐和确定入党积极分子', 'Recommend and select activist'),
  S(4, 2, '上级党委备案', 'File with upper committee'),
  S(5, 2, '指定培养联系人', 'Assign cultivation contacts'),
  S(6, 2, '培养教育考察', 'Cultivate and assess'),
  S(7, 3, '确定发展对象', 'Select development candidate'),
  S(8, 3, '报上级党委备案', 'File with upper committee'),
  S(9, 3, '确定入党介绍人', 'Name two introducers'),
  S(10, 3, '进行政治审查', 'Political review'),
  S(11, 3, '开展集中培训', 'Short intensive training'),
  S(12, 4, '支部委员会审查', 'Branch committee review'),
  S(13, 4, '上级党委预审', 'Upper committee pre-review'),
  S(14, 4, '填写入党志愿书', 'Fill in admission form'),
  S(15, 4, '支部大会讨论', 'Branch general meeting discussion and vote'),
  S(16, 4, '上级党委派人谈话', 'Upper committee sends someone to talk'),
  S(17, 4, '上级党委审批', 'Upper committee approves'),
  S(18, 4, '再上一级党委组织部门备案', 'File with the organization department one level up'),
  S(19, 5, '编入党支部和党小组', 'Place in branch and party cell'),
  S(20, 5, '入党宣誓', 'Oath'),
  S(21, 5, '继续教育考察', 'Continued education and assessment'),
  S(22, 5, '提出转正申请', 'Apply for full membership'),
  S(23, 5, '支部大会讨论转正', 'Branch general meeting discussion on full membership'),
  S(24, 5, '上级党委审批转正', 'Upper committee approves full membership'),
  S(25, 5, '材料归档', 'Archive'),
];

type DateLabel = { label: string; labelEn: string };

/**
 * Labels of the case's key dates (`data.dates`, AdmissionDates in libs/contracts), in the order they happen; typed by
 * AdmissionDates, so a key date without a label does not compile.
 */
const DATE_LABELS: Readonly<Record<keyof AdmissionDates, DateLabel>> = {
  application: { label: '递交入党申请书', labelEn: 'Application received' },
  talk: { label: '谈话', labelEn: 'Talk' },
  activist: { label: '确定为入党积极分子', labelEn: 'Selected as activist' },
  activistFiled: { label: '积极分子备案', labelEn: 'Activist filed' },
  contactsAssigned: { label: '指定培养联系人', labelEn: 'Contacts assigned' },
  candidate: { label: '确定为发展对象', labelEn: 'Development candidate' },
  politicalReview: { label: '政治审查', labelEn: 'Political review' },
  training: { label: '集中培训', labelEn: 'Intensive training' },
  admissionVote: {
    label: '支部大会接收为预备党员（预备期起算）',
    labelEn: 'Admitted by branch vote (probation starts)',
  },
  approval: { label: '上级党委批准', labelEn: 'Upper committee approval' },
  oath: { label: '入党宣誓', labelEn: 'Oath' },
  probationEnd: { label: '预备期满', labelEn: 'Probation ends' },
  fullMembershipApplication: { label: '提出转正申请', labelEn: 'Full membership application' },
  conversionVote: { label: '支部大会讨论转正', labelEn: 'Branch vote on full membership' },
  conversionApproval: { label: '上级党委批准转正', labelEn: 'Full membership approved' },
  fullMember: { label: '转为正式党员（党龄起算）', labelEn: 'Full member (party standing from)' },
  archived: { label: '材料归档', labelEn: 'Archived' },
};

export const KEY_DATE_LABELS: readonly ({ key: keyof AdmissionDates } & DateLabel)[] = (
  Object.keys(DATE_LABELS) as (keyof AdmissionDates)[]
).map((key) => ({ key, ...DATE_LABELS[key] }));

type FlagLabel = { label: string; labelEn: string };

/** One period, or both when the admission (step 17) and full-membership (step 24) periods differ. */
function periodsText(admission: Duration, conversion: Duration): { zh: string; en: string } {
  const a = durationText(admission);
  const c = durationText(conversion);
  if (a.zh === c.zh) return a;
  return { zh: `接收${a.zh}、转正${c.zh}`, en: `${a.en} for admission, ${c.en} for full membership` };
}

/**
 * Compliance flags (`data.flags`, `ADMISSION_COMPLIANCE_FLAGS` in libs/domain, RULES §E timers) as the dossier prints
 * them, with the periods of the case's policy. Typed by the flag list: a flag without a label does not compile.
 */
export function flagLabels(policy: PolicyTable): Readonly<Record<ComplianceFlagName, FlagLabel>> {
  const talk = durationText(policy.applicationTalkDeadline);
  const approval = periodsText(policy.admissionApprovalDeadline, policy.conversionApprovalDeadline);
  const approvalMax = durationText(policy.admissionApprovalMaxDeadline);
  const meeting = durationText(policy.conversionMeetingDeadline);
  const meetingMax = durationText(policy.conversionMeetingMaxDeadline);
  return {
    talkOverdue: {
      label: `谈话逾期（超过${talk.zh}）`,
      labelEn: `Talk overdue (over ${talk.en})`,
    },
    approvalBeyondThreeMonths: {
      label: `上级党委审批超过${approval.zh}（自支部大会决议起）`,
      labelEn: `Upper committee approval beyond ${approval.en} of the branch resolution`,
    },
    approvalBeyondSixMonths: {
      label: `上级党委审批超过${approvalMax.zh}（自支部大会决议起）`,
      labelEn: `Upper committee approval beyond ${approvalMax.en} of the branch resolution`,
    },
    probationEndedWithoutDecision: {
      label: `预备期满未及时讨论转正（超过${meeting.zh}）`,
      labelEn: `Probation ended without a decision (over ${meeting.en})`,
    },
    conversionMeetingBeyondThreeMonths: {
      label: `转正讨论超过${meetingMax.zh}仍未作出决议`,
      labelEn: `Full-membership discussion beyond ${meetingMax.en} without a resolution`,
    },
  };
}

/** The case's status (CaseState.status) as the dossier prints it. */
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, { label: string; labelEn: string }>> = {
  active: { label: '进行中', labelEn: 'In progress' },
  completed: { label: '已办结', labelEn: 'Completed' },
  rejected: { label: '未通过', labelEn: 'Not approved' },
  withdrawn: { label: '已撤回', labelEn: 'Withdrawn' },
  cancelled: { label: '已取消', labelEn: 'Cancelled' },
};

/** Sub-steps a step opens before its own task (the party group decides first, RULES §A.3), by code suffix. */
const SUB_STEP_NAMES: Readonly<Record<string, { name: string; nameEn: string }>> = {
  PG: { name: '党组研究决定', nameEn: 'Party group decision' },
};

/**
 * The case's current step (CaseState.stage) with its name, e.g. "E2 党组织派人谈话" / "E2 Organization sends someone
 * to talk"; a sub-step such as E17-PG with the sub-step's name; a code that is no step of RULES §E as it is.
 */
export function stageLabel(stage: string): { label: string; labelEn: string } {
  const number = stepNumberOf(stage);
  const step = number === null ? undefined : DEVELOPMENT_STEPS[number - 1];
  if (!step) return { label: stage, labelEn: stage };
  const named = SUB_STEP_NAMES[stage.split('-')[1] ?? ''] ?? step;
  return { label: `${stage} ${named.name}`, labelEn: `${stage} ${named.nameEn}` };
}

/** Step number of a case step code: E1–E25, also sub-steps such as E17-PG (party group decision first). */
export function stepNumberOf(code: string): number | null {
  const m = /^E(\d{1,2})(?:-[A-Z]+)?$/.exec(code);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 25 ? n : null;
}
