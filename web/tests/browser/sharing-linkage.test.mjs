// Browser tests of the sharing, linkage review and estimates screens against the real server.
// Each test creates its own persons, acts and shares through the API first.
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, signInAs } from './helpers.mjs';

const stamp = Date.now();
const ORG1 = 'Coalition Secretariat (fictional demo)';

const consentBody = (sharing, level = 'pseudonymous') => ({
  given_how: 'written', information_sheet_version: '2026-01', language: 'en',
  scopes: { documentation: true, storage: true, sharing, identity_level: level },
});

async function newPerson(page, name, sharing, extra = {}, level = 'pseudonymous') {
  const p = await api(page, 'POST', '/persons', { sex: 'female', identity: { full_name: name }, ...extra });
  assertEqual(p.status, 201, 'person created');
  if (sharing) assertEqual((await api(page, 'POST', `/persons/${p.json.id}/consents`, consentBody(sharing, level))).status, 201, 'consent recorded');
  return p.json;
}

// As the first organisation's documenter: a person whose consent allows sharing with partners,
// and an act naming them and a second person without consent (the gate refuses that act).
async function shareableFile(page) {
  await signInAs(page, 'documenter');
  const shared = await newPerson(page, `Shared Person ${stamp}`, ['ngo_partner']);
  const other = await newPerson(page, `Other Person ${stamp}`, null);
  const actType = (await api(page, 'GET', '/acts?limit=1')).json.items[0].act_type;
  const incident = await api(page, 'POST', '/incidents', { title: `Shared incident ${stamp}`, date: '2024-05', country: 'UA' });
  assertEqual(incident.status, 201, 'incident created');
  const act = await api(page, 'POST', '/acts', { incident_id: incident.json.id, act_type: actType, victims: [{ person_id: shared.id }, { person_id: other.id }] });
  assertEqual(act.status, 201, 'act created');
  return { shared, other, act: act.json };
}

async function recipientOrgId(page) {
  const r = await api(page, 'GET', '/shares/recipients');
  assertEqual(r.status, 200, 'recipients listed');
  const org2 = r.json.items.find((o) => o.name.startsWith('Justice Documentation Network'));
  assert(org2, 'the second demo organisation is a possible recipient');
  assert(!r.json.items.some((o) => o.name === ORG1), 'own organisation is not a recipient');
  return org2.id;
}

