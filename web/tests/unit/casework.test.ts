import { describe, expect, it } from 'vitest';
import type { MatrixLink, MatrixRow } from '../../src/api/types';
import { COVERAGE_SYMBOL, byWeight, coverageScore, itemHref, itemKindOf, summarise, visibleLinks } from '../../src/cases/coverage';
import { formatDate, formatMoney, fromMinor, isCurrencyCode, minorDigits, sumAmounts, toMinor } from '../../src/grants/money';

const link = (id: string, weight: number, at = '2026-01-01T00:00:00Z'): MatrixLink => ({
  assessment_id: `asm_${id}`, element_id: 'E1', item_id: id, item_kind: 'act', relation: 'supports', weight, assessed_by: 'usr_1', assessed_at: at, has_note: false,
});
const row = (coverage: MatrixRow['coverage'], supporting: MatrixLink[] = [], contradicting: MatrixLink[] = []): MatrixRow => ({
  element: { id: 'E', text: 'x', kind: 'conduct', from: 'crime' }, coverage, supporting_weight: 0, contradicting_weight: 0, supporting, contradicting, context: [],
});

describe('coverage matrix helpers', () => {
  it('counts the rows by status and is complete only when every element is covered', () => {
    expect(summarise([row('covered'), row('partly'), row('not_covered')])).toEqual({ elements: 3, covered: 1, partly: 1, not_covered: 1, complete: false });
    expect(summarise([row('covered'), row('covered')]).complete).toBe(true);
    expect(summarise([]).complete).toBe(false);
  });
  it('scores partly covered elements as half', () => {
    expect(coverageScore(summarise([row('covered'), row('partly'), row('not_covered'), row('not_covered')]))).toBe(37);
    expect(coverageScore(summarise([]))).toBe(0);
  });
  it('gives each status a distinct shape so colour is not the only cue', () => {
    expect(new Set(Object.values(COVERAGE_SYMBOL)).size).toBe(3);
  });
  it('orders links strongest first, then oldest first', () => {
    const sorted = byWeight([link('a', 2), link('b', 5, '2026-02-01T00:00:00Z'), link('c', 5, '2026-01-01T00:00:00Z')]);
    expect(sorted.map((l) => l.item_id)).toEqual(['c', 'b', 'a']);
  });
  it('never filters contradicting items, whatever the supporting filter', () => {
    const r = row('partly', [link('s1', 1), link('s2', 4)], [link('k1', 1), link('k2', 2)]);
    const v = visibleLinks(r, true);
    expect(v.supporting.map((l) => l.item_id)).toEqual(['s2']);
    expect(v.contradicting.map((l) => l.item_id)).toEqual(['k2', 'k1']);
  });
  it('knows item kinds and pages from id prefixes', () => {
    expect(itemKindOf('evd_1')).toBe('evidence');
    expect(itemKindOf('tst_1')).toBe('testimony');
    expect(itemKindOf('src_1')).toBe('source');
    expect(itemKindOf('per_1')).toBeNull();
    expect(itemHref('evd_1')).toBe('/evidence/evd_1');
    expect(itemHref('src_1')).toBeNull();
  });
});

describe('money and dates', () => {
  it('formats amounts with their currency in the interface language', () => {
    expect(formatMoney({ amount: '1500.00', currency: 'EUR' }, 'en')).toBe('€1,500.00');
    expect(formatMoney({ amount: '1500.00', currency: 'EUR' }, 'fr').replace(/\s/g, ' ')).toBe('1 500,00 €');
    expect(formatMoney({ amount: '2000000', currency: 'UAH' }, 'en')).toContain('2,000,000.00');
    expect(formatMoney({ amount: '1500', currency: 'JPY' }, 'en')).toBe('¥1,500');
    expect(formatMoney({ amount: '12', currency: 'EUR' }, 'ar')).toMatch(/[٠-٩0-9]/);
    expect(formatMoney({ amount: 'abc', currency: 'EUR' }, 'en')).toBe('abc EUR');
  });
  it('knows the decimals of a currency', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });
  it('adds budget lines exactly, in minor units', () => {
    expect(sumAmounts(['0.10', '0.20'], 'EUR')).toBe('0.30');
    expect(sumAmounts(['1200000', '800000'], 'UAH')).toBe('2000000.00');
    expect(sumAmounts(['1.5', '2'], 'JPY')).toBeNull();
    expect(sumAmounts(['1.001'], 'EUR')).toBeNull();
    expect(sumAmounts(['-5'], 'EUR')).toBeNull();
    expect(sumAmounts([''], 'EUR')).toBeNull();
    expect(toMinor('3.5', 2)).toBe(350n);
    expect(fromMinor(5n, 2)).toBe('0.05');
    expect(fromMinor(7n, 0)).toBe('7');
  });
  it('checks currency codes and localises dates', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('EURO')).toBe(false);
    expect(formatDate('2026-12-29', 'en-GB')).toBe('29 December 2026');
    expect(formatDate('2026-12-29', 'fr')).toBe('29 décembre 2026');
    expect(formatDate('not a date', 'en')).toBe('not a date');
    expect(formatDate(undefined, 'en')).toBe('');
  });
});
