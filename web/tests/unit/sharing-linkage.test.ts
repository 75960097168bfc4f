import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/client';
import type { EstimateResult } from '../../src/api/types';
import { initI18n, setLanguage } from '../../src/i18n';
import '../../src/i18n/later';
import { EXAMPLE_CSV, listsOf, overlapRows, reasonsWithoutNumber } from '../../src/estimates/capture';
import { levelMark, levelText } from '../../src/linkage/levels';
import { approvalError, expiryOf, itemSummary } from '../../src/sharing/share';
import { criteriaOf, list, utcOf } from '../../src/grants/programme';

(globalThis as { localStorage?: unknown }).localStorage ??= { getItem: () => null, setItem: () => {} };

beforeAll(async () => { await initI18n('en'); });

describe('linkage comparison levels in words', () => {
  it('says what each level means, with its threshold', () => {
    expect(levelText('exact')).toBe('the same');
    expect(levelText('name>=0.92')).toBe('very similar (≥ 0.92)');
    expect(levelText('date<=400')).toBe('within 400 days');
    expect(levelText('date<=0')).toBe('the same date');
    expect(levelText('missing')).toBe('missing on one side');
    expect(levelText('something-new')).toBe('something-new');
  });
  it('marks agreement with a shape, never colour alone', () => {
    expect(levelMark('exact')).toBe('●');
    expect(levelMark('typo')).toBe('◐');
    expect(levelMark('else')).toBe('○');
    expect(levelMark('missing')).toBe('–');
  });
  it('is translated', async () => {
    await setLanguage('fr');
    expect(levelText('date<=1500')).toBe('à moins de 1500 jours');
    await setLanguage('ar');
    expect(levelText('else')).toBe('مختلفان');
    await setLanguage('en');
  });
});

describe('estimates helpers', () => {
  const result = (over: Partial<EstimateResult>): EstimateResult => ({ lists: ['A', 'B', 'C'], observed: 10, estimate: null, strata: [], warnings: [], overlap: [], ...over });
  it('reads a capture pattern as the lists it means', () => {
    expect(listsOf('101', ['A', 'B', 'C'])).toEqual(['A', 'C']);
  });
  it('orders overlaps from single lists to all lists', () => {
    const rows = overlapRows(result({ overlap: [
      { pattern: '111', lists: ['A', 'B', 'C'], count: 8 }, { pattern: '010', lists: ['B'], count: 95 },
      { pattern: '100', lists: ['A'], count: 120 }, { pattern: '110', lists: ['A', 'B'], count: 30 },
    ] }));
    expect(rows.map((r) => r.label)).toEqual(['A', 'B', 'A + B', 'A + B + C']);
  });
  it('gives the reasons when there is no number, per stratum when there are several', () => {
    // The server's warning for the model error is not repeated by the error itself.
    const given = { code: 'loglinear_not_estimable', detail: 'no overlap between lists', message: 'log-linear: not estimable: no overlap between lists' };
    const none = { code: 'no_estimate', message: 'no method produced an estimate' };
    const one = result({ strata: [{ name: '', observed: 10, loglinear: { error: 'no overlap between lists' } }], warnings: [given, none, none] });
    expect(reasonsWithoutNumber(one)).toEqual([given, none]);
    // Errors no warning gives become reasons of their own, per stratum when there are several.
    const two = result({ strata: [{ name: '2014', observed: 5, loglinear: { error: 'e1' } }, { name: '2015', observed: 5, latent_class: { error: 'e2' } }] });
    expect(reasonsWithoutNumber(two).map((w) => [w.code, w.stratum, w.message])).toEqual([
      ['loglinear_not_estimable', '2014', '2014: e1'], ['latent_not_estimable', '2015', '2015: e2']]);
  });
  it('offers an example table the server can read: header with count, one row per pattern', () => {
    const lines = EXAMPLE_CSV.trim().split('\n');
    expect(lines[0]).toBe('A,B,C,count');
    expect(lines.slice(1).every((l) => /^[01],[01],[01],\d+$/.test(l))).toBe(true);
  });
});

describe('sharing helpers', () => {
  it('sends the end of the chosen day in UTC as the expiry', () => {
    expect(expiryOf('2027-03-01')).toBe('2027-03-01T23:59:59Z');
  });
  it('turns the self-approval refusal into plain words, and nothing else', () => {
    const self = new ApiError({ status: 403, code: 'forbidden', detail: 'a share must be approved by someone other than its proposer' });
    expect(approvalError(self)).toContain('cannot approve');
    expect(approvalError(new ApiError({ status: 403, code: 'forbidden', detail: 'role documenter may not approve' }))).toBeNull();
  });
  it('summarises a shared record by pseudonym or title, never an identity field', () => {
    const origin = { org_id: 'org_1', org_name: 'O', share_id: 'shr_1', scope: 'read_pseudonymised', expires_at: '2027-01-01T00:00:00Z' };
    expect(itemSummary({ id: 'per_1', kind: 'person', pseudonym: 'P-7', identity: { full_name: 'X' }, origin })).toBe('P-7');
    expect(itemSummary({ id: 'inc_1', kind: 'incident', title: 'Market', origin })).toBe('Market');
  });
});

describe('programme form helpers', () => {
  it('derives unique criterion ids from labels and drops empty rows', () => {
    expect(criteriaOf([{ label: 'Relevance to the call', weight: '60' }, { label: '', weight: '5' }, { label: 'Relevance to the call!', weight: '40' }]))
      .toEqual([{ id: 'relevance_to_the_call', label: 'Relevance to the call', weight: 60 }, { id: 'relevance_to_the_call_2', label: 'Relevance to the call!', weight: 40 }]);
    expect(criteriaOf([{ label: 'الأثر', weight: '100' }])[0].id).toBe('c1');
  });
  it('splits comma lists and sends local date-times as UTC with seconds', () => {
    expect(list(' en, fr ,, ar ')).toEqual(['en', 'fr', 'ar']);
    expect(utcOf('')).toBe('');
    expect(utcOf('2027-01-31T12:00')).toMatch(/^2027-01-31T\d{2}:00:00Z$/);
  });
});
