// Browser tests of the case-building and sub-granting screens, against the real server. Each test
// creates what it needs through the API first (a case, a call), so they do not depend on each other.
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, signIn } from './helpers.mjs';

const logins = JSON.parse(process.env.GIAI_LOGINS ?? '[]');
const stamp = Date.now();

async function signInAs(page, email) {
  const l = logins.find((x) => x.email === email);
  assert(l, `demo login ${email}`);
  await page.goto('/');
  await page.fill('#email', l.email);
  await page.fill('#password', l.password);
  await page.click('#signin-submit');
  await page.waitForSelector('#who');
}
const emailOf = (role, n = 0) => logins.filter((x) => x.role === role)[n]?.email;

async function switchTo(page, email) {
  await page.click('#sign-out');
  await page.waitForSelector('#email');
  await signInAs(page, email);
}

// A case with a suspect and an incident that has an act, created through the API.
async function caseWithScope(page, mechanism = { type: 'icc' }) {
  const incidents = (await api(page, 'GET', '/incidents?limit=100')).json.items;
  let incident = null;
  let act = null;
  for (const i of incidents) {
    const acts = (await api(page, 'GET', `/acts?incident_id=${i.id}`)).json.items;
    if (acts.length) { incident = i; act = acts[0]; break; }
  }
  assert(act, 'a demo incident with an act');
  const person = (await api(page, 'GET', '/persons?limit=1')).json.items[0];
  const c = await api(page, 'POST', '/cases', { title: `Case ${stamp} ${Math.random().toString(36).slice(2, 6)}`, mechanism, suspects: [{ person_id: person.id }], incident_ids: [incident.id] });
  assertEqual(c.status, 201, 'case created through the API');
  return { kase: c.json, incident, act, person };
}

test('cases: create a case, name a suspect and scope, charge, and see the coverage matrix change', async ({ page }) => {
  await signIn(page, 'legal');
  await page.click('#nav-cases');
  await page.click('#new-case');
  const title = `Case file test ${stamp}`;
  await page.fill('#c-title', title);
  await page.selectOption('#c-mechanism', 'national_prosecutor');
  await page.selectOption('#c-state', 'DE');
  await page.click('#case-form-save');
  await page.waitForSelector('#case-title');
  assertEqual(await page.textContent('#case-title'), title, 'case page after creation');
  assert((await page.textContent('#case-mechanism')).includes('Germany'), 'mechanism with the state in words');
  // Scope and suspect through the screen.
  const { incident, act } = await (async () => {
    const incidents = (await api(page, 'GET', '/incidents?limit=100')).json.items;
    for (const i of incidents) {
      const acts = (await api(page, 'GET', `/acts?incident_id=${i.id}`)).json.items;
      if (acts.length) return { incident: i, act: acts[0] };
    }
    return {};
  })();
  await page.waitForSelector('#add-suspect option:nth-child(2)', { state: 'attached' });
  const suspectValue = await page.$eval('#add-suspect', (s) => s.options[1].value);
  await page.selectOption('#add-suspect', suspectValue);
  await page.click('#add-suspect-button');
  await page.waitForSelector('#suspect-list li');
  await page.selectOption('#add-incident', incident.id);
  await page.click('#add-incident-button');
  await page.waitForSelector(`#scope-list a[href="/incidents/${incident.id}"]`);
  // A charge: crime x mode x suspect; the elements to prove are previewed.
  await page.selectOption('#ch-crime', 'ICC-7-1-a');
  await page.selectOption('#ch-mode', 'ICC-25-3-a-direct');
  await page.waitForSelector('#ch-elements li');
  await page.click('#charge-form-save');
  await page.waitForSelector('#charge-table a');
  await page.click('#charge-table a');
  await page.waitForSelector('#matrix-table');
  const rows = await page.$$eval('#matrix-table tbody tr', (r) => r.map((x) => x.querySelector('.status').textContent.trim()));
  assert(rows.length >= 4, `elements of the crime and the mode as rows (${rows.length})`);
  assert(rows.every((s) => s.endsWith('Not covered')), `every element starts not covered: ${rows}`);
  assert(rows.every((s) => /^[●◐○]/.test(s)), 'status carries a shape, not colour alone');
  const gaps = await page.$$eval('#gap-list li', (l) => l.length);
  assertEqual(gaps, rows.length, 'every element is a gap');
  // Link the act to the first (conduct) element as strong support.
  const element = await page.$eval('#matrix-table tbody tr', (r) => r.dataset.element);
  await page.selectOption('#as-element', element);
  await page.selectOption('#as-kind', 'act');
  await page.waitForSelector(`#as-item option[value="${act.id}"]`, { state: 'attached' });
  await page.selectOption('#as-item', act.id);
  await page.check('#as-relation-supports');
  await page.selectOption('#as-weight', '5');
  await page.fill('#as-note', 'Sealed note naming nobody');
  await page.click('#assessment-save');
  await page.waitForSelector(`#matrix-table tr[data-element="${element}"] .status .coverage.covered`);
  assert((await page.textContent(`#matrix-table tr[data-element="${element}"] .supporting`)).includes(act.id), 'the act is listed as supporting');
  assert(!(await page.$(`#gap-list li[data-element="${element}"]`)), 'the covered element left the gap list');
  // The sealed note opens only with a purpose (the server audits the read).
  const noteOpen = `#matrix-table tr[data-element="${element}"] .supporting button[id^="note-"][id$="-open"]`;
  const gateId = (await page.getAttribute(noteOpen, 'id')).replace(/-open$/, '');
  await page.click(noteOpen);
  await page.fill(`#${gateId}-purpose`, 'Checking the assessment note');
  await page.click(`form.purpose button[type="submit"]`);
  await page.waitForSelector(`blockquote#${gateId}`);
  assertEqual(await page.textContent(`blockquote#${gateId}`), 'Sealed note naming nobody', 'the note after a purpose');
  // The same item twice on the same element is refused and said so.
  await page.selectOption('#as-element', element);
  await page.selectOption('#as-kind', 'act');
  await page.waitForSelector(`#as-item option[value="${act.id}"]`, { state: 'attached' });
  await page.selectOption('#as-item', act.id);
  await page.click('#assessment-save');
  await page.waitForSelector('#assessment-error');
  await page.screenshot({ path: `${RESULTS_DIR}case-matrix.png`, fullPage: true });
});

