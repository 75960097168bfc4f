// Browser tests of the web UI against a real `giai serve` with the fictional demo data.
// Run by web/scripts/test: BASE_URL and GIAI_LOGINS (JSON [{email,password,role,org}]) are set.
import { test, run, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, firstWhere, login, signIn } from './helpers.mjs';

const baseURL = process.env.BASE_URL;

test('sign in shows the organisation and role in the header', async ({ page }) => {
  await page.goto('/');
  assert(await page.isVisible('#email'), 'sign-in form shown first');
  await page.fill('#email', login('documenter').email);
  await page.fill('#password', 'not the password');
  await page.click('#signin-submit');
  await page.waitForSelector('#signin-error');
  await signIn(page, 'documenter');
  const who = await page.textContent('#who');
  assert(who.includes('Documenter'), `role in header: ${who}`);
  const me = await api(page, 'GET', '/auth/me');
  assert(who.includes(me.json.organisation.name), 'organisation name in header');
});

test('dashboard renders charts and the shaded world map', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.waitForSelector('#totals');
  const charts = await page.$$eval('figure.chart canvas', (c) => c.map((x) => x.width));
  assert(charts.length >= 5 && charts.every((w) => w > 0), `5 charts drawn: ${charts}`);
  const paths = await page.$$eval('#world-map path', (p) => p.length);
  assert(paths > 150, `world map drawn (${paths} countries)`);
  const shaded = await page.$$eval('#world-map path', (p) => p.filter((x) => x.getAttribute('fill') !== '#f4f4f2').length);
  assert(shaded > 0, 'some countries are shaded by counts');
  const incidents = Number(await page.textContent('#totals li:first-child .n'));
  assert(incidents > 0, 'incident total shown');
  await page.screenshot({ path: `${RESULTS_DIR}dashboard.png`, fullPage: true });
  // The filters narrow the counts.
  await page.check('#f-gender');
  await page.click('#f-apply');
  await page.waitForURL(/gender_based=true/);
  // The totals reload asynchronously: sampling #totals right away could read the unfiltered
  // count. Wait for the count the server gives for the same filter.
  let expected = 0;
  for (let cursor = null, first = true; first || cursor; first = false) {
    const r = (await api(page, 'GET', `/incidents?gender_based=true&limit=500${cursor ? `&cursor=${cursor}` : ''}`)).json;
    expected += r.items.length;
    cursor = r.next_cursor;
  }
  await page.waitForFunction((n) => document.querySelector('#totals li:first-child .n')?.textContent === String(n), expected);
  assert(expected <= incidents, `filtered count ${expected} <= ${incidents}`);
});

const title = `Test incident ${Date.now()}`;

test('create an incident with a friendly date and find it in the list', async ({ page }) => {
  await signIn(page, 'documenter');
  await page.click('#nav-incidents');
  await page.click('#new-incident');
  await page.fill('#i-title', title);
  await page.selectOption('#i-date-kind', 'around');
  await page.selectOption('#i-date-month', '3');
  await page.fill('#i-date-year', '1999');
  assertEqual(await page.textContent('#i-date-words'), 'Reads as: around March 1999', 'date read back in words');
  await page.selectOption('#i-country', 'SN');
  // A draft survives a reload, the protected narrative does not.
  await page.fill('#i-narrative', 'confidential words');
  await page.waitForTimeout(100);
  await page.reload();
  await page.waitForSelector('#i-title');
  assertEqual(await page.inputValue('#i-title'), title, 'title restored from the draft');
  assertEqual(await page.inputValue('#i-narrative'), '', 'narrative not kept in storage');
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert(!stored.includes('confidential words'), 'narrative in no storage');
  await page.fill('#i-narrative', 'confidential words');
  await page.click('#incident-form-save');
  await page.waitForSelector('#incident-title');
  assertEqual(await page.textContent('#incident-title'), title, 'incident page after save');
  assertEqual(await page.textContent('#incident-date'), 'around March 1999', 'date in words');
  await page.click('#nav-incidents');
  await page.selectOption('#f-country', 'SN');
  await page.fill('#f-from', '1999-01-01');
  await page.fill('#f-to', '1999-12-31');
  await page.click('#f-apply');
  await page.waitForSelector(`#incident-table a:has-text("${title}")`);
});

