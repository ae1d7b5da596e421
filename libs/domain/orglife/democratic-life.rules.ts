import { isoDateViolation } from '../dates/date-math';
import { periodEnd } from '../dates/period';
import { invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';
import type { OrgLifePost } from './orglife.types';
import { daysBetween } from './plan.rules';

// 民主生活会 — the leadership team's democratic life meeting, RULES §F (seed 002 "民主生活会制度建设"; 机关条例2019
// Art. 26): the topic and date go to the higher organization department and the discipline committee for consent
// first; then study → gathering opinions (and feeding them back) → talks → a written self-examination by every member
// of the team → the meeting → a rectification list with owners and deadlines, whose progress is reported at the next
// meeting. Held yearly (RULES H-10: an assumption, policy orgLife.democraticLifeFrequency).

/** The workflow's steps (RULES §F row 民主生活会, seed 002 procedure). */
export const DEMOCRATIC_LIFE_STEPS = {
  D0: { name: '修改主题和时间', nameEn: 'Revise the topic and date' },
  D1: { name: '上级组织部门同意主题和时间', nameEn: 'Consent of the higher organization department' },
  D2: { name: '纪检机关同意主题和时间', nameEn: 'Consent of the discipline committee' },
  D3: { name: '会前学习', nameEn: 'Study' },
  D4: { name: '征求意见并反馈', nameEn: 'Gathering opinions and feeding them back' },
  D5: { name: '谈心谈话', nameEn: 'Talks' },
  D6: { name: '撰写对照检查材料', nameEn: 'Written self-examination' },
  D7: { name: '召开民主生活会', nameEn: 'The meeting' },
  D8: { name: '整改清单', nameEn: 'Rectification list' },
} as const;
export type DemocraticLifeStep = keyof typeof DEMOCRATIC_LIFE_STEPS;

export interface TeamMember {
  personId: string;
  name: string;
  post: OrgLifePost;
}

/** The leadership team (领导班子): the secretary, deputy secretaries and committee members of the organization. */
export function leadershipTeam(posts: readonly { personId: string; name: string; post: OrgLifePost }[]): TeamMember[] {
  const order: Record<string, number> = { secretary: 0, deputySecretary: 1, committeeMember: 2 };
  const byPerson = new Map<string, TeamMember>();
  for (const p of posts) {
    if (!(p.post in order)) continue;
    const known = byPerson.get(p.personId);
    if (!known || order[p.post]! < order[known.post]!) byPerson.set(p.personId, { ...p });
  }
  return [...byPerson.values()].sort((a, b) => order[a.post]! - order[b.post]! || a.personId.localeCompare(b.personId));
}

/** A team of at least one member holds the meeting; an organization without one has no leadership team (422). */
export function checkLeadershipTeam(team: readonly TeamMember[], orgName: string): RuleViolation | null {
  if (team.length > 0) return null;
  return violation({
    code: 'DEMOCRATIC_LIFE_NEEDS_TEAM',
    kind: 'rule',
    rule: 'RULES §F (民主生活会: held by leadership bodies)',
    message: `${orgName}没有书记、副书记或委员，没有可召开民主生活会的领导班子`,
    messageEn: `${orgName} has no secretary, deputy or committee member: no leadership team to hold the meeting`,
    numbers: { team: 0 },
  });
}

export interface DemocraticLifeProposal {
  year: number;
  topic: string;
  plannedDate: string;
}

/**
 * The topic and date put to the higher organization department and discipline committee (RULES §F): a topic, and a
 * date in the year, not past (the case puts their consent and the preparation before the meeting itself).
 */
export function checkDemocraticLifeProposal(p: DemocraticLifeProposal, today: string): RuleViolation | null {
  if (!p.topic || p.topic.trim().length === 0) {
    return invalidInput('TOPIC_REQUIRED', 'topic: the meeting needs a topic', '请填写民主生活会主题（topic）', {
      field: 'topic',
    });
  }
  const badDate = isoDateViolation(p.plannedDate); // 400 INVALID_DATE naming the value, not thrown
  if (badDate) return badDate;
  if (Number(p.plannedDate.slice(0, 4)) !== p.year) {
    return invalidInput(
      'DATE_OUTSIDE_YEAR',
      `plannedDate ${p.plannedDate} is not in ${p.year}`,
      `召开日期${p.plannedDate}不在${p.year}年度内`,
      { field: 'plannedDate', year: p.year },
    );
  }
  if (p.plannedDate < today) {
    return violation({
      code: 'DEMOCRATIC_LIFE_DATE_PAST',
      kind: 'rule',
      rule: 'RULES §F (民主生活会: topic and date agreed first)',
      message: `民主生活会的主题和时间须先报上级同意，召开日期${p.plannedDate}不能早于今天（${today}）`,
      messageEn: `the topic and date are agreed first: the date ${p.plannedDate} cannot be before today (${today})`,
      numbers: { field: 'plannedDate', plannedDate: p.plannedDate, today },
    });
  }
  return null;
}

/** A preparation step (study, opinions, talks) is done by the day it reports, not after the meeting's date. */
export function checkPreparationDate(
  step: DemocraticLifeStep,
  completedOn: unknown,
  agreedDate: string,
  today: string,
): RuleViolation | null {
  const name = DEMOCRATIC_LIFE_STEPS[step];
  if (typeof completedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(completedOn)) {
    return invalidInput('INVALID_DATE', 'completedOn: YYYY-MM-DD expected', '请填写完成日期（completedOn）', {
      field: 'completedOn',
    });
  }
  const badDate = isoDateViolation(completedOn); // 400 INVALID_DATE naming the value, not thrown
  if (badDate) return badDate;
  if (completedOn > today || completedOn > agreedDate) {
    return violation({
      code: 'PREPARATION_AFTER_MEETING',
      kind: 'rule',
      rule: 'RULES §F (民主生活会: preparation before the meeting)',
      message: `${name.name}的完成日期${completedOn}不能晚于今天（${today}）或会议日期（${agreedDate}）`,
      messageEn: `${name.nameEn}: completed on ${completedOn}, after today (${today}) or the meeting (${agreedDate})`,
      numbers: { field: 'completedOn', completedOn, today, agreedDate },
    });
  }
  return null;
}

/**
 * Every member of the team writes a self-examination (发言提纲) before the meeting — RULES §F (seed 002: "一般应形成书面
 * 发言提纲"; a member who cannot attend has theirs read out). A name outside the team is 400; one missing is 422.
 */
export function checkSelfExaminations(team: readonly TeamMember[], submitted: readonly string[]): RuleViolation | null {
  const ids = new Set(team.map((m) => m.personId));
  const stranger = submitted.find((id) => !ids.has(id));
  if (stranger !== undefined) {
    return invalidInput(
      'NOT_ON_TEAM',
      `${stranger} is not a member of the leadership team`,
      `${stranger}不是领导班子成员`,
      {
        field: 'submittedPersonIds',
        personId: stranger,
      },
    );
  }
  const missing = team.filter((m) => !submitted.includes(m.personId));
  if (missing.length === 0) return null;
  return violation({
    code: 'SELF_EXAMINATION_MISSING',
    kind: 'rule',
    rule: 'RULES §F (民主生活会: written self-examination by every member)',
    message: `领导班子${team.length}人，已交对照检查材料${team.length - missing.length}人，尚缺：${missing.map((m) => m.name).join('、')}`,
    messageEn: `${team.length - missing.length} of ${team.length} team members wrote their self-examination; missing: ${missing.map((m) => m.personId).join(', ')}`,
    numbers: {
      team: team.length,
      submitted: team.length - missing.length,
      missing: missing.map((m) => m.personId).join(','),
    },
  });
}

export interface RectificationItem {
  /** `<caseId>#<n>`, stable across years (the next year's meeting reports on it) */
  itemId: string;
  text: string;
  ownerPersonId: string;
  deadline: string;
}

export const RECTIFICATION_STATUSES = ['done', 'inProgress', 'notDone'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export interface RectificationReview {
  itemId: string;
  status: RectificationStatus;
  note?: string | null;
}

/**
 * The meeting as held — RULES §F: on the date the higher organization agreed (another date goes back for consent),
 * not in the future; those present are members of the team; and the previous year's rectification list is reported on,
 * every item once (seed 002: "首先通报上次民主生活会确定的整改措施的落实情况").
 */
export function checkDemocraticLifeMeeting(
  m: { heldOn: unknown; presentPersonIds: readonly string[]; review: readonly RectificationReview[] },
  ctx: { agreedDate: string; today: string; team: readonly TeamMember[]; previous: readonly RectificationItem[] },
): RuleViolation | null {
  if (typeof m.heldOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(m.heldOn)) {
    return invalidInput('INVALID_DATE', 'heldOn: YYYY-MM-DD expected', '请填写召开日期（heldOn）', { field: 'heldOn' });
  }
  const badDate = isoDateViolation(m.heldOn); // 400 INVALID_DATE naming the value, not thrown
  if (badDate) return badDate;
  if (m.heldOn !== ctx.agreedDate) {
    return violation({
      code: 'DEMOCRATIC_LIFE_DATE_NOT_AGREED',
      kind: 'rule',
      rule: 'RULES §F (民主生活会: topic and date agreed first)',
      message: `上级同意的召开日期是${ctx.agreedDate}，不是${m.heldOn}；改期须重新报上级同意（reschedule）`,
      messageEn: `the agreed date is ${ctx.agreedDate}, not ${m.heldOn}; another date goes back for consent (reschedule)`,
      numbers: { field: 'heldOn', heldOn: m.heldOn, agreedDate: ctx.agreedDate },
    });
  }
  if (m.heldOn > ctx.today) {
    return violation({
      code: 'RECORD_IN_FUTURE',
      kind: 'rule',
      rule: 'RULES §F',
      message: `不能记录尚未召开的会议（${m.heldOn}，今天${ctx.today}）`,
      messageEn: `cannot record a meeting held on ${m.heldOn}, after today (${ctx.today})`,
      numbers: { heldOn: m.heldOn, today: ctx.today },
    });
  }
  const team = new Set(ctx.team.map((t) => t.personId));
  const stranger = m.presentPersonIds.find((id) => !team.has(id));
  if (stranger !== undefined) {
    return invalidInput(
      'NOT_ON_TEAM',
      `${stranger} is not a member of the leadership team`,
      `${stranger}不是领导班子成员`,
      {
        field: 'presentPersonIds',
        personId: stranger,
      },
    );
  }
  return checkRectificationReview(ctx.previous, m.review);
}

/** Each item of the previous list reported once, with a note when it is not done (400 naming the field, 422 missing). */
export function checkRectificationReview(
  previous: readonly RectificationItem[],
  review: readonly RectificationReview[],
): RuleViolation | null {
  const known = new Set(previous.map((p) => p.itemId));
  const seen = new Set<string>();
  for (const [i, r] of review.entries()) {
    if (!known.has(r.itemId) || seen.has(r.itemId)) {
      return invalidInput(
        'REVIEW_ITEM_UNKNOWN',
        `review[${i}].itemId: ${r.itemId} is not an item of the previous list, or is listed twice`,
        `第${i + 1}项：${r.itemId}不是上次整改清单中的事项或重复填报`,
        { field: `review[${i}].itemId` },
      );
    }
    seen.add(r.itemId);
    if (!(RECTIFICATION_STATUSES as readonly string[]).includes(r.status)) {
      return invalidInput('INVALID_STATUS', `review[${i}].status: ${String(r.status)}`, `第${i + 1}项：落实情况无效`, {
        field: `review[${i}].status`,
      });
    }
    if (r.status !== 'done' && !(r.note ?? '').trim()) {
      return invalidInput(
        'REVIEW_NOTE_REQUIRED',
        `review[${i}].note: an item not done says why`,
        `第${i + 1}项未完成整改，请说明原因（note）`,
        { field: `review[${i}].note` },
      );
    }
  }
  const missing = previous.filter((p) => !seen.has(p.itemId));
  if (missing.length === 0) return null;
  return violation({
    code: 'RECTIFICATION_REVIEW_MISSING',
    kind: 'rule',
    rule: 'RULES §F (民主生活会: rectification checked at the next meeting)',
    message: `上次民主生活会整改清单${previous.length}项，须逐项通报落实情况，尚缺${missing.length}项`,
    messageEn: `the previous rectification list has ${previous.length} items, each reported at this meeting; ${missing.length} missing`,
    numbers: { previous: previous.length, missing: missing.length, itemIds: missing.map((p) => p.itemId).join(',') },
  });
}

/**
 * The rectification list after the meeting — RULES §F: at least one item, each with its text, an owner from the team
 * and a deadline after the meeting and within policy.orgLife.rectificationMaxPeriod (so it is checked at the next
 * year's meeting), at most policy.orgLife.maxRectificationItems items.
 */
export function checkRectificationList(
  items: readonly { text?: unknown; ownerPersonId?: unknown; deadline?: unknown }[],
  heldOn: string,
  team: readonly TeamMember[],
  policy: PolicyTable,
): RuleViolation | null {
  const max = policy.orgLife.maxRectificationItems;
  if (items.length === 0 || items.length > max) {
    return invalidInput(
      'RECTIFICATION_ITEMS_COUNT',
      `items: 1 to ${max} items, got ${items.length}`,
      `整改清单须列1至${max}项，收到${items.length}项`,
      { field: 'items', max },
    );
  }
  const latest = periodEnd(heldOn, policy.orgLife.rectificationMaxPeriod, policy); // RULES H-13
  const members = new Set(team.map((m) => m.personId));
  for (const [i, item] of items.entries()) {
    if (typeof item.text !== 'string' || !item.text.trim()) {
      return invalidInput('RECTIFICATION_TEXT_REQUIRED', `items[${i}].text is empty`, `第${i + 1}项整改措施为空`, {
        field: `items[${i}].text`,
      });
    }
    if (typeof item.ownerPersonId !== 'string' || !members.has(item.ownerPersonId)) {
      return invalidInput(
        'NOT_ON_TEAM',
        `items[${i}].ownerPersonId: the owner is a member of the leadership team`,
        `第${i + 1}项的责任人须为领导班子成员`,
        { field: `items[${i}].ownerPersonId` },
      );
    }
    if (typeof item.deadline !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(item.deadline)) {
      return invalidInput('INVALID_DATE', `items[${i}].deadline: YYYY-MM-DD expected`, `第${i + 1}项须填写整改时限`, {
        field: `items[${i}].deadline`,
      });
    }
    const badDate = isoDateViolation(item.deadline); // 400 INVALID_DATE naming the value, not thrown
    if (badDate) return badDate;
    if (item.deadline <= heldOn || item.deadline > latest) {
      return violation({
        code: item.deadline <= heldOn ? 'RECTIFICATION_DEADLINE_NOT_AFTER_MEETING' : 'RECTIFICATION_DEADLINE_TOO_LATE',
        kind: 'rule',
        rule: 'RULES §F (民主生活会: rectification with deadlines, checked at the next meeting)',
        message: `第${i + 1}项整改时限${item.deadline}须在会议（${heldOn}）之后、${latest}之前`,
        messageEn: `items[${i}]: the deadline ${item.deadline} must fall after the meeting (${heldOn}) and by ${latest}`,
        numbers: { field: `items[${i}].deadline`, deadline: item.deadline, heldOn, latest },
      });
    }
  }
  return null;
}

/** Calendar days from `today` to the agreed date (at least 1): the preparation tasks are due by the meeting. */
export function daysUntil(today: string, date: string): number {
  return Math.max(1, daysBetween(today, date));
}
