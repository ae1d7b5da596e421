import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startE2eStack, type E2eStack } from '../../e2e/harness/e2e-stack';
import { httpClient } from '../../e2e/harness/http-client';
import { launchChromium, screenshot, type Browser } from './chromium';
import { consolePages } from './console-pages';

const WEB_ROOT = resolve(__dirname, '../../../apps/web/dist');

export interface ConsoleSession {
  readonly stack: E2eStack;
  readonly http: ReturnType<typeof httpClient>;
  readonly ui: ReturnType<typeof consolePages>;
  readonly browser: Browser;
  /** a bearer token for each of the session's users */
  readonly tokens: Record<string, string>;
  /**
   * A new page signed in as `userId` (at `viewport`, e.g. a phone's, before it signs in); page errors go to stderr and
   * its last state is kept as a screenshot.
   */
  pageAs(userId: string, viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * The whole stack serving the built console (dev server, worker, API, PGlite) and Debian's Chromium, for one describe
 * of the browser tier: started in its beforeAll (then `setup`), stopped in its afterAll (after `teardown`), with the
 * last state of every page kept under test/browser/artifacts as `<name>-last-page-<n>` — the first thing to look at
 * after a failure.
 */
export function consoleSession(
  name: string,
  opts: {
    users: readonly string[];
    setup?: (session: ConsoleSession) => Promise<void>;
    teardown?: (session: ConsoleSession) => Promise<void>;
  },
): ConsoleSession {
  let started:
    | { stack: E2eStack; http: ReturnType<typeof httpClient>; ui: ReturnType<typeof consolePages>; browser?: Browser }
    | undefined;
  const tokens: Record<string, string> = {};
  const pages: Page[] = [];
  const running = () => {
    if (!started) throw new Error(`console session ${name}: used before its beforeAll started the stack`);
    return started;
  };
  const session: ConsoleSession = {
    get stack() {
      return running().stack;
    },
    get http() {
      return running().http;
    },
    get ui() {
      return running().ui;
    },
    get browser() {
      const browser = running().browser;
      if (!browser) throw new Error(`console session ${name}: Chromium not launched yet`);
      return browser;
    },
    tokens,
    async pageAs(userId: string, viewport?: { width: number; height: number }): Promise<Page> {
      const page = await session.browser.context.newPage();
      pages.push(page);
      if (viewport) await page.setViewportSize(viewport);
      page.on('pageerror', (err) => process.stderr.write(`[${userId}] page error: ${err.message}\n`));
      await running().ui.signIn(page, userId);
      return page;
    },
  };

  beforeAll(async () => {
    const stack = await startE2eStack({ lane: 'pglite', env: { WEB_ROOT } });
    const http = httpClient(stack.baseUrl);
    started = { stack, http, ui: consolePages(stack.baseUrl) };
    for (const user of opts.users) tokens[user] = await http.token(user);
    await opts.setup?.(session);
    started.browser = await launchChromium();
  });
  afterAll(async () => {
    for (const [i, page] of pages.entries())
      await screenshot(page, `${name}-last-page-${i + 1}`).catch(() => undefined);
    await started?.browser?.close();
    if (started) await opts.teardown?.(session).catch(() => undefined);
    await started?.stack.stop();
  });
  return session;
}