test('sharing: propose, refused items with reasons, self-approval refused, second approval, recipient view, access log, revoke', async ({ page }) => {
  const { shared, act } = await shareableFile(page);
  // The legal officer proposes the person's file through the form.
  await signInAs(page, 'legal');
  await page.goto(`/persons/${shared.id}`);
  await page.click('#person-share');
  await page.waitForSelector('#share-form');
  await page.waitForSelector('#sh-recipient option:nth-child(3)', { state: 'attached' });
  const org2 = await page.$eval('#sh-recipient', (s) => [...s.options].find((o) => o.textContent.startsWith('Justice Documentation Network')).value);
  await page.selectOption('#sh-recipient', org2);
  assertEqual(await page.$eval('#sh-person', (s) => s.value), shared.id, 'the person is preselected from the person page');
  await page.check('#sh-scope-read_pseudonymised');
  await page.fill('#sh-purpose', 'joint documentation (test)');
  await page.fill('#sh-basis', `DSA-TEST-${stamp}`);
  await page.click('#share-form-save');
  await page.waitForSelector('#share-proposed');
  const shareId = page.url().split('/shares/')[1].split('?')[0];
  assertEqual((await page.textContent('#share-state')).trim(), 'Awaiting approval', 'proposed state');
  // Before approval: the person goes, the act naming a person without consent is refused, with the reason.
  assert((await page.textContent('#share-items')).includes(shared.id), 'the person is among the items');
  const refused = await page.textContent('#share-refused');
  assert(refused.includes(act.id) && /consent/.test(refused), `the act is refused with the consent reason: ${refused}`);
  // The proposer cannot approve their own proposal: the refusal is said plainly.
  await page.click('#share-approve');
  await page.waitForSelector('#share-error');
  assert((await page.textContent('#share-error')).includes('You proposed this share, so you cannot approve it'), 'self-approval refused clearly');
  assertEqual((await page.textContent('#share-state')).trim(), 'Awaiting approval', 'still proposed');
  // Nothing reaches the recipient before approval.
  await signInAs(page, 'documenter', 2);
  assertEqual((await api(page, 'GET', `/shares/${shareId}`)).status, 404, 'the recipient does not see a proposed share');
  // A second person (the administrator) approves; the gate runs again, the act is still refused.
  await signInAs(page, 'admin');
  await page.goto(`/shares/${shareId}`);
  await page.click('#share-approve');
  await page.waitForFunction(() => document.querySelector('#share-state')?.textContent.trim() === 'Active');
  assert(await page.isVisible('#share-approved'), 'approval time shown');
  assert((await page.textContent('#share-refused')).includes(act.id), 'refused items still listed after approval');
  await page.waitForSelector('#log-none'); // the access log loads after the share itself
  // The recipient: the share with its origin and expiry, items behind a purpose.
  await signInAs(page, 'documenter', 2);
  await page.click('#nav-shares');
  await page.waitForSelector(`#received-table tr[data-share="${shareId}"]`);
  assert((await page.textContent(`#received-table tr[data-share="${shareId}"]`)).includes('Coalition Secretariat'), 'origin in the received list');
  await page.click(`#received-table tr[data-share="${shareId}"] a`);
  await page.waitForSelector('#shared-items-open');
  assert((await page.textContent('#share-title')).includes('Coalition Secretariat'), 'shared by the origin');
  await page.click('#shared-items-open');
  await page.fill('#shared-items-purpose', 'follow-up interview planning (test)');
  await page.click('#received-items-h ~ form button[type=submit]');
  await page.waitForSelector(`#shared-items tr[data-item="${shared.id}"]`);
  const row = await page.textContent(`#shared-items tr[data-item="${shared.id}"]`);
  assert(row.includes(shared.pseudonym) && row.includes('Coalition Secretariat'), `pseudonym and origin: ${row}`);
  assert(!row.includes(`Shared Person ${stamp}`), 'never the identity');
  assert(!(await page.textContent('#shared-items')).includes(act.id), 'the refused act never reaches the recipient');
  assert(/\d{4}/.test(await page.textContent(`#shared-items tr[data-item="${shared.id}"] .expiry`)), 'expiry shown');
  // The owner's access log says who saw what and when; then the share is revoked.
  await signInAs(page, 'legal');
  await page.goto(`/shares/${shareId}`);
  await page.waitForSelector('#access-log');
  const log = await page.textContent('#access-log');
  assert(log.includes('listed the items') && log.includes('follow-up interview planning (test)') && log.includes('Justice Documentation Network'), `access log: ${log}`);
  await page.click('#share-revoke');
  await page.click('#share-revoke-confirm');
  await page.waitForFunction(() => document.querySelector('#share-state')?.textContent.trim() === 'Revoked');
  await signInAs(page, 'documenter', 2);
  await page.goto(`/shares/${shareId}`);
  await page.waitForSelector('#share-closed');
  assert(!(await page.isVisible('#shared-items-open')), 'no way to open the items of a revoked share');
  assertEqual((await api(page, 'GET', `/shares/${shareId}/items`, undefined, { 'X-Purpose': 'test' })).status, 403, 'the server refuses too');
});

test('sharing with a mechanism: the form asks for an agreement in force and proposes under it', async ({ page }) => {
  await signInAs(page, 'documenter');
  const person = await newPerson(page, `Mechanism Person ${stamp}`, ['icc']);
  await signInAs(page, 'legal');
  await page.goto(`/persons/${person.id}`);
  await page.click('#person-share');
  await page.waitForSelector('#share-form');
  await page.waitForSelector('#sh-recipient option:nth-child(3)', { state: 'attached' });
  const icc = await page.$eval('#sh-recipient', (s) => [...s.options].find((o) => o.textContent.startsWith('International Criminal Court')).value);
  await page.selectOption('#sh-recipient', icc);
  await page.check('#sh-scope-read_pseudonymised');
  assert(await page.$eval('#sh-agreement', (s) => s.required), 'an agreement is required for a mechanism');
  // The agreements load separately from the recipients: wait for them, do not sample once.
  await page.waitForFunction(() => [...document.querySelectorAll('#sh-agreement option')].some((o) => o.value.startsWith('agr_')));
  const options = await page.$$eval('#sh-agreement option', (os) => os.map((o) => ({ value: o.value, text: o.textContent })));
  const demo = options.find((o) => o.text.startsWith('fictional demo cooperation agreement'));
  assert(demo && demo.value.startsWith('agr_'), `the demo agreement with the mechanism is offered: ${JSON.stringify(options)}`);
  // A scope the agreement does not cover offers no agreement.
  await page.check('#sh-scope-read_identity');
  assert(!(await page.$$eval('#sh-agreement option', (os) => os.some((o) => o.value === 'placeholder' || o.value.startsWith('agr_')))), 'no agreement covers identity');
  await page.check('#sh-scope-read_pseudonymised');
  await page.selectOption('#sh-agreement', demo.value);
  await page.fill('#sh-purpose', 'preliminary examination support (test)');
  await page.fill('#sh-basis', 'fictional demo cooperation agreement OTP-DEMO-2026-01');
  await page.click('#share-form-save');
  await page.waitForSelector('#share-proposed');
  const shareId = page.url().split('/shares/')[1].split('?')[0];
  const share = await api(page, 'GET', `/shares/${shareId}`);
  assertEqual(share.json.agreement_id, demo.value, 'the share names the agreement');
});

