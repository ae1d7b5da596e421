import { DEMO_IDS } from '../../libs/db';
import { getPolicy, localDate } from '../../libs/domain';
import { pdfBytes, pngBytes } from '../unit/api/attachment-fixtures';
import { axeScan, screenshot } from './harness/chromium';
import { consoleSession } from './harness/console-session';

jest.setTimeout(300_000);

const ORG = DEMO_IDS.orgs.budgetBranch;
const SECRETARY = DEMO_IDS.secretaries.budgetBranch;

interface Occurrence {
  occurrenceId: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
}

/**
 * Organizational life in the console (RULES §F, issue 11), Debian's Chromium against the whole stack: the branch
 * secretary sets up the year on /org-life, records the quarter's general meeting (the API's quorum refusal shown as it
 * answered), files its sign-in sheet, and the administrator's compliance list on /admin/org-life shows the meeting;
 * the member appraisal (民主评议党员) on the same page: a member's mutual appraisal and grade, refusals as the API says.
 */
describe('organizational life in the console (Chromium, dev server, worker, API, PGlite)', () => {
  const session = consoleSession('org-life', {
    users: [SECRETARY],
    teardown: async ({ stack }) => {
      await stack.env.client.workflow.getHandle(`orgLife:${ORG}`).terminate('test done');
    },
  });
  const today = localDate(new Date().toISOString(), getPolicy());
  const year = Number(today.slice(0, 4));

  it('a secretary records a general meeting with its sign-in sheet; the compliance list shows it', async () => {
    const roster = await session.http.call('GET', `/api/orgs/${ORG}/roster?asOf=${today}`, {
      token: session.tokens[SECRETARY],
    });
    const names = Object.fromEntries(
      (roster.body.members as { personId: string; name: string }[]).map((m) => [m.personId, m.name]),
    );

    const secretary = await session.pageAs(SECRETARY);
    await secretary.goto(`${session.stack.baseUrl}/org-life/${ORG}?year=${year}`);
    await secretary.getByRole('button', { name: '生成年度计划' }).click();
    const plan = await session.http.eventually(async () => {
      const res = await session.http.call('GET', `/api/orgs/${ORG}/org-life/${year}`, {
        token: session.tokens[SECRETARY],
      });
      return res.status === 200 ? (res.body as { occurrences: Occurrence[] }) : undefined;
    }, 'the plan');
    const general = plan.occurrences.find(
      (o) => o.kind === 'generalMeeting' && o.periodStart <= today && today <= o.periodEnd,
    )!;
    const row = secretary.locator(`tr[data-row-key="${general.occurrenceId}"]`);
    await row.waitFor();
    await screenshot(secretary, 'org-life-plan');
    expect(await axeScan(secretary, 'org-life-plan')).toEqual([]);

    await row.getByRole('button', { name: '记录', exact: true }).click();
    const drawer = secretary.getByRole('dialog').filter({ hasText: '记录：支部党员大会' });
    await drawer.getByLabel('主题', { exact: true }).fill('学习贯彻全会精神，部署下阶段工作');
    await drawer.getByLabel('地点', { exact: true }).fill('第一会议室');
    await drawer.getByLabel('会议记录', { exact: true }).fill('书记主持，传达学习全会精神，讨论下阶段工作安排。');
    // four of the eight full members absent: the API refuses the record with the §E step-15 numbers
    const absentees = ['p-fin-b01', 'p-fin-b02', 'p-fin-b03', 'p-fin-b06'];
    await drawer.getByLabel(`${names['p-fin-b01']!} 出席`, { exact: true }).waitFor();
    /** Marks a member's attendance in the roster table and waits until the row shows it (picks can miss). */
    const mark = async (personId: string, status: '出席' | '缺席（无理由）') => {
      const row = drawer.locator(`tr[data-row-key="${personId}"]`);
      for (let attempt = 0; ; attempt++) {
        await session.ui.pick(secretary, `${names[personId]!} 出席`, status, drawer);
        const text = await row.innerText();
        if (status === '出席' ? !text.includes('缺席') : text.includes(status)) return;
        if (attempt >= 4) throw new Error(`attendance of ${personId} stays ${text}`);
      }
    };
    for (const id of absentees) await mark(id, '缺席（无理由）');
    await drawer.getByRole('button', { name: '保存记录' }).click();
    const refusal = drawer.locator('[role="alert"][data-code="MEETING_QUORUM_NOT_MET"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/RULES §F/);
    expect(await refusal.innerText()).toMatch(/requiredPresent = 5/);
    await screenshot(secretary, 'org-life-record-refused');
    for (const id of absentees) await mark(id, '出席');
    await drawer.getByRole('button', { name: '保存记录' }).click();

    // the saved record opens with its files: the sign-in sheet goes up; a photo is no record of the minutes (415)
    const files = secretary.getByRole('dialog').filter({ hasText: '会议记录与附件' });
    await files.getByTestId('record-summary').waitFor();
    expect(await files.getByTestId('record-summary').innerText()).toContain('学习贯彻全会精神');
    const recorded = await session.http.call('GET', `/api/orgs/${ORG}/org-life/${year}/records`, {
      token: session.tokens[SECRETARY],
    });
    expect(recorded.body.items).toEqual([expect.objectContaining({ expected: 10, present: 10 })]);
    await files.locator('[data-testid="attachments"] input[type=file]').setInputFiles({
      name: '签到表.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('签到表'),
    });
    await files.getByTestId('attachments').getByText('签到表.pdf').waitFor();
    await session.ui.pick(secretary, '类别', '会议记录', files);
    await files.locator('[data-testid="attachments"] input[type=file]').setInputFiles({
      name: '会议记录.png',
      mimeType: 'image/png',
      buffer: pngBytes(),
    });
    await files.locator('[role="alert"][data-code="ATTACHMENT_TYPE_NOT_ALLOWED"]').waitFor();
    await screenshot(secretary, 'org-life-record-files');
    expect(await axeScan(secretary, 'org-life-record-files')).toEqual([]);
    await secretary.keyboard.press('Escape');
    await files.waitFor({ state: 'hidden' });
    await row.getByText('已开').waitFor();

    // the administrator's compliance list shows the organization with the meeting held
    const admin = await session.pageAs(DEMO_IDS.users.admin);
    await admin.goto(`${session.stack.baseUrl}/admin/org-life`);
    const compliance = admin.locator(`tr[data-row-key="${ORG}"]`);
    for (let i = 0; i < 40; i++) {
      if ((await compliance.count()) > 0 && /\b1\/\d+/.test(await compliance.innerText())) break;
      await admin.waitForTimeout(500);
      if (i % 6 === 5) await admin.reload();
    }
    const text = await compliance.innerText();
    expect(text).toContain('中共财政厅预算处支部委员会');
    expect(text).toMatch(/\b1\/\d+/);
    await screenshot(admin, 'org-life-compliance');
    expect(await axeScan(admin, 'org-life-compliance')).toEqual([]);
  });

  it('民主评议党员: the secretary records a member’s assessment and grade; the API’s refusals show as it answered', async () => {
    const secretary = await session.pageAs(SECRETARY);
    await secretary.goto(`${session.stack.baseUrl}/org-life/${ORG}?year=${year}`);
    const card = secretary.getByTestId('member-appraisal');
    const row = card.locator('tr[data-row-key="p-fin-b07"]');
    await row.waitFor();

    // filing before every member is graded: 422 with the numbers
    await card.getByRole('button', { name: '报上级党组织备案' }).click();
    const incomplete = card.locator('[role="alert"][data-code="APPRAISAL_INCOMPLETE"]');
    await incomplete.waitFor();
    expect(await incomplete.innerText()).toMatch(/未评定/);

    // the mutual appraisal: more votes than members present is refused, then recorded
    await row.getByRole('button', { name: '自评与测评' }).click();
    const assess = secretary.getByRole('dialog').filter({ hasText: '自我评价与民主测评' });
    await assess.getByLabel('自我评价', { exact: true }).fill('本人全年按时参加组织生活，认真履行党员义务。');
    await assess.getByLabel('参加测评人数', { exact: true }).fill('9');
    await assess.getByLabel('优秀票', { exact: true }).fill('1');
    await assess.getByLabel('合格票', { exact: true }).fill('9');
    await assess.getByRole('button', { name: '保存' }).click();
    await assess.locator('[role="alert"][data-code="APPRAISAL_VOTES_EXCEED_PRESENT"]').waitFor();
    await assess.getByLabel('合格票', { exact: true }).fill('7');
    await assess.getByRole('button', { name: '保存' }).click();
    await assess.waitFor({ state: 'hidden' });
    await row.getByText('1/7/0/0（9）').waitFor();

    // the committee grade against the votes: 优秀 refused, 合格 given
    await row.getByRole('button', { name: '评定等次' }).click();
    const grade = secretary.getByRole('dialog').filter({ hasText: '支部委员会评定等次' });
    await session.ui.pick(secretary, '评定等次', '优秀', grade);
    await grade.getByRole('button', { name: '保存' }).click();
    await grade.locator('[role="alert"][data-code="GRADE_NOT_SUPPORTED_BY_VOTES"]').waitFor();
    await session.ui.pick(secretary, '评定等次', /^合格$/, grade);
    await grade.getByRole('button', { name: '保存' }).click();
    await grade.waitFor({ state: 'hidden' });
    await row
      .locator('.ant-tag')
      .filter({ hasText: /^合格$/ })
      .waitFor();
    await screenshot(secretary, 'org-life-appraisal');
    expect(await axeScan(secretary, 'org-life-appraisal')).toEqual([]);
  });
});
