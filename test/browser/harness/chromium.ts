import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export { CHROMIUM_ARGS, launchChromium, type LaunchedChromium as Browser } from '../../../scripts/browser/chromium';

export const ARTIFACTS = resolve(__dirname, '../artifacts');

/** A full-page screenshot kept as a test artifact (test/browser/artifacts/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * axe-core over the page (WCAG 2.1 A/AA and best practice); returns the serious and critical violations (none
 * expected) and keeps the whole result next to the screenshots.
 */
export async function axeScan(page: Page, name: string): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // A toast (antd message, 3 s) fading in or out has its colours at part opacity, which axe measures as low contrast:
  // the page is scanned once the toasts are gone, as a user reads it.
  await page
    .locator('.ant-message-notice')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${name}.axe.json`), JSON.stringify(result.violations, null, 2));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}