test('cases: contradicting items stay visible, and weak support is only partly covered', async ({ page }) => {
  await signIn(page, 'legal');
  const { kase, act, person } = await caseWithScope(page);
  const charge = await api(page, 'POST', `/cases/${kase.id}/charges`, { crime_id: 'ICC-7-1-a', mode_id: 'ICC-25-3-a-direct', suspect_id: person.id });
  assertEqual(charge.status, 201, 'charge created');
  const m = (await api(page, 'GET', `/charges/${charge.json.id}/matrix`)).json;
  const [e1, e2] = m.matrix.elements.map((r) => r.element.id);
  const testimony = (await api(page, 'GET', '/testimonies?limit=1')).json.items[0];
  for (const body of [
    { element_id: e1, item_id: act.id, relation: 'supports', weight: 2 },
    { element_id: e1, item_id: testimony.id, relation: 'contradicts', weight: 1 },
    { element_id: e2, item_id: act.id, relation: 'context', weight: 3 },
  ]) assertEqual((await api(page, 'POST', `/charges/${charge.json.id}/assessments`, body)).status, 201, 'assessment created');
  await page.goto(`/charges/${charge.json.id}`);
  await page.waitForSelector('#matrix-table');
  const row = `#matrix-table tr[data-element="${e1}"]`;
  assert((await page.textContent(`${row} .status`)).includes('Partly covered'), 'weak support is partly covered');
  await page.check('#only-strong');
  assert(!(await page.textContent(`${row} .supporting`)).includes(act.id), 'the weak supporting item is filtered out');
  assert((await page.textContent(`${row} .contradicting`)).includes(testimony.id), 'the weak contradicting item is still shown');
  assert((await page.textContent(`#matrix-table tr[data-element="${e2}"] .context`)).includes(act.id), 'context item shown');
  assert((await page.textContent(`#matrix-table tr[data-element="${e2}"] .status`)).includes('Not covered'), 'context never counts');
  assert((await page.textContent('#matrix-summary')).includes(`0 of ${m.matrix.elements.length} elements covered`), 'summary line');
  const gap = await page.textContent(`#gap-list li[data-element="${e1}"]`);
  assert(gap.includes('Partly covered') && gap.includes('Usually proven by'), `gap with means of proof: ${gap}`);
});

