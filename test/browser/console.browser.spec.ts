import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startE2eStack, type E2eStack } from '../e2e/harness/e2e-stack';
import { httpClient } from '../e2e/harness/http-client';
import { axeScan, launchChromium, screenshot, type Browser } from './harness/chromium';
import { consolePages } from './harness/console-pages';

jest.setTimeout(240_000);

const WEB_ROOT = resolve(__dirname, '../../apps/web/dist');

describe('the web console in Chromium against the real stack (dev server, worker, API, PGlite)', () => {
  let stack: E2eStack;
  let browser: Browser;
  let http: ReturnType<typeof httpClient>;
  let ui: ReturnType<typeof consolePages>;
  const tokens: Record<string, string> = {};
  const pages: Page[] = [];

  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'pglite', env: { WEB_ROOT } });
    http = httpClient(stack.baseUrl);
    ui = consolePages(stack.baseUrl);
    for (const user of ['u-clerk', 'u-pg-edu', 'u-wc-approver', 'u-admin']) tokens[user] = await http.token(user);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function pageAs(userId: string): Promise<Page> {
    const page = await browser.context.newPage();
    pages.push(page);
    page.on('pageerror', (err) => process.stderr.write(`[${userId}] page error: ${err.message}\n`));
    await ui.signIn(page, userId);
    return page;
  }

  it('signs in from the list of demo users and shows the inbox (axe: no serious violations)', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.getByRole('button', { name: '登录 u-admin', exact: true }).waitFor();
    await screenshot(page, 'sign-in');
    expect(await axeScan(page, 'sign-in')).toEqual([]);
    const inbox = await pageAs('u-clerk');
    await inbox.getByRole('tab', { name: /待办/ }).waitFor();
    await screenshot(inbox, 'inbox-empty');
    expect(await axeScan(inbox, 'inbox')).toEqual([]);
    await page.close();
  });
});
