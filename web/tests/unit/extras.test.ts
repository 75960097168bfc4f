import { describe, expect, it } from 'vitest';
import { emptyQuery, queryBody } from '../../src/sharing/ObjectPicker';
import { emptyIndicator, indicatorValue } from '../../src/grants/Indicators';

(globalThis as { localStorage?: unknown }).localStorage ??= { getItem: () => null, setItem: () => {} };

describe('a saved selection for a set share', () => {
  it('sends only the filters that are set', () => {
    expect(queryBody(emptyQuery())).toEqual({ collection: 'incidents' });
    expect(queryBody({ collection: 'acts', country: 'UA', from: '2023-01-01', to: '', gender_based: true }))
      .toEqual({ collection: 'acts', country: 'UA', from: '2023-01-01', gender_based: true });
  });
});

describe('an indicator value for a report', () => {
  it('keeps the value structured, with a split by sex only when one is given', () => {
    expect(indicatorValue({ ...emptyIndicator(), indicator_id: ' IND-1 ', value: '12' }, '2026-Q1'))
      .toEqual({ indicator_id: 'IND-1', period: '2026-Q1', value: 12 });
    expect(indicatorValue({ ...emptyIndicator(), indicator_id: 'IND-1', value: '12', unit: 'people', female: '7', male: '5', unknown: '' }, 'P'))
      .toEqual({ indicator_id: 'IND-1', period: 'P', value: 12, unit: 'people', disaggregation: { sex: { female: 7, male: 5 } } });
    expect(indicatorValue({ ...emptyIndicator(), indicator_id: 'IND-2', value: '9', countries: [{ code: 'UA', n: '6' }, { code: 'PL', n: '3' }, { code: '', n: '4' }] }, 'P'))
      .toEqual({ indicator_id: 'IND-2', period: 'P', value: 9, disaggregation: { country: { UA: 6, PL: 3 } } });
  });
});
