import { workflowIds } from '../../libs/contracts';
import { DEMO_IDS } from '../../libs/db';
import { getPolicy, localDate } from '../../libs/domain';
import { pdfBytes, pngBytes } from '../unit/api/attachment-fixtures';
import { startE2eStack, type E2eStack } from './harness/e2e-stack';
import { httpClient } from './harness/http-client';

jest.setTimeout(300_000);

const ORG = DEMO_IDS.orgs.budgetBranch;
const secretary = DEMO_IDS.secretaries.budgetBranch;
/** approver at the branch committee, and a member of the branch (p-fin-b05) */
const committee = DEMO_IDS.users.budgetBranchApprover;
const admin = DEMO_IDS.users.admin;

interface Occurrence {
  occurrenceId: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
  status: string;
}

/**
 * Organizational life over HTTP (RULES §F, issue 11): the secretary sets up the branch's year, records a general
 * meeting with attendance and minutes (refused first without a quorum, with the numbers) and files its sign-in sheet
 * through the attachment upload path, a member sees the notice (in
 * the app and by mail with an iCalendar invitation), the branch committee approves the plan from its inbox, and the
 * administrator's compliance list and Excel ledger show the meeting.
 */
describe('organizational life end to end (dev server, worker, PGlite, SMTP)', () => {
  let stack: E2eStack;
  let http: ReturnType<typeof httpClient>;
  const tokens: Record<string, string> = {};
  const today = localDate(new Date().toISOString(), getPolicy());
  const year = Number(today.slice(0, 4));

  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'pglite' });
    http = httpClient(stack.baseUrl);
    for (const user of [secretary, committee, admin]) tokens[user] = await http.token(user);
  });
  afterAll(async () => {
    await stack?.env.client.workflow
      .getHandle(workflowIds.orgLife(ORG))
      .terminate('test done')
      .catch(() => undefined);
    await stack?.stop();
  });

  it("runs the branch's year: plan, a general meeting recorded, the notice, approval and the compliance list", async () => {
    const base = `/api/orgs/${ORG}/org-life/${year}`;
    expect((await http.call('POST', base, { token: tokens[committee], body: {} })).status).toBe(403);
    const started = await http.call('POST', base, { token: tokens[secretary], body: { themeDayOfMonth: 10 } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ orgId: ORG, year, status: 'draft', source: 'workflow', running: true });
    const general = (started.body.occurrences as Occurrence[]).find(
      (o) => o.kind === 'generalMeeting' && o.periodStart <= today && today <= o.periodEnd,
    )!;
    expect(general).toBeDefined();

    // The notice of the open general meeting reaches a member: in the app, and by mail with an iCalendar invitation.
    const notice = await http.eventually(
      async () => {
        const res = await http.call('GET', '/api/notifications', { token: tokens[committee] });
        return (res.body as { subject: string; body: string }[]).find(
          (n) => n.subject.includes('组织生活通知') && n.subject.includes('支部党员大会'),
        );
      },
      'the notice of the general meeting in the member inbox',
      90_000,
    );
    expect(notice.body).toContain('请准时参加');
    const mail = await http.eventually(
      async () => stack.mails.find((m) => m.subject.includes('支部党员大会') && m.raw.includes('text/calendar')),
      'the notice mail with its invitation',
      90_000,
    );
    expect(calendarPart(mail.raw)).toMatch(/BEGIN:VCALENDAR[\s\S]*METHOD:REQUEST[\s\S]*DTSTART;VALUE=DATE:\d{8}/);

    // Without a quorum (2 of 8 entitled full members present) the record is refused with the numbers.
    const recordUrl = `${base}/occurrences/${general.occurrenceId}/record`;
    const meeting = {
      heldOn: today,
      place: '第一会议室',
      topic: '学习贯彻全会精神，部署第四季度工作',
      presidedBy: 'p-fin-b04',
      minutes: '会议由书记主持，传达学习全会精神，讨论通过第四季度工作安排。',
      resolutions: [{ text: '通过第四季度工作安排', forVotes: 7 }],
    };
    const few = await http.call('POST', recordUrl, {
      token: tokens[secretary],
      body: {
        ...meeting,
        attendance: [
          { personId: 'p-fin-b04', status: 'present' },
          { personId: 'p-fin-b05', status: 'present' },
        ],
      },
    });
    expect(few.status).toBe(422);
    expect(few.body).toMatchObject({
      code: 'MEETING_QUORUM_NOT_MET',
      numbers: { entitled: 8, present: 2, requiredPresent: 5 },
    });
    const stranger = await http.call('POST', recordUrl, {
      token: tokens[secretary],
      body: { ...meeting, attendance: [{ personId: 'p-edu-01', status: 'present' }] },
    });
    expect(stranger.status).toBe(400);

    const attendance = [
      'p-fin-b01',
      'p-fin-b02',
      'p-fin-b04',
      'p-fin-b05',
      'p-fin-b06',
      'p-fin-b07',
      'p-fin-b08',
      'p-fin-b09',
    ].map((personId) => ({ personId, status: 'present' }));
    attendance.push(
      { personId: 'p-fin-b03', status: 'excused' },
      { personId: 'p-fin-b10', status: 'absentWithReason' },
    );
    const recorded = await http.call('POST', recordUrl, {
      token: tokens[secretary],
      body: { ...meeting, attendance },
      headers: { 'idempotency-key': 'gm-record-1' },
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      status: 'held',
      quorum: { rule: 'generalMeeting', entitled: 8, present: 7, requiredPresent: 5, met: true },
      resolutions: [{ passed: true, requiredFor: 5 }],
    });
    const again = await http.call('POST', recordUrl, { token: tokens[secretary], body: { ...meeting, attendance } });
    expect(again.status).toBe(409);
    const record = await http.call('GET', `/api/org-life/records/${recorded.body.recordId}`, {
      token: tokens[committee],
    });
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ expected: 10, present: 8, minutes: meeting.minutes, attachments: [] });

    // The signed sign-in sheet and the minutes (OFD/PDF) go on the record through the one upload path.
    const form = new FormData();
    form.append('category', 'signInSheet');
    form.append('file', new Blob([pdfBytes('签到表')], { type: 'application/pdf' }), '签到表.pdf');
    const uploaded = await fetch(
      `${stack.baseUrl}/api/org-life/records/${recorded.body.recordId as string}/attachments`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[secretary]}` },
        body: form,
      },
    );
    expect(uploaded.status).toBe(201);
    const sheet = (await uploaded.json()) as { id: string; downloadUrl: string };
    const photoAsMinutes = new FormData();
    photoAsMinutes.append('category', 'minutes');
    photoAsMinutes.append('file', new Blob([pngBytes()], { type: 'image/png' }), '记录.png');
    const refused = await fetch(
      `${stack.baseUrl}/api/org-life/records/${recorded.body.recordId as string}/attachments`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[secretary]}` },
        body: photoAsMinutes,
      },
    );
    expect(refused.status).toBe(415);
    const withFiles = await http.call('GET', `/api/org-life/records/${recorded.body.recordId}`, {
      token: tokens[committee],
    });
    expect(withFiles.body.attachments).toEqual([
      expect.objectContaining({ id: sheet.id, category: 'signInSheet', fileName: '签到表.pdf' }),
    ]);
    const file = await fetch(`${stack.baseUrl}${sheet.downloadUrl}`, {
      headers: { authorization: `Bearer ${tokens[committee]}` },
    });
    expect(file.status).toBe(200);
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // The branch committee approves the plan from its inbox.
    const submitted = await http.call('POST', `${base}/plan/submit`, { token: tokens[secretary] });
    expect(submitted.status).toBe(200);
    const caseId = submitted.body.approvalCaseId as string;
    const task = await http.eventually(async () => {
      const res = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens[committee] });
      return (res.body?.pendingTasks as { taskId: string; step: string }[] | undefined)?.find((t) => t.step === 'P1');
    }, 'the plan approval task');
    const decided = await http.call(
      'POST',
      `/api/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(task.taskId)}/decision`,
      { token: tokens[committee], body: { outcome: 'approve', comment: '同意' } },
    );
    expect(decided.status).toBe(200);
    const plan = await http.eventually(async () => {
      const res = await http.call('GET', base, { token: tokens[secretary] });
      return res.body.status === 'approved' ? res.body : undefined;
    }, 'the approved plan');
    expect((plan.occurrences as Occurrence[]).find((o) => o.occurrenceId === general.occurrenceId)?.status).toBe(
      'held',
    );

    // The administrator sees it in the compliance list and the Excel ledger.
    const compliance = await http.eventually(async () => {
      const res = await http.call('GET', `/api/org-life/compliance?year=${year}`, { token: tokens[admin] });
      const row = (res.body.items as { orgId: string; held: number; planStatus: string }[]).find(
        (i) => i.orgId === ORG,
      );
      return row && row.held >= 1 && row.planStatus === 'approved' ? row : undefined;
    }, 'the compliance row');
    expect(compliance).toMatchObject({ orgId: ORG, held: 1, planStatus: 'approved' });
    expect((await http.call('GET', `/api/org-life/compliance?year=${year}`, { token: tokens[secretary] })).status).toBe(
      403,
    );
    const xlsx = await fetch(`${stack.baseUrl}/api/org-life/compliance.xlsx?year=${year}`, {
      headers: { authorization: `Bearer ${tokens[admin]}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });
});

/** The text/calendar part of a raw MIME message, decoded (base64 or quoted-printable). */
function calendarPart(raw: string): string {
  const match = /Content-Type: text\/calendar[^]*?\r?\n\r?\n([^]*?)\r?\n--/i.exec(raw);
  if (!match) return '';
  const headers = raw.slice(match.index, match.index + match[0].length - match[1].length);
  const body = match[1];
  if (/Content-Transfer-Encoding: base64/i.test(headers))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    return body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return body;
}
