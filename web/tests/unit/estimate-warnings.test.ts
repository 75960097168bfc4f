import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initI18n, setLanguage } from '../../src/i18n';
import '../../src/i18n/later';
import { warningText } from '../../src/estimates/warnings';

(globalThis as { localStorage?: unknown }).localStorage ??= { getItem: () => null, setItem: () => {} };

beforeAll(async () => { await initI18n('en'); });
afterAll(async () => { await setLanguage('en'); });

const isolate = (s: string) => `\u2068${s}\u2069`;
const small = { code: 'overlap_small', count: 3, min: 5, message: '3 overlap pattern(s) count fewer than 5 people: do not publish these counts as they stand' };

describe('estimate warnings in the reader’s language', () => {
  it('says a warning from its code and numbers, in English, French and Arabic', async () => {
    expect(warningText(small)).toEqual({ text: 'Combinations of lists counting fewer than 5 people: 3. Do not publish these counts as they stand.', english: false });
    await setLanguage('fr');
    expect(warningText(small).text).toBe('Combinaisons de listes comptant moins de 5 personnes : 3. Ne publiez pas ces décomptes tels quels.');
    await setLanguage('ar');
    // Numbers are written the Arabic way (Intl), the sentence is Arabic.
    const ar = warningText(small).text;
    expect(ar).toContain(new Intl.NumberFormat('ar').format(5));
    expect(ar).toContain('لا تنشروا');
    await setLanguage('en');
  });
  it('names the stratum and keeps the model’s own reason apart, in English', async () => {
    const w = { code: 'loglinear_not_estimable', stratum: '2014', detail: 'no overlap between lists', message: "stratum '2014': log-linear: not estimable: no overlap between lists" };
    expect(warningText(w)).toEqual({ text: `Stratum ${isolate('2014')}: No log-linear model can be fitted to this table.`, detail: 'no overlap between lists', english: false });
    await setLanguage('fr');
    expect(warningText(w).text).toBe(`Strate ${isolate('2014')} : Aucun modèle log-linéaire ne peut être ajusté à cette table.`);
    await setLanguage('en');
  });
  it('formats every parameter of the known codes', () => {
    expect(warningText({ code: 'latent_rhat', rhat: 1.234, max: 1.1, message: '' }).text).toContain('R-hat 1.234, should be below 1.1');
    expect(warningText({ code: 'latent_ess', ess: 212.5, min: 400, message: '' }).text).toContain('is 213, below 400');
    expect(warningText({ code: 'empty_overlap', lists: 'A×B', message: '' }).text).toContain(`lists ${isolate('A×B')} have nobody`);
    expect(warningText({ code: 'extrapolation', factor: 20, message: '' }).text).toContain('more than 20 times');
    expect(warningText({ code: 'restricted_left_out', count: 1200, message: '' }).text).toContain(': 1,200.');
  });
  it('falls back to the English message for a code it does not know', async () => {
    await setLanguage('fr');
    expect(warningText({ code: 'new_in_a_later_server', message: 'something new' })).toEqual({ text: 'something new', english: true });
    expect(warningText({ code: '', message: 'no code at all' })).toEqual({ text: 'no code at all', english: true });
    await setLanguage('en');
  });
});
