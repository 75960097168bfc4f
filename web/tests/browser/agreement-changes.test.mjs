// Browser tests of the agreement register's changes: an agreement suspended from the register
// revokes the share made under it, is reinstated without restoring that share, and a change made
// meanwhile by someone else is refused with a reload; the signed copy is picked from the
// organisation's evidence items, at registration and later, and linked from the register.
// Documenters read the register without any of these actions.
import { createHash } from 'node:crypto';
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, signInAs } from './helpers.mjs';

const stamp = Date.now();
const today = new Date().toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
const row = (id) => `#agreement-table tr[data-agreement="${id}"]`;

// As the legal officer: an agreement in force with a partner organisation.
async function agreementWithPartner(page, title, document = { reference: `REF-${stamp}` }) {
  const me = (await api(page, 'GET', '/auth/me')).json;
  const partner = (await api(page, 'GET', '/shares/recipients')).json.items.find((o) => o.recipient_class === 'ngo_partner');
  assert(partner, 'a partner organisation');
  const created = await api(page, 'POST', '/agreements', { title, parties: [me.organisation.id, partner.id], scopes: ['read_pseudonymised'],
    starts_on: today, ends_on: nextYear, document, status: 'in_force' });
  assertEqual(created.status, 201, 'agreement registered');
  return { agreement: created.json, partner };
}

// A stored evidence item of the caller's organisation holding `text`, under `incident` if given.
async function storedItem(page, text, incident) {
  const sha256 = createHash('sha256').update(text).digest('hex');
  const reg = await api(page, 'POST', '/evidence', { sha256, file_name: 'signed-agreement.pdf', acquisition: { method: 'device_capture' },
    ...(incident ? { incident_id: incident } : {}) });
  assertEqual(reg.status, 201, 'evidence registered');
  const put = await page.evaluate(async ({ id, text }) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    return (await fetch(`/api/v1/evidence/${id}/content`, { method: 'PUT', body: text, headers: { 'Content-Type': 'application/pdf', 'X-CSRF-Token': me.csrf_token } })).status;
  }, { id: reg.json.id, text });
  assertEqual(put, 200, 'content stored');
  return reg.json;
}

test('agreements: suspended and reinstated from the register; the share under it is revoked and stays so', async ({ page }) => {
  await signInAs(page, 'legal');
  const { agreement, partner } = await agreementWithPartner(page, `Suspended ${stamp}`);
  const id = agreement.id;
  // A share under it: proposed by a documenter, approved by the legal officer.
  await signInAs(page, 'documenter');
  const incident = await api(page, 'POST', '/incidents', { title: `Shared under an agreement ${stamp}`, date: '2023-06', country: 'UA' });
  const expires = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 19) + 'Z';
  const share = await api(page, 'POST', '/shares', { recipient_org_id: partner.id, object: { type: 'record', ids: [incident.json.id] },
    scope: 'read_pseudonymised', purpose: 'joint documentation (agreement test)', agreement_id: id, expires_at: expires });
  assertEqual(share.status, 201, 'share proposed under the agreement');
  await signInAs(page, 'legal');
  assertEqual((await api(page, 'POST', `/shares/${share.json.id}/approve`, {})).status, 200, 'share approved');

  // Suspended behind a confirmation that says what happens to the shares.
  await page.goto('/agreements');
  await page.click(`#suspend-${id}`);
  const question = await page.textContent(`#suspend-q-${id}`);
  assert(question.includes('revoked at once') && question.includes('return or delete'), `the confirmation says what it does: ${question}`);
  await page.click(`#suspend-yes-${id}`);
  await page.waitForSelector(`${row(id)} .agreement-state.suspended`);
  assert((await page.textContent('#agreements-notice')).includes('suspended'), 'a notice says so');
  assert(!(await page.$(`#suspend-${id}`)) && await page.$(`#reinstate-${id}`), 'reinstatement is offered instead');
  await page.goto(`/shares/${share.json.id}`);
  await page.waitForSelector('#share-state.revoked');

  // Reinstated: in force again, and the confirmation says the shares are not restored.
  await page.goto('/agreements');
  await page.click(`#reinstate-${id}`);
  assert((await page.textContent(`#reinstate-q-${id}`)).includes('not restored'), 'the shares are not restored');
  await page.click(`#reinstate-yes-${id}`);
  await page.waitForSelector(`${row(id)} .agreement-state.in_force`);
  await page.waitForSelector(`#suspend-${id}`);
  await page.goto(`/shares/${share.json.id}`);
  await page.waitForSelector('#share-state.revoked');
  assertEqual((await api(page, 'GET', `/shares/${share.json.id}`)).json.state, 'revoked', 'the share stays revoked');

  // Someone else changes it while the confirmation is open: refused (412), nothing overwritten;
  // the register reloads on request and the change can then be made.
  await page.goto('/agreements');
  await page.click(`#suspend-${id}`);
  const current = await api(page, 'GET', `/agreements/${id}`);
  assertEqual((await api(page, 'PATCH', `/agreements/${id}`, { title: `Renamed ${stamp}` }, { 'If-Match': current.etag })).status, 200, 'changed meanwhile');
  await page.click(`#suspend-yes-${id}`);
  await page.waitForSelector(`#suspend-error-${id}-stale`);
  assertEqual((await api(page, 'GET', `/agreements/${id}`)).json.status, 'in_force', 'the stale change was not applied');
  await page.click(`#suspend-error-${id}-reload`);
  await page.waitForSelector(`${row(id)}:has-text("Renamed ${stamp}")`);
  await page.click(`#suspend-${id}`);
  await page.click(`#suspend-yes-${id}`);
  await page.waitForSelector(`${row(id)} .agreement-state.suspended`);
  await page.screenshot({ path: `${RESULTS_DIR}agreement-suspended.png`, fullPage: true });

  // Documenters read it without any change offered.
  await signInAs(page, 'documenter');
  await page.goto('/agreements');
  await page.waitForSelector(`${row(id)} .agreement-state.suspended`);
  assert(!(await page.$('[id^="suspend-"], [id^="reinstate-"], [id^="terminate-"], [id^="signed-copy-"]')), 'no changes offered to documenters');
});