test('cases: the case file lists what the consent gate withheld and why', async ({ page }) => {
  await signIn(page, 'legal');
  // A mechanism of type "other" is covered by no consent: every testimony is withheld.
  const { kase, person } = await caseWithScope(page, { type: 'other', name: 'Fact-finding panel (test)' });
  const charge = await api(page, 'POST', `/cases/${kase.id}/charges`, { crime_id: 'ICC-7-1-a', mode_id: 'ICC-25-3-a-direct', suspect_id: person.id });
  const m = (await api(page, 'GET', `/charges/${charge.json.id}/matrix`)).json;
  const testimony = (await api(page, 'GET', '/testimonies?limit=1')).json.items[0];
  await api(page, 'POST', `/charges/${charge.json.id}/assessments`, { element_id: m.matrix.elements[0].element.id, item_id: testimony.id, relation: 'contradicts', weight: 2 });
  await page.goto(`/cases/${kase.id}`);
  await page.click('#case-file-open');
  await page.fill('#case-file-purpose', 'Browser test of the case file');
  await page.click('#case-file button[type="submit"], form.purpose button[type="submit"]');
  await page.waitForSelector('#case-file-result');
  const withheld = await page.$$eval('#withheld-table tbody tr', (r) => r.map((x) => x.textContent));
  assert(withheld.some((w) => w.includes(testimony.id) && w.includes('Testimony')), `the testimony is listed as withheld: ${withheld}`);
  assert(withheld.every((w) => w.trim().length > testimony.id.length + 'Testimony'.length), 'each withheld item has a reason');
  assert(await page.getAttribute('#case-file-download', 'href'), 'the case file can be downloaded');
});

test('roles: only legal officers see cases; sub-granting roles see no documentation screens', async ({ page }) => {
  await signIn(page, 'documenter');
  assert(!(await page.isVisible('#nav-cases')) && !(await page.isVisible('#nav-grants')), 'no cases or grants entry for documenters');
  await page.goto('/cases');
  await page.waitForSelector('.error');
  assertEqual((await api(page, 'GET', '/cases')).status, 403, 'the server refuses documenters');
  await page.click('#sign-out');
  await signIn(page, 'admin');
  assert(!(await page.isVisible('#nav-cases')), 'no cases entry for administrators either');
  await page.click('#sign-out');
  await signIn(page, 'grants');
  assert(await page.isVisible('#nav-grants'), 'grants officer sees sub-granting');
  assert(!(await page.isVisible('#nav-incidents')) && !(await page.isVisible('#nav-cases')), 'no documentation or cases entry');
  await page.waitForSelector('#grants-title');
  await page.click('#sign-out');
  await signIn(page, 'applicant');
  assert(!(await page.isVisible('#nav-incidents')) && !(await page.isVisible('#nav-reviews')), 'applicants see neither documentation nor reviews');
  await page.waitForSelector('#my-apps-h');
});

// An open call of the demo fund, created through the API by the grants officer.
async function openCall(page) {
  const fund = (await api(page, 'GET', '/grant-funds')).json.items[0];
  const day = 86400000;
  const call = await api(page, 'POST', '/grant-calls', {
    fund_id: fund.id, title: `Test call ${stamp} ${Math.random().toString(36).slice(2, 6)}`, opens_at: new Date(Date.now() - day).toISOString().replace(/\.\d+Z/, 'Z'),
    deadline: new Date(Date.now() + 30 * day).toISOString().replace(/\.\d+Z/, 'Z'), languages: ['en', 'fr', 'ar'], form_version: 'T-1',
    guidelines: 'Test guidelines', redress_route: 'Write to the test panel.',
  });
  assertEqual(call.status, 201, `call created: ${JSON.stringify(call.json)}`);
  assertEqual((await api(page, 'POST', `/grant-calls/${call.json.id}/state`, { state: 'open' })).status, 200, 'call opened');
  return { fund, call: call.json };
}

