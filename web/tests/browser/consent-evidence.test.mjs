// Browser tests of the consent panel and the evidence screens, against the real server.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, firstWhere, signIn } from './helpers.mjs';

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const rows = (page, selector) => page.$$eval(`${selector} tbody tr`, (r) => r.map((x) => x.textContent));

// Sends raw bytes to a content URL from the page (as another tab or client would).
async function put(page, path, text) {
  return page.evaluate(async ({ path, text }) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const res = await fetch(path, { method: 'PUT', body: text, headers: { 'X-CSRF-Token': me.csrf_token } });
    return { status: res.status, json: await res.json().catch(() => null) };
  }, { path, text });
}

async function newPerson(page, name) {
  const r = await api(page, 'POST', '/persons', { sex: 'female', identity: { full_name: name } });
  assertEqual(r.status, 201, 'person created through the API');
  return r.json;
}

test('consent: record a version, see the history, withdraw with a confirmation, then the identity is refused', async ({ page }) => {
  await signIn(page, 'documenter');
  const person = await newPerson(page, 'Consent Testperson');
  await page.goto(`/persons/${person.id}`);
  await page.waitForSelector('#consent-current');
  assert((await page.textContent('#consent-current')).includes('No consent is recorded'), 'no consent at first');
  // Without consent to keep the identity, it is not read.
  await page.click('#identity-open');
  await page.fill('#identity-purpose', 'Check consent gate');
  await page.click('form.purpose button[type=submit]');
  await page.waitForSelector('.protected .error');
  assert((await page.textContent('.protected .error')).includes('consent'), 'identity refused without consent');

  // A new version with the scopes the person agreed to.
  await page.click('#consent-record');
  await page.waitForSelector('#consent-form');
  await page.click('#consent-save');
  await page.waitForSelector('#c-sheet-error');
  assert((await page.textContent('#c-sheet-error')).length > 0, 'a missing information sheet version is shown by the field');
  await page.fill('#c-sheet', '2026-01');
  await page.fill('#c-language', 'fr');
  await page.fill('#c-interpreter', 'I-07');
  await page.check('#c-storage');
  await page.check('#c-follow_up_contact');
  await page.check('#c-share-icc');
  await page.check('#c-share-ngo_partner');
  await page.selectOption('#c-level', 'pseudonymous');
  await page.click('#consent-save');
  await page.waitForSelector('#person-notice');
  assertEqual((await page.textContent('#person-notice')).trim(), 'Consent version 1 recorded.', 'saved');
  await page.waitForSelector('#consent-scopes');
  assertEqual(await page.textContent('#consent-storage'), 'Yes', 'identity may be kept');
  assertEqual(await page.textContent('#consent-media_use'), 'No', 'no media use');
  const sharing = await page.textContent('#consent-sharing');
  assert(sharing.includes('International Criminal Court') && sharing.includes('Partner organisations'), `sharing shown: ${sharing}`);
  assertEqual((await rows(page, '#consent-history')).length, 1, 'one version in the history');
  // Now the identity can be read, with a purpose.
  await page.click('#identity-open');
  await page.fill('#identity-purpose', 'Prepare a referral');
  await page.click('form.purpose button[type=submit]');
  await page.waitForSelector('#identity dd');
  assertEqual(await page.textContent('#identity dd'), 'Consent Testperson', 'identity shown within the consent');
  await page.click('#identity button');

  // Withdrawing asks first; cancelling changes nothing.
  await page.click('#consent-withdraw');
  await page.waitForSelector('#withdraw-confirm');
  assert((await page.textContent('#withdraw-confirm')).includes('can no longer be read, shared or exported'), 'the confirmation says what happens');
  assertEqual(await page.evaluate(() => document.activeElement?.id), 'withdraw-confirm', 'focus moves to the confirmation');
  await page.click('#withdraw-confirm-no');
  assert(!(await page.isVisible('#withdraw-confirm')), 'cancelled');
  assertEqual((await api(page, 'GET', `/persons/${person.id}/consents`)).json.items.length, 1, 'nothing recorded by cancelling');
  await page.click('#consent-withdraw');
  await page.click('#withdraw-confirm-yes');
  await page.waitForFunction(() => document.querySelector('#person-notice')?.textContent.includes('Consent withdrawn'));
  // The notice can render one frame before the page reloads the consent history: wait for the reload.
  await page.waitForFunction(() => document.querySelector('#consent-current')?.textContent.includes('withdrew'));
  assert((await page.textContent('#consent-current')).includes('withdrew their consent'), 'current state says withdrawn');
  const history = await rows(page, '#consent-history');
  assertEqual(history.length, 2, 'two versions');
  assert(history[0].startsWith('2') && history[0].includes('Withdrawal'), `newest first, the withdrawal: ${history[0]}`);
  assert(history[1].includes('Consent (In writing)') && history[1].includes('2026-01'), `the first version kept: ${history[1]}`);
  assert(!(await page.isVisible('#consent-withdraw')), 'nothing left to withdraw');
  const stored = await api(page, 'GET', `/persons/${person.id}/consents`);
  assert(stored.json.items[1].withdrawn === true, 'the server holds the withdrawal as the latest version');
  // The identity is refused from the very next request.
  await page.click('#identity-open');
  await page.fill('#identity-purpose', 'Prepare a referral');
  await page.click('form.purpose button[type=submit]');
  await page.waitForSelector('.protected .error');
  assert((await page.textContent('.protected .error')).includes('withdrew'), 'refusal gives the reason');

  // Erasing the identity, after a confirmation.
  await page.click('#identity-erase');
  await page.waitForSelector('#erase-confirm');
  await page.click('#erase-confirm-yes');
  await page.waitForFunction(() => document.querySelector('#person-notice')?.textContent.includes('erased'));
  // The notice can show one frame before the person reloads: wait for the reloaded page.
  await page.waitForFunction(() => document.querySelector('#identity-h + p')?.textContent.includes('No identity is recorded'));
  await page.waitForSelector('#identity-erase', { state: 'detached' });
});