test('linkage: a job with a purpose, the pair by pseudonyms and levels only, same person, then unlink', async ({ page }) => {
  await signInAs(page, 'documenter');
  const name = `Zephyrine Quillfeather ${stamp}`;
  const extra = { birth: '1981-04-12', nationality: 'UA' };
  const a = await newPerson(page, name, ['ngo_partner'], extra);
  const b = await newPerson(page, name, ['ngo_partner'], extra);
  await page.click('#nav-linkage');
  await page.fill('#lk-purpose', 'duplicate check before the annual report (test)');
  await page.click('#lk-start');
  await page.waitForFunction(() => document.querySelector('#job-status')?.textContent.trim() === 'Finished', null, { timeout: 120000 });
  assert(Number(await page.textContent('#job-review-items')) >= 1, 'pairs to review');
  // Find the pair of the two records (page through the queue if needed).
  const sel = `li[data-review]:has(a[href="/persons/${a.id}"]):has(a[href="/persons/${b.id}"])`;
  for (let i = 0; i < 20 && !(await page.$(sel)); i++) {
    await page.waitForSelector('#review-list, #queue-none');
    if (await page.$(sel)) break;
    const next = await page.$('#queue-h ~ nav.pager button:last-child:not([disabled])');
    if (!next) break;
    const shown = await page.textContent('#queue-h ~ nav.pager span');
    await next.click();
    await page.waitForFunction((before) => document.querySelector('#queue-h ~ nav.pager span')?.textContent !== before, shown);
  }
  await page.waitForSelector(sel);
  const text = await page.textContent(sel);
  assert(text.includes(a.pseudonym) && text.includes(b.pseudonym), 'pseudonyms side by side');
  assert(!text.includes('Zephyrine') && !(await page.content()).includes('Quillfeather'), 'no identity on the review screen');
  assert(/probability/.test(text) && /match weight/.test(text), 'probability and weight shown');
  assert((await page.textContent(`${sel} tr[data-field="name"]`)).includes('the same'), 'name agreement level in words');
  assert((await page.textContent(`${sel} tr[data-field="birth"]`)).includes('the same'), 'birth agreement level in words');
  const reviewId = await page.$eval(sel, (li) => li.dataset.review);
  await page.fill(`#note-${reviewId}`, 'same birth date and place (test)');
  await page.click(`#same-${reviewId}`);
  await page.waitForFunction((id) => document.querySelector(`#decision-${id}`)?.textContent.includes('the same person'), reviewId);
  assert(!(await page.isVisible(`#same-${reviewId}`)), 'an accepted pair is final');
  await page.click(`#links-${reviewId}`);
  await page.waitForSelector('#link-list');
  assert((await page.textContent('#link-list')).includes(b.pseudonym), 'the link to the other record');
  const linkId = await page.$eval('#link-list li', (li) => li.dataset.link);
  await page.click(`#unlink-${linkId}`);
  await page.click(`#unlink-yes-${linkId}`);
  await page.waitForSelector('#unlinked');
  await page.waitForSelector('#links-none');
  assertEqual((await api(page, 'GET', `/persons/${a.id}/links`)).json.items.filter((l) => l.active).length, 0, 'no active link on the server');
  // An "unsure" decision can be revisited: the pair stays with its buttons.
});

