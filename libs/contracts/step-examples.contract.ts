import type { Outcome } from './case.contract';
import type { StepFormKey, StepPayload } from './step-forms.contract';

/** One decision of a step as a client sends it: the OpenAPI document shows it, a unit test parses it. */
export interface StepExample<K extends StepFormKey = StepFormKey> {
  summary: string;
  outcome: Outcome;
  payload: StepPayload<K>;
}

type StepExamples = { readonly [K in StepFormKey]: StepExample<K> };

const counts = { entitled: 16, present: 10, forVotes: 8, writtenOpinionsFor: 1 };
const candidates = [
  { personId: 'p-edu-01', name: '候选人1', surnameStrokes: 4 },
  { personId: 'p-edu-02', name: '候选人2', surnameStrokes: 5 },
  { personId: 'p-edu-03', name: '候选人3', surnameStrokes: 6 },
  { personId: 'p-edu-04', name: '候选人4', surnameStrokes: 7 },
];
const reply = { replyNo: '工委〔2027〕3号', effectiveDate: '2027-01-15' };

/**
 * An example decision for every step that takes a payload (`STEP_FORMS`): the body of
 * `POST /api/cases/{caseId}/tasks/{taskId}/decision`. Typed by the step's schema, so a field renamed there does not
 * compile here; dates are fixed (a real client sends the day it records, not after today).
 */
