import { describe, expect, it } from 'vitest';
import { upsetColumns } from '../../src/estimates/capture';

describe('UpSet columns of an estimate from records', () => {
  const lists = ['org_a', 'org_b', 'org_c'];
  const names = { org_a: 'Ours', org_b: 'Partner B', org_c: 'Partner C' };
  it('orders combinations largest first, names their lists and marks membership and small cells', () => {
    const cols = upsetColumns([
      { pattern: '100', count: 4, small: true },
      { pattern: '110', count: 12, small: false },
      { pattern: '011', count: 4, small: true },
    ], lists, names);
    expect(cols.map((c) => c.pattern)).toEqual(['110', '100', '011']);
    expect(cols[0].label).toBe('Ours + Partner B');
    expect(cols[0].members).toEqual([true, true, false]);
    expect(cols[2].members).toEqual([false, true, true]);
    expect(cols.map((c) => c.small)).toEqual([false, true, true]);
  });
  it('falls back to the list id when a name is missing', () => {
    expect(upsetColumns([{ pattern: '001', count: 1 }], lists, {})[0].label).toBe('org_c');
  });
});
