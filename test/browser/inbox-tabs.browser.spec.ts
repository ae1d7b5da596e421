import type { Locator, Page } from 'playwright-core';
import { establishmentBody, establishmentDriver } from '../e2e/harness/establishment-driver';
import { axeScan, screenshot } from './harness/chromium';
import { consoleSession } from './harness/console-session';

jest.setTimeout(240_000);

const CLERK = 'u-clerk';
const GROUP = 'u-pg-edu';

/**
 * The inbox beyond 待办 (issue 9): after a decision the approver finds it under 已办, the clerk finds the cases filed
 * under 我发起的, and marking a notification read lowers the unread badge (and stays read after a reload). The cases
 * are started and decided over the API: the forms and the decision panel have their own specs.
 */
describe('the inbox tabs 已办 / 我发起的 / 通知 in Chromium against the real stack', () => {
  const session = consoleSession('inbox-tabs', { users: [CLERK, GROUP] });

  /** Waits until `locator` shows, reloading now and then while the workers project what the API accepted. */
  async function untilShown(page: Page, locator: Locator): Promise<void> {
    for (let i = 0; i < 60 && !(await locator.isVisible()); i++) {
      await page.waitForTimeout(500);
      if (i % 6 === 5) await page.reload();
    }
    await locator.waitFor();
  }

  /** The unread count on the 通知 tab: the badge's number, 0 when it shows none. */
  async function unreadBadge(page: Page): Promise<number> {
    const badge = page.getByRole('tab', { name: /通知/ }).locator('.ant-badge-count');
    if (!(await badge.isVisible())) return 0;
    return Number(await badge.getAttribute('title'));
  }

  async function untilBadge(page: Page, expected: number): Promise<void> {
    for (let i = 0; i < 40 && (await unreadBadge(page)) !== expected; i++) await page.waitForTimeout(250);
    expect(await unreadBadge(page)).toBe(expected);
  }

  it('lists the decided task under 已办, the filed cases under 我发起的, and marking a notification read lowers the badge', async () => {
    const driver = establishmentDriver(session.http, session.tokens);
    const caseIds: string[] = [];
    for (const name of ['已办测试党支部', '通知测试党支部']) {
      const started = await session.http.call('POST', '/api/cases/establishment', {
        token: session.tokens[CLERK],
        body: establishmentBody({ name }),
      });
      expect(started.status).toBe(201);
      caseIds.push(started.body.caseId as string);
    }
    const [decidedCase, openCase] = caseIds as [string, string];
    const c2 = await driver.openTask(GROUP, decidedCase, 'C2');
    await driver.openTask(GROUP, openCase, 'C2');
    const decided = await driver.decide(GROUP, decidedCase, c2.taskId, {
      outcome: 'approve',
      comment: '党组会议研究同意',
    });
    expect(decided.status).toBe(200);

    // 已办: the approver's decided task with its outcome; the other case's task is still 待办, not here
    const group = await session.pageAs(GROUP);
    await group.getByRole('tab', { name: /已办/ }).click();
    await group.waitForURL(/tab=done/);
    const done = group.getByRole('tabpanel', { name: /已办/ });
    const doneRow = done.locator('.ant-table-row').filter({ hasText: '党组研究决定：已办测试党支部' });
    await untilShown(group, doneRow);
    expect(await doneRow.innerText()).toContain('同意');
    expect(await done.getByRole('link', { name: /党组研究决定：通知测试党支部/ }).count()).toBe(0);
    await screenshot(group, 'inbox-done');
    expect(await axeScan(group, 'inbox-done')).toEqual([]);

    // 通知: one unread notification per C2 task; marking one read lowers the badge by one, also after a reload
    await group.getByRole('tab', { name: /通知/ }).click();
    await group.waitForURL(/tab=notifications/);
    const notifications = group.getByRole('tabpanel', { name: /通知/ });
    await untilShown(group, notifications.getByRole('button', { name: '标为已读' }).nth(1));
    const before = await unreadBadge(group);
    expect(before).toBeGreaterThanOrEqual(2);
    await screenshot(group, 'inbox-notifications');
    expect(await axeScan(group, 'inbox-notifications')).toEqual([]);
    await notifications.getByRole('button', { name: '标为已读' }).first().click();
    await untilBadge(group, before - 1);
    await notifications.getByText('已读', { exact: true }).first().waitFor();
    await group.reload();
    await notifications.getByRole('button', { name: '标为已读' }).first().waitFor();
    await untilBadge(group, before - 1);
    const stored = await session.http.call('GET', '/api/notifications', { token: session.tokens[GROUP] });
    const unread = (stored.body as { readAt: string | null }[]).filter((n) => !n.readAt);
    expect(unread).toHaveLength(before - 1);

    // 我发起的: the clerk's two cases, each with its status, linking to the case page
    const clerk = await session.pageAs(CLERK);
    await clerk.getByRole('tab', { name: /我发起的/ }).click();
    await clerk.waitForURL(/tab=mine/);
    const mine = clerk.getByRole('tabpanel', { name: /我发起的/ });
    for (const name of ['已办测试党支部', '通知测试党支部']) {
      const row = mine.locator('.ant-table-row').filter({ hasText: `成立${name}` });
      await untilShown(clerk, row);
      expect(await row.innerText()).toContain('办理中');
    }
    await screenshot(clerk, 'inbox-mine');
    expect(await axeScan(clerk, 'inbox-mine')).toEqual([]);
    await mine.getByRole('link', { name: '成立已办测试党支部' }).click();
    await clerk.waitForURL(new RegExp(`/cases/${encodeURIComponent(decidedCase)}`));
    await clerk.getByTestId('case-status').filter({ hasText: '办理中' }).waitFor();

    // English: the header's one switch turns the console's words to English, and it stays so after a reload
    await clerk.getByRole('button', { name: '切换语言' }).click();
    await clerk.getByTestId('case-status').filter({ hasText: 'In progress' }).waitFor();
    await clerk.goBack();
    await clerk.reload();
    await clerk.getByRole('tab', { name: /Submitted by me/ }).waitFor();
    await clerk.getByRole('button', { name: 'Switch language' }).click();
    await clerk.getByRole('tab', { name: /我发起的/ }).waitFor();
  });
});
