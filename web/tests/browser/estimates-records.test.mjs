// Browser test of the estimates screen's "from our linked records" tab against the real server:
// three organisations' victims (the caller's own and two sharing with it), linked by hand by the
// caller's documenter, estimated by the analyst with filters and a purpose; the UpSet-style
// overlap (bars and list matrix) shows exactly the linked patterns, counts only.
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, signInAs } from './helpers.mjs';

const stamp = Date.now();

const consent = {
  given_how: 'written', information_sheet_version: '2026-01', language: 'en',
  scopes: { documentation: true, storage: true, sharing: ['ngo_partner'], identity_level: 'pseudonymous' },
};

// As `org`'s documenter: `n` persons who consent to sharing with partners, victims of one act in
// Timor-Leste in 1988 (a country and year no other test uses).
async function victims(page, org, n) {
  await signInAs(page, 'documenter', org);
  const ids = [];
  for (let i = 0; i < n; i++) {
    const p = await api(page, 'POST', '/persons', { sex: 'female', identity: { full_name: `Listed ${org}-${i} ${stamp}` } });
    assertEqual(p.status, 201, 'person created');
    assertEqual((await api(page, 'POST', `/persons/${p.json.id}/consents`, consent)).status, 201, 'consent recorded');
    ids.push(p.json.id);
  }
  const actType = (await api(page, 'GET', '/acts?limit=1')).json.items[0].act_type;
  const incident = await api(page, 'POST', '/incidents', { title: `Listed incident ${stamp}`, date: '1988-04', country: 'TL' });
  assertEqual(incident.status, 201, 'incident created');
  const act = await api(page, 'POST', '/acts', { incident_id: incident.json.id, act_type: actType, victims: ids.map((person_id) => ({ person_id })) });
  assertEqual(act.status, 201, 'act created');
  return ids;
}

// `owner` shares its Timor-Leste acts and its persons with organisation 1 (a second person approves).
async function shareWithOrg1(page, owner, org1) {
  await signInAs(page, 'documenter', owner);
  const ids = [];
  for (const query of [{ collection: 'acts', country: 'TL' }, { collection: 'persons' }]) {
    const s = await api(page, 'POST', '/shares', {
      recipient_org_id: org1, object: { type: 'set', query }, scope: 'read_pseudonymised',
      purpose: 'joint estimate', legal_basis: 'DSA-2026-09', expires_at: new Date(Date.now() + 86400e3).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    assertEqual(s.status, 201, `share proposed: ${JSON.stringify(s.json)}`);
    ids.push(s.json.id);
  }
  await signInAs(page, 'admin', owner);
  for (const id of ids) assertEqual((await api(page, 'POST', `/shares/${id}/approve`, {})).status, 200, 'share approved');
}

test('estimates from linked records: organisations, filters, purpose; the UpSet bars and matrix show the linked patterns', async ({ page }) => {
  const a = await victims(page, 1, 3);
  const org1 = (await api(page, 'GET', '/organisation')).json.id;
  const b = await victims(page, 2, 3);
  const c = await victims(page, 3, 2);
  await shareWithOrg1(page, 2, org1);
  await shareWithOrg1(page, 3, org1);
  // Organisation 1's documenter links its persons to shared ones, and two shared persons.
  await signInAs(page, 'documenter', 1);
  for (const [x, y] of [[a[0], b[0]], [a[1], c[0]], [b[1], c[1]]]) {
    const r = await api(page, 'POST', `/persons/${x}/links`, { person_id: y }, { 'X-Purpose': 'same person in partner lists' });
    assertEqual(r.status, 201, `linked: ${JSON.stringify(r.json)}`);
  }
  // Entities: {a0,b0} 110, {a1,c0} 101, {b1,c1} 011, a2 100, b2 010.
  await signInAs(page, 'analyst', 1);
  await page.click('#nav-estimates');
  await page.click('#est-tab-records');
  await page.waitForSelector('#est-org-2');
  assertEqual(await page.$$eval('#est-orgs input[type=checkbox]:checked', (l) => l.length), 3, 'own and the two sharing organisations, chosen');
  await page.selectOption('#est-r-country', 'TL');
  await page.fill('#est-r-from', '1988-01-01');
  await page.fill('#est-r-to', '1988-12-31');
  assert(await page.isDisabled('#est-r-run'), 'no estimate without a purpose');
  await page.fill('#est-r-purpose', 'browser test of the linked estimate');
  await page.click('#est-r-run');
  await page.waitForSelector('#records-result');
  await page.waitForSelector('#est-value, #est-none');
  assert((await page.textContent('#est-observed')).includes('5'), 'five people observed');
  assert((await page.textContent('#est-entities')).includes('3'), 'three of them linked across records');
  await page.waitForSelector('#upset-chart canvas');
  assertEqual(await page.$$eval('#upset-chart table tbody tr', (r) => r.length), 5, 'one bar per pattern');
  const patterns = await page.$$eval('#upset-matrix thead th[data-pattern]', (h) => h.map((x) => x.dataset.pattern).sort());
  assertEqual(JSON.stringify(patterns), JSON.stringify(['010', '011', '100', '101', '110']), 'the linked patterns');
  assertEqual(await page.$$eval('#upset-matrix tbody tr', (r) => r.length), 4, 'three lists and the counts');
  assert(await page.isVisible('#est-small'), 'small combinations flagged');
  const body = await page.textContent('#records-result');
  assert(!/P-[0-9A-Z]{6}/.test(body) && !body.includes('per_'), 'counts only: no pseudonym or person id');
  await page.screenshot({ path: `${RESULTS_DIR}estimates-records.png`, fullPage: true });
  assertEqual(JSON.stringify(await axeViolations(page)), '[]', 'no serious axe problems');
  // Fewer than three organisations: the button waits.
  await page.uncheck('#est-org-2');
  assert(await page.isDisabled('#est-r-run'), 'three lists at least');
  // In Arabic: right-to-left, translated, and still no serious axe problems.
  await page.selectOption('#lang-select', 'ar');
  await page.waitForFunction(() => document.documentElement.lang === 'ar');
  await page.goto('/estimates');
  await page.click('#est-tab-records');
  await page.waitForSelector('#est-org-2');
  assertEqual((await page.textContent('#est-tab-records')).trim(), 'من سجلاتنا المربوطة', 'tab in Arabic');
  await page.selectOption('#est-r-country', 'TL');
  await page.fill('#est-r-from', '1988-01-01');
  await page.fill('#est-r-to', '1988-12-31');
  await page.fill('#est-r-purpose', 'browser test in Arabic');
  await page.click('#est-r-run');
  await page.waitForSelector('#upset-matrix');
  assertEqual(await page.getAttribute('html', 'dir'), 'rtl', 'right-to-left');
  await page.screenshot({ path: `${RESULTS_DIR}estimates-records-ar.png`, fullPage: true });
  assertEqual(JSON.stringify(await axeViolations(page)), '[]', 'no serious axe problems in Arabic');
}, { bypassCSP: true });  // axe-core is injected as a script
