// Browser tests of the person page's linkage screens: "already interviewed?" against another
// member organisation before a new testimony, and the view of a person's whole cluster of
// same-person records. Each test creates its persons (and links) through the API first.
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, api, signInAs } from './helpers.mjs';

const stamp = Date.now();

async function newPerson(page, name, extra = {}) {
  const p = await api(page, 'POST', '/persons', { sex: 'female', identity: { full_name: name }, ...extra });
  assertEqual(p.status, 201, 'person created');
  const consent = { given_how: 'written', information_sheet_version: '2026-01', language: 'en',
    scopes: { documentation: true, storage: true, sharing: ['ngo_partner'], identity_level: 'pseudonymous' } };
  assertEqual((await api(page, 'POST', `/persons/${p.json.id}/consents`, consent)).status, 201, 'consent recorded');
  return p.json;
}

test('persons: "already interviewed?" names the other organisation and its reference, never a name', async ({ page }) => {
  // The second organisation holds a person who agreed to sharing with partner organisations.
  await signInAs(page, 'documenter', 2);
  const name = `Ottoline Brackenridge ${stamp}`;
  const held = await newPerson(page, name, { birth: '1979-02-03', nationality: 'SY' });
  const holder = (await api(page, 'GET', '/auth/me')).json.organisation.name;
  // The first organisation is about to interview someone of that name.
  await signInAs(page, 'documenter', 1);
  const mine = await api(page, 'POST', '/persons', { sex: 'female', birth: '1979-02-03', nationality: 'SY' });
  await page.goto(`/persons/${mine.json.id}`);
  await page.click('#person-interview-check');
  await page.waitForSelector('#check-form');
  assertEqual(await page.inputValue('#ck-birth'), '1979-02-03', 'recorded attributes offered as a start');
  assert(await page.isDisabled('#check-run'), 'no check without a name and a purpose');
  await page.fill('#ck-name', name);
  await page.fill('#ck-purpose', 'Before a new interview (test)');
  await page.click('#check-run');
  await page.waitForSelector('#check-result');
  const found = await page.textContent('#check-matches');
  assert(found.includes(holder) && found.includes(held.pseudonym), `the holder and its reference: ${found}`);
  assert(/names \d+% alike/.test(found) && found.includes('birth date: the same'), `levels in words: ${found}`);
  assert(!(await page.content()).includes('Brackenridge'), 'no name on the page after the check');
  assertEqual(await page.inputValue('#ck-name'), '', 'the typed name is not kept');
  await page.screenshot({ path: `${RESULTS_DIR}interview-check.png`, fullPage: true });
  // Someone nobody holds: the answer says so.
  await page.fill('#ck-name', `Nobody Known ${stamp}`);
  await page.click('#check-run');
  await page.waitForSelector('#check-none');
  // The testimony form starts with this person.
  await page.click('#check-new-testimony');
  await page.waitForSelector('#t-person');
  await page.waitForFunction((id) => document.querySelector('#t-person')?.value === id, mine.json.id);
  // A purpose is required by the server too.
  assertEqual((await api(page, 'POST', '/linkage/interview-checks', { name })).status, 400, 'no check without a purpose');
  // Arabic and accessibility on the check.
  await page.goto(`/persons/${mine.json.id}/interview-check`);
  const problems = [];
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.waitForSelector('#check-form');
    problems.push(...(await axeViolations(page)).map((v) => `${lang}: ${v}`));
  }
  assertEqual(await page.getAttribute('html', 'dir'), 'rtl', 'right-to-left');
  assertEqual(problems.length, 0, `axe-core: ${problems.join('; ')}`);
}, { bypassCSP: true });

test('persons: the cluster shows records linked through others, by pseudonym', async ({ page }) => {
  await signInAs(page, 'documenter');
  const name = `Perpetua Lindqvist ${stamp}`;
  const extra = { birth: '1990-07-21', nationality: 'UA' };
  const [a, b, c] = [await newPerson(page, name, extra), await newPerson(page, name, extra), await newPerson(page, name, extra)];
  const job = await api(page, 'POST', '/linkage/jobs', {}, { 'X-Purpose': 'cluster view test' });
  assertEqual(job.status, 202, 'job started');
  // Polled from here: a predicate of waitForFunction that returns a promise is always truthy.
  let done = job.json;
  for (let i = 0; i < 240 && done.status !== 'done' && done.status !== 'failed'; i++) {
    await page.waitForTimeout(500);
    done = (await api(page, 'GET', `/linkage/jobs/${job.json.id}`)).json;
  }
  assertEqual(done.status, 'done', `the job finished: ${JSON.stringify(done)}`);
  // Accept two of the three pairs (the job may queue any two or all three: clustering proposes
  // the strongest edges first): the two ends are then linked only through the middle record.
  const pairs = [];
  let cursor = null;
  do {
    const r = (await api(page, 'GET', `/linkage/reviews?job_id=${job.json.id}&decision=pending&limit=500${cursor ? `&cursor=${cursor}` : ''}`)).json;
    pairs.push(...r.items);
    cursor = r.next_cursor;
  } while (cursor);
  const ours = [a, b, c].map((x) => x.id);
  const queued = pairs.filter((p) => p.person_ids.every((id) => ours.includes(id)));
  assert(queued.length >= 2, `at least two of the three pairs are queued (${queued.length} of ${pairs.length} pending; job ${JSON.stringify(done.result)})`);
  const [p1, p2, p3] = queued;
  const mid = p1.person_ids.find((id) => p2.person_ids.includes(id));
  const [end1, end2] = [p1, p2].map((p) => p.person_ids.find((id) => id !== mid));
  for (const p of [p1, p2]) assertEqual((await api(page, 'POST', `/linkage/reviews/${p.id}/decision`, { decision: 'accept' })).status, 200, 'accepted');
  if (p3) await api(page, 'POST', `/linkage/reviews/${p3.id}/decision`, { decision: 'reject' });
  const byId = Object.fromEntries([a, b, c].map((x) => [x.id, x]));
  await page.goto(`/persons/${end1}`);
  await page.click('#person-links');
  await page.waitForSelector('#cluster-list');
  const members = await page.$$eval('#cluster-list li', (l) => l.map((x) => ({ id: x.dataset.person, text: x.textContent })));
  assertEqual(members.map((m) => m.id).sort().join(), [mid, end2].sort().join(), 'both other records in the cluster');
  const far = members.find((m) => m.id === end2);
  assert(far.text.includes(byId[end2].pseudonym) && far.text.includes('through another record'), 'the far end is linked through the middle record');
  assert(!members.find((m) => m.id === mid).text.includes('through another record'), 'the middle record is linked directly');
  assert(!(await page.content()).includes('Lindqvist'), 'pseudonyms only');
});