const incidentTitle = async (page) => (await firstWhere(page, 'incidents', () => true));
const note = `Fictional test evidence ${Date.now()}\n`;

test('evidence: upload to an incident, SHA-256 shown, opened with a purpose, custody received and accessed, proof, derivative', async ({ page }) => {
  await signIn(page, 'documenter');
  const incident = await incidentTitle(page);
  await page.goto(`/incidents/${incident.id}`);
  await page.waitForSelector('#evidence-h');
  await page.click('#add-evidence');
  await page.waitForSelector('#e-file');
  await page.setInputFiles('#e-file', { name: 'field note.txt', mimeType: 'text/plain', buffer: Buffer.from(note) });
  await page.waitForSelector('#e-sha256');
  assertEqual(await page.textContent('#e-sha256'), sha256(note), 'SHA-256 computed in the browser');
  // A web capture needs its address: the server's message is shown by the field.
  await page.selectOption('#e-method', 'web_capture');
  await page.click('#evidence-submit');
  await page.waitForSelector('#e-url-error');
  await page.fill('#e-url', 'https://example.org/posts/1');
  await page.fill('#e-captured', '2026-01-02T03:04:05');
  await page.selectOption('#e-country', 'SN');
  await page.fill('#e-device', 'Browser capture');
  await page.click('#evidence-submit');
  await page.waitForSelector('#e-stored');
  assertEqual(await page.textContent('#e-stored-sha256'), sha256(note), 'the server stored the same SHA-256');
  await page.click('#e-open-item');
  await page.waitForSelector('#evidence-title');
  assertEqual(await page.textContent('#evidence-sha256'), sha256(note), 'item page shows the SHA-256');
  assertEqual(await page.textContent('#evidence-status'), 'Stored', 'status');
  assert((await page.textContent('#evidence-media-type')).startsWith('text/plain'), 'media type recognised by the server');
  assert((await page.textContent('#evidence-facts')).includes('https://example.org/posts/1'), 'web capture address shown');
  const id = page.url().split('/').pop();
  await page.waitForSelector('#custody-table-0 tr[data-event="received"]');

  // Opened only with a purpose; the browser checks what it received.
  await page.click('#evidence-content-open');
  await page.fill('#evidence-content-purpose', 'Verify the file for the case file');
  await page.click('form.purpose button[type=submit]');
  await page.waitForSelector('#evidence-content-check');
  assert((await page.textContent('#evidence-content-check')).includes('matches'), 'fixity checked in the browser');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#evidence-save')]);
  assertEqual(download.suggestedFilename(), 'field note.txt', 'saved under the stored name');
  assertEqual(readFileSync(await download.path(), 'utf8'), note, 'the saved file is the uploaded one');
  await page.waitForSelector('#custody-table-0 tr[data-event="accessed"]');
  const accessed = await page.textContent('#custody-table-0 tr[data-event="accessed"]');
  assert(accessed.includes('Verify the file for the case file') && accessed.includes('you'), `accessed event with purpose: ${accessed}`);

  // The ledger proof is downloadable.
  const [proof] = await Promise.all([page.waitForEvent('download'), page.click('#evidence-proof')]);
  assertEqual(proof.suggestedFilename(), `${id}.tlog-proof.txt`, 'proof file name');
  const proofText = readFileSync(await proof.path(), 'utf8');
  assert(proofText.startsWith('c2sp.org/tlog-proof@v1\n') && proofText.includes('\n\n'), 'a C2SP tlog-proof with its checkpoint');
  await page.screenshot({ path: `${RESULTS_DIR}evidence-item.png`, fullPage: true });

  // A derivative links back to the original in the chain of custody.
  await page.click('#evidence-derivative-new');
  await page.waitForSelector('#d-file');
  await page.selectOption('#d-kind', 'redacted');
  await page.fill('#d-tool', 'fictional-redactor');
  await page.fill('#d-tool-version', '1.2');
  const redacted = 'Fictional test evidence [redacted]\n';
  await page.setInputFiles('#d-file', { name: 'redacted.txt', mimeType: 'text/plain', buffer: Buffer.from(redacted) });
  await page.waitForSelector('#d-sha256');
  await page.click('#derivative-submit');
  await page.waitForSelector('#d-stored');
  assertEqual(await page.textContent('#d-stored-sha256'), sha256(redacted), 'derivative stored');
  await page.click('#d-open-item');
  await page.waitForSelector('#evidence-parent');
  assertEqual(await page.textContent('#evidence-parent'), id, 'derived from the original');
  assert((await page.textContent('#evidence-derivation')).includes('Redacted'), 'derivation shown');
  await page.waitForSelector('#custody-table-1 tr[data-event="derived"]');
  const headings = await page.$$eval('.custody-link h3', (h) => h.map((x) => x.textContent));
  assertEqual(headings.join(' | '), `This item | Original item ${id}`, 'chain up to the original');
  // Both items are listed on the incident page.
  await page.goto(`/incidents/${incident.id}`);
  await page.waitForSelector(`#evidence-table tr[data-id="${id}"]`);
  assert((await page.textContent(`#evidence-table tr[data-id="${id}"]`)).includes(sha256(note).slice(0, 16)), 'hash in the list');
});