test('the incidents list pages with cursors', async ({ page }) => {
  await signIn(page, 'documenter');
  await page.click('#nav-incidents');
  await page.waitForSelector('#incident-table');
  const first = await page.$$eval('#incident-table tbody tr', (r) => r.map((x) => x.textContent));
  assertEqual(first.length, 20, 'a full first page');
  await page.click('#next-page');
  await page.waitForFunction(() => document.querySelector('#page-number')?.textContent === 'Page 2');
  await page.waitForSelector('#incident-table');
  const second = await page.$$eval('#incident-table tbody tr', (r) => r.map((x) => x.textContent));
  assert(second.length > 0 && !second.some((x) => first.includes(x)), 'the second page has other incidents');
  await page.click('text=Previous page');
  await page.waitForFunction(() => document.querySelector('#page-number')?.textContent === 'Page 1');
});

test('add an act with a crime qualification', async ({ page }) => {
  await signIn(page, 'documenter');
  const incident = await firstWhere(page, 'incidents', (i) => i.title === title);
  await page.goto(`/incidents/${incident.id}`);
  await page.click('#add-act');
  await page.waitForSelector('#a-type option:nth-child(3)', { state: 'attached' });
  const code = await page.$eval('#a-type', (s) => [...s.options].find((o) => /killing/i.test(o.textContent))?.value ?? s.options[2].value);
  await page.selectOption('#a-type', code);
  await page.fill('#v-group-0', 'Residents of a village');
  await page.fill('#v-count-0', '4');
  await page.selectOption('#a-crime', 'ICC-7-1-a');
  await page.waitForSelector('#a-crime-elements li');
  const elements = await page.$$eval('#a-crime-elements li', (l) => l.length);
  assert(elements >= 2, `elements of the crime shown (${elements})`);
  await page.click('#a-crime-add');
  await page.check('#a-gender');
  await page.click('#act-form-save');
  await page.waitForSelector('#incident-title');
  await page.waitForSelector('.act li.crime');
  const crime = await page.textContent('.act li.crime');
  assert(/7\(1\)\(a\)/.test(crime), `qualification shown: ${crime}`);
  assert((await page.textContent('.act')).includes('Residents of a village (4 people)'), 'victim group shown');
});

test('a stale edit shows the conflict message and never overwrites', async ({ page }) => {
  await signIn(page, 'documenter');
  const incident = await firstWhere(page, 'incidents', (i) => i.title === title);
  await page.goto(`/incidents/${incident.id}/edit`);
  await page.waitForSelector('#i-title');
  await page.fill('#i-title', `${title} (mine)`);
  await page.waitForTimeout(100);
  // The draft survives a reload and remembers the version it started from.
  await page.reload();
  await page.waitForFunction((t) => document.querySelector('#i-title')?.value === t, `${title} (mine)`);
  // Someone else edits the record in between.
  const current = await api(page, 'GET', `/incidents/${incident.id}`);
  const other = await api(page, 'PATCH', `/incidents/${incident.id}`, { title: `${title} (changed elsewhere)` }, { 'If-Match': current.etag });
  assertEqual(other.status, 200, 'edit via the API');
  await page.click('#incident-form-save');
  await page.waitForSelector('#conflict');
  assert((await page.textContent('#conflict')).includes('changed by someone else'), 'clear conflict message');
  const after = await api(page, 'GET', `/incidents/${incident.id}`);
  assertEqual(after.json.title, `${title} (changed elsewhere)`, 'the other edit was kept');
  await page.click('#conflict-reload');
  await page.waitForFunction((t) => document.querySelector('#i-title')?.value === t, `${title} (changed elsewhere)`);
  await page.fill('#i-title', title);
  await page.click('#incident-form-save');
  await page.waitForSelector('#incident-title');
});

