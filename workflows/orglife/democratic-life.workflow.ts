import type {
  CaseState,
  DemocraticLifeCaseData,
  DemocraticLifeInput,
  DemocraticLifeResult,
  RectificationItemView,
} from '../../libs/contracts';
import {
  checkDemocraticLifeMeeting,
  checkDemocraticLifeProposal,
  checkPreparationDate,
  checkRectificationList,
  checkSelfExaminations,
  daysUntil,
  DEMOCRATIC_LIFE_STEPS,
  invalidInput,
  localDate,
  type DemocraticLifeStep,
  type RectificationReview,
  type RuleViolation,
  type TeamMember,
} from '../../libs/domain';
import { CaseKernel } from '../kernel/case-kernel';

type Payload = Record<string, unknown> | null | undefined;

/**
 * 民主生活会 of a leadership team in a year (RULES §F, seed 002; 机关条例2019 Art. 26), id
 * democraticLife:<orgId>:<year>, on the approval kernel:
 * D1 the higher organization department and D2 the discipline committee consent to the topic and date (a return goes
 * to D0, where the secretary revises them, and both consent again; a rejection ends the case);
 * D3 study, D4 gathering opinions and feeding them back, D5 talks — each done by the agreed date;
 * D6 a written self-examination by every member of the team;
 * D7 the meeting on the agreed date (another date goes back to D1/D2 first), where last year's rectification list is
 *    reported on item by item;
 * D8 the rectification list with owners and deadlines, which the next year's case checks at its D7.
 */