test('estimates: an example table gives a number with its interval and plots; no overlaps give no number and the reasons', async ({ page }) => {
  await signInAs(page, 'analyst');
  assert(!(await page.isVisible('#nav-linkage')), 'analysts do not review linkage');
  await page.click('#nav-estimates');
  await page.click('#est-example');
  await page.click('#est-run');
  await page.waitForSelector('#est-value');
  const headline = await page.textContent('#est-value');
  const [value, lower, upper] = await page.$eval('#est-value', (p) => [p.dataset.value, p.dataset.lower, p.dataset.upper].map(Number));
  assert(value >= 378 && lower <= value && value <= upper, `estimate with its interval: ${headline}`);
  assert(headline.includes(Math.round(value).toLocaleString('en')), `the estimate in words: ${headline}`);
  assert((await page.textContent('#est-observed')).includes('378'), 'observed people');
  await page.waitForSelector('#est-chart canvas');
  await page.waitForSelector('#overlap-chart canvas');
  assertEqual(await page.$$eval('#overlap-chart table tbody tr', (r) => r.length), 7, 'one overlap row per capture pattern');
  // Strata: the same table twice, by year.
  await page.fill('#est-csv', 'A,B,C,year,count\n1,0,0,2014,60\n0,1,0,2014,50\n0,0,1,2014,40\n1,1,0,2014,15\n1,0,1,2014,12\n0,1,1,2014,10\n1,1,1,2014,4\n1,0,0,2015,60\n0,1,0,2015,45\n0,0,1,2015,40\n1,1,0,2015,15\n1,0,1,2015,13\n0,1,1,2015,10\n1,1,1,2015,4\n');
  await page.fill('#est-strata', 'year');
  await page.click('#est-run');
  await page.waitForSelector('#strata-table');
  assertEqual(await page.$$eval('#strata-table tbody tr', (r) => r.length), 2, 'one row per stratum');
  // Nobody on two lists: no honest number, and why.
  await page.fill('#est-strata', '');
  await page.fill('#est-csv', 'A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n');
  await page.click('#est-run');
  await page.waitForSelector('#est-none');
  assert(!(await page.isVisible('#est-value')), 'no number');
  assert((await page.$$eval('#est-warnings li', (l) => l.length)) >= 1, 'the reasons are listed');
  assert(!(await page.isVisible('#est-chart')), 'no interval plotted without an estimate');
  // A table that cannot be read: the server's field error by the field.
  await page.fill('#est-csv', 'A,B,count\n1,x,3\n');
  await page.click('#est-run');
  await page.waitForSelector('#est-csv-error');
});

