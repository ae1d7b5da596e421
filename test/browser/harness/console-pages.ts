import type { Locator, Page } from 'playwright-core';
import { screenshot } from './chromium';

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

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
    // the select around the input shows what was picked (a single value or a multiple's tags)
    const select = input.locator(
      'xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
    );
    const open = page.locator('.ant-select-dropdown:visible');
    const shows = async () => {
      const text = await select.innerText().catch(() => '');
      return typeof option === 'string' ? text.includes(option) : option.test(text);
    };
    const already = await shows();
    for (let attempt = 0; ; attempt++) {
      // the previous pick's dropdown fades out after Escape: while it is still visible it would be taken for this one
      await open.first().waitFor({ state: 'hidden' });
      const item = open
        .last()
        .locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper')
        .filter({ hasText: option })
        .first();
      await input.click();
      if (typeof option === 'string' && (await input.isEditable())) await input.fill(option);
      try {
        await item.waitFor({ timeout: 5_000 });
        await item.click();
        await page.keyboard.press('Escape');
        // a click that lands while the list re-renders closes it without choosing: check the choice took
        if (already || (await waitUntil(shows, 2_000))) {
          if (attempt > 0) console.warn(`pick ${label}: ${String(option)} took at attempt ${attempt + 1}`);
          return;
        }
        if (attempt >= 8) throw new Error(`${label}: ${String(option)} was clicked but the field does not show it`);
      } catch (err) {
        if (attempt >= 8) throw err;
        await page.keyboard.press('Escape');
      }
    }
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
      const busy = await page
        .locator('button.ant-btn-loading')
        .count()
        .catch(() => 0);
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