test('identity stays hidden until a purpose is given, and the read is audited', async ({ page }) => {
  await signIn(page, 'documenter');
  const person = await firstWhere(page, 'persons', (p) => p.has_identity);
  await page.goto(`/persons/${person.id}`);
  await page.waitForSelector('#person-title');
  assertEqual((await page.textContent('#person-title')).trim(), person.pseudonym, 'shown by pseudonym');
  assert(!(await page.isVisible('#identity')), 'identity hidden at first');
  await page.click('#identity-open');
  assert(await page.isDisabled('form.purpose button[type=submit]'), 'cannot confirm without a purpose');
  await page.fill('#identity-purpose', 'Prepare referral to medical partner');
  await page.click('form.purpose button[type=submit]');
  await page.waitForSelector('#identity dd');
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  const shown = await page.textContent('#identity dd');
  assert(!stored.includes(shown), 'identity in no storage');
  // The administrator sees the read, with its purpose, in the audit trail.
  await page.click('#sign-out');
  await signIn(page, 'admin');
  await page.click('#nav-audit');
  await page.waitForSelector('#audit-table');
  await page.check('#audit-protected');
  const row = await page.textContent('#audit-table tbody tr:first-child');
  assert(row.includes('Prepare referral to medical partner') && row.includes('Identity read'), `newest protected read first: ${row}`);
});

test('a narrative is shown only after a purpose is given', async ({ page }) => {
  await signIn(page, 'documenter');
  const incident = await firstWhere(page, 'incidents', (i) => i.has_narrative);
  await page.goto(`/incidents/${incident.id}`);
  await page.waitForSelector('#incident-narrative-open');
  assert(!(await page.isVisible('#incident-narrative-text')), 'narrative hidden at first');
  await page.click('#incident-narrative-open');
  await page.fill('#incident-narrative-purpose', 'Legal review of the incident');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#incident-narrative-text blockquote');
  assert((await page.textContent('#incident-narrative-text blockquote')).trim().length > 0, 'narrative text shown');
  await page.click('#incident-narrative-text button');
  assert(!(await page.isVisible('#incident-narrative-text')), 'hidden again');
});

