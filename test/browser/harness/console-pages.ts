import type { Locator, Page } from 'playwright-core';
import { screenshot } from './chromium';

/** Thin helpers over the console's pages, by role and label as a user finds them. */
export function consolePages(baseUrl: string) {
  async function signIn(page: Page, userId: string): Promise<void> {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('button', { name: `登录 ${userId}`, exact: true }).click();
    await page.waitForURL(/\/inbox/);
    await page.getByTestId('signed-in-user').filter({ hasText: /\S/ }).waitFor();
  }

  /**
   * antd Select / TreeSelect: open by its label, type to filter (searchable ones), pick the option by its text. The
   * options may still be loading (a roster, a tree): the dropdown is reopened until the option is there.
   */
  async function pick(page: Page, label: string, option: string | RegExp, scope: Page | Locator = page): Promise<void> {
    const input = scope.getByLabel(label, { exact: true });
    const open = page.locator('.ant-select-dropdown:visible');
    // the previous pick's dropdown fades out after Escape: while it is still visible it would be taken for this one
    await open.first().waitFor({ state: 'hidden' });
    const dropdown = open.last();
    const item = dropdown
      .locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper')
      .filter({ hasText: option })
      .first();
    for (let attempt = 0; ; attempt++) {
      await input.click();
      if (typeof option === 'string' && (await input.isEditable())) await input.fill(option);
      try {
        await item.waitFor({ timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt >= 8) throw err;
        await page.keyboard.press('Escape');
        await open.first().waitFor({ state: 'hidden' });
      }
    }
    await item.click();
    await page.keyboard.press('Escape');
  }

  /** antd DatePicker: type the date (YYYY-MM-DD) and confirm. */
  async function date(page: Page, label: string, value: string, scope: Page | Locator = page): Promise<void> {
    const input = scope.getByLabel(label, { exact: true });
    await input.click();
    await input.fill(value);
    await input.press('Enter');
  }

  /**
   * Submits a start form and waits for its case page. When the page does not come, the failure says what the form
   * shows instead (field errors, the API's refusal, a button still busy) rather than a bare navigation timeout.
   */
  async function submitStart(page: Page, casePage: RegExp, timeout = 45_000): Promise<string> {
    await page.getByRole('button', { name: '提交', exact: true }).click();
    try {
      await page.waitForURL(casePage, { timeout });
    } catch (err) {
      const shown = await page
        .locator('.ant-form-item-explain-error, #start-problem, .ant-message-notice')
        .allInnerTexts()
        .catch(() => []);
      const busy = await page.locator('button.ant-btn-loading').count().catch(() => 0);
      await screenshot(page, 'start-form-not-submitted').catch(() => undefined);
      throw new Error(
        `the start form did not open ${String(casePage)} within ${timeout} ms (at ${page.url()}); ` +
          `the form shows: ${JSON.stringify(shown)}${busy ? ', submit still busy' : ''}; ${(err as Error).message}`,
      );
    }
    return decodeURIComponent(page.url().split('/cases/')[1]!);
  }

  /** Opens a task from the inbox (polling while the workflow projects it); `shot` keeps a screenshot of the inbox. */
  async function openTaskFromInbox(page: Page, title: string | RegExp, shot?: string): Promise<void> {
    await page.goto(`${baseUrl}/inbox`);
    const link = page.getByRole('link', { name: title }).first();
    for (let i = 0; i < 60 && !(await link.isVisible()); i++) {
      await page.waitForTimeout(500);
      if (i % 6 === 5) await page.reload();
    }
    if (shot) await screenshot(page, shot);
    await link.click();
    await page.getByTestId('decision-panel').waitFor();
  }

  return { signIn, pick, date, submitStart, openTaskFromInbox };
}