test('Arabic: sharing, linkage and estimates screens are right-to-left; no serious axe problems', async ({ page }) => {
  const { shared } = await shareableFile(page);
  // Two records of one fictional person, so that the review queue has a pair to show.
  const extra = { birth: '1975-01-02', nationality: 'SY' };
  for (let i = 0; i < 2; i++) await newPerson(page, `Axe Duplicate ${stamp}`, ['ngo_partner'], extra);
  const org2 = await recipientOrgId(page);
  const expires = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 19) + 'Z';
  const body = { recipient_org_id: org2, object: { type: 'person_file', ids: [shared.id] }, scope: 'read_pseudonymised', purpose: 'axe test', legal_basis: 'DSA-AXE', expires_at: expires };
  const proposed = await api(page, 'POST', '/shares', body);
  assertEqual(proposed.status, 201, 'share proposed through the API');
  const given = await api(page, 'POST', '/shares', { ...body, scope: 'contribute' }); // the recipient's view with contributions
  await signInAs(page, 'legal');
  assertEqual((await api(page, 'POST', `/shares/${given.json.id}/approve`, {})).status, 200, 'a second share approved through the API');
  const job = await api(page, 'POST', '/linkage/jobs', {}, { 'X-Purpose': 'accessibility check (test)' });
  assertEqual(job.status, 202, 'linkage job started');
  const problems = [];
  const scan = async (lang, name, path, ready, then) => {
    await page.goto(path);
    await page.waitForSelector(ready, { state: 'attached', timeout: 120000 });
    if (then) await then();
    problems.push(...(await axeViolations(page)).map((v) => `${lang} ${name}: ${v}`));
  };
  const language = async (lang) => {
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  };
  for (const lang of ['en', 'ar']) {
    await language(lang);
    await scan(lang, 'shares', '/shares', '#given-table');
    await scan(lang, 'share', `/shares/${proposed.json.id}`, '#share-refused');
    await scan(lang, 'share form', '/shares/new', '#sh-recipient option:nth-child(2)');
    await scan(lang, 'linkage', '/linkage', '#linkage-start');
    await scan(lang, 'review queue', `/linkage/jobs/${job.json.id}`, '#review-list');
    await scan(lang, 'links', `/persons/${shared.id}/links`, '#links-none');
    await scan(lang, 'estimates', '/estimates', '#estimate-form', async () => { await page.click('#est-example'); await page.click('#est-run'); await page.waitForSelector('#est-value'); });
    if (lang === 'ar') {
      assertEqual(await page.getAttribute('html', 'dir'), 'rtl', 'right-to-left');
      assertEqual((await page.textContent('#est-title')).trim(), 'التقديرات', 'estimates heading in Arabic');
      await page.screenshot({ path: `${RESULTS_DIR}estimates-ar.png`, fullPage: true });
      await page.goto(`/linkage/jobs/${job.json.id}`);
      await page.waitForSelector('#review-list');
      assertEqual((await page.textContent('#queue-h')).trim(), 'أزواج للمراجعة', 'review queue heading in Arabic');
      await page.screenshot({ path: `${RESULTS_DIR}linkage-review-ar.png`, fullPage: true });
      await page.goto(`/shares/${proposed.json.id}`);
      await page.waitForSelector('#share-facts');
      assertEqual((await page.textContent('#refused-h')).trim(), 'ما رفضته مراجعة الموافقة', 'refused heading in Arabic');
      const [dt, dd] = await page.$$eval('#share-facts > *', (e) => [e[0].getBoundingClientRect().left, e[1].getBoundingClientRect().left]);
      assert(dt > dd, `labels on the right, values on their left (${dt} > ${dd})`);
      await page.screenshot({ path: `${RESULTS_DIR}share-ar.png`, fullPage: true });
    }
  }
  // The recipient's view of the shared items, in both languages.
  await signInAs(page, 'documenter', 2);
  for (const lang of ['en', 'ar']) {
    await language(lang);
    await scan(lang, 'received', `/shares/${given.json.id}`, '#shared-items-open', async () => {
      await page.click('#shared-items-open');
      await page.fill('#shared-items-purpose', 'accessibility check (test)');
      await page.click('#received-items-h ~ form button[type=submit]');
      await page.waitForSelector('#shared-items');
      await page.waitForSelector('#contrib-form');
    });
  }
  assertEqual(problems.join('\n'), '', 'axe-core violations');
}, { bypassCSP: true });

test('narrow screens: sharing, linkage and estimates screens do not scroll sideways', async ({ page }) => {
  const { shared } = await shareableFile(page);
  const org2 = await recipientOrgId(page);
  const expires = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 19) + 'Z';
  for (let i = 0; i < 2; i++) await newPerson(page, `Narrow Duplicate ${stamp}`, ['ngo_partner'], { birth: '1990-06-01', nationality: 'UA' });
  const proposed = await api(page, 'POST', '/shares', { recipient_org_id: org2, object: { type: 'person_file', ids: [shared.id] }, scope: 'read_pseudonymised', purpose: 'narrow test', legal_basis: 'DSA-NARROW', expires_at: expires });
  await signInAs(page, 'legal');
  const check = async (path, ready, then) => {
    await page.goto(path);
    await page.waitForSelector(ready, { state: 'attached', timeout: 120000 });
    if (then) await then();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `${path} fits in 390 px (${width})`);
  };
  await check('/shares', '#given-table');
  await check(`/shares/${proposed.json.id}`, '#share-refused');
  await check('/shares/new', '#share-form');
  await check('/linkage', '#linkage-start');
  const job = await api(page, 'POST', '/linkage/jobs', {}, { 'X-Purpose': 'narrow screen check (test)' });
  await check(`/linkage/jobs/${job.json.id}`, '#review-list');
  await check(`/persons/${shared.id}/links`, '#links-none');
  await check('/estimates', '#estimate-form', async () => { await page.click('#est-example'); await page.click('#est-run'); await page.waitForSelector('#est-value'); });
}, { viewport: { width: 390, height: 800 } });

