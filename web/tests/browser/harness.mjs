// A minimal test runner for the browser tests: sequential tests, one shared Chromium, a fresh
// browser context per test, "ok" / "not ok" lines and a JSON summary for scripts/test.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';

const tests = [];
// options: extra browser-context options for this test (e.g. bypassCSP to inject axe-core).
export function test(name, fn, options = {}) { tests.push({ name, fn, options }); }

export const RESULTS_DIR = new URL('../../test-results/', import.meta.url).pathname;

export async function run({ baseURL, summaryFile }) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let passed = 0;
  let failed = 0;
  // ONLY=<regex> runs the matching tests alone (while working on a screen).
  const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
  for (const { name, fn, options } of tests.filter((x) => !only || only.test(x.name))) {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-GB', ...options });
    context.setDefaultTimeout(15000);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const started = Date.now();
    try {
      await fn({ page, context, baseURL });
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      passed++;
      console.log(`ok - ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${name}\n  ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n  ')}`);
      const file = `${RESULTS_DIR}failed-${name.replace(/\W+/g, '-')}.png`;
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    } finally {
      await context.close();
    }
  }
  await browser.close();
  if (summaryFile) writeFileSync(summaryFile, JSON.stringify({ passed, failed }));
  return { passed, failed };
}

export function assert(cond, message) { if (!cond) throw new Error(`assertion failed: ${message}`); }
export function assertEqual(actual, expected, message) {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
