// Browser tests of the grants officer's programme forms: a fund with weighted criteria, a call,
// Q&A published on it, the auditors' export, and the closure of an agreement.
import { test, assert, assertEqual } from './harness.mjs';
import { axeViolations, api, login, signInWith } from './helpers.mjs';

const stamp = Date.now();

async function signInAs(page, role, n = 0) {
  await signInWith(page, JSON.parse(process.env.GIAI_LOGINS ?? '[]').filter((x) => x.role === role)[n] ?? login(role));
}

test('programme: a fund with weighted criteria, a call, Q&A published, the auditors\' export', async ({ page }) => {
  await signInAs(page, 'grants');
  await page.click('#new-fund');
  const name = `Fund ${stamp}`;
  await page.fill('#f-name', name);
  await page.fill('#f-envelope', '250000');
  await page.fill('#f-activities', 'documentation, psychosocial support');
  await page.fill('#f-categories', 'local NGO, community group');
  await page.fill('#f-crit-0', 'Relevance');
  await page.fill('#f-weight-0', '60');
  await page.fill('#f-crit-1', 'Capacity');
  await page.fill('#f-weight-1', '30');
  assert((await page.textContent('#f-criteria-total')).includes('90'), 'the running total of weights');
  await page.click('#fund-form-save');
  await page.waitForSelector('#fund-form .field-error');
  assert((await page.textContent('#fund-form .field-error')).includes('100'), 'weights not adding up to 100 refused by the field');
  assertEqual((await axeViolations(page)).join('\n'), '', 'axe-core on the fund form');
  await page.fill('#f-weight-1', '40');
  await page.click('#fund-form-save');
  await page.waitForSelector('#fund-form', { state: 'detached' });
  const fund = (await api(page, 'GET', '/grant-funds')).json.items.find((f) => f.name === name);
  assert(fund && fund.criteria.map((c) => c.weight).join() === '60,40', 'the fund with its criteria');
  // The list reloads after the form closes: wait for the new fund rather than sampling once.
  await page.waitForSelector(`#fund-${fund.id}`);
  // A call of that fund, as a draft.
  await page.click(`#new-call-${fund.id}`);
  const day = 86400000;
  const local = (t) => new Date(t - new Date(t).getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  await page.fill(`#cl-title-${fund.id}`, `Call ${stamp}`);
  await page.fill(`#cl-opens-${fund.id}`, local(Date.now() - day));
  await page.fill(`#cl-deadline-${fund.id}`, local(Date.now() + 30 * day));
  await page.fill(`#cl-redress-${fund.id}`, 'Write to the programme board within 30 days.');
  await page.click(`#call-form-save-${fund.id}`);
  await page.waitForSelector('#call-title');
  assertEqual((await page.textContent('#call-title')).trim(), `Call ${stamp}`, 'the call page after creation');
  assertEqual((await page.textContent('#call-state')).trim(), 'Draft', 'a new call is a draft');
  // Q&A: published on the call for every applicant.
  await page.fill('#qa-question', 'May a network of groups apply together?');
  await page.fill('#qa-answer', 'Yes, with one lead applicant.');
  await page.click('#qa-save');
  await page.waitForSelector('#call-qa');
  assert((await page.textContent('#call-qa')).includes('one lead applicant'), 'the answer is published');
  const callId = page.url().split('/').pop();
  assertEqual((await api(page, 'GET', `/grant-calls/${callId}`)).json.questions.length, 1, 'stored on the call');
  // The auditors' export, with a purpose.
  await page.goto('/grants');
  await page.click(`#export-${fund.id}-open`);
  await page.fill(`#export-${fund.id}-purpose`, 'annual audit (test)');
  await page.click(`#export-${fund.id}-purpose ~ .actions button[type=submit]`);
  await page.waitForSelector(`#export-save-${fund.id}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#export-save-${fund.id}`)]);
  const file = JSON.parse(await (await import('node:fs/promises')).readFile(await download.path(), 'utf8'));
  assertEqual(file.fund.id, fund.id, 'the export holds the fund');
  assert(Array.isArray(file.audit) && file.audit.length > 0, 'with its audit events');
}, { bypassCSP: true, acceptDownloads: true });

test('programme: closure refused without an approved final report, and a closed agreement shows its closure', async ({ page }) => {
  await signInAs(page, 'grants');
  const apps = (await api(page, 'GET', '/grant-applications')).json.items.filter((a) => a.agreement_id);
  const agreements = await Promise.all(apps.map(async (a) => (await api(page, 'GET', `/grant-agreements/${a.agreement_id}`)).json));
  const signed = agreements.find((a) => a.state === 'signed');
  const closed = agreements.find((a) => a.state === 'closed');
  assert(signed && closed, 'the demo programme has a signed and a closed agreement');
  // Nothing is closed without the confirmation; the server's refusal is shown.
  await page.goto(`/grants/agreements/${signed.id}`);
  await page.waitForSelector('#closure-form');
  assert(await page.isDisabled('#closure-save'), 'closing needs the explicit confirmation');
  await page.check('#cz-confirm');
  await page.click('#closure-save');
  await page.waitForSelector('#closure-error');
  assert((await page.textContent('#closure-error')).includes('final report'), `refused without an approved final report: ${await page.textContent('#closure-error')}`);
  assertEqual((await api(page, 'GET', `/grant-agreements/${signed.id}`)).json.state, 'signed', 'still signed');
  // The closed agreement: settlement, amount paid, retention date in words.
  await page.goto(`/grants/agreements/${closed.id}`);
  await page.waitForSelector('#closure-facts');
  assert(!(await page.isVisible('#closure-form')), 'no closure form on a closed agreement');
  const year = new Date().getUTCFullYear() + 10;
  assert((await page.textContent('#closure-retain')).includes(String(year)), `kept for the retention period: ${await page.textContent('#closure-retain')}`);
});