test('evidence: a digest mismatch, a write-once conflict and a too-large file are shown as errors; erasure needs a reason', async ({ page }) => {
  await signIn(page, 'documenter');
  const incident = await incidentTitle(page);
  const declared = 'the file as registered\n';
  const reg = await api(page, 'POST', '/evidence', { sha256: sha256(declared), file_name: 'a.txt', incident_id: incident.id, acquisition: { method: 'handed_over' } });
  assertEqual(reg.status, 201, 'registered through the API');
  await page.goto(`/evidence/${reg.json.id}`);
  await page.waitForSelector('#s-file');
  assertEqual(await page.textContent('#evidence-status'), 'Waiting for the file', 'awaiting content');
  await page.setInputFiles('#s-file', { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('another file\n') });
  await page.waitForSelector('#s-sha256');
  await page.click('#evidence-send-submit');
  await page.waitForSelector('#s-error');
  const mismatch = await page.textContent('#s-error');
  assert(mismatch.includes('the SHA-256 differs') && mismatch.includes(sha256('another file\n')), `digest mismatch explained: ${mismatch}`);
  assertEqual((await api(page, 'GET', `/evidence/${reg.json.id}`)).json.status, 'awaiting_content', 'nothing stored');
  // The right file is then accepted.
  await page.setInputFiles('#s-file', { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from(declared) });
  await page.waitForFunction((h) => document.querySelector('#s-sha256')?.textContent === h, sha256(declared));
  await page.click('#evidence-send-submit');
  await page.waitForSelector('#s-stored');
  // Erasing the stored file needs a reason and a confirmation; the chain of custody keeps it.
  await page.click('#evidence-send-done');
  await page.waitForSelector('#evidence-shred');
  assertEqual(await page.textContent('#evidence-status'), 'Stored', 'stored after the second try');
  await page.click('#evidence-shred');
  assert(await page.isDisabled('#shred-confirm-yes'), 'no erasure without a reason');
  await page.fill('#shred-reason', 'Fictional erasure request');
  await page.click('#shred-confirm-yes');
  await page.waitForFunction(() => document.querySelector('#evidence-status')?.textContent === 'Erased');
  await page.waitForSelector('#custody-table-0 tr[data-event="shredded"]');
  assert((await page.textContent('#custody-table-0 tr[data-event="shredded"]')).includes('Fictional erasure request'), 'reason in the custody chain');
  const gone = await page.evaluate(async (id) => (await fetch(`/api/v1/evidence/${id}/content`, { headers: { 'X-Purpose': 'check' } })).status, reg.json.id);
  assertEqual(gone, 404, 'the content can no longer be read');

  // Write-once: another client stores the content while this page still offers to send it.
  const reg2 = await api(page, 'POST', '/evidence', { sha256: sha256(declared), file_name: 'b.txt', incident_id: incident.id, acquisition: { method: 'other' } });
  await page.goto(`/evidence/${reg2.json.id}`);
  await page.setInputFiles('#s-file', { name: 'b.txt', mimeType: 'text/plain', buffer: Buffer.from(declared) });
  await page.waitForSelector('#s-sha256');
  assertEqual((await put(page, reg2.json.content_url, declared)).status, 200, 'stored by the other client');
  await page.click('#evidence-send-submit');
  await page.waitForSelector('#s-error');
  assert((await page.textContent('#s-error')).includes('write-once'), 'write-once conflict explained');

  // Larger than the server's limit (web/scripts/test sets it to 1 MiB): refused at registration.
  await page.goto(`/incidents/${incident.id}/evidence/new`);
  await page.setInputFiles('#e-file', { name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1024 * 1024 + 1, 7) });
  await page.waitForSelector('#e-sha256');
  await page.click('#evidence-submit');
  await page.waitForSelector('#e-error');
  assert((await page.textContent('#e-error')).includes('larger than the server accepts'), 'too large explained');
});

