// Browser tests of the sub-granting corrections: a report sent back and resubmitted as a new
// version, an award released and filled from the reserve list, fund and call edits. Each test
// creates its data through the API where the screens' path to it is long.
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, signInAs, signInWith } from './helpers.mjs';

const logins = JSON.parse(process.env.GIAI_LOGINS ?? '[]');
const stamp = Date.now();
const applicants = logins.filter((x) => x.role === 'applicant');

// The demo applicant whose organisation can open `path` (the grantee of an agreement).
async function signInAsGrantee(page, path) {
  for (const l of applicants) {
    await signInWith(page, l);
    if ((await api(page, 'GET', path)).status === 200) return l;
  }
  throw new Error(`no demo applicant reaches ${path}`);
}

async function axeOn(page, selector) {
  const problems = [];
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.waitForSelector(selector);
    problems.push(...(await axeViolations(page)).map((v) => `${lang}: ${v}`));
  }
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  return problems;
}

test('sub-granting: a report sent back with a comment is corrected and resubmitted as version 2', async ({ page }) => {
  await signInAs(page, 'grants');
  const apps = (await api(page, 'GET', '/grant-applications')).json.items.filter((a) => a.agreement_id);
  let ag = null;
  for (const a of apps) {
    const x = (await api(page, 'GET', `/grant-agreements/${a.agreement_id}`)).json;
    if (x.state === 'signed') { ag = x; break; }
  }
  assert(ag, 'a signed demo agreement');
  await signInAsGrantee(page, `/grant-agreements/${ag.id}`);
  const period = `P-${stamp}`;
  const sent = await api(page, 'POST', `/grant-agreements/${ag.id}/reports`, { type: 'narrative', period, narrative: 'First draft of the narrative.' });
  assertEqual(sent.status, 201, `report submitted: ${JSON.stringify(sent.json)}`);
  const id = sent.json.id;
  // The officer sends it back from the screen, with the comment the server requires.
  await signInAs(page, 'grants');
  await page.goto(`/grants/agreements/${ag.id}`);
  await page.click(`#request-changes-${id}`);
  await page.fill(`#review-comment-${id}`, `Say which hearings (${stamp})`);
  await page.click(`#send-back-${id}`);
  await page.waitForFunction((id) => document.querySelector(`[data-report="${id}"]`)?.textContent.includes('Changes requested'), id);
  // The grantee corrects it: the form is prefilled from the report, the comment is shown.
  await signInAsGrantee(page, `/grant-agreements/${ag.id}`);
  await page.goto(`/grants/agreements/${ag.id}`);
  await page.waitForSelector(`#report-comment-${id}`);
  await page.click(`#resubmit-${id}`);
  await page.waitForSelector('#resubmit-form');
  assertEqual(await page.inputValue('#rs-period'), period, 'prefilled from the report');
  assert((await page.textContent('#resubmit-comment')).includes(`Say which hearings (${stamp})`), 'the officer\'s comment on the form');
  await page.screenshot({ path: `${RESULTS_DIR}grant-resubmit.png`, fullPage: true });
  const problems = await axeOn(page, '#resubmit-form');
  assertEqual(problems.length, 0, `axe-core: ${problems.join('; ')}`);
  await page.fill('#rs-period', `${period}-b`);
  await page.fill('#rs-narrative', 'Corrected narrative naming the hearings.');
  await page.click('#resubmit-save');
  await page.waitForSelector('#resubmit-form', { state: 'detached' });
  await page.waitForFunction((id) => document.querySelector(`[data-report="${id}"] [data-version="2"]`), id);
  const row = await page.textContent(`[data-report="${id}"]`);
  assert(row.includes('Submitted') && row.includes(`${period}-b`), `the corrected report: ${row}`);
  await page.click(`#versions-${id} summary`);
  const v1 = await page.textContent(`#versions-${id} li[data-version="1"]`);
  assert(v1.includes(period) && v1.includes(`Say which hearings (${stamp})`), `version 1 as it was sent back: ${v1}`);
  const r = (await api(page, 'GET', `/grant-agreements/${ag.id}/reports`)).json.items.find((x) => x.id === id);
  assertEqual(r.report_version, 2, 'a new version on the server');
  assertEqual(r.versions.length, 1, 'the earlier version kept');
}, { bypassCSP: true });

const day = 86400000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z/, 'Z');

// An open call of the first demo fund, created by the officer (signed in on return).
async function openCall(page, title) {
  await signInAs(page, 'grants');
  const fund = (await api(page, 'GET', '/grant-funds')).json.items[0];
  const call = await api(page, 'POST', '/grant-calls', {
    fund_id: fund.id, title, opens_at: iso(Date.now() - day), deadline: iso(Date.now() + 30 * day),
    languages: ['en', 'fr', 'ar'], form_version: 'R-1', guidelines: 'Test call.', redress_route: 'Write to the test panel.',
  });
  assertEqual(call.status, 201, `call created: ${JSON.stringify(call.json)}`);
  assertEqual((await api(page, 'POST', `/grant-calls/${call.json.id}/state`, { state: 'open' })).status, 200, 'call opened');
  return { fund, call: call.json };
}

