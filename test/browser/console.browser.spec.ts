import { readFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import { caseSummaries, organizations, tasks } from '../../libs/db';
import { establishmentBody } from '../e2e/harness/establishment-driver';
import type { Page } from 'playwright-core';
import { axeScan, screenshot } from './harness/chromium';
import { consoleSession } from './harness/console-session';

jest.setTimeout(240_000);

describe('the web console in Chromium against the real stack (dev server, worker, API, PGlite)', () => {
  const session = consoleSession('console', {
    users: ['u-clerk', 'u-pg-edu', 'u-wc-approver', 'u-admin', 'u-sec-fin-budget'],
    // the budget branch drills with zero waiting periods (as in test/e2e/admission.e2e.spec.ts)
    setup: async ({ stack }) => {
      await stack.database.db
        .update(organizations)
        .set({ policyVersion: '2026.1-drill' })
        .where(eq(organizations.id, 'org-fin-budget-br'));
    },
  });

  it('signs in from the list of demo users and shows the inbox (axe: no serious violations)', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(`${session.stack.baseUrl}/sign-in`);
    await page.getByRole('button', { name: '登录 u-admin', exact: true }).waitFor();
    await screenshot(page, 'sign-in');
    expect(await axeScan(page, 'sign-in')).toEqual([]);
    const inbox = await session.pageAs('u-clerk');
    await inbox.getByRole('tab', { name: /待办/ }).waitFor();
    await screenshot(inbox, 'inbox-empty');
    expect(await axeScan(inbox, 'inbox')).toEqual([]);
    await page.close();
  });

  const plannedDate = () => new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);

  async function rosterNames(orgId: string): Promise<Record<string, string>> {
    const res = await session.http.call('GET', `/api/orgs/${orgId}/roster`, { token: session.tokens['u-clerk'] });
    return Object.fromEntries(
      (res.body.members as { personId: string; name: string }[]).map((m) => [m.personId, m.name]),
    );
  }

  async function fillEstablishment(page: Page, slateIds: string[], names: Record<string, string>): Promise<void> {
    await page.goto(`${session.stack.baseUrl}/start/establishment`);
    await page.getByLabel('拟成立党组织名称', { exact: true }).fill('基础教育处党支部');
    await session.ui.pick(page, '上级党组织', '中共教育厅机关委员会');
    await session.ui.pick(page, '所在部门', '教育厅');
    await page.getByLabel('单位（处室）名称', { exact: true }).fill('基础教育处');
    await page.getByLabel('工作性质', { exact: true }).fill('教育行政');
    await page.getByLabel('在职人数', { exact: true }).fill('25');
    await page.getByLabel('成立依据', { exact: true }).fill('《中国共产党党和国家机关基层组织工作条例》第七条');
    await page.getByLabel('成立理由', { exact: true }).fill('基础教育处正式党员较多，应成立党支部并设支部委员会');
    await session.ui.date(page, '拟选举日期', plannedDate());
    await page.getByRole('button', { name: /✓/ }).click(); // every member held at the superior organization
    for (const [i, id] of slateIds.entries()) {
      await page.getByRole('button', { name: '添加 候选人' }).click();
      await session.ui.pick(page, `候选人 ${i + 1}`, names[id]!);
      await page.getByLabel(`姓氏笔画 ${i + 1}`, { exact: true }).fill(String(4 + i));
    }
  }

  /** Types the marks of `rows` ballots into the grid (keyboard only) after growing it to that many rows. */
  async function enterBallots(page: Page, marks: string[]): Promise<void> {
    const grid = page.getByRole('grid', { name: '选票录入' });
    if (marks.length > 1) {
      await page.getByLabel('批量新增', { exact: true }).fill(String(marks.length - 1));
      await page.getByRole('button', { name: '批量新增' }).click();
    }
    await grid.locator('input[data-cell="0:0"]').focus();
    for (const row of marks) await page.keyboard.type(row);
    await page.getByTestId('save-ballots').click();
    await page
      .getByTestId('ballots-returned')
      .filter({ hasText: `已收回选票 ${marks.length} 张` })
      .waitFor();
  }

  async function closeRound(page: Page): Promise<void> {
    const before = await page.getByTestId('tally').count();
    await page.getByTestId('close-round').click();
    await page.getByTestId('tally').nth(before).waitFor();
  }

  it('shows a broken establishment rule at the field, with the rule and its numbers', async () => {
    const names = await rosterNames('org-edu-oc');
    const clerk = await session.pageAs('u-clerk');
    await clerk.goto(`${session.stack.baseUrl}/start/establishment`);
    await clerk.getByLabel('拟成立党组织名称', { exact: true }).fill('两人党支部');
    await session.ui.pick(clerk, '上级党组织', '中共教育厅机关委员会');
    await session.ui.pick(clerk, '所在部门', '教育厅');
    await clerk.getByLabel('单位（处室）名称', { exact: true }).fill('基础教育处');
    await clerk.getByLabel('工作性质', { exact: true }).fill('教育行政');
    await clerk.getByLabel('在职人数', { exact: true }).fill('5');
    await clerk.getByLabel('成立依据', { exact: true }).fill('条例第七条');
    await clerk.getByLabel('成立理由', { exact: true }).fill('试行');
    await session.ui.date(clerk, '拟选举日期', plannedDate());
    await session.ui.pick(clerk, '党员名单', names['p-edu-01']!);
    await session.ui.pick(clerk, '党员名单', names['p-edu-02']!);
    await clerk.getByRole('button', { name: '提交', exact: true }).click();
    const fieldError = clerk
      .locator('.ant-form-item', { has: clerk.getByLabel('党员名单', { exact: true }) })
      .locator('.ant-form-item-explain-error');
    await fieldError.waitFor();
    const text = await fieldError.innerText();
    expect(text).toContain('RULES §B.1');
    expect(text).toMatch(/fullMembers = 2/);
    await screenshot(clerk, 'establishment-rule-at-field');
    expect(await axeScan(clerk, 'establishment-form')).toEqual([]);
  });

  it('runs an admission case through its first five steps, with an attachment and the dossier PDF', async () => {
    const clerk = await session.pageAs('u-sec-fin-budget');
    await clerk.goto(`${session.stack.baseUrl}/start/admission`);
    await session.ui.pick(clerk, '党支部', '预算处');
    await session.ui.pick(clerk, '申请人', '司马静怡');
    await session.ui.submitStart(clerk, /\/cases\/admission/);
    const caseId = 'admission:org-fin-budget-br:p-applicant-02';
    await clerk.getByTestId('admission-progress').waitFor();

    // E2 talk: the step's form (a person picker over the branch roster)
    await session.ui.openTaskFromInbox(clerk, /派人谈话/);
    await session.ui.pick(clerk, '谈话人', /p-fin-b04/);
    // evidence of the talk, uploaded with progress, listed with its step
    await clerk.locator('[data-testid="attachments"] input[type=file]').setInputFiles({
      name: '谈话记录.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% talk record\n%%EOF\n'),
    });
    await clerk.getByTestId('attachments').getByText('谈话记录.pdf').waitFor();
    // the upload re-reads the attachments, never the form: the talker picked before it is still there
    expect(await clerk.getByTestId('decision-panel').locator('.ant-select-content').first().innerText()).toContain(
      'p-fin-b04',
    );
    await clerk.getByRole('button', { name: '提交', exact: true }).click();
    await clerk.getByText('该待办已处理').waitFor();

    const committee = await session.pageAs('u-br-budget-approver');
    await session.ui.openTaskFromInbox(committee, /确定入党积极分子/);
    await committee.getByRole('button', { name: '同意', exact: true }).click();
    await committee.getByText('该待办已处理').waitFor();

    const upper = await session.pageAs('u-oc-approver');
    await session.ui.openTaskFromInbox(upper, /入党积极分子报上级党委备案/);
    await upper.getByRole('button', { name: '同意', exact: true }).click();
    await upper.getByText('该待办已处理').waitFor();

    await session.ui.openTaskFromInbox(clerk, /指定培养联系人/);
    await session.ui.pick(clerk, '培养联系人', /p-fin-b02/);
    await clerk.getByRole('button', { name: '提交', exact: true }).click();
    await clerk.getByText('该待办已处理').waitFor();

    await clerk.goto(`${session.stack.baseUrl}/cases/${encodeURIComponent(caseId)}`);
    const progress = clerk.getByTestId('admission-progress');
    await progress.getByText(/5\. /).first().waitFor();
    await screenshot(clerk, 'admission-progress');
    expect(await axeScan(clerk, 'admission-case')).toEqual([]);
    const [download] = await Promise.all([
      clerk.waitForEvent('download'),
      clerk.getByRole('button', { name: '下载纪实 PDF' }).click(),
    ]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const view = await session.http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, {
      token: session.tokens['u-admin'],
    });
    const decided = (view.body.timeline as { event: string; step: string }[])
      .filter((e) => e.event === 'task.decided')
      .map((e) => e.step);
    expect(decided).toEqual(expect.arrayContaining(['E2', 'E3', 'E4', 'E5']));
  });

  it('decides on a phone (390 px) without horizontal scrolling; an administrator finds the overdue case and cancels it', async () => {
    const started = await session.http.call('POST', '/api/cases/establishment', {
      token: session.tokens['u-clerk'],
      body: establishmentBody({ name: '超期测试党支部' }),
    });
    expect(started.status).toBe(201);
    const caseId = started.body.caseId as string;

    const phone = await session.pageAs('u-pg-edu', { width: 390, height: 844 });
    const row = phone.getByRole('link', { name: /党组研究决定：超期测试党支部/ });
    for (let i = 0; i < 40 && !(await row.isVisible()); i++) {
      await phone.waitForTimeout(500);
      if (i % 6 === 5) await phone.reload();
    }
    const noSideways = () => phone.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
    expect(await noSideways()).toBe(true);
    await screenshot(phone, 'inbox-phone');
    await row.click();
    await phone.getByTestId('decision-panel').waitFor();
    expect(await noSideways()).toBe(true);
    await screenshot(phone, 'task-phone');
    await phone.getByRole('button', { name: '同意', exact: true }).click();
    await phone.getByText('该待办已处理').waitFor();

    // the next step's deadline has passed (set in the projection: the drill of an overdue case)
    await session.http.eventually(async () => {
      const rows = await session.stack.database.db.select().from(tasks).where(eq(tasks.caseId, caseId));
      return rows.some((t) => t.step === 'C4' && t.status === 'open') ? true : undefined;
    }, 'C4 open');
    const past = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await session.stack.database.db.update(tasks).set({ dueAt: past }).where(eq(tasks.caseId, caseId));
    await session.stack.database.db
      .update(caseSummaries)
      .set({ dueAt: past })
      .where(inArray(caseSummaries.caseId, [caseId]));

    const admin = await session.pageAs('u-admin');
    await admin.goto(`${session.stack.baseUrl}/admin/cases`);
    await admin.getByRole('switch', { name: '超期' }).click();
    await admin.getByRole('link', { name: '成立超期测试党支部' }).waitFor();
    await screenshot(admin, 'admin-cases-overdue');
    expect(await axeScan(admin, 'admin-cases')).toEqual([]);
    await admin.getByRole('link', { name: '成立超期测试党支部' }).click();
    await admin.getByRole('button', { name: '取消事项' }).click();
    await admin.getByLabel('取消理由').fill('部门机构调整，不再成立');
    await admin.getByRole('button', { name: '确定' }).click();
    await admin.getByTestId('case-status').filter({ hasText: '已取消' }).waitFor();
    await screenshot(admin, 'case-cancelled');
    // an administrator reaches the workflow itself in the Temporal Web UI, from the case
    const webUi = await admin.getByRole('link', { name: '在 Temporal Web UI 中查看' }).getAttribute('href');
    expect(webUi).toMatch(/\/namespaces\/[^/]+\/workflows\/establishment%3Aorg-/);
    const view = await session.http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, {
      token: session.tokens['u-admin'],
    });
    expect(view.body).toMatchObject({ status: 'cancelled' });

    // the other administrator pages: term states (overdue elections), the organization tree, the dashboard
    await admin.goto(`${session.stack.baseUrl}/admin/terms`);
    await admin.getByRole('cell', { name: '中共教育厅人事处支部委员会' }).waitFor();
    await screenshot(admin, 'admin-terms-overdue');
    expect(await axeScan(admin, 'admin-terms')).toEqual([]);
    await admin.goto(`${session.stack.baseUrl}/admin/orgs`);
    await admin.getByRole('heading', { level: 1, name: '组织树' }).waitFor();
    await admin.getByText('中共财政厅预算处支部委员会').click();
    await admin.getByText('正式党员').first().waitFor();
    await screenshot(admin, 'admin-org-tree');
    expect(await axeScan(admin, 'admin-orgs')).toEqual([]);
    await admin.goto(`${session.stack.baseUrl}/admin/dashboard`);
    await admin.locator('canvas').first().waitFor();
    await screenshot(admin, 'admin-dashboard');
    expect(await axeScan(admin, 'admin-dashboard')).toEqual([]);
  });

  // Last: activating the new branch moves the members of 基础教育处 there, so no later request could take them.
  it('establishes a branch through the console only: request, party group and work committee in their inboxes, founding election, formal reply', async () => {
    const names = await rosterNames('org-edu-oc');
    const slate = ['p-edu-01', 'p-edu-02', 'p-edu-03', 'p-edu-04'];
    const clerk = await session.pageAs('u-clerk');
    await fillEstablishment(clerk, slate, names);
    expect(await clerk.getByTestId('roster-counts').innerText()).toMatch(/已选 16 人：正式党员 14 人，预备党员 2 人/);
    await clerk.getByLabel('委员名额（不设委员会填 0）', { exact: true }).fill('3');
    await screenshot(clerk, 'establishment-form');
    const caseId = await session.ui.submitStart(clerk, /\/cases\/establishment/);
    expect(caseId).toMatch(/^establishment:org-/);

    // C2: the party group opens the link of its notification mail; a double click on 同意 applies once.
    const mail = await session.http.eventually(
      async () =>
        session.stack.mails.find(
          (m) =>
            m.to.includes('u-pg-edu@example.gov.cn') &&
            m.text.includes('成立基础教育处党支部') &&
            m.text.includes('/tasks/'),
        ),
      'the C2 mail to the party group',
    );
    const link = /(\/tasks\/[^\s]+)/.exec(mail.text)![1]!;
    const group = await session.pageAs('u-pg-edu');
    await group.goto(`${session.stack.baseUrl}${link}`);
    await group.getByTestId('decision-panel').waitFor();
    await screenshot(group, 'task-c2');
    expect(await axeScan(group, 'task')).toEqual([]);
    await group.getByLabel('审批意见', { exact: true }).fill('党组会议研究同意');
    await group.getByRole('button', { name: '同意', exact: true }).dblclick();
    await group.getByText('该待办已处理').waitFor();
    const afterC2 = await session.http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, {
      token: session.tokens['u-admin'],
    });
    const c2Decisions = (afterC2.body.timeline as { event: string; step: string }[]).filter(
      (e) => e.event === 'task.decided' && e.step === 'C2',
    );
    expect(c2Decisions).toHaveLength(1);
    expect(await group.locator('[data-code]').count()).toBe(0); // no refusal shown

    // C4: the members' discussion of the slate (the step's own form).
    await session.ui.openTaskFromInbox(clerk, /候选人名单党员酝酿/);
    await session.ui.date(clerk, '酝酿日期', new Date().toISOString().slice(0, 10));
    await clerk.getByLabel('党员酝酿情况', { exact: true }).fill('全体党员酝酿同意');
    await clerk.getByRole('button', { name: '提交', exact: true }).click();
    await clerk.getByText('该待办已处理').waitFor();

    // C5: the organs work committee approves in its inbox.
    const committee = await session.pageAs('u-wc-approver');
    await session.ui.openTaskFromInbox(committee, /机关工委审批/, 'inbox');
    await committee.getByRole('button', { name: '同意', exact: true }).click();
    await committee.getByText('该待办已处理').waitFor();

    // C6–C7: the founding election, check-in with the live quorum, ballots by keyboard, tally.
    await clerk.goto(`${session.stack.baseUrl}/cases/${encodeURIComponent(caseId)}/election`);
    await clerk.getByTestId('check-in').waitFor();
    await clerk.getByRole('button', { name: '到会 ✓' }).click();
    await clerk.getByText('符合法定人数').first().waitFor();
    await screenshot(clerk, 'election-check-in');
    expect(await axeScan(clerk, 'election-check-in')).toEqual([]);
    await clerk.getByTestId('open-meeting').click();
    await clerk.getByTestId('open-round').waitFor();
    const present = Number(
      /实到 (\d+) 人/.exec((await clerk.getByTestId('quorum-numbers').first().innerText()) ?? '')?.[1],
    );
    expect(present).toBeGreaterThan(0);
    // the first three columns for, the fourth against: three seats filled in one round
    await enterBallots(
      clerk,
      Array.from({ length: present }, () => '1112'),
    );
    await closeRound(clerk);
    expect(await clerk.getByTestId('tally-explanation').first().innerText()).toContain('当选3人');
    await screenshot(clerk, 'election-tally');
    expect(await axeScan(clerk, 'election-tally')).toEqual([]);

    // the first committee meeting elects the secretary and the deputy
    await clerk.getByTestId('check-in').waitFor();
    await clerk.getByRole('button', { name: '到会 ✓' }).click();
    const elected = (await clerk.getByTestId('elected').innerText()).split('、');
    expect(elected).toHaveLength(3);
    await session.ui.pick(clerk, '书记候选人', elected[0]!);
    await session.ui.pick(clerk, '副书记候选人', elected[1]!);
    await clerk.getByText('符合法定人数').first().waitFor();
    await clerk.getByTestId('open-meeting').click();
    await clerk.getByTestId('open-round').waitFor();
    await enterBallots(clerk, ['1', '1', '1']);
    await closeRound(clerk);
    await enterBallots(clerk, ['1', '1', '1']);
    await closeRound(clerk);
    await clerk.getByTestId('election-phase').filter({ hasText: '选举完成' }).waitFor();

    // C9: the formal reply, then the organization is active.
    await session.ui.openTaskFromInbox(committee, /机关工委批复书记/);
    await committee.getByLabel('批复文号', { exact: true }).fill('工委〔2027〕3号');
    await committee.getByRole('button', { name: '同意', exact: true }).click();
    await committee.getByText('该待办已处理').waitFor();
    await committee.goto(`${session.stack.baseUrl}/cases/${encodeURIComponent(caseId)}`);
    await committee.getByTestId('case-status').filter({ hasText: '已办结' }).waitFor({ timeout: 30_000 });
    const orgId = caseId.split(':')[1]!;
    const org = await session.http.call('GET', `/api/orgs/${orgId}`, { token: session.tokens['u-admin'] });
    expect(org.body).toMatchObject({ id: orgId, status: 'active', hasCommittee: true });
  });
});
