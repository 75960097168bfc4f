// Helpers shared by the browser test files: demo logins, sign-in, API calls from the page, axe-core.
import { assert } from './harness.mjs';
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// Serious and critical accessibility problems found by axe-core on the current page.
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const logins = JSON.parse(process.env.GIAI_LOGINS ?? '[]');
export const login = (role, org = 1) => {
  const l = logins.find((x) => x.role === role && x.email.includes(`org${org}.`)) ?? logins.find((x) => x.role === role);
  if (!l) throw new Error(`no demo login for ${role}`);
  return l;
};

// Signs in with a demo login ({email, password}), signing out first whoever is signed in.
export async function signInWith(page, l) {
  await page.goto('/');
  await page.waitForSelector('#sign-out, #email');
  if (await page.isVisible('#sign-out')) await page.click('#sign-out');
  await page.waitForSelector('#email');
  await page.fill('#email', l.email);
  await page.fill('#password', l.password);
  await page.click('#signin-submit');
  await page.waitForSelector('#who');
}

// The demo user of `role` in organisation `org` (1-3).
export const signInAs = (page, role, org = 1) => signInWith(page, login(role, org));

export async function signIn(page, role) {
  const l = login(role);
  await page.goto('/');
  await page.fill('#email', l.email);
  await page.fill('#password', l.password);
  await page.click('#signin-submit');
  await page.waitForSelector('#who');
}

// Calls the API from the page, with the session cookie and the CSRF token.
export async function api(page, method, path, body, headers = {}) {
  return page.evaluate(async ({ method, path, body, headers }) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const res = await fetch(`/api/v1${path}`, {
      method, body: body ? JSON.stringify(body) : undefined,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, ...headers },
    });
    return { status: res.status, etag: res.headers.get('ETag'), json: await res.json().catch(() => null) };
  }, { method, path, body, headers });
}

export async function firstWhere(page, collection, pred) {
  const r = await api(page, 'GET', `/${collection}?limit=500`);
  const found = r.json.items.find(pred);
  assert(found, `a demo ${collection} record matching the test's needs`);
  return found;
}

