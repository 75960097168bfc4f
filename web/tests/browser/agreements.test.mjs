// Browser tests of the register of data-sharing agreements: a legal officer registers one (a
// server field error first), the share form offers it, it is terminated behind a confirmation
// and no longer offered; documenters read the register without the actions.
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, login } from './helpers.mjs';

const stamp = Date.now();

async function signInAs(page, role, org = 1) {
  const l = login(role, org);
  await page.goto('/');
  await page.waitForSelector('#sign-out, #email');
  if (await page.isVisible('#sign-out')) await page.click('#sign-out');
  await page.waitForSelector('#email');
  await page.fill('#email', l.email);
  await page.fill('#password', l.password);
  await page.click('#signin-submit');
  await page.waitForSelector('#who');
}

const offered = (page, id) => page.$$eval('#sh-agreement option', (o, id) => o.some((x) => x.value === id), id);

test('agreements: registered with a field error first, offered to shares, terminated, read by documenters', async ({ page }) => {
  await signInAs(page, 'legal');
  await page.click('#nav-shares');
  await page.click('#agreements-link');
  await page.waitForSelector('#agreements-title');
  await page.click('#new-agreement');
  const title = `Agreement ${stamp}`;
  await page.fill('#ag-title', title);
  await page.waitForSelector('#agreement-form input[id^="ag-party-org_"]');
  const party = await page.$eval('#agreement-form input[id^="ag-party-org_"]', (i) => i.id.slice('ag-party-'.length));
  await page.check(`#ag-party-${party}`);
  await page.check('#ag-scope-contribute');
  await page.fill('#ag-reference', `REG-${stamp}`);
  // An end before the start: the server's refusal is shown by the field.
  await page.fill('#ag-starts', '2026-01-10');
  await page.fill('#ag-ends', '2026-01-01');
  await page.click('#agreement-save');
  await page.waitForSelector('#ag-ends-error');
  assert((await page.textContent('#ag-ends-error')).includes('before starts_on'), 'the end date is refused by its field');
  const today = new Date().toISOString().slice(0, 10);
  await page.fill('#ag-starts', today);
  await page.fill('#ag-ends', `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`);
  await page.click('#agreement-save');
  await page.waitForSelector('#agreements-notice');
  const row = await page.waitForSelector(`#agreement-table tr:has-text("${title}")`);
  const id = await row.getAttribute('data-agreement');
  const text = await row.textContent();
  assert(text.includes('In force') && text.includes('Read and contribute') && text.includes(`REG-${stamp}`), `the register row: ${text}`);
  await page.screenshot({ path: `${RESULTS_DIR}agreements.png`, fullPage: true });
  // The share form offers it for that recipient and a scope it covers.
  await page.goto('/shares/new');
  await page.waitForSelector(`#sh-recipient option[value="${party}"]`, { state: 'attached' });
  await page.selectOption('#sh-recipient', party);
  await page.check('#sh-scope-contribute');
  await page.waitForSelector(`#sh-agreement option[value="${id}"]`, { state: 'attached' });
  // Terminated behind a confirmation that says what it does; the state follows.
  await page.goto('/agreements');
  await page.click(`#terminate-${id}`);
  assert((await page.textContent(`#agreement-table tr[data-agreement="${id}"] .confirm`)).includes('cannot be undone'), 'the confirmation says it is final');
  await page.click(`#terminate-yes-${id}`);
  await page.waitForSelector(`#agreement-table tr[data-agreement="${id}"] .agreement-state.terminated`);
  assert(!(await page.$(`#terminate-${id}`)), 'no termination offered twice');
  await page.goto('/shares/new');
  await page.waitForSelector(`#sh-recipient option[value="${party}"]`, { state: 'attached' });
  await page.selectOption('#sh-recipient', party);
  await page.check('#sh-scope-contribute');
  await page.waitForSelector('#sh-agreement option', { state: 'attached' });
  assert(!(await offered(page, id)), 'a terminated agreement is no longer offered');
  // Documenters read the register (to cite an agreement) without the actions; the server agrees.
  await signInAs(page, 'documenter');
  await page.goto('/agreements');
  await page.waitForSelector(`#agreement-table tr[data-agreement="${id}"]`);
  assert(!(await page.$('#new-agreement')) && !(await page.$('[id^="terminate-"]')), 'no register actions for documenters');
  assertEqual((await api(page, 'POST', '/agreements', { title: 'x', parties: [party], scopes: ['contribute'], starts_on: today, ends_on: today, document: { reference: 'x' } })).status, 403, 'the server refuses documenters');
});

test('agreements: an administrator registers one by organisation identifier; Arabic and accessibility', async ({ page }) => {
  await signInAs(page, 'legal');
  const party = (await api(page, 'GET', '/shares/recipients')).json.items[0].id;
  await signInAs(page, 'admin');
  await page.goto('/agreements');
  await page.click('#new-agreement');
  // Administrators have no directory of organisations: the other parties are typed.
  await page.waitForSelector('#ag-party-ids');
  const title = `Admin agreement ${stamp}`;
  await page.fill('#ag-title', title);
  await page.fill('#ag-party-ids', party);
  await page.fill('#ag-reference', `ADM-${stamp}`);
  await page.uncheck('#ag-in-force');
  await page.click('#agreement-save');
  const row = await page.waitForSelector(`#agreement-table tr:has-text("${title}")`);
  assert((await row.textContent()).includes('Draft'), 'kept as a draft');
  const problems = [];
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.click('#new-agreement');
    await page.waitForSelector('#agreement-form');
    problems.push(...(await axeViolations(page)).map((v) => `${lang}: ${v}`));
    await page.click('#agreement-form button.secondary');
  }
  assertEqual(await page.getAttribute('html', 'dir'), 'rtl', 'right-to-left');
  assertEqual((await page.textContent('#agreements-title')).trim(), 'اتفاقات مشاركة البيانات', 'title in Arabic');
  await page.screenshot({ path: `${RESULTS_DIR}agreements-ar.png`, fullPage: true });
  assertEqual(problems.length, 0, `axe-core: ${problems.join('; ')}`);
}, { bypassCSP: true });
