// Browser test of the estimates screen's warnings: the server sends each as a code with its
// numbers and an English message; the screen says it in the interface language (French and
// Arabic here), keeping only the model's own reason in English, marked as such.
import { test, assert, assertEqual, RESULTS_DIR } from './harness.mjs';
import { axeViolations, signInAs } from './helpers.mjs';

test('estimate warnings are said in French and Arabic from their codes', async ({ page }) => {
  await signInAs(page, 'analyst');
  await page.selectOption('#lang-select', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await page.click('#nav-estimates');
  await page.waitForSelector('#est-csv');
  // Nobody on two lists: no number, and the reasons.
  await page.fill('#est-csv', 'A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n');
  await page.click('#est-run');
  await page.waitForSelector('#est-none');
  const none = await page.waitForSelector('#est-warnings li[data-code="no_estimate"]');
  assertEqual((await none.textContent()).trim(), 'Aucune méthode n’a produit d’estimation : ne rapportez que le nombre observé.', 'the warning in French');
  assertEqual(await none.getAttribute('lang'), null, 'not marked as English');
  const model = await page.waitForSelector('#est-warnings li[data-code="loglinear_not_estimable"]');
  const text = await model.textContent();
  assert(text.startsWith('Aucun modèle log-linéaire ne peut être ajusté'), `the model warning in French: ${text}`);
  // The engine's own reason stays in English, and says so to screen readers.
  assert(await model.$('bdi[lang="en"]'), 'the model’s reason is marked as English');
  assertEqual(await page.$$eval('#est-warnings li', (l) => l.length), 2, 'each reason once');
  // Switching language re-renders the same answer in Arabic, right to left.
  await page.selectOption('#lang-select', 'ar');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl'
    && document.querySelector('#est-warnings li[data-code="no_estimate"]')?.textContent.includes('لم تُنتج أي طريقة تقديرًا'));
  await page.screenshot({ path: `${RESULTS_DIR}estimate-warnings-ar.png`, fullPage: true });
  const problems = await axeViolations(page);
  assertEqual(problems.length, 0, `axe-core: ${problems.join('; ')}`);
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}, { bypassCSP: true });
