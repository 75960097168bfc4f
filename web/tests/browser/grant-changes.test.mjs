// Browser tests of the sub-granting corrections: a report sent back and resubmitted as a new
// version, an award released and filled from the reserve list, fund and call edits. Each test
// creates its data through the API where the screens' path to it is long.
import { test, assert, assertEqual } from './harness.mjs';
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