test('switching language keeps what is typed in a form', async ({ page }) => {
  await signIn(page, 'documenter');
  await page.goto('/incidents/new');
  await page.fill('#i-title', 'Language switch check');
  await page.fill('#i-narrative', 'typed but not saved');
  await page.selectOption('#lang-select', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  assertEqual(await page.inputValue('#i-narrative'), 'typed but not saved', 'narrative kept in memory');
  assertEqual((await page.textContent('#incident-form-save')).trim(), 'Enregistrer', 'form in French');
  await page.click('text=Annuler');
  await page.waitForSelector('#incidents-title');
});

test('server field errors are shown next to the field', async ({ page }) => {
  await signIn(page, 'documenter');
  await page.goto('/incidents/new');
  await page.fill('#i-title', 'Field error check');
  await page.selectOption('#i-date-kind', 'advanced');
  await page.fill('#i-date-text', '1999-13-45');
  await page.selectOption('#i-country', 'SN');
  await page.click('#incident-form-save');
  await page.waitForSelector('#i-date .field-error');
  assert((await page.textContent('#i-date .field-error')).includes('EDTF'), 'the server detail by the date field');
});

test('a new person keeps identity out of drafts; a testimony links them by pseudonym', async ({ page }) => {
  await signIn(page, 'documenter');
  const incident = await firstWhere(page, 'incidents', (i) => i.title === title);
  // From the act form, record a new person; back on the act form they are the victim.
  await page.goto(`/incidents/${incident.id}/acts/new`);
  await page.click('a[href^="/persons/new"]');
  await page.waitForSelector('#p-sex');
  await page.selectOption('#p-sex', 'female');
  await page.selectOption('#p-birth-kind', 'decade');
  await page.fill('#p-birth-year', '1980');
  await page.fill('#p-full_name', 'Zeta Testname');
  await page.waitForTimeout(100);
  await page.reload();
  await page.waitForSelector('#p-full_name');
  assertEqual(await page.inputValue('#p-sex'), 'female', 'ordinary fields restored');
  assertEqual(await page.inputValue('#p-full_name'), '', 'identity not restored from storage');
  await page.fill('#p-full_name', 'Zeta Testname');
  await page.click('#person-form-save');
  await page.waitForURL(/\/acts\/new$/);
  await page.waitForFunction(() => document.querySelector('#v-person-0')?.value?.startsWith('per_'));
  const personId = await page.inputValue('#v-person-0');
  assertEqual(await page.$$eval('#victims select[id^="v-person-"]', (l) => l.length), 1, 'the new person replaced the empty row');
  await page.goto(`/persons/${personId}`);
  await page.waitForSelector('#person-title');
  const pseudonym = (await page.textContent('#person-title')).trim();
  assert(/^P-[0-9A-Z]{6}$/.test(pseudonym), `shown by pseudonym ${pseudonym}`);
  assert(!(await page.textContent('main')).includes('Zeta Testname'), 'name not shown without a purpose');
  assert((await page.textContent('main')).includes('the 1980s'), 'decade in words');
  await page.goto(`/incidents/${incident.id}/testimonies/new`);
  await page.waitForSelector(`#t-person option:has-text("${pseudonym}")`, { state: 'attached' });
  const value = await page.$eval('#t-person', (s, p) => [...s.options].find((o) => o.textContent === p).value, pseudonym);
  await page.selectOption('#t-person', value);
  await page.selectOption('#t-date-kind', 'month');
  await page.selectOption('#t-date-month', '5');
  await page.fill('#t-date-year', '2024');
  await page.fill('#t-language', 'ar');
  await page.fill('#t-narrative', 'Testimony text');
  await page.click('#testimony-form-save');
  await page.waitForSelector('#testimonies-h');
  await page.waitForSelector(`.testimonies .pseudonym:has-text("${pseudonym}")`);
  assert((await page.textContent('.testimonies')).includes('May 2024'), 'testimony date in words');
});

test('a unit can be recorded and listed', async ({ page }) => {
  await signIn(page, 'legal');
  await page.click('#nav-units');
  await page.click('#new-unit');
  await page.fill('#u-name', 'Fictional Test Battalion');
  await page.selectOption('#u-type', 'military_unit');
  await page.click('#unit-form-save');
  await page.waitForSelector('#unit-table a:has-text("Fictional Test Battalion")');
});

test('an administrator creates an account that can sign in', async ({ page }) => {
  await signIn(page, 'admin');
  await page.click('#nav-users');
  await page.waitForSelector('#user-table');
  const email = `support.${Date.now()}@org1.demo.example`;
  await page.fill('#u-email', email);
  await page.selectOption('#u-role', 'support');
  await page.fill('#u-password', 'short');
  await page.click('#user-form-save');
  await page.waitForSelector('#user-form .error');
  await page.fill('#u-password', 'a-long-enough-password-2026');
  await page.click('#user-form-save');
  await page.waitForSelector(`#user-table td:has-text("${email}")`);
  await page.click('#sign-out');
  await page.waitForSelector('#email');
  await page.fill('#email', email);
  await page.fill('#password', 'a-long-enough-password-2026');
  await page.click('#signin-submit');
  await page.waitForSelector('#who');
  assert((await page.textContent('#who')).includes('Victim support'), 'signed in with the new role');
});

test('Arabic: right-to-left layout and translated strings', async ({ page }) => {
  await signIn(page, 'documenter');
  await page.selectOption('#lang-select', 'ar');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  assertEqual(await page.getAttribute('html', 'lang'), 'ar', 'lang attribute');
  assertEqual((await page.textContent('#nav-incidents')).trim(), 'الحوادث', 'navigation in Arabic');
  const incident = await firstWhere(page, 'incidents', (i) => i.title === title);
  await page.goto(`/incidents/${incident.id}`);
  await page.waitForSelector('.act');
  assert((await page.textContent('#incident-date')).includes('حوالي'), 'date in Arabic words');
  assert((await page.textContent('#acts-h')).includes('الأفعال'), 'headings in Arabic');
  // Mirrored: the header's end block sits on the left.
  const box = await page.$eval('.header-end', (e) => e.getBoundingClientRect().left);
  assert(box < 400, `header end on the left in RTL (${box})`);
  await page.screenshot({ path: `${RESULTS_DIR}incident-ar.png`, fullPage: true });
  await page.reload();
  await page.waitForSelector('#incident-title');
  assertEqual(await page.getAttribute('html', 'dir'), 'rtl', 'language kept after reload');
});

test('analyst sees no identity or narrative actions, and the server refuses them', async ({ page }) => {
  await signIn(page, 'analyst');
  const incident = await firstWhere(page, 'incidents', (i) => i.has_narrative);
  await page.goto(`/incidents/${incident.id}`);
  await page.waitForSelector('#narrative-restricted');
  assertEqual(await page.$$eval('[id$="-open"]', (b) => b.length), 0, 'no show-narrative button');
  assert(!(await page.isVisible('#add-act')) && !(await page.isVisible('#edit-incident')), 'no editing actions');
  const person = await firstWhere(page, 'persons', (p) => p.has_identity);
  await page.goto(`/persons/${person.id}`);
  await page.waitForSelector('#identity-restricted');
  assert(!(await page.isVisible('#identity-open')), 'no show-identity button');
  const r = await api(page, 'GET', `/persons/${person.id}/identity`, undefined, { 'X-Purpose': 'test' });
  assertEqual(r.status, 403, 'server forbids the identity read');
});

test('an expired session returns to sign-in; sign out ends the session', async ({ page, context }) => {
  await signIn(page, 'documenter');
  await context.clearCookies();
  await page.click('#nav-incidents');
  await page.waitForSelector('#session-expired');
  await signIn(page, 'documenter');
  await page.click('#sign-out');
  await page.waitForSelector('#email');
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
  assertEqual(me, 401, 'session ended on the server');
});

test('no serious accessibility problems (axe-core) on the main screens, in English and Arabic', async ({ page }) => {
  await page.goto('/');
  await page.waitForSelector('#email');
  const problems = (await axeViolations(page)).map((v) => `sign-in: ${v}`);
  await signIn(page, 'documenter');
  const incident = await firstWhere(page, 'incidents', (i) => i.has_narrative);
  const person = await firstWhere(page, 'persons', (p) => p.has_identity);
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang-select', lang);
    for (const [name, path, ready] of [
      ['dashboard', '/', '#totals'], ['incidents', '/incidents', '#incident-table'],
      ['incident', `/incidents/${incident.id}`, '#acts-h'], ['act form', `/incidents/${incident.id}/acts/new`, '#a-crime'],
      ['person', `/persons/${person.id}`, '#identity-open'], ['person form', '/persons/new', '#p-full_name'],
    ]) {
      await page.goto(path);
      await page.waitForSelector(ready);
      problems.push(...(await axeViolations(page)).map((v) => `${lang} ${name}: ${v}`));
    }
  }
  assertEqual(problems.join('\n'), '', 'axe-core violations');
}, { bypassCSP: true }); // the server's CSP rightly forbids the injected axe script