test('roles: analysts see evidence and consent without actions; support sees consent but no evidence', async ({ page }) => {
  await signIn(page, 'analyst');
  const incident = await incidentTitle(page);
  const item = (await api(page, 'GET', `/evidence?incident_id=${incident.id}`)).json.items.find((e) => e.status === 'stored');
  assert(item, 'a stored item from the earlier test');
  await page.goto(`/evidence/${item.id}`);
  await page.waitForSelector('#evidence-content-restricted');
  assert(!(await page.isVisible('#evidence-content-open')) && !(await page.isVisible('#evidence-derivative-new')), 'no open or derive actions');
  const r = await page.evaluate(async (id) => (await fetch(`/api/v1/evidence/${id}/content`, { headers: { 'X-Purpose': 'test' } })).status, item.id);
  assertEqual(r, 403, 'the server refuses the analyst');
  const person = await firstWhere(page, 'persons', (p) => p.has_identity);
  await page.goto(`/persons/${person.id}`);
  await page.waitForSelector('#consent-panel');
  assert(!(await page.isVisible('#consent-record')), 'no consent actions for analysts');
  await page.click('#sign-out');
  // The demo has no victim-support account: an administrator creates one.
  await signIn(page, 'admin');
  const email = `support.evidence.${Date.now()}@org1.demo.example`;
  const created = await api(page, 'POST', '/users', { email, role: 'support', password: 'a-long-enough-password-2026' });
  assertEqual(created.status, 201, 'support account created');
  await page.click('#sign-out');
  await page.waitForSelector('#email');
  await page.fill('#email', email);
  await page.fill('#password', 'a-long-enough-password-2026');
  await page.click('#signin-submit');
  await page.waitForSelector('#who');
  await page.goto(`/incidents/${incident.id}`);
  await page.waitForSelector('#acts-h');
  assert(!(await page.isVisible('#evidence-h')), 'no evidence section for victim support');
  await page.goto(`/persons/${person.id}`);
  await page.waitForSelector('#consent-record');
});

