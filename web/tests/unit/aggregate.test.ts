import { describe, expect, it } from 'vitest';
import { aggregate, fillMonths } from '../../src/dashboard/aggregate';
import type { Act, Crime, Incident, Person } from '../../src/api/types';

const meta = { org_id: 'o', version: 1, created_at: '', updated_at: '' };
const inc = (id: string, country: string, earliest: string): Incident => ({ ...meta, id, title: id, country, date: earliest, date_range: { earliest, latest: earliest } });
const crimes = [{ id: 'G', category: 'genocide' }, { id: 'W', category: 'war_crime' }] as unknown as Crime[];

describe('aggregate', () => {
  const incidents = [inc('i1', 'FR', '1999-03-01'), inc('i2', 'FR', '1999-04-01'), inc('i3', 'SN', '1999-03-15')];
  const persons = [{ ...meta, id: 'p1', pseudonym: 'P-1', sex: 'female' }, { ...meta, id: 'p2', pseudonym: 'P-2', sex: 'male' }] as Person[];
  const acts = [
    { ...meta, id: 'a1', incident_id: 'i1', act_type: 'x', victims: [{ person_id: 'p1' }], qualifications: ['G', 'W'] },
    { ...meta, id: 'a2', incident_id: 'i2', act_type: 'x', victims: [{ person_id: 'p1' }, { person_id: 'p2' }], qualifications: ['W'] },
    { ...meta, id: 'a3', incident_id: 'i3', act_type: 'x', victims: [{ group: 'villagers', count: 5 }] },
    { ...meta, id: 'a4', incident_id: 'elsewhere', act_type: 'x', victims: [{ person_id: 'p2' }] },
  ] as Act[];
  const c = aggregate(incidents, acts, persons, crimes);
  it('counts incidents by country and month', () => {
    expect(c.byCountry.get('FR')).toEqual({ incidents: 2, acts: 2, victims: 3 });
    expect(c.byCountry.get('SN')).toEqual({ incidents: 1, acts: 1, victims: 5 });
    expect([...c.byMonth.keys()]).toEqual(['1999-03', '1999-04']);
    expect(c.byMonth.get('1999-03')).toEqual({ incidents: 2, acts: 2, victims: 6 });
    expect([...c.byYear]).toEqual([['1999', { incidents: 3, acts: 3, victims: 8 }]]);
  });
  it('fills the months without incidents', () => {
    const one = (n: number) => ({ incidents: n, acts: 0, victims: 0 });
    expect([...fillMonths(new Map([['1999-11', one(1)], ['2000-02', one(2)]]))]).toEqual([['1999-11', one(1)], ['1999-12', one(0)], ['2000-01', one(0)], ['2000-02', one(2)]]);
  });
  it('counts acts and victims by category, each person once in totals', () => {
    expect(c.totals).toEqual({ incidents: 3, acts: 3, victims: 7, genderBasedActs: 0 });
    expect(c.actsByCategory.get('war_crime')).toBe(2);
    expect(c.actsByCategory.get('genocide')).toBe(1);
    expect(c.actsByCategory.get('unqualified')).toBe(1);
    expect(c.victimsByCategory.get('unqualified')).toBe(5);
    expect([...c.victimsBySex].sort()).toEqual([['female', 1], ['male', 1], ['unknown', 5]]);
  });
});