test('sub-granting: an award released, and the reserve application awarded in its place', async ({ page }) => {
  const { fund, call } = await openCall(page, `Reserve call ${stamp}`);
  const ids = [];
  for (const [n, l] of applicants.slice(0, 2).entries()) {
    await signInWith(page, l);
    const app = await api(page, 'POST', '/grant-applications', {
      call_id: call.id, form_version: 'R-1', title: `Reserve ${n ? 'second' : 'first'} ${stamp}`, activity: fund.activities[0],
      recipient_category: fund.recipient_categories[0], language: 'en', country: 'UA', declarations: { on_honour: true },
      budget: { total: { amount: '100.00', currency: 'EUR' }, lines: [{ label: 'all', amount: { amount: '100.00', currency: 'EUR' } }] },
    });
    assertEqual(app.status, 201, `application created: ${JSON.stringify(app.json)}`);
    assertEqual((await api(page, 'POST', `/grant-applications/${app.json.id}/submit`, {})).status, 200, 'submitted');
    ids.push(app.json.id);
  }
  const [first, second] = ids;
  await signInAs(page, 'grants');
  const checklist = { admissible: true, eligible_activity: true, eligible_recipient: true, budget_complete: true };
  for (const id of ids) assertEqual((await api(page, 'POST', `/grant-applications/${id}/screening`, { outcome: 'eligible', checklist })).status, 200, 'screened');
  assertEqual((await api(page, 'POST', `/grant-calls/${call.id}/state`, { state: 'closed' })).status, 200, 'call closed');
  const decided = await api(page, 'POST', `/grant-calls/${call.id}/decision`, {
    meeting_date: iso(Date.now()).slice(0, 10), minutes: 'Test committee.', rejected: [],
    awards: [{ application_id: first, amount: { amount: '100.00', currency: 'EUR' }, fx_rate: '1' }], reserve: [{ application_id: second }],
  });
  assertEqual(decided.status, 201, `decided: ${JSON.stringify(decided.json)}`);
  // Nothing to fill while every award holds.
  await page.goto(`/grants/calls/${call.id}`);
  await page.waitForSelector('#reserve-no-vacancy');
  // The officer releases the award: the agreement was never signed.
  await page.goto(`/grants/applications/${first}`);
  await page.click('#release-open');
  await page.selectOption('#rl-reason', 'not_signed');
  await page.fill('#rl-notes', 'The grantee did not sign within the period.');
  await page.check('#rl-confirm');
  const releaseProblems = await axeOn(page, '#release-form');
  assertEqual(releaseProblems.length, 0, `axe-core on the release form: ${releaseProblems.join('; ')}`);
  await page.click('#release-save');
  await page.waitForFunction(() => document.querySelector('#application-state')?.textContent === 'Award lapsed');
  assert((await page.textContent('#release-facts')).includes('Agreement never signed'), 'the reason recorded');
  // The reserve list fills the vacancy; the server's refusal is shown by its field.
  await page.goto(`/grants/calls/${call.id}`);
  await page.waitForSelector('#reserve-form #rv-candidate');
  assert((await page.textContent('#rv-candidate')).includes(`Reserve second ${stamp}`), 'the reserve application offered');
  assert((await page.textContent('#rv-replaces')).includes(`Reserve first ${stamp}`), 'the released award it replaces');
  await page.fill('#rv-amount', '100.00');
  await page.fill('#rv-fx', '1.2345678');
  await page.click('#reserve-save');
  await page.waitForSelector('#rv-fx-error');
  await page.screenshot({ path: `${RESULTS_DIR}grant-reserve.png`, fullPage: true });
  const problems = await axeOn(page, '#reserve-form');
  assertEqual(problems.length, 0, `axe-core: ${problems.join('; ')}`);
  await page.fill('#rv-fx', '1');
  await page.click('#reserve-save');
  await page.waitForSelector('#reserve-none');
  await page.waitForFunction(() => document.querySelector('#call-apps')?.textContent.includes('Awarded'));
  const app = (await api(page, 'GET', `/grant-applications/${second}`)).json;
  assertEqual(app.state, 'awarded', 'the reserve application awarded');
  assertEqual(app.award.replaces, first, 'in place of the released award');
  await page.goto(`/grants/applications/${first}`);
  await page.waitForSelector('#replaced-by');
  // The applicant may only decline its own award (no other reason offered).
  await signInWith(page, applicants[1]);
  await page.goto(`/grants/applications/${second}`);
  await page.click('#release-open');
  assert((await page.textContent('#rl-reason-fixed')).includes('Declined by the applicant'), 'the one reason an applicant has');
  assert(!(await page.$('#rl-reason')), 'no choice of reason for the applicant');
  await page.check('#rl-confirm');
  await page.click('#release-save');
  await page.waitForFunction(() => document.querySelector('#application-state')?.textContent === 'Award declined');
}, { bypassCSP: true });