export async function democraticLifeWorkflow(input: DemocraticLifeInput): Promise<CaseState> {
  const kernel = new CaseKernel<DemocraticLifeCaseData>({
    caseId: input.caseId,
    procedure: 'democraticLife',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: `${input.orgName}${input.year}年度民主生活会`,
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    policyVersion: input.policyVersion,
    stage: 'D1',
  });
  const policy = kernel.policy;
  const team: TeamMember[] = input.team.map((m) => ({ ...m }));
  const previous = input.previous?.items ?? [];
  const today = () => localDate(new Date().toISOString(), policy);
  let topic = input.topic;
  let date = input.plannedDate;
  const data = kernel.data;
  data.year = input.year;
  data.topic = topic;
  data.plannedDate = date;
  data.team = team;
  data.previous = input.previous;
  const preparation: DemocraticLifeCaseData['preparation'] = {};
  data.preparation = preparation;

  const proposalOf = (p: Payload) =>
    checkDemocraticLifeProposal(
      { year: input.year, topic: text(p?.topic), plannedDate: text(p?.plannedDate) },
      today(),
    );

  /** D0: the secretary revises topic and date after a return. */
  async function revise(reason: string | null): Promise<void> {
    const decision = await kernel.ask({
      step: 'D0',
      kind: 'input',
      title: `修改民主生活会主题和时间（${reason ?? '上级退回'}）`,
      titleEn: `Revise the topic and date (${reason ?? 'returned'})`,
      assignedBodyId: input.orgId,
      due: policy.orgLife.democraticLifeConsentDeadline,
      validatePayload: (p, outcome) => (outcome === 'submit' ? proposalOf(p) : null),
    });
    topic = text(decision.payload?.topic).trim();
    date = text(decision.payload?.plannedDate);
    data.topic = topic;
    data.plannedDate = date;
  }

  /** D1 then D2: both consent to the topic and date as they stand; a return revises them and asks both again. */
  async function consent(): Promise<void> {
    const bodies = [
      { step: 'D1', body: input.organizationDepartmentBodyId, who: '上级组织部门', whoEn: 'organization department' },
      { step: 'D2', body: input.disciplineBodyId, who: '纪检机关', whoEn: 'discipline committee' },
    ] as const;
    for (;;) {
      let returned: string | null | undefined;
      for (const b of bodies) {
        const decision = await kernel.ask({
          step: b.step,
          kind: 'approval',
          title: `${b.who}审核${input.year}年度民主生活会主题和时间：${topic}（${date}）`,
          titleEn: `The ${b.whoEn} consents to the topic and date: ${topic} (${date})`,
          assignedBodyId: b.body,
          due: policy.orgLife.democraticLifeConsentDeadline,
        });
        if (decision.outcome === 'reject') kernel.reject(decision.comment ?? `${b.who}不同意民主生活会的主题和时间`);
        if (decision.outcome === 'return') {
          returned = decision.comment;
          break;
        }
      }
      if (returned === undefined) break;
      await revise(returned);
    }
    data.agreedDate = date;
    data.agreedOn = today();
    await kernel.record('D2', 'democraticLife.agreed', { detail: { topic, date } });
  }

  /** D3–D5: a preparation step, done by the agreed date. */
  async function prepare(step: DemocraticLifeStep, extra: string): Promise<void> {
    const s = DEMOCRATIC_LIFE_STEPS[step];
    const decision = await kernel.ask({
      step,
      kind: 'input',
      title: `${s.name}（${extra}，会议日期${date}）`,
      titleEn: `${s.nameEn} (meeting on ${date})`,
      assignedBodyId: input.orgId,
      due: { days: daysUntil(today(), date) },
      validatePayload: (p, outcome) =>
        outcome === 'submit' ? checkPreparationDate(step, p?.completedOn, date, today()) : null,
    });
    preparation[step] = decision.payload ?? {};
  }

  return kernel.run(async (): Promise<DemocraticLifeResult> => {
    await consent();
    await prepare('D3', '学习研讨');
    await prepare('D4', '征求意见，向班子成员反馈');
    await prepare('D5', '班子成员之间、与党员群众谈心谈话');

    const self = await kernel.ask({
      step: 'D6',
      kind: 'input',
      title: `领导班子成员撰写对照检查材料（${team.length}人）`,
      titleEn: `Written self-examination of the ${team.length} team members`,
      assignedBodyId: input.orgId,
      due: { days: daysUntil(today(), date) },
      validatePayload: (p, outcome) =>
        outcome === 'submit' ? checkSelfExaminations(team, strings(p?.submittedPersonIds)) : null,
    });
    preparation.D6 = self.payload ?? {};

    let held: { heldOn: string; presentPersonIds: string[]; review: RectificationReview[] } | null = null;
    while (held === null) {
      const meeting = await kernel.ask({
        step: 'D7',
        kind: 'input',
        title: `召开${input.year}年度民主生活会（${date}，主题：${topic}）`,
        titleEn: `Hold the ${input.year} democratic life meeting (${date})`,
        assignedBodyId: input.orgId,
        due: { days: daysUntil(today(), date) + 1 },
        validatePayload: (p, outcome) => (outcome === 'submit' ? meetingViolation(p) : null),
      });
      const reschedule = meeting.payload?.reschedule as Payload;
      if (reschedule) {
        date = text(reschedule.plannedDate);
        data.plannedDate = date;
        await kernel.record('D7', 'democraticLife.rescheduled', {
          comment: text(reschedule.reason) || null,
          detail: { plannedDate: date },
        });
        await consent();
        continue;
      }
      held = {
        heldOn: text(meeting.payload?.heldOn),
        presentPersonIds: strings(meeting.payload?.presentPersonIds),
        review: reviews(meeting.payload?.review),
      };
      data.meeting = { ...held, minutes: text(meeting.payload?.minutes) || null };
    }

    const list = await kernel.ask({
      step: 'D8',
      kind: 'input',
      title: '报送整改清单（整改措施、责任人、整改时限）',
      titleEn: 'File the rectification list (measures, owners, deadlines)',
      assignedBodyId: input.orgId,
      due: policy.orgLife.rectificationListDeadline,
      validatePayload: (p, outcome) =>
        outcome === 'submit' ? checkRectificationList(objects(p?.items), held!.heldOn, team, policy) : null,
    });
    const items: RectificationItemView[] = objects(list.payload?.items).map((item, i) => ({
      itemId: `${input.caseId}#${i + 1}`,
      text: text(item.text).trim(),
      ownerPersonId: text(item.ownerPersonId),
      deadline: text(item.deadline),
    }));
    data.rectification = items;
    return {
      topic,
      agreedDate: date,
      heldOn: held.heldOn,
      presentPersonIds: held.presentPersonIds,
      items,
      review: held.review.map((r) => ({ itemId: r.itemId, status: r.status, note: r.note ?? null })),
    };
  });

  function meetingViolation(p: Payload): RuleViolation | null {
    const reschedule = p?.reschedule as Payload;
    if (reschedule) {
      if (!text(reschedule.reason).trim()) {
        return invalidInput('RESCHEDULE_REASON_REQUIRED', 'reschedule.reason: say why', '改期须说明理由', {
          field: 'reschedule.reason',
        });
      }
      return proposalOf({ topic, plannedDate: reschedule.plannedDate });
    }
    return checkDemocraticLifeMeeting(
      { heldOn: p?.heldOn, presentPersonIds: strings(p?.presentPersonIds), review: reviews(p?.review) },
      { agreedDate: date, today: today(), team, previous },
    );
  }
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

function reviews(v: unknown): RectificationReview[] {
  return objects(v).map((r) => ({
    itemId: text(r.itemId),
    status: text(r.status) as RectificationReview['status'],
    note: typeof r.note === 'string' ? r.note : null,
  }));
}
