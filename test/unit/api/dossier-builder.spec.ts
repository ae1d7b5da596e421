import type { CaseState, TimelineEntry } from '../../../libs/contracts';
import { ADMISSION_COMPLIANCE_FLAGS } from '../../../libs/domain';
import { buildDossier, mergeTimeline, type DossierView } from '../../../apps/api/src/dossier/dossier.builder';
import { escapeHtml, renderDossierHtml } from '../../../apps/api/src/dossier/dossier.html';
import {
  mayReadRestricted,
  redactAdmissionState,
  upperCommitteesOf,
} from '../../../apps/api/src/dossier/restricted-access';
import { DOSSIER_CASE_ID, REVIEW_TEXT, dossierInput, dossierNames, dossierState } from './dossier-fixture';

function build(cleared: boolean, audit: TimelineEntry[] = []): DossierView {
  return buildDossier(dossierInput(cleared, { audit }));
}

describe('dossier builder (纪实, RULES §E)', () => {
  it('lists the 25 steps in order with Chinese and English names, stage, rule and status', () => {
    const d = build(true);
    expect(d.steps.map((s) => s.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(d.steps[14]).toMatchObject({ code: 'E15', stage: 4, name: '支部大会讨论', rule: 'RULES §E step 15' });
    expect(d.steps[0]).toMatchObject({ nameEn: 'Hand in written application', status: 'done', date: '2023-01-05' });
    expect(d.steps[20]!.status).toBe('open'); // assessment task waiting
    expect(d.steps[24]!.status).toBe('notReached');
    expect(d.stages).toHaveLength(5);
  });

  it('gives the status and the current step in words, zh-CN and English, besides their codes', () => {
    expect(build(true)).toMatchObject({
      status: 'active',
      statusLabel: '进行中',
      statusLabelEn: 'In progress',
      stage: 'E21',
      stageLabel: 'E21 继续教育考察',
      stageLabelEn: 'E21 Continued education and assessment',
    });
    const labels = (['completed', 'rejected', 'withdrawn', 'cancelled'] as const).map((status) => {
      const d = buildDossier(dossierInput(true, { state: { ...dossierState(), status } }));
      return [d.statusLabel, d.statusLabelEn];
    });
    expect(labels).toEqual([
      ['已办结', 'Completed'],
      ['未通过', 'Not approved'],
      ['已撤回', 'Withdrawn'],
      ['已取消', 'Cancelled'],
    ]);
    const atStage = (stage: string) => {
      const d = buildDossier(dossierInput(true, { state: { ...dossierState(), stage } }));
      return [d.stageLabel, d.stageLabelEn];
    };
    expect(atStage('E2')).toEqual(['E2 党组织派人谈话', 'E2 Organization sends someone to talk']);
    // the party group decides first within step 17 (RULES §A.3): the sub-step carries its own name
    expect(atStage('E17-PG')).toEqual(['E17-PG 党组研究决定', 'E17-PG Party group decision']);
    expect(atStage('transfer')).toEqual(['transfer', 'transfer']);
  });

  it('records date, actor name, outcome and the rule of each step, without bookkeeping events', () => {
    const d = build(true);
    const talk = d.steps[1]!;
    expect(talk).toMatchObject({ date: '2023-02-20', actor: { id: 'u-sec-fin-budget', name: '预算处党支部书记' } });
    expect(talk.events.map((e) => e.event)).toEqual(['task.reminded', 'task.decided']);
    expect(talk.events[1]!.detail).toEqual({ payload: { talkerId: 'p-fin-b01' } });
    expect(talk.events[1]!.rule).toBe('RULES §E step 2');
    const approval = d.steps[16]!;
    // the party group's decision (E17-PG) is part of step 17, before the upper committee's
    expect(approval.events.map((e) => [e.step, e.actor?.name])).toEqual([
      ['E17-PG', '财政厅党组'],
      ['E17', '财政厅机关党委'],
    ]);
    expect(approval).toMatchObject({ outcome: 'approve', date: '2024-11-20' });
  });

  it('gives the step-15 vote with every count and the required numbers (the worked example of RULES §E)', () => {
    const [vote] = build(true).steps[14]!.votes;
    expect(vote).toEqual({
      date: '2024-10-10',
      entitled: 16,
      present: 10,
      forVotes: 8,
      writtenOpinionsFor: 1,
      totalFor: 9,
      requiredPresent: 9,
      requiredFor: 9,
      passed: true,
      resolution: null,
      extensionMonths: null,
      explanation: '赞成票9票，超过应到会有表决权正式党员16人的半数',
    });
    expect(build(true).steps[22]!.votes).toEqual([]);
  });

  it('falls back to the vote kept in the case state when the trail has no count yet', () => {
    const state = dossierState();
    state.timeline = state.timeline.filter((e) => e.event !== 'branchVote.counted');
    const d = buildDossier({
      state,
      audit: [],
      attachments: [],
      names: dossierNames,
      person: { id: 'p', name: '周明辉', birthDate: null },
      mayReadRestricted: true,
      generatedAt: 'x',
    });
    expect(d.steps[14]!.votes[0]).toMatchObject({ entitled: 16, writtenOpinionsFor: 1, totalFor: 9, passed: true });
    // a record written before the one name of written opinions (writtenForVotes) reads the same
    const { writtenOpinionsFor: _renamed, ...vote } = state.data.admissionVote as Record<string, unknown>;
    state.data = { ...state.data, admissionVote: { ...vote, writtenForVotes: 1 } };
    const legacy = buildDossier({ ...dossierInput(true, { state }), audit: [] });
    expect(legacy.steps[14]!.votes[0]).toMatchObject({ entitled: 16, writtenOpinionsFor: 1, totalFor: 9 });
  });

  it('shows the political review conclusion text only to cleared readers (RULES H-15)', () => {
    const open = build(true).steps[9]!;
    expect(open.outcome).toBe('pass');
    expect(open.events[0]).toMatchObject({ comment: REVIEW_TEXT, restricted: false });
    expect(open.evidence.map((a) => a.fileName)).toEqual(['政审结论.pdf']);

    const d = build(false);
    const hidden = d.steps[9]!;
    expect(hidden.outcome).toBe('pass');
    expect(hidden.status).toBe('done');
    expect(hidden.events[0]).toMatchObject({ comment: null, detail: { conclusion: 'pass' }, restricted: true });
    expect(hidden.evidence).toEqual([]);
    expect(hidden.evidenceWithheld).toBe(1);
    expect(JSON.stringify(d)).not.toContain(REVIEW_TEXT);
    expect(d.restrictedContentHidden).toBe(true);
  });

  it('lists evidence per step with its download link and the uploader name', () => {
    const ev = build(true).steps[14]!.evidence;
    expect(ev).toEqual([
      expect.objectContaining({
        fileName: '支部大会会议记录.pdf',
        uploadedByName: '预算处党支部书记',
        downloadUrl: '/api/attachments/att-1',
      }),
    ]);
    expect(build(true).steps[16]!.evidence.map((a) => a.id)).toEqual(['att-3']);
  });

  it('carries the person, branch, transfers, key dates, party standing and compliance flags', () => {
    const d = build(true);
    expect(d.person).toEqual({ id: 'p-dossier-01', name: '周明辉', birthDate: '1995-03-31' });
    expect(d.branch).toEqual({ id: 'org-fin-treasury-br', name: '国库处党支部' });
    expect(d.transfers).toEqual([
      {
        from: { id: 'org-fin-budget-br', name: '预算处党支部' },
        to: { id: 'org-fin-treasury-br', name: '国库处党支部' },
        effectiveDate: '2025-01-15',
        phase: 'probationary',
        postponeMonths: 3,
        reason: '工作调动',
        documentNo: '财机党〔2025〕3号',
      },
    ]);
    expect(d.keyDates.map((k) => k.key)).toEqual([
      'application',
      'talk',
      'activist',
      'candidate',
      'admissionVote',
      'approval',
      'probationEnd',
    ]);
    expect(d.keyDates.find((k) => k.key === 'admissionVote')!.label).toContain('预备期起算');
    expect(d.partyStandingSince).toBeNull(); // still probationary
    expect(d.probationEnd).toBe('2025-10-10');
    expect(d.flags).toEqual([
      { code: 'talkOverdue', label: '谈话逾期（超过1个月）', labelEn: 'Talk overdue (over 1 month)' },
    ]);
    expect(d.otherEvents.map((e) => e.event)).toEqual(['case.transferred']);
    expect(d.caseId).toBe(DOSSIER_CASE_ID);
  });

  it('takes party standing from the full-membership date (the probation end)', () => {
    const state = dossierState();
    (state.data.dates as Record<string, string>).fullMember = '2026-04-10';
    const d = buildDossier({
      state,
      audit: [],
      attachments: [],
      names: dossierNames,
      person: { id: 'p', name: 'x', birthDate: null },
      mayReadRestricted: true,
      generatedAt: 'x',
    });
    expect(d.partyStandingSince).toBe('2026-04-10');
  });

  it('merges the audit trail with the timeline: same entries once, audit-only and timeline-only kept, by time', () => {
    const t = dossierState().timeline;
    const auditOnly: TimelineEntry = { ...t[4]!, at: '2023-07-01T00:00:00.000Z', event: 'task.escalated' };
    const merged = mergeTimeline([...t.slice(0, 5), auditOnly], t);
    expect(merged).toHaveLength(t.filter((e) => e.event !== 'task.opened').length + 1);
    const ats = merged.map((e) => e.at);
    expect([...ats].sort()).toEqual(ats);
    expect(merged.filter((e) => e.step === 'E15' && e.event === 'task.decided')).toHaveLength(1);
  });

  it('finds the upper committees for clearance from the tasks and transfers', () => {
    const state = dossierState();
    expect(upperCommitteesOf(state, state.timeline)).toEqual(['org-fin-oc']);
    const actor = (roles: { role: 'admin' | 'approver' | 'submitter'; at: string }[], adminOrgIds: string[] = []) => ({
      userId: 'u',
      displayName: 'u',
      roles,
      adminOrgIds,
    });
    expect(mayReadRestricted(actor([{ role: 'approver', at: 'org-fin-oc' }]), state, state.timeline)).toBe(true);
    expect(mayReadRestricted(actor([], ['org-wc']), state, state.timeline)).toBe(true);
    expect(mayReadRestricted(actor([{ role: 'submitter', at: 'org-fin-treasury-br' }]), state, state.timeline)).toBe(
      false,
    );
    expect(mayReadRestricted(actor([{ role: 'approver', at: 'org-fin-treasury-br' }]), state, state.timeline)).toBe(
      false,
    );
  });
});

describe('dossier dates: the step dates the case recorded, on the local calendar (RULES §E key dates)', () => {
  const decidedOf = (state: CaseState, step: string) =>
    state.timeline.find((e) => e.step === step && e.event === 'task.decided')!;
  const at = (
    at: string,
    step: string,
    event: string,
    detail: Record<string, unknown> | null = null,
  ): TimelineEntry => ({
    at,
    step,
    event,
    actorId: 'u-sec-fin-budget',
    outcome: event === 'task.decided' ? 'submit' : null,
    comment: null,
    detail,
  });

  it('shows a backdated meeting date from the payload as the step date and the vote date, not the day of the click', () => {
    const state = dossierState();
    const meeting = decidedOf(state, 'E15');
    meeting.detail = {
      ...meeting.detail,
      payload: { ...(meeting.detail!.payload as object), meetingDate: '2024-10-08' },
    };
    state.data.stepDates = [
      { step: 'E1', date: '2023-01-05' },
      { step: 'E15', date: '2024-10-08' },
    ];
    const step = buildDossier(dossierInput(true, { state })).steps[14]!;
    expect(meeting.at.slice(0, 10)).toBe('2024-10-10'); // clicked two days after the meeting
    expect(step.date).toBe('2024-10-08');
    expect(step.events.map((e) => [e.event, e.date])).toEqual([
      ['task.decided', '2024-10-08'],
      ['branchVote.counted', '2024-10-10'],
    ]);
    expect(step.votes.map((v) => v.date)).toEqual(['2024-10-08']);
  });

  it('takes the recorded date of the same occurrence of a step when the payload has none or was withheld', () => {
    const state = dossierState();
    const review = decidedOf(state, 'E10');
    review.detail = { ...review.detail, payload: { conclusion: 'pass', text: REVIEW_TEXT, reviewDate: '2024-08-18' } };
    state.timeline.push(
      at('2023-09-01T02:00:00.000Z', 'E6', 'task.decided'),
      at('2024-03-01T02:00:00.000Z', 'E6', 'task.decided'),
    );
    state.data.stepDates = [
      { step: 'E1', date: '2023-01-05' },
      { step: 'E2', date: '2023-02-18' },
      { step: 'E6', date: '2023-08-30' },
      { step: 'E6', date: '2024-02-27' },
      { step: 'E10', date: '2024-08-18' },
    ];
    // a reader not cleared for the political review (RULES H-15) has no payload, and still the review's date
    const d = buildDossier(dossierInput(false, { state }));
    expect(d.steps[9]!.events[0]).toMatchObject({ detail: { conclusion: 'pass' }, date: '2024-08-18' });
    expect(d.steps[9]!.date).toBe('2024-08-18');
    expect(d.steps[1]!.date).toBe('2023-02-18');
    expect(d.steps[5]!.events.map((e) => e.date)).toEqual(['2023-08-30', '2024-02-27']);
    expect(d.steps[5]!.date).toBe('2024-02-27');
    // a decision the record has no date for: its local date
    expect(d.steps[2]!.date).toBe('2023-08-01');
  });

  it("dates by China's calendar: a click at 2027-03-01T17:30:00Z is 2027-03-02; an own effective date wins", () => {
    const state = dossierState();
    const click = '2027-03-01T17:30:00.000Z';
    state.timeline.push(
      at(click, 'E21', 'task.reminded'),
      at(click, 'E21', 'task.decided'),
      at(click, 'E5', 'contacts.changed', { effectiveDate: '2027-02-26', rule: 'RULES §E step 5' }),
      at(click, 'transfer', 'case.transferred', { toOrgId: 'org-fin-treasury-br' }),
    );
    const d = buildDossier(dossierInput(true, { state }));
    expect(d.steps[20]!.events.map((e) => [e.event, e.at, e.date])).toEqual([
      ['task.reminded', click, '2027-03-02'],
      ['task.decided', click, '2027-03-02'],
    ]);
    expect(d.steps[20]!.date).toBe('2027-03-02');
    expect(d.steps[4]!.events.map((e) => e.date)).toEqual(['2027-02-26']);
    expect(d.otherEvents.map((e) => e.date)).toEqual(['2025-01-15', '2027-03-02']);
    expect(d.steps[0]!.date).toBe('2023-01-05'); // the application date of the registered application
  });

  it('prints every compliance flag in words with the periods of the case policy, the three-month cap included', () => {
    const state = dossierState();
    state.data.flags = [...ADMISSION_COMPLIANCE_FLAGS];
    const d = buildDossier(dossierInput(true, { state }));
    expect(d.flags.map((f) => f.code)).toEqual([...ADMISSION_COMPLIANCE_FLAGS]);
    for (const f of d.flags) expect([f.label, f.labelEn]).not.toContain(f.code);
    expect(d.flags.find((f) => f.code === 'conversionMeetingBeyondThreeMonths')).toEqual({
      code: 'conversionMeetingBeyondThreeMonths',
      label: '转正讨论超过3个月仍未作出决议',
      labelEn: 'Full-membership discussion beyond 3 months without a resolution',
    });
    expect(d.flags.find((f) => f.code === 'approvalBeyondSixMonths')!.label).toContain('6个月');
    expect(d.flags.find((f) => f.code === 'probationEndedWithoutDecision')!.label).toContain('1个月');
    const html = renderDossierHtml(d);
    expect(html).toContain('转正讨论超过3个月仍未作出决议（conversionMeetingBeyondThreeMonths）');
  });
});

describe('redactAdmissionState: RULES H-15 in one place (case view, dossier, attachments)', () => {
  const reader = (roles: { role: 'admin' | 'approver' | 'submitter'; at: string }[], userId = 'u') => ({
    userId,
    displayName: 'u',
    roles,
    adminOrgIds: [],
  });
  /** A case the workflow shaped: only `data.bodies` names the upper committee (no task.opened rows, no transfer). */
  function failedReview(): CaseState {
    const state = dossierState();
    state.timeline = state.timeline.filter((e) => e.event !== 'task.opened');
    state.data = {
      personId: 'p-dossier-01',
      bodies: { upperCommitteeId: 'org-fin-oc', partyGroupBodyId: 'pg-finance' },
      rejection: { reason: 'politicalReviewFailed', comment: REVIEW_TEXT },
    };
    state.status = 'rejected';
    state.pendingTasks = [{ ...state.pendingTasks[0]!, step: 'E10', comment: REVIEW_TEXT }];
    return state;
  }

  it('drops the political review text for a branch submitter and keeps it for the upper committee', () => {
    const state = dossierState();
    const hidden = redactAdmissionState(reader([{ role: 'submitter', at: 'org-fin-treasury-br' }]), state).state;
    const review = hidden.timeline.filter((e) => e.step === 'E10');
    expect(review.length).toBeGreaterThan(0);
    expect(JSON.stringify(review)).not.toContain(REVIEW_TEXT);
    expect(review.some((e) => e.detail?.conclusion === 'pass')).toBe(true);
    // every other step is untouched
    expect(hidden.timeline.filter((e) => e.step !== 'E10')).toEqual(state.timeline.filter((e) => e.step !== 'E10'));

    const shown = redactAdmissionState(reader([{ role: 'approver', at: 'org-fin-oc' }]), state).state;
    expect(JSON.stringify(shown.timeline)).toContain(REVIEW_TEXT);
  });

  it('finds the upper committee in data.bodies, where the workflow keeps it, and clears its approver', () => {
    const state = failedReview();
    expect(upperCommitteesOf(state)).toEqual(['org-fin-oc']);
    const upper = redactAdmissionState(reader([{ role: 'approver', at: 'org-fin-oc' }]), state);
    expect(upper.cleared).toBe(true);
    expect(upper.state.data.rejection).toEqual({ reason: 'politicalReviewFailed', comment: REVIEW_TEXT });
  });

  it('drops the review text from the rejection, the task, the audit rows and the evidence of an uncleared reader', () => {
    const state = failedReview();
    const audit = state.timeline.filter((e) => e.step === 'E10');
    const uploads = [
      { step: 'E10', uploadedBy: 'u-oc-approver', id: 'a' },
      { step: 'E10', uploadedBy: 'u-sec', id: 'own' },
      { step: 'E15', uploadedBy: 'u-oc-approver', id: 'b' },
    ];
    const r = redactAdmissionState(reader([{ role: 'submitter', at: 'org-fin-treasury-br' }], 'u-sec'), state, {
      audit,
      attachments: uploads,
    });
    expect(r.cleared).toBe(false);
    expect(r.state.data.rejection).toEqual({ reason: 'politicalReviewFailed', comment: null });
    expect(r.state.pendingTasks[0]!.comment).toBeNull();
    expect(JSON.stringify([r.state, r.audit])).not.toContain(REVIEW_TEXT);
    expect(r.audit.map((e) => e.detail)).toEqual([{ conclusion: 'pass' }]);
    // the reader's own upload stays theirs; other review evidence is withheld
    expect(r.attachments.map((a) => a.id)).toEqual(['own', 'b']);
    expect(r.withheldAttachments.map((a) => a.id)).toEqual(['a']);
    // another rejection's comment is not the review's text and stays
    state.data.rejection = { reason: 'branchReviewFailed', comment: '支委会意见' };
    expect(redactAdmissionState(reader([]), state).state.data.rejection).toMatchObject({ comment: '支委会意见' });
  });

  it('leaves other procedures alone (an election E10 is the secretary approval, not a political review)', () => {
    const state = { ...dossierState(), procedure: 'termElection' as const };
    const r = redactAdmissionState(reader([]), state, { attachments: [{ step: 'E10', uploadedBy: 'x' }] });
    expect(r).toMatchObject({ cleared: true, withheldAttachments: [] });
    expect(r.state).toBe(state);
  });
});

describe('dossier HTML', () => {
  it('is a zh-CN page with the steps, votes and evidence, every value escaped', () => {
    const state = dossierState();
    state.timeline.push({
      at: '2024-11-21T00:00:00.000Z',
      step: 'E18',
      event: 'admission.filed',
      actorId: null,
      outcome: null,
      comment: '<script>alert("x")</script> & 备案',
      detail: null,
    });
    const html = renderDossierHtml(
      buildDossier({ ...dossierInput(false, { state }), person: { id: 'p', name: '周明辉<b>', birthDate: null } }),
    );
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 备案');
    expect(html).toContain('周明辉&lt;b&gt;');
    expect(html).toContain('<tr><th>办理状态</th><td>进行中（E21 继续教育考察）</td>');
    expect(html).not.toContain('active');
    expect(html).toContain('支部大会讨论');
    expect(html).toContain('合计赞成9票（须≥9）');
    expect(html).toContain('支部大会会议记录.pdf');
    expect(html).not.toContain(REVIEW_TEXT);
    expect(html).toContain('另有1份审查材料（限阅）');
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });
});
