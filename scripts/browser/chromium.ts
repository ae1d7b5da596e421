import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** The flags every Chromium run of the project uses (no network chatter, no first-run UI, no GPU, no QUIC). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Debian's Chromium (scripts/ensure-chromium.sh installs it; CHROME_PATH overrides) through playwright-core, with a
 * fresh profile folder that is removed on close. A missing or broken browser throws with the reason (the browser
 * tests fail rather than skip).
 */
export async function launchChromium(
  opts: { viewport?: { width: number; height: number } } = {},
): Promise<LaunchedChromium> {
  const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: run \`bash scripts/ensure-chromium.sh\` (apt-get install chromium) ` +
        'or set CHROME_PATH to a Chromium binary. The browser tests do not skip.',
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'branchflow-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: opts.viewport ?? { width: 1366, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
      timeout: 60_000,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`Chromium (${executablePath}) did not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  context.setDefaultTimeout(30_000);
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