test('roles: who is offered sharing, linkage review and estimates', async ({ page }) => {
  const offered = async () => ({
    shares: await page.isVisible('#nav-shares'), linkage: await page.isVisible('#nav-linkage'), estimates: await page.isVisible('#nav-estimates'),
  });
  await signInAs(page, 'analyst');
  assertEqual(JSON.stringify(await offered()), JSON.stringify({ shares: true, linkage: false, estimates: true }), 'analyst');
  await page.click('#nav-shares');
  await page.waitForSelector('#received-h');
  assert(!(await page.isVisible('#new-share')) && !(await page.isVisible('#given-h')), 'analysts neither propose nor oversee shares');
  await signInAs(page, 'admin');
  assertEqual(JSON.stringify(await offered()), JSON.stringify({ shares: true, linkage: false, estimates: false }), 'administrator');
  await page.click('#nav-shares');
  await page.waitForSelector('#given-h');
  assert(!(await page.isVisible('#new-share')), 'administrators approve but do not propose');
  await signInAs(page, 'documenter');
  assertEqual(JSON.stringify(await offered()), JSON.stringify({ shares: true, linkage: true, estimates: true }), 'documenter');
  await signInAs(page, 'grants');
  assertEqual(JSON.stringify(await offered()), JSON.stringify({ shares: false, linkage: false, estimates: false }), 'sub-granting roles');
});

test('sharing: a consent withdrawal gives the recipient and the owner a follow-up task, closed with a note', async ({ page }) => {
  await signInAs(page, 'documenter');
  const person = await newPerson(page, `Withdrawing Person ${stamp}`, ['ngo_partner']);
  const org2 = await recipientOrgId(page);
  const expires = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 19) + 'Z';
  const share = await api(page, 'POST', '/shares', { recipient_org_id: org2, object: { type: 'person_file', ids: [person.id] }, scope: 'read_pseudonymised', purpose: 'tasks test', legal_basis: 'DSA-TASKS', expires_at: expires });
  await signInAs(page, 'admin');
  assertEqual((await api(page, 'POST', `/shares/${share.json.id}/approve`, {})).status, 200, 'approved by a second person');
  await signInAs(page, 'documenter');
  assertEqual((await api(page, 'POST', `/persons/${person.id}/consents/withdraw`, {})).status, 201, 'consent withdrawn');
  // The recipient: an open task naming the pseudonym and the share, closed with what was done.
  await signInAs(page, 'documenter', 2);
  await page.click('#nav-shares');
  const task = `#task-list li:has(a[href="/shares/${share.json.id}"])`;
  await page.waitForSelector(task);
  assert((await page.textContent(task)).includes(person.pseudonym), 'the task names the pseudonym');
  assert(!(await page.textContent('#task-list')).includes(`Withdrawing Person ${stamp}`), 'never the identity');
  const id = await page.$eval(task, (li) => li.dataset.task);
  await page.fill(`#task-note-${id}`, 'local copies deleted (test)');
  await page.click(`#task-close-${id}`);
  await page.waitForSelector(`li[data-task="${id}"]`, { state: 'detached' });
  await page.selectOption('#task-status', 'closed');
  await page.waitForSelector(`li[data-task="${id}"]`);
  assert((await page.textContent(`li[data-task="${id}"]`)).includes('local copies deleted (test)'), 'the note is kept');
  // The owner has its own task, linking to its person.
  await signInAs(page, 'legal');
  await page.click('#nav-shares');
  await page.waitForSelector(`#task-list li:has(a[href="/persons/${person.id}"])`);
});

