// Browser tests of the register of data-sharing agreements: a legal officer registers one (a
// server field error first), the share form offers it, it is terminated behind a confirmation
// and no longer offered; documenters read the register without the actions.
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, signInAs } from './helpers.mjs';

const stamp = Date.now();

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
  // A second agreement with the same party stays in force: once it is offered, the list of
  // agreements has loaded and the terminated one's absence means something.
  const kept = await api(page, 'POST', '/agreements', { title: `Kept ${stamp}`, parties: [(await api(page, 'GET', '/auth/me')).json.organisation.id, party],
    scopes: ['contribute'], starts_on: today, ends_on: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`, document: { reference: `KEPT-${stamp}` }, status: 'in_force' });
  assertEqual(kept.status, 201, 'a second agreement');
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
  await page.waitForSelector(`#sh-agreement option[value="${kept.json.id}"]`, { state: 'attached' });
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

// The share form's pickers for records other than persons: chosen from lists, not typed.
async function proposeWith(page, pick) {
  await page.goto('/shares/new');
  await page.waitForSelector('#sh-recipient option:nth-child(3)', { state: 'attached' });
  const org2 = await page.$eval('#sh-recipient', (s) => [...s.options].find((o) => o.textContent.startsWith('Justice Documentation Network')).value);
  await page.selectOption('#sh-recipient', org2);
  await pick();
  await page.check('#sh-scope-read_pseudonymised');
  await page.fill('#sh-purpose', 'joint documentation (picker test)');
  await page.fill('#sh-basis', `DSA-PICK-${stamp}`);
  await page.click('#share-form-save');
  await page.waitForSelector('#share-proposed');
  return page.url().split('/shares/')[1].split('?')[0];
}

test('share form: an incident, evidence items and a saved selection are picked from lists', async ({ page }) => {
  await signInAs(page, 'documenter');
  const incident = await api(page, 'POST', '/incidents', { title: `Picked incident ${stamp}`, date: '2023-06', country: 'UA' });
  assertEqual(incident.status, 201, 'incident created');
  // One record: the incident by its title.
  let id = await proposeWith(page, async () => {
    await page.selectOption('#sh-type', 'record');
    await page.waitForSelector(`#sh-record option[value="${incident.json.id}"]`, { state: 'attached' });
    await page.selectOption('#sh-record', incident.json.id);
  });
  await page.waitForSelector('#share-items');
  assert((await page.textContent('#share-items')).includes(incident.json.id), 'the chosen incident is the shared item');
  assertEqual((await api(page, 'GET', `/shares/${id}`)).json.object.ids.join(), incident.json.id, 'sent as the record id');
  // Evidence items: an incident first, then its items as checkboxes.
  let withEvidence = null;
  for (const i of (await api(page, 'GET', '/incidents?limit=100')).json.items) {
    const ev = (await api(page, 'GET', `/evidence?incident_id=${i.id}`)).json.items.filter((x) => x.status === 'stored');
    if (ev.length) { withEvidence = { incident: i, item: ev[0] }; break; }
  }
  assert(withEvidence, 'a demo incident with a stored evidence item');
  id = await proposeWith(page, async () => {
    await page.selectOption('#sh-type', 'evidence');
    await page.waitForSelector(`#sh-ev-incident option[value="${withEvidence.incident.id}"]`, { state: 'attached' });
    await page.selectOption('#sh-ev-incident', withEvidence.incident.id);
    await page.check(`#sh-ev-${withEvidence.item.id}`);
    await page.waitForFunction(() => document.querySelector('#sh-evidence legend')?.textContent.includes('1 chosen'));
  });
  assertEqual((await api(page, 'GET', `/shares/${id}`)).json.object.ids.join(), withEvidence.item.id, 'the ticked item is shared');
  // A saved selection: incidents in Ukraine; the preview holds the new incident.
  id = await proposeWith(page, async () => {
    await page.selectOption('#sh-type', 'set');
    await page.selectOption('#sh-set-collection', 'incidents');
    await page.selectOption('#sh-set-country', 'UA');
  });
  const set = (await api(page, 'GET', `/shares/${id}`)).json;
  assertEqual(JSON.stringify(set.object.query), JSON.stringify({ collection: 'incidents', country: 'UA' }), 'the filter is what is shared');
  assert((await page.textContent('#share-items')).includes(incident.json.id), 'the selection holds the matching incident');
  // A case: only legal officers list and share cases; others are told so.
  await page.goto('/shares/new');
  await page.selectOption('#sh-type', 'case');
  await page.waitForSelector('#sh-case-none');
  await signInAs(page, 'legal');
  const kase = await api(page, 'POST', '/cases', { title: `Picked case ${stamp}`, mechanism: { type: 'icc' } });
  assertEqual(kase.status, 201, 'case created');
  await page.goto('/shares/new');
  await page.selectOption('#sh-type', 'case');
  await page.waitForSelector(`#sh-case option[value="${kase.json.id}"]`, { state: 'attached' });
  await page.selectOption('#sh-type', 'set');
  const problems = [];
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.waitForSelector('#sh-set');
    problems.push(...(await axeViolations(page)).map((v) => `${lang}: ${v}`));
  }
  assertEqual(problems.length, 0, `axe-core: ${problems.join('; ')}`);
}, { bypassCSP: true });

test('narrow screens: the agreement register, the share pickers and the interview check do not scroll sideways', async ({ page }) => {
  await signInAs(page, 'legal');
  const person = (await api(page, 'GET', '/persons?limit=1')).json.items[0];
  const check = async (path, ready, then) => {
    await page.goto(path);
    await page.waitForSelector(ready, { state: 'attached' });
    if (then) await then();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `${path} fits in 390 px (${width})`);
  };
  await check('/agreements', '#agreement-table', async () => { await page.click('#new-agreement'); await page.waitForSelector('#agreement-form input[id^="ag-party-org_"]'); });
  await check('/shares/new', '#share-form', async () => { await page.selectOption('#sh-type', 'set'); await page.waitForSelector('#sh-set'); });
  await check('/shares/new', '#share-form', async () => { await page.selectOption('#sh-type', 'record'); await page.waitForSelector('#sh-record option[value^="inc_"]', { state: 'attached' }); });
  await check(`/persons/${person.id}/interview-check`, '#check-form');
  await check(`/persons/${person.id}/links`, '#cluster');
}, { viewport: { width: 390, height: 800 } });