test('sub-granting: fund and call edits, what a published call allows, a stale edit reloaded', async ({ page }) => {
  await signInAs(page, 'grants');
  const fund = await api(page, 'POST', '/grant-funds', {
    name: `Edit fund ${stamp}`, currency: 'EUR', envelope: { amount: '200000.00', currency: 'EUR' }, cap_per_recipient: { amount: '50000.00', currency: 'EUR' },
    activities: ['documentation'], recipient_categories: ['local NGO'], languages: ['en', 'fr', 'ar'],
    criteria: [{ id: 'relevance', label: 'Relevance', weight: 100 }],
  });
  assertEqual(fund.status, 201, `fund created: ${JSON.stringify(fund.json)}`);
  const f = fund.json.id;
  const call = await api(page, 'POST', '/grant-calls', {
    fund_id: f, title: `Edit call ${stamp}`, opens_at: iso(Date.now() - day), deadline: iso(Date.now() + 30 * day),
    languages: ['en'], form_version: 'E-1', guidelines: 'Test call.', redress_route: 'Write to the test panel.',
  });
  assertEqual(call.status, 201, 'call created');
  assertEqual((await api(page, 'POST', `/grant-calls/${call.json.id}/state`, { state: 'open' })).status, 200, 'call opened');
  // The fund, once its call is published: the name is refused by its field, the envelope changes with a reason.
  await page.goto('/grants');
  await page.click(`#edit-fund-${f}`);
  await page.waitForSelector(`#fund-edit-${f}`);
  assertEqual(await page.inputValue(`#fe-envelope-${f}`), '200000.00', 'prefilled from the fund');
  await page.fill(`#fe-name-${f}`, `Edit fund ${stamp} renamed`);
  await page.fill(`#fe-reason-${f}`, 'Test rename');
  await page.click(`#fe-save-${f}`);
  await page.waitForSelector(`#fe-name-${f}-error`);
  assert((await page.textContent(`#fe-name-${f}-error`)).includes('only the envelope'), 'the 409 shown by the name');
  const problems = await axeOn(page, `#fund-edit-${f}`);
  await page.fill(`#fe-name-${f}`, `Edit fund ${stamp}`);
  await page.fill(`#fe-envelope-${f}`, '300000.00');
  await page.fill(`#fe-reason-${f}`, 'Second donor joined');
  await page.click(`#fe-save-${f}`);
  await page.waitForSelector(`#fund-edit-${f}`, { state: 'detached' });
  await page.waitForFunction((f) => document.querySelector(`#fund-${f}`)?.closest('article')?.textContent.includes('300,000'), f);
  const changes = (await api(page, 'GET', `/grant-funds/${f}`)).json.changes;
  assertEqual(changes.at(-1).reason ?? changes.at(-1).change_reason, 'Second donor joined', 'the reason recorded');
  // The open call: only the deadline, with a reason; a change made meanwhile is a stale edit.
  const c = call.json.id;
  const local = (ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  await page.goto(`/grants/calls/${c}`);
  await page.click('#call-edit-open');
  await page.waitForSelector('#ce-deadline');
  assert(!(await page.$('#ce-title')), 'no title once published');
  problems.push(...await axeOn(page, '#call-edit'));
  assertEqual(problems.length, 0, `axe-core: ${problems.join('; ')}`);
  const current = await api(page, 'GET', `/grant-calls/${c}`);
  const meanwhile = Date.now() + 40 * day;
  const other = await api(page, 'PATCH', `/grant-calls/${c}`, { deadline: iso(meanwhile), change_reason: 'Extended by a colleague' },
    { 'Content-Type': 'application/merge-patch+json', 'If-Match': current.etag });
  assertEqual(other.status, 200, `changed meanwhile: ${JSON.stringify(other.json)}`);
  await page.fill('#ce-deadline', local(Date.now() + 45 * day));
  await page.fill('#ce-reason', 'More time for applicants');
  await page.click('#ce-save');
  await page.waitForSelector('#ce-stale');
  await page.screenshot({ path: `${RESULTS_DIR}grant-call-stale.png`, fullPage: true });
  await page.click('#ce-reload');
  await page.waitForSelector('#ce-stale', { state: 'detached' });
  await page.waitForFunction((v) => document.querySelector('#ce-deadline')?.value === v, local(meanwhile));
  await page.fill('#ce-deadline', local(Date.now() + 50 * day));
  await page.fill('#ce-reason', 'More time for applicants');
  await page.click('#ce-save');
  await page.waitForSelector('#call-edit', { state: 'detached' });
  await page.waitForFunction(() => document.querySelector('#call-qa')?.textContent.includes('More time for applicants'));
}, { bypassCSP: true });