export const STEP_EXAMPLES: StepExamples = {
  'establishment:C3': {
    summary: '退回修改后重新提交请示报告 (RULES §C.1 C3)',
    outcome: 'submit',
    payload: {
      request: {
        name: '基础教育处党支部',
        proposedType: 'branch',
        parentOrgId: 'org-edu-oc',
        departmentId: 'dept-edu',
        unitName: '基础教育处',
        natureOfWork: '教育行政',
        staffHeadcount: 25,
        rosterPersonIds: ['p-edu-01', 'p-edu-02', 'p-edu-03', 'p-edu-04', 'p-edu-05', 'p-edu-06', 'p-edu-07'],
        legalBasis: '《中国共产党党和国家机关基层组织工作条例》第七条',
        reasons: '基础教育处正式党员7名，应成立党支部并设支部委员会',
        committeeSeats: 3,
        positions: ['secretary', 'deputySecretary', 'organization'],
        slate: candidates,
        coveredUnits: [],
        plannedElectionDate: '2027-03-01',
      },
    },
  },
  'establishment:C4': {
    summary: '候选人名单党员酝酿 (RULES §C.1 C4)',
    outcome: 'submit',
    payload: { discussionDate: '2027-01-10', summary: '全体党员酝酿同意候选人名单' },
  },
  'establishment:C7': {
    summary: '指定临时党支部书记、副书记 (RULES §B.1)',
    outcome: 'submit',
    payload: { secretaryId: 'p-edu-01', deputyId: 'p-edu-02' },
  },
  'establishment:C9': { summary: '机关工委批复书记、副书记 (RULES §C.2)', outcome: 'approve', payload: reply },
  'termElection:E1': {
    summary: '换届选举准备 (RULES §D.1)',
    outcome: 'submit',
    payload: {
      plannedElectionDate: '2027-06-30',
      seats: 5,
      nominationMethod: '党小组推荐',
      electionRules: '差额选举，无记名投票',
      workReport: '本届支部委员会工作报告',
      delegateCongress: false,
    },
  },
  'termElection:E4': {
    summary: '党小组推荐候选人 (RULES §D.2)',
    outcome: 'submit',
    payload: { nominations: [{ personId: 'p-edu-01', name: '候选人1', nominatedBy: '第一党小组' }] },
  },
  'termElection:E5': {
    summary: '支部委员会候选人名单 (RULES §D.2)',
    outcome: 'submit',
    payload: { candidates, secretaryNomineeId: 'p-edu-01' },
  },
  'termElection:E10': { summary: '上级党组织批复选举结果 (RULES §D.7)', outcome: 'approve', payload: reply },
  'byElection:B1': {
    summary: '补选候选人名单 (RULES §B.4, §D.8)',
    outcome: 'submit',
    payload: { candidates: candidates.slice(0, 2) },
  },
  'byElection:B5': { summary: '上级党组织批复补选结果 (RULES §D.7)', outcome: 'approve', payload: reply },
  'byElection:A1': { summary: '上级党组织批复任命 (RULES §D.7)', outcome: 'approve', payload: reply },
  'admission:E2': {
    summary: '党组织派人谈话 (RULES §E step 2)',
    outcome: 'submit',
    payload: { talkerId: 'p-fin-b04', talkDate: '2027-01-05' },
  },
  'admission:E3': {
    summary: '确定入党积极分子 (RULES §E step 3)',
    outcome: 'approve',
    payload: { date: '2027-02-01' },
  },
  'admission:E4': { summary: '报上级党委备案 (RULES §E step 4)', outcome: 'approve', payload: { date: '2027-02-03' } },
  'admission:E5': {
    summary: '指定培养联系人 (RULES §E step 5)',
    outcome: 'submit',
    payload: { contactIds: ['p-fin-b05', 'p-fin-b06'], date: '2027-02-05' },
  },
  'admission:E6': {
    summary: '培养教育考察；取消资格时写明理由 (RULES §E step 6)',
    outcome: 'submit',
    payload: { assessmentDate: '2027-08-01' },
  },
  'admission:E7': { summary: '确定发展对象 (RULES §E step 7)', outcome: 'approve', payload: { date: '2028-02-10' } },
  'admission:E8': { summary: '发展对象报上级党委备案 (RULES §E step 8)', outcome: 'approve', payload: {} },
  'admission:E9': {
    summary: '确定两名入党介绍人 (RULES §E step 9)',
    outcome: 'submit',
    payload: {
      introducers: [
        { personId: 'p-fin-b02', consent: true },
        { personId: 'p-fin-b03', consent: true },
      ],
    },
  },
  'admission:E10': {
    summary: '政治审查结论 (RULES §E step 10)',
    outcome: 'submit',
    payload: { conclusion: 'pass', reviewDate: '2028-03-01' },
  },
  'admission:E11': {
    summary: '集中培训 (RULES §E step 11)',
    outcome: 'submit',
    payload: { days: 3, trainingStartDate: '2028-03-10', trainingEndDate: '2028-03-12' },
  },
  'admission:E12': { summary: '支部委员会审查 (RULES §E step 12)', outcome: 'approve', payload: {} },
  'admission:E13': {
    summary: '上级党委预审 (RULES §E step 13)',
    outcome: 'approve',
    payload: { expectedLeaveDate: '2030-01-01', date: '2028-03-20' },
  },
  'admission:E14': { summary: '填写入党志愿书 (RULES §E step 14)', outcome: 'submit', payload: {} },
  'admission:E15': {
    summary: '支部大会讨论接收预备党员 (RULES §E step 15)',
    outcome: 'submit',
    payload: { ...counts, meetingDate: '2028-04-01' },
  },
  'admission:E16': {
    summary: '上级党委派人谈话 (RULES §E step 16)',
    outcome: 'submit',
    payload: { talkerId: 'p-fin-b02', talkDate: '2028-04-10' },
  },
  'admission:E17': {
    summary: '上级党委审批；超过三个月写明原因 (RULES §E step 17)',
    outcome: 'approve',
    payload: { date: '2028-07-15', lateReason: '党委会议延期召开' },
  },
  'admission:E20': { summary: '入党宣誓 (RULES §E step 20)', outcome: 'submit', payload: { oathDate: '2028-07-01' } },
  'admission:E21': {
    summary: '预备党员考察 (RULES §E step 21)',
    outcome: 'submit',
    payload: { assessmentDate: '2028-10-01' },
  },
  'admission:E22': {
    summary: '提出转正申请 (RULES §E step 22)',
    outcome: 'submit',
    payload: { applicationDate: '2029-04-01' },
  },
  'admission:E23': {
    summary: '支部大会讨论转正；延长预备期写明月数 (RULES §E step 23)',
    outcome: 'submit',
    payload: { ...counts, resolution: 'extend', extensionMonths: 6, meetingDate: '2029-04-08' },
  },
  'admission:E24': {
    summary: '上级党委审批转正 (RULES §E step 24)',
    outcome: 'approve',
    payload: { date: '2029-05-01' },
  },
  'admission:E25': {
    summary: '材料归档 (RULES §E step 25)',
    outcome: 'submit',
    payload: { archiveDate: '2029-05-10' },
  },
  'lapse:L2': {
    summary: '支部党员大会讨论除名 (RULES §F)',
    outcome: 'submit',
    payload: { entitled: 8, present: 6, forVotes: 5, meetingDate: '2027-08-01' },
  },
  'democraticLife:D0': {
    summary: '报上级同意民主生活会主题和时间 (RULES §F)',
    outcome: 'submit',
    payload: { topic: '深入学习贯彻党的创新理论，加强党性修养', plannedDate: '2026-12-20' },
  },
  'democraticLife:D3': {
    summary: '会前学习完成 (RULES §F)',
    outcome: 'submit',
    payload: { completedOn: '2026-11-20', summary: '集中学习三次' },
  },
  'democraticLife:D4': {
    summary: '广泛征求意见 (RULES §F)',
    outcome: 'submit',
    payload: { completedOn: '2026-11-25', methods: '座谈、问卷', opinionCount: 12 },
  },
  'democraticLife:D5': {
    summary: '谈心谈话 (RULES §F)',
    outcome: 'submit',
    payload: { completedOn: '2026-11-30', talkCount: 20 },
  },
  'democraticLife:D6': {
    summary: '撰写对照检查材料 (RULES §F)',
    outcome: 'submit',
    payload: { submittedPersonIds: ['p-edu-01', 'p-edu-02'] },
  },
  'democraticLife:D7': {
    summary: '召开民主生活会 (RULES §F)',
    outcome: 'submit',
    payload: { heldOn: '2026-12-05', presentPersonIds: ['p-edu-01', 'p-edu-02'], minutes: '逐一开展批评和自我批评' },
  },
  'democraticLife:D8': {
    summary: '整改清单 (RULES §F)',
    outcome: 'submit',
    payload: { items: [{ text: '完善调研制度', ownerPersonId: 'p-edu-01', deadline: '2027-03-31' }] },
  },
  'secretaryReport:R0': {
    summary: '修改述职报告 (RULES §F)',
    outcome: 'submit',
    payload: { report: '一年来抓党建工作情况、存在问题和下一步打算' },
  },
  'secretaryReport:R1': {
    summary: '上级党组织评议 (RULES §F)',
    outcome: 'submit',
    payload: { appraisedOn: '2026-12-01', grade: 'good', votes: { good: 15, fairlyGood: 3 } },
  },
  'secretaryReport:R2': {
    summary: '评议后整改 (RULES §F)',
    outcome: 'submit',
    payload: { rectifiedOn: '2026-12-06', summary: '已按评议意见整改' },
  },
};