test('sharing: under "read and contribute" the recipient adds a comment; both sides read it with a purpose', async ({ page }) => {
  await signInAs(page, 'documenter');
  const person = await newPerson(page, `Contribution Person ${stamp}`, ['ngo_partner']);
  const org2 = await recipientOrgId(page);
  const expires = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 19) + 'Z';
  const share = await api(page, 'POST', '/shares', { recipient_org_id: org2, object: { type: 'record', ids: [person.id] }, scope: 'contribute', purpose: 'contribution test', legal_basis: 'DSA-CTB', expires_at: expires });
  await signInAs(page, 'admin');
  assertEqual((await api(page, 'POST', `/shares/${share.json.id}/approve`, {})).status, 200, 'approved');
  await signInAs(page, 'documenter', 2);
  await page.goto(`/shares/${share.json.id}`);
  await page.click('#shared-items-open');
  await page.fill('#shared-items-purpose', 'joint analysis (test)');
  await page.click('#received-items-h ~ form button[type=submit]');
  await page.waitForSelector('#contrib-form');
  assert((await page.textContent(`#shared-items tr[data-item="${person.id}"]`)).includes('comments allowed'), 'the item says contributions are allowed');
  await page.selectOption('#ct-type', 'assessment');
  await page.fill('#ct-text', `Consistent with our own records (test ${stamp}).`);
  await page.click('#contrib-save');
  await page.waitForSelector('#contrib-sent');
  await page.click('#contrib-read-open');
  await page.fill('#contrib-read-purpose', 'joint analysis (test)');
  await page.click('#contrib-read-purpose ~ .actions button[type=submit]');
  await page.waitForSelector('#contrib-list');
  assert((await page.textContent('#contrib-list')).includes(`test ${stamp}`), 'the recipient reads its contribution');
  // The owner reads it too, with a purpose; its own record is unchanged.
  await signInAs(page, 'legal');
  await page.goto(`/shares/${share.json.id}`);
  await page.click('#contrib-read-open');
  await page.fill('#contrib-read-purpose', 'review of partner input (test)');
  await page.click('#contrib-read-purpose ~ .actions button[type=submit]');
  await page.waitForSelector('#contrib-list');
  assert((await page.textContent('#contrib-list')).includes('Assessment'), 'the owner reads the assessment');
  assertEqual((await api(page, 'GET', `/persons/${person.id}`)).json.version, person.version, 'the owner\'s record never changes');
});

test('sharing: the recipient reads a narrative and, under "read, with identities", an identity, each with a purpose', async ({ page }) => {
  await signInAs(page, 'documenter');
  const person = await newPerson(page, `Consenting Witness ${stamp}`, ['ngo_partner'], {}, 'full');
  const actType = (await api(page, 'GET', '/acts?limit=1')).json.items[0].act_type;
  const incident = await api(page, 'POST', '/incidents', { title: `Narrated incident ${stamp}`, date: '2023', country: 'SY' });
  const act = await api(page, 'POST', '/acts', { incident_id: incident.json.id, act_type: actType, victims: [{ person_id: person.id }], narrative: `What happened, as told (test ${stamp}).` });
  assertEqual(act.status, 201, 'act with a narrative');
  const org2 = await recipientOrgId(page);
  const expires = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 19) + 'Z';
  const share = await api(page, 'POST', '/shares', { recipient_org_id: org2, object: { type: 'person_file', ids: [person.id] }, scope: 'read_identity', purpose: 'identity test', legal_basis: 'DSA-ID', expires_at: expires });
  await signInAs(page, 'admin');
  assertEqual((await api(page, 'POST', `/shares/${share.json.id}/approve`, {})).status, 200, 'approved');
  await signInAs(page, 'documenter', 2);
  await page.goto(`/shares/${share.json.id}`);
  await page.click('#shared-items-open');
  await page.fill('#shared-items-purpose', 'preparing the interview (test)');
  await page.click('#received-items-h ~ form button[type=submit]');
  await page.waitForSelector('#shared-reads');
  assert(!(await page.textContent('main')).includes(`Consenting Witness ${stamp}`) && !(await page.textContent('main')).includes('as told'), 'nothing protected before a purpose');
  await page.click(`#sn-${act.json.id}-open`);
  await page.fill(`#sn-${act.json.id}-purpose`, 'preparing the interview (test)');
  await page.click(`#sn-${act.json.id}-purpose ~ .actions button[type=submit]`);
  await page.waitForSelector(`#sn-${act.json.id}-text`);
  assert((await page.textContent(`#sn-${act.json.id}-text`)).includes(`as told (test ${stamp})`), 'the narrative after a purpose');
  await page.click(`#si-${person.id}-open`);
  await page.fill(`#si-${person.id}-purpose`, 'contacting the witness (test)');
  await page.click(`#si-${person.id}-purpose ~ .actions button[type=submit]`);
  await page.waitForSelector(`#si-${person.id}-shown`);
  assert((await page.textContent(`#si-${person.id}-shown`)).includes(`Consenting Witness ${stamp}`), 'the identity after a purpose');
  // Both reads are in the owner's access log.
  await signInAs(page, 'legal');
  await page.goto(`/shares/${share.json.id}`);
  await page.waitForSelector('#access-log');
  const log = await page.textContent('#access-log');
  assert(log.includes('read a narrative') && log.includes('read an identity') && log.includes('contacting the witness (test)'), `access log: ${log}`);
});