test('sub-granting: an applicant drafts, sees the budget total in its currency, submits; the officer screens', async ({ page }) => {
  await signIn(page, 'grants');
  const { fund, call } = await openCall(page);
  await switchTo(page, emailOf('applicant', 0));
  await page.goto(`/grants/calls/${call.id}`);
  await page.click('#apply');
  await page.waitForSelector('#ap-title');
  const title = `Application ${stamp}`;
  await page.fill('#ap-title', title);
  await page.selectOption('#ap-activity', fund.activities[0]);
  await page.selectOption('#ap-category', fund.recipient_categories[0]);
  await page.selectOption('#ap-country', 'UA');
  await page.fill('#ap-currency', 'UAH');
  await page.fill('#ap-line-0-label', 'staff');
  await page.fill('#ap-line-0-amount', '1000.50');
  await page.click('#ap-add-line');
  await page.fill('#ap-line-1-label', 'activities');
  await page.fill('#ap-line-1-amount', '2000');
  assert((await page.textContent('#ap-total')).includes('3,000.50'), `total computed exactly: ${await page.textContent('#ap-total')}`);
  await page.fill('#ap-line-1-amount', '20.001');
  assert((await page.textContent('#ap-total')).includes('check the amounts') && await page.isDisabled('#application-save'), 'too many decimals refused before sending');
  await page.fill('#ap-line-1-amount', '2000');
  assertEqual((await axeViolations(page)).join('\n'), '', 'axe-core on the application form');
  await page.click('#application-save');
  await page.waitForSelector('#application-title');
  assertEqual(await page.textContent('#application-state'), 'Draft', 'saved as a draft');
  assert((await page.textContent('#budget-total')).includes('3,000.50'), 'total with its currency');
  // Submitting without the declaration on honour is refused by the server, and said so.
  await page.click('#application-submit');
  await page.waitForSelector('#application-error');
  await page.click('#application-edit');
  await page.waitForSelector('#ap-honour');
  await page.check('#ap-honour');
  await page.click('#application-save');
  await page.waitForSelector('#application-submit');
  await page.click('#application-submit');
  await page.waitForFunction(() => document.querySelector('#application-state')?.textContent === 'Submitted');
  const appId = page.url().split('/').pop();
  // The officer screens it eligible; the checklist must be complete.
  await switchTo(page, emailOf('grants'));
  await page.goto(`/grants/applications/${appId}`);
  await page.waitForSelector('#screening-form');
  await page.check('#sc-admissible');
  await page.click('#screening-save');
  await page.waitForSelector('#screening-error');
  for (const c of ['eligible_activity', 'eligible_recipient', 'budget_complete']) await page.check(`#sc-${c}`);
  await page.click('#screening-save');
  await page.waitForFunction(() => document.querySelector('#application-state')?.textContent === 'Eligible');
  await page.waitForSelector('#assign-form');
}, { bypassCSP: true });

test('sub-granting: a reviewer sees nothing before the conflict-of-interest declaration, then scores', async ({ page, context }) => {
  await signIn(page, 'grants');
  const { call } = await openCall(page);
  // Reviewer id, from a separate session of the reviewer.
  const other = await context.browser().newContext({ baseURL: new URL(page.url()).origin, bypassCSP: true });
  const rp = await other.newPage();
  await signInAs(rp, emailOf('reviewer', 0));
  const reviewerId = (await api(rp, 'GET', '/auth/me')).json.user.id;
  // An applicant applies and submits through the API; the officer screens it.
  await switchTo(page, emailOf('applicant', 1));
  const fund = (await api(page, 'GET', '/grant-funds')).json.items[0];
  const app = await api(page, 'POST', '/grant-applications', {
    call_id: call.id, form_version: 'T-1', title: `Reviewed ${stamp}`, activity: fund.activities[0], recipient_category: fund.recipient_categories[0],
    language: 'ar', country: 'SY', budget: { total: { amount: '100.00', currency: 'EUR' }, lines: [{ label: 'all', amount: { amount: '100.00', currency: 'EUR' } }] },
    declarations: { on_honour: true },
  });
  assertEqual(app.status, 201, `application created: ${JSON.stringify(app.json)}`);
  assertEqual((await api(page, 'POST', `/grant-applications/${app.json.id}/submit`, {})).status, 200, 'submitted');
  await switchTo(page, emailOf('grants'));
  assertEqual((await api(page, 'POST', `/grant-applications/${app.json.id}/screening`, { outcome: 'eligible', checklist: { admissible: true, eligible_activity: true, eligible_recipient: true, budget_complete: true } })).status, 200, 'screened');
  await page.goto(`/grants/applications/${app.json.id}`);
  await page.fill('#as-reviewer', reviewerId);
  await page.click('#assign-save');
  await page.waitForSelector('#assignment-table tbody tr');
  // The reviewer: the assignment opens on the declaration; the application is hidden meanwhile.
  await rp.goto('/grants/reviews');
  assert(await rp.isVisible('#nav-reviews'), 'reviews entry for reviewers');
  await rp.waitForSelector('#my-assignments');
  const assignment = (await api(rp, 'GET', `/grant-assignments?application_id=${app.json.id}`)).json.items[0];
  await rp.goto(`/grants/assignments/${assignment.id}`);
  await rp.waitForSelector('#coi-form');
  assert(!(await rp.isVisible('#review-application')), 'no application before the declaration');
  assertEqual((await api(rp, 'GET', `/grant-applications/${app.json.id}`)).status, 404, 'the server hides it too');
  assert(await rp.isDisabled('#coi-save'), 'the declaration needs a choice and the confidentiality undertaking');
  assertEqual((await axeViolations(rp)).join('\n'), '', 'axe-core on the declaration');
  await rp.check('#coi-none');
  await rp.check('#coi-confidential');
  await rp.click('#coi-save');
  await rp.waitForSelector('#review-form');
  assertEqual((await axeViolations(rp)).join('\n'), '', 'axe-core on the review form');
  assert((await rp.textContent('#ra-title')).includes(`Reviewed ${stamp}`), 'the application opens after "no conflict"');
  for (const id of await rp.$$eval('#review-form select[id^="score-"]', (s) => s.map((x) => x.id))) await rp.selectOption(`#${id}`, '4');
  await rp.selectOption('#rv-recommendation', 'yes');
  await rp.click('#review-save');
  await rp.waitForSelector('#review-consolidated');
  assert((await rp.textContent('#review-consolidated')).includes('4.00'), `consolidated score: ${await rp.textContent('#review-consolidated')}`);
  await other.close();
});

