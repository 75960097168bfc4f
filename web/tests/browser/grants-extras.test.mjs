// Browser tests of the sub-granting screens added after the main workflow: application
// attachments (upload while editable, the server's refusals, opening with a purpose), the
// concept-note invitation of a two-stage call, agreement amendments and indicator reports.
// Each test creates its call and application through the API first.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, signInWith } from './helpers.mjs';

const logins = JSON.parse(process.env.GIAI_LOGINS ?? '[]');
const stamp = Date.now();
const emailOf = (role, n = 0) => logins.filter((x) => x.role === role)[n]?.email;

async function signInAs(page, email) {
  const l = logins.find((x) => x.email === email);
  assert(l, `demo login ${email}`);
  await signInWith(page, l);
}

// A raw PUT from the page (the API helper sends JSON).
const putFile = (page, path, text) => page.evaluate(async ({ path, text }) => {
  const me = await (await fetch('/api/v1/auth/me')).json();
  const res = await fetch(`/api/v1${path}`, { method: 'PUT', body: text, headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': me.csrf_token } });
  return res.status;
}, { path, text });

async function twoStageApplication(page) {
  await signInAs(page, emailOf('grants'));
  const fund = (await api(page, 'GET', '/grant-funds')).json.items[0];
  const day = 86400000;
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z/, 'Z');
  const call = await api(page, 'POST', '/grant-calls', {
    fund_id: fund.id, title: `Two-stage call ${stamp}`, opens_at: iso(Date.now() - day), deadline: iso(Date.now() + 30 * day),
    languages: ['en', 'fr', 'ar'], form_version: 'T-2', two_stage: true, guidelines: 'Concept note first.', redress_route: 'Write to the test panel.',
  });
  assertEqual(call.status, 201, `call created: ${JSON.stringify(call.json)}`);
  assertEqual((await api(page, 'POST', `/grant-calls/${call.json.id}/state`, { state: 'open' })).status, 200, 'call opened');
  await signInAs(page, emailOf('applicant', 0));
  const app = await api(page, 'POST', '/grant-applications', {
    call_id: call.json.id, form_version: 'T-2', title: `Attachments ${stamp}`, activity: fund.activities[0], recipient_category: fund.recipient_categories[0],
    language: 'en', country: 'UA', budget: { total: { amount: '500.00', currency: 'EUR' }, lines: [{ label: 'all', amount: { amount: '500.00', currency: 'EUR' } }] },
    declarations: { on_honour: true },
  });
  assertEqual(app.status, 201, `application created: ${JSON.stringify(app.json)}`);
  return app.json;
}

async function attach(page, name, text) {
  await page.setInputFiles('#at-file', { name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.fill('#at-name', name);
  await page.click('#attachment-save');
}

test('sub-granting: files attached while editable, refusals named, opened with a purpose; a concept note invited', async ({ page }) => {
  const app = await twoStageApplication(page);
  await page.goto(`/grants/applications/${app.id}`);
  await page.waitForSelector('#attachments-none');
  assertEqual(await page.textContent('#application-stage'), 'Concept note', 'the stage of a two-stage call');
  const plan = `Work plan ${stamp}\n`;
  await attach(page, 'work-plan.txt', plan);
  await page.waitForSelector('#attachment-stored');
  const sha = createHash('sha256').update(plan).digest('hex');
  assert((await page.textContent('#attachment-stored')).includes(sha), 'the server computed the same SHA-256 as the browser');
  const row = await page.waitForSelector('#attachment-table tbody tr:has-text("work-plan.txt")');
  assert((await row.textContent()).includes(sha), 'listed with its SHA-256');
  // The server's refusals, each in words: the same name, a name it would have to change, too large.
  await attach(page, 'work-plan.txt', 'another file');
  await page.waitForSelector('#attachment-refused');
  assert((await page.textContent('#attachment-refused')).includes('already attached'), `same name: ${await page.textContent('#attachment-refused')}`);
  await attach(page, '.hidden', 'x');
  await page.waitForFunction(() => document.querySelector('#attachment-refused')?.textContent.includes('does not accept this file name'));
  await page.setInputFiles('#at-file', { name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1100 * 1024, 7) });
  await page.click('#attachment-save');
  await page.waitForFunction(() => document.querySelector('#attachment-refused')?.textContent.includes('larger than the server accepts'));
  assertEqual(await page.$$eval('#attachment-table tbody tr', (r) => r.length), 1, 'nothing stored by the refusals');
  // Submitted as a concept note: no more uploads (the screen and the server).
  assertEqual((await api(page, 'POST', `/grant-applications/${app.id}/submit`, {})).status, 200, 'concept note submitted');
  await page.reload();
  await page.waitForSelector('#attachments-closed');
  assert(!(await page.$('#attachment-form')), 'no upload form once submitted');
  assertEqual(await putFile(page, `/grant-applications/${app.id}/attachments/late.txt`, 'late'), 409, 'the server refuses a late file');
  // The officer reads the file with a purpose and invites a full proposal.
  await signInAs(page, emailOf('grants'));
  await page.goto(`/grants/applications/${app.id}`);
  await page.waitForSelector('#attachment-table');
  const attId = await page.$eval('#attachment-table tbody tr', (r) => r.dataset.attachment);
  await page.click(`#attachment-${attId}-open`);
  await page.fill(`#attachment-${attId}-purpose`, 'Screening the concept note');
  await page.click(`#attachment-${attId}-purpose >> xpath=ancestor::form//button[@type="submit"]`);
  await page.waitForSelector(`#attachment-opened-${attId}`);
  assert((await page.textContent(`#attachment-opened-${attId}`)).includes('same SHA-256'), 're-checked in the browser');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#attachment-save-${attId}`)]);
  assertEqual(readFileSync(await download.path(), 'utf8'), plan, 'the file as attached');
  await page.click('#application-invite');
  await page.waitForFunction(() => document.querySelector('#application-state')?.textContent === 'Invited to full proposal');
  assertEqual(await page.textContent('#application-stage'), 'Full proposal', 'now a full proposal');
  // The applicant, invited, may attach again.
  await signInAs(page, emailOf('applicant', 0));
  await page.goto(`/grants/applications/${app.id}`);
  await page.waitForSelector('#invited-notice');
  await attach(page, 'budget-annex.txt', 'Budget annex');
  await page.waitForSelector('#attachment-table tbody tr:has-text("budget-annex.txt")');
  await page.screenshot({ path: `${RESULTS_DIR}grant-attachments.png`, fullPage: true });
  const problems = [];
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.waitForSelector('#attachment-form');
    problems.push(...(await axeViolations(page)).map((v) => `${lang}: ${v}`));
  }
  assertEqual(await page.textContent('#attachments-h'), 'الملفات المرفقة', 'attachments heading in Arabic');
  assertEqual(problems.length, 0, `axe-core: ${problems.join('; ')}`);
  await page.selectOption('#lang-select', 'en');
  // A reviewer sees the files only once cleared by the declaration, and never their names.
  assertEqual((await api(page, 'POST', `/grant-applications/${app.id}/submit`, {})).status, 200, 'full proposal submitted');
  await signInAs(page, emailOf('reviewer', 0));
  const reviewerId = (await api(page, 'GET', '/auth/me')).json.user.id;
  await signInAs(page, emailOf('grants'));
  assertEqual((await api(page, 'POST', `/grant-applications/${app.id}/screening`, { outcome: 'eligible', checklist: { admissible: true, eligible_activity: true, eligible_recipient: true, budget_complete: true } })).status, 200, 'screened');
  assertEqual((await api(page, 'POST', `/grant-applications/${app.id}/assignments`, { reviewer_id: reviewerId })).status, 201, 'reviewer assigned');
  await signInAs(page, emailOf('reviewer', 0));
  assertEqual((await api(page, 'GET', `/grant-applications/${app.id}/attachments`)).status, 404, 'no files before the declaration');
  const assignment = (await api(page, 'GET', `/grant-assignments?application_id=${app.id}`)).json.items[0];
  await page.goto(`/grants/assignments/${assignment.id}`);
  await page.waitForSelector('#coi-form');
  assert(!(await page.$('#attachments')), 'no files on screen before the declaration');
  await page.check('#coi-none');
  await page.check('#coi-confidential');
  await page.click('#coi-save');
  await page.waitForSelector('#attachment-table');
  const rows = await page.$$eval('#attachment-table tbody tr', (r) => r.map((x) => x.textContent));
  assertEqual(rows.length, 2, 'both files listed for the cleared reviewer');
  assert(rows.every((r) => r.includes('name sealed') && !r.includes('.txt')), `names sealed for reviewers: ${rows}`);
  assert(!(await page.$('#attachment-form')), 'reviewers do not attach');
  const first = await page.$eval('#attachment-table tbody tr', (r) => r.dataset.attachment);
  await page.click(`#attachment-${first}-open`);
  await page.fill(`#attachment-${first}-purpose`, 'Reviewing the proposal');
  await page.click(`#attachment-${first}-purpose >> xpath=ancestor::form//button[@type="submit"]`);
  await page.waitForSelector(`#attachment-opened-${first}`);
}, { bypassCSP: true });

test('sub-granting: a signed agreement is amended, and the grantee reports indicator values by sex and country', async ({ page }) => {
  await signInAs(page, emailOf('grants'));
  const apps = (await api(page, 'GET', '/grant-applications')).json.items.filter((a) => a.agreement_id);
  let ag = null;
  for (const a of apps) {
    const x = (await api(page, 'GET', `/grant-agreements/${a.agreement_id}`)).json;
    if (x.state === 'signed') { ag = x; break; }
  }
  assert(ag, 'a signed demo agreement');
  await page.goto(`/grants/agreements/${ag.id}`);
  await page.waitForSelector('#amendment-form');
  const version = ag.agreement_version;
  // An end before the start is refused by the field; then the amendment is recorded.
  await page.fill('#am-summary', `Activities extended (${stamp})`);
  await page.fill('#am-ends', '2000-01-01');
  await page.click('#amendment-save');
  await page.waitForSelector('#am-ends-error');
  const later = new Date(Date.parse(ag.ends_on) + 30 * 86400000).toISOString().slice(0, 10);
  await page.fill('#am-ends', later);
  await page.click('#amendment-save');
  await page.waitForSelector(`#amendment-list li[data-version="${version + 1}"]`);
  const line = await page.textContent(`#amendment-list li[data-version="${version + 1}"]`);
  assert(line.includes(`Activities extended (${stamp})`) && line.includes('end moved'), `the amendment: ${line}`);
  // The grantee reports an indicator value; a split by sex that does not add up is refused.
  let reporter = null;
  for (const email of [emailOf('applicant', 0), emailOf('applicant', 1)]) {
    await signInAs(page, email);
    if ((await api(page, 'GET', `/grant-agreements/${ag.id}`)).status === 200) { reporter = email; break; }
  }
  assert(reporter, 'the grantee can open its agreement');
  await page.goto(`/grants/agreements/${ag.id}`);
  await page.waitForSelector('#report-form');
  assert(!(await page.$('#amendment-form')), 'grantees do not amend');
  await page.selectOption('#rp-type', 'indicator');
  await page.fill('#rp-period', `2026-Q${stamp % 4 + 1}`);
  await page.fill('#rp-ind-id', `IND-${stamp}`);
  await page.fill('#rp-ind-value', '12');
  await page.fill('#rp-ind-female', '7');
  await page.fill('#rp-ind-male', '4');
  await page.click('#report-save');
  await page.waitForSelector('#rp-indicator-error');
  assert((await page.textContent('#rp-indicator-error')).includes('adds up to 11'), 'the sum is refused by the server, by the field');
  await page.fill('#rp-ind-male', '5');
  await page.click('#rp-ind-add-country');
  await page.selectOption('#rp-ind-country-0', 'UA');
  await page.fill('#rp-ind-country-n-0', '12');
  await page.click('#report-save');
  await page.waitForSelector('#report-sent');
  const row = await page.waitForSelector(`#report-table tr:has-text("IND-${stamp}")`);
  const text = await row.textContent();
  assert(text.includes('12') && text.includes('Women and girls 7') && text.includes('Men and boys 5') && text.includes('Ukraine 12'), `indicator summary: ${text}`);
});