test('narrow screens: no sideways scrolling on the main screens', async ({ page }) => {
  await signIn(page, 'documenter');
  const incident = await firstWhere(page, 'incidents', (i) => i.title === title);
  for (const [path, ready] of [['/', '#totals'], ['/incidents', '#incident-table'], [`/incidents/${incident.id}`, '#acts-h'], [`/incidents/${incident.id}/acts/new`, '#a-crime']]) {
    await page.goto(path);
    await page.waitForSelector(ready);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `${path} fits in 390 px (${width})`);
  }
}, { viewport: { width: 390, height: 800 } });

test('keyboard: skip link and visible focus', async ({ page }) => {
  await page.goto('/');
  await page.waitForSelector('#email');
  await page.keyboard.press('Tab');
  assertEqual(await page.evaluate(() => document.activeElement?.className), 'skip', 'skip link first');
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert(outline !== 'none', 'focus is visible');
});

// Consent and evidence screens (registered after the scenarios above).
await import('./consent-evidence.test.mjs');
// Case building and sub-granting screens.
await import('./casework.test.mjs');
await import('./case-actions.test.mjs');
// Sharing, linkage review and estimates screens.
await import('./sharing-linkage.test.mjs');
await import('./agreements.test.mjs');
await import('./agreement-changes.test.mjs');
await import('./person-linkage.test.mjs');
// The grants officer's programme forms.
await import('./programme.test.mjs');
await import('./grants-extras.test.mjs');
await import('./grant-changes.test.mjs');
await import('./estimates-records.test.mjs');
await import('./estimate-warnings.test.mjs');

const { failed } = await run({ baseURL, summaryFile: process.env.SUMMARY_FILE });
process.exit(failed ? 1 : 0);