test('sub-granting: a tranche is refused until its reports are approved, then paid', async ({ page }) => {
  await signIn(page, 'grants');
  const apps = (await api(page, 'GET', '/grant-applications')).json.items;
  const withAgreement = apps.filter((a) => a.agreement_id);
  let target = null;
  for (const a of withAgreement) {
    const tr = (await api(page, 'GET', `/grant-agreements/${a.agreement_id}/tranches`)).json.items;
    const ag = (await api(page, 'GET', `/grant-agreements/${a.agreement_id}`)).json;
    const i = tr.findIndex((x) => x.state === 'planned' && x.required_reports?.length);
    if (ag.state === 'signed' && i > 0 && tr.slice(0, i).every((x) => x.state === 'paid')) { target = { agreement: ag, app: a, index: i }; break; }
  }
  assert(target, 'a signed demo agreement with a report-gated tranche');
  await page.goto(`/grants/agreements/${target.agreement.id}`);
  await page.waitForSelector('#tranche-table');
  assert((await page.textContent('#tranche-table')).match(/€|EUR|₴|UAH/), 'amounts with their currency');
  await page.click(`#pay-${target.index}`);
  await page.click(`#pay-save-${target.index}`);
  await page.waitForSelector(`#pay-error-${target.index}`);
  assert((await page.textContent(`#pay-error-${target.index}`)).length > 10, 'the refusal says which reports are missing');
  // The grantee reports through the screen.
  const tranche = (await api(page, 'GET', `/grant-agreements/${target.agreement.id}/tranches`)).json.items[target.index];
  let reporter = null;
  for (const email of [emailOf('applicant', 0), emailOf('applicant', 1)]) {
    await switchTo(page, email);
    if ((await api(page, 'GET', `/grant-agreements/${target.agreement.id}`)).status === 200) { reporter = email; break; }
  }
  assert(reporter, 'the grantee can open its agreement');
  await page.goto(`/grants/agreements/${target.agreement.id}`);
  await page.waitForSelector('#report-form');
  for (const type of tranche.required_reports) {
    const before = await page.$$eval('#report-table tbody tr', (r) => r.length).catch(() => 0);
    await page.selectOption('#rp-type', type === 'indicator' ? 'narrative' : type);
    await page.fill('#rp-period', 'test period');
    await page.selectOption('#rp-tranche', tranche.id);
    if (await page.isVisible('#rp-narrative')) await page.fill('#rp-narrative', 'What was done (test).');
    if (await page.isVisible('#rp-amount')) await page.fill('#rp-amount', '10');
    await page.click('#report-save');
    await page.waitForSelector('#report-sent');
    await page.waitForFunction((want) => document.querySelectorAll('#report-table tbody tr').length === want, before + 1);
  }
  await switchTo(page, emailOf('grants'));
  await page.goto(`/grants/agreements/${target.agreement.id}`);
  await page.waitForSelector('#report-table');
  for (const id of await page.$$eval('#report-table button[id^="approve-"]', (b) => b.map((x) => x.id))) {
    await page.click(`#${id}`);
    await page.waitForSelector(`#${id}`, { state: 'detached' });
  }
  await page.click(`#pay-${target.index}`);
  await page.click(`#pay-save-${target.index}`);
  await page.waitForFunction((id) => document.querySelector(`tr[data-tranche="${id}"]`)?.textContent.includes('Paid'), tranche.id);
});

