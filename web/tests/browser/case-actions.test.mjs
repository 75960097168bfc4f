// Browser tests of the case screen's later actions: withdrawing an element assessment with a
// reason, and downloading the exported case file (the verifiable tar bundle) behind a purpose.
// Each test creates its case, charge and assessments through the API first.
import { readFileSync } from 'node:fs';
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, signIn } from './helpers.mjs';

const stamp = Date.now();

// A case with a suspect, an incident that has an act, and one charge, through the API.
async function chargedCase(page, mechanism = { type: 'icc' }) {
  const incidents = (await api(page, 'GET', '/incidents?limit=100')).json.items;
  let incident = null;
  let act = null;
  for (const i of incidents) {
    const acts = (await api(page, 'GET', `/acts?incident_id=${i.id}`)).json.items;
    if (acts.length) { incident = i; act = acts[0]; break; }
  }
  assert(act, 'a demo incident with an act');
  const person = (await api(page, 'GET', '/persons?limit=1')).json.items[0];
  const c = await api(page, 'POST', '/cases', { title: `Case actions ${stamp} ${Math.random().toString(36).slice(2, 6)}`, mechanism, suspects: [{ person_id: person.id }], incident_ids: [incident.id] });
  assertEqual(c.status, 201, 'case created');
  const charge = await api(page, 'POST', `/cases/${c.json.id}/charges`, { crime_id: 'ICC-7-1-a', mode_id: 'ICC-25-3-a-direct', suspect_id: person.id });
  assertEqual(charge.status, 201, 'charge created');
  const m = (await api(page, 'GET', `/charges/${charge.json.id}/matrix`)).json;
  return { kase: c.json, charge: charge.json, act, elements: m.matrix.elements.map((r) => r.element.id) };
}

test('cases: an assessment is withdrawn with a reason, stops counting and stays in the history', async ({ page }) => {
  await signIn(page, 'legal');
  const { charge, act, elements: [e1] } = await chargedCase(page);
  const testimony = (await api(page, 'GET', '/testimonies?limit=1')).json.items[0];
  const support = await api(page, 'POST', `/charges/${charge.id}/assessments`, { element_id: e1, item_id: act.id, relation: 'supports', weight: 5 });
  const contra = await api(page, 'POST', `/charges/${charge.id}/assessments`, { element_id: e1, item_id: testimony.id, relation: 'contradicts', weight: 1 });
  assertEqual(support.status, 201, 'supporting assessment');
  assertEqual(contra.status, 201, 'contradicting assessment');
  const s = support.json.id;
  await page.goto(`/charges/${charge.id}`);
  const row = `#matrix-table tr[data-element="${e1}"]`;
  await page.waitForSelector(`${row} .status .coverage.covered`);
  // The withdrawal asks for a reason and says it is not sealed; without one it cannot be sent.
  await page.click(`#withdraw-${s}`);
  await page.waitForSelector(`#withdraw-form-${s}`);
  assert(await page.isDisabled(`#withdraw-confirm-${s}`), 'no withdrawal without a reason');
  assert((await page.textContent(`#withdraw-form-${s}`)).includes('name no one'), 'the form says the reason is not sealed');
  await page.fill(`#withdraw-reason-${s}`, 'Linked to the wrong element');
  await page.click(`#withdraw-confirm-${s}`);
  // The element is no longer covered; the link moved to the row's withdrawn history, with the reason.
  await page.waitForSelector(`${row} .status .coverage.not_covered`);
  await page.waitForFunction((sel) => !document.querySelector(sel)?.textContent.includes('weight 5/5'), `${row} .supporting`);
  const history = await page.textContent(`${row} .withdrawn-history`);
  assert(history.includes(act.id) && history.includes('Linked to the wrong element'), `withdrawn history: ${history}`);
  assert(await page.$(`#gap-list li[data-element="${e1}"]`), 'the element is a gap again');
  // A withdrawn contradicting item stays listed where it was, marked withdrawn.
  const c = contra.json.id;
  await page.click(`#withdraw-${c}`);
  await page.fill(`#withdraw-reason-${c}`, 'Duplicate of another link');
  await page.click(`#withdraw-confirm-${c}`);
  await page.waitForSelector(`${row} .contradicting li.withdrawn[data-assessment="${c}"]`);
  const marked = await page.textContent(`${row} .contradicting li[data-assessment="${c}"]`);
  assert(marked.includes(testimony.id) && marked.includes('withdrawn on') && marked.includes('Duplicate of another link'), `marked withdrawn: ${marked}`);
  assert(!(await page.$(`#withdraw-${c}`)), 'no second withdrawal offered');
  assertEqual((await api(page, 'POST', `/assessments/${c}/withdrawal`, { reason: 'again' })).status, 409, 'the server refuses a second withdrawal');
  await page.screenshot({ path: `${RESULTS_DIR}case-withdrawal.png`, fullPage: true });
  // Arabic: the same screen right-to-left, and no serious accessibility problem.
  await page.selectOption('#lang-select', 'ar');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await page.waitForSelector(`${row} .withdrawn-history`);
  assert((await page.textContent(`${row} .withdrawn-history summary`)).includes('التقييمات المسحوبة'), 'withdrawn history in Arabic');
  const problems = await axeViolations(page);
  assertEqual(problems.length, 0, `axe-core on the matrix with withdrawals: ${problems.join('; ')}`);
}, { bypassCSP: true });

test('cases: the exported case file is downloaded as a tar bundle after a purpose', async ({ page }) => {
  await signIn(page, 'legal');
  const { kase, charge, act, elements: [e1] } = await chargedCase(page);
  await api(page, 'POST', `/charges/${charge.id}/assessments`, { element_id: e1, item_id: act.id, relation: 'supports', weight: 4 });
  await page.goto(`/cases/${kase.id}`);
  await page.waitForSelector('#case-bundle-open');
  assert(!(await page.$('#case-bundle-download')), 'nothing to save before the export');
  await page.click('#case-bundle-open');
  await page.fill('#case-bundle-purpose', 'Browser test of the case file export');
  await page.click('#case-bundle-purpose >> xpath=ancestor::form//button[@type="submit"]');
  await page.waitForSelector('#case-bundle-download');
  const counts = await page.textContent('#case-bundle-counts');
  assert(/\d+ evidence files exported, \d+ items withheld/.test(counts), `counts from the server: ${counts}`);
  const name = await page.getAttribute('#case-bundle-download', 'download');
  assert(/^giai-case-file-.+\.tar$/.test(name), `the server's file name: ${name}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#case-bundle-download')]);
  const bytes = readFileSync(await download.path());
  assertEqual(bytes.subarray(257, 262).toString('latin1'), 'ustar', 'a tar archive');
  assert(bytes.toString('latin1').includes('case-file.json'), 'the bundle holds the case file');
});