test('Arabic: consent and evidence screens are right-to-left; no serious axe problems in English and Arabic', async ({ page }) => {
  await signIn(page, 'documenter');
  const incident = await incidentTitle(page);
  const item = (await api(page, 'GET', `/evidence?incident_id=${incident.id}`)).json.items.find((e) => e.status === 'stored' && e.parent_id);
  assert(item, 'a stored derivative from the earlier test');
  const person = await firstWhere(page, 'persons', (p) => p.has_identity);
  const problems = [];
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.goto(`/persons/${person.id}`);
    await page.waitForSelector('#consent-record');
    await page.click('#consent-record');
    await page.waitForSelector('#consent-form');
    problems.push(...(await axeViolations(page)).map((v) => `${lang} consent: ${v}`));
    if (lang === 'ar') {
      assertEqual((await page.textContent('#consent-h')).trim(), 'الموافقة', 'consent heading in Arabic');
      const form = await page.$eval('#consent-form', (f) => f.getBoundingClientRect());
      const label = await page.$eval('label[for="c-sheet"]', (l) => l.getBoundingClientRect());
      assert(form.right - label.right < 40, `labels start on the right (${form.right}, ${label.right})`);
      await page.screenshot({ path: `${RESULTS_DIR}consent-ar.png`, fullPage: true });
    }
    await page.goto(`/incidents/${incident.id}/evidence/new`);
    await page.waitForSelector('#e-file');
    problems.push(...(await axeViolations(page)).map((v) => `${lang} upload: ${v}`));
    await page.goto(`/evidence/${item.id}`);
    await page.waitForSelector('#custody-table-1');
    problems.push(...(await axeViolations(page)).map((v) => `${lang} item: ${v}`));
    if (lang === 'ar') {
      assertEqual(await page.getAttribute('html', 'dir'), 'rtl', 'right-to-left');
      assertEqual((await page.textContent('#evidence-custody-h')).trim(), 'سلسلة الحيازة', 'custody heading in Arabic');
      const [first, last] = await page.$$eval('#custody-table-0 thead th', (t) => [t[0].getBoundingClientRect().left, t.at(-1).getBoundingClientRect().left]);
      assert(first > last, `table columns run right to left (${first} > ${last})`);
      const hash = await page.$eval('#evidence-sha256', (c) => getComputedStyle(c).direction);
      assertEqual(hash, 'ltr', 'the SHA-256 stays left-to-right');
      await page.screenshot({ path: `${RESULTS_DIR}evidence-item-ar.png`, fullPage: true });
    }
  }
  assertEqual(problems.join('\n'), '', 'axe-core violations');
}, { bypassCSP: true });

test('narrow screens: consent and evidence screens do not scroll sideways', async ({ page }) => {
  await signIn(page, 'documenter');
  const incident = await incidentTitle(page);
  const item = (await api(page, 'GET', `/evidence?incident_id=${incident.id}`)).json.items.find((e) => e.status === 'stored');
  const person = await firstWhere(page, 'persons', (p) => p.has_identity);
  for (const [path, ready] of [[`/persons/${person.id}`, '#consent-panel'], [`/incidents/${incident.id}/evidence/new`, '#e-file'], [`/evidence/${item.id}`, '#custody-table-0']]) {
    await page.goto(path);
    await page.waitForSelector(ready);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `${path} fits in 390 px (${width})`);
  }
}, { viewport: { width: 390, height: 800 } });