test('Arabic: case and sub-granting screens are right-to-left; no serious axe problems', async ({ page }) => {
  await signIn(page, 'legal');
  const { kase, person } = await caseWithScope(page);
  const charge = await api(page, 'POST', `/cases/${kase.id}/charges`, { crime_id: 'ICC-7-1-a', mode_id: 'ICC-25-3-a-direct', suspect_id: person.id });
  const problems = [];
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    for (const [name, path, ready] of [['cases', '/cases', '#case-table'], ['case', `/cases/${kase.id}`, '#charge-table'], ['matrix', `/charges/${charge.json.id}`, '#matrix-table']]) {
      await page.goto(path);
      await page.waitForSelector(ready);
      problems.push(...(await axeViolations(page)).map((v) => `${lang} ${name}: ${v}`));
    }
    if (lang === 'ar') {
      assertEqual(await page.getAttribute('html', 'dir'), 'rtl', 'right-to-left');
      assertEqual((await page.textContent('#gaps-h')).trim(), 'ثغرات يجب سدّها', 'gap heading in Arabic');
      const [first, last] = await page.$$eval('#matrix-table thead th', (t) => [t[0].getBoundingClientRect().left, t.at(-1).getBoundingClientRect().left]);
      assert(first > last, `matrix columns run right to left (${first} > ${last})`);
      await page.screenshot({ path: `${RESULTS_DIR}case-matrix-ar.png`, fullPage: true });
    }
  }
  await page.click('#sign-out');
  await signIn(page, 'grants');
  const apps = (await api(page, 'GET', '/grant-applications')).json.items;
  const withAgreement = apps.find((a) => a.agreement_id);
  const call = (await api(page, 'GET', '/grant-calls')).json.items[0];
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    for (const [name, path, ready] of [['grants', '/grants', '#grants-title'], ['call', `/grants/calls/${call.id}`, '#call-apps'],
      ['application', `/grants/applications/${withAgreement.id}`, '#budget-table'], ['agreement', `/grants/agreements/${withAgreement.agreement_id}`, '#tranche-table']]) {
      await page.goto(path);
      await page.waitForSelector(ready);
      problems.push(...(await axeViolations(page)).map((v) => `${lang} ${name}: ${v}`));
    }
    if (lang === 'ar') {
      assertEqual((await page.textContent('#tranches-h')).trim(), 'الدفعات', 'tranche heading in Arabic');
      const money = await page.textContent('#tranche-table td.money');
      assert(/[٠-٩]|[0-9]/.test(money), `amount localised: ${money}`);
      await page.screenshot({ path: `${RESULTS_DIR}agreement-ar.png`, fullPage: true });
    }
  }
  assertEqual(problems.join('\n'), '', 'axe-core violations');
}, { bypassCSP: true });

test('narrow screens: case and sub-granting screens do not scroll sideways', async ({ page }) => {
  await signIn(page, 'legal');
  const { kase, person } = await caseWithScope(page);
  const charge = await api(page, 'POST', `/cases/${kase.id}/charges`, { crime_id: 'ICC-7-1-a', mode_id: 'ICC-25-3-a-direct', suspect_id: person.id });
  const check = async (path, ready) => {
    await page.goto(path);
    await page.waitForSelector(ready);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `${path} fits in 390 px (${width})`);
  };
  await check('/cases', '#case-table');
  await check(`/cases/${kase.id}`, '#charge-table');
  await check(`/charges/${charge.json.id}`, '#matrix-table');
  await page.click('#sign-out');
  await signIn(page, 'grants');
  const app = (await api(page, 'GET', '/grant-applications')).json.items.find((a) => a.agreement_id);
  await check('/grants', '#grants-title');
  await check(`/grants/applications/${app.id}`, '#budget-table');
  await check(`/grants/agreements/${app.agreement_id}`, '#tranche-table');
}, { viewport: { width: 390, height: 800 } });