test('agreements: the signed copy is picked from the evidence vault and linked from the register; Arabic and accessibility', async ({ page }) => {
  await signInAs(page, 'legal');
  const incident = await api(page, 'POST', '/incidents', { title: `Signing of an agreement ${stamp}`, date: '2026-01', country: 'UA' });
  const item = await storedItem(page, `[TEST] signed agreement ${stamp}`);
  const other = await storedItem(page, `[TEST] another signed copy ${stamp}`, incident.json.id);
  await page.goto('/agreements');
  await page.click('#new-agreement');
  const title = `Signed copy ${stamp}`;
  await page.fill('#ag-title', title);
  await page.waitForSelector('#agreement-form input[id^="ag-party-org_"]');
  await page.check('#agreement-form input[id^="ag-party-org_"]');
  await page.check('#ag-doc-evidence');
  await page.waitForSelector(`#ag-ev-${other.id}`);
  // Saving without a choice says what is missing, by the picker.
  await page.click('#agreement-save');
  await page.waitForSelector('#ag-doc-error');
  // The search narrows the list to the item.
  await page.fill('#ag-ev-search', item.id);
  await page.waitForFunction((id) => {
    const radios = [...document.querySelectorAll('#ag-ev-items input[type=radio]')];
    return radios.length === 1 && radios[0].value === id;
  }, item.id);
  await page.check(`#ag-ev-${item.id}`);
  await page.click('#agreement-save');
  const saved = await page.waitForSelector(`#agreement-table tr:has-text("${title}")`);
  const id = await saved.getAttribute('data-agreement');
  assertEqual(JSON.stringify((await api(page, 'GET', `/agreements/${id}`)).json.document), JSON.stringify({ evidence_id: item.id }), 'the item is the document');
  await page.click(`#copy-link-${id}`);
  await page.waitForURL(new RegExp(`/evidence/${item.id}$`));
  await page.waitForSelector('#evidence-facts');

  // An agreement registered with a reference gets its signed copy later, from the register.
  const { agreement } = await agreementWithPartner(page, `Copy attached later ${stamp}`);
  await page.goto('/agreements');
  await page.click(`#signed-copy-${agreement.id}`);
  const form = `#copy-${agreement.id}`;
  assertEqual(await page.inputValue(`${form}-reference`), `REF-${stamp}`, 'the reference is shown first');
  await page.check(`${form}-doc-evidence`);
  // Narrowed to the items of an incident: only that incident's item is offered.
  await page.waitForSelector(`${form}-ev-incident option[value="${incident.json.id}"]`, { state: 'attached' });
  await page.selectOption(`${form}-ev-incident`, incident.json.id);
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} input[type=radio]`).length === 1, `${form}-ev-items`);
  await page.waitForSelector(`${form}-ev-${other.id}`);
  await page.check(`${form}-ev-${other.id}`);
  const problems = [];
  problems.push(...(await axeViolations(page)).map((v) => `en: ${v}`));
  await page.click(`${form}-save`);
  await page.waitForSelector(`#copy-link-${agreement.id}`);
  assertEqual(JSON.stringify((await api(page, 'GET', `/agreements/${agreement.id}`)).json.document), JSON.stringify({ evidence_id: other.id }), 'the reference is replaced by the item');

  // Arabic: the form with the picker, and the register, right to left without axe problems.
  await page.selectOption('#lang-select', 'ar');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await page.click('#new-agreement');
  await page.check('#ag-doc-evidence');
  await page.waitForSelector(`#ag-ev-${item.id}`);
  problems.push(...(await axeViolations(page)).map((v) => `ar: ${v}`));
  await page.screenshot({ path: `${RESULTS_DIR}agreement-signed-copy-ar.png`, fullPage: true });
  assertEqual(problems.length, 0, `axe-core: ${problems.join('; ')}`);
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}, { bypassCSP: true });
