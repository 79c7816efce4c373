// Debian's Chromium driven by playwright-core (no downloaded browser), and screenshots saved as
// test artifacts under .reports/e2e/.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '@gt/testing';

export const SCREENSHOT_DIR = path.join(repoRoot, '.reports', 'e2e');

/** The Chromium executable, installed first when missing and allowed (tools/e2e/ensure-chromium.sh). */
export function chromiumPath(): string {
  return execFileSync('bash', [path.join(repoRoot, 'tools/e2e/ensure-chromium.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A full-page PNG at .reports/e2e/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}
