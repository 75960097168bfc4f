import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { describeEdtf, emptyDate, fromEdtf, toEdtf, type FriendlyDate } from '../../src/edtf/edtf';
import { en } from '../../src/i18n/en';
import { fr } from '../../src/i18n/fr';
import { ar } from '../../src/i18n/ar';

const i18n = i18next.createInstance();
await i18n.init({ showSupportNotice: false, lng: 'en', resources: { en: { translation: en }, fr: { translation: fr }, ar: { translation: ar } }, interpolation: { escapeValue: false } });
const words = (text: string, lng = 'en') => describeEdtf(text, (k, v) => i18n.t(k, { ...v, lng }) as string, lng);
const d = (p: Partial<FriendlyDate>): FriendlyDate => ({ ...emptyDate(), ...p });

describe('toEdtf', () => {
  it('builds each friendly kind', () => {
    expect(toEdtf(d({ kind: 'exact', year: '1999', month: '4', day: '12' }))).toBe('1999-04-12');
    expect(toEdtf(d({ kind: 'exact', year: '1999', month: '4', day: '12', uncertain: true }))).toBe('1999-04-12?');
    expect(toEdtf(d({ kind: 'month', year: '1999', month: '3' }))).toBe('1999-03');
    expect(toEdtf(d({ kind: 'year', year: '1999' }))).toBe('1999');
    expect(toEdtf(d({ kind: 'around', year: '1999', month: '3' }))).toBe('1999-03~');
    expect(toEdtf(d({ kind: 'around', year: '1999' }))).toBe('1999~');
    expect(toEdtf(d({ kind: 'around', year: '1999', uncertain: true }))).toBe('1999%');
    expect(toEdtf(d({ kind: 'between', year: '1999', month: '3', year2: '1999', month2: '6' }))).toBe('1999-03/1999-06');
    expect(toEdtf(d({ kind: 'decade', year: '1994' }))).toBe('199X');
    expect(toEdtf(d({ kind: 'advanced', text: ' 1999-21 ' }))).toBe('1999-21');
  });
  it('refuses incomplete or impossible dates', () => {
    expect(toEdtf(d({ kind: 'exact', year: '1999', month: '2', day: '30' }))).toBeNull();
    expect(toEdtf(d({ kind: 'month', year: '99', month: '2' }))).toBeNull();
    expect(toEdtf(d({ kind: 'between', year: '1999', month: '6', year2: '1999', month2: '3' }))).toBeNull();
    expect(toEdtf(d({ kind: 'year', year: '' }))).toBeNull();
  });
});

describe('fromEdtf', () => {
  it('round-trips what the form writes', () => {
    for (const s of ['1999-04-12', '1999-04-12?', '1999-03', '1999', '1999-03~', '1999~', '1999%', '1999-03/1999-06', '1990/1995', '199X']) {
      expect(toEdtf(fromEdtf(s))).toBe(s);
    }
  });
  it('keeps other EDTF as advanced text', () => {
    const f = fromEdtf('1999-21');
    expect(f.kind).toBe('advanced');
    expect(toEdtf(f)).toBe('1999-21');
    expect(fromEdtf('1999-~04').kind).toBe('around');
  });
});

describe('describeEdtf', () => {
  it('says dates in English words', () => {
    expect(words('1999-04-12')).toBe('12 April 1999');
    expect(words('1999-03')).toBe('March 1999');
    expect(words('1999-03~')).toBe('around March 1999');
    expect(words('1999-~04')).toBe('around April 1999');
    expect(words('1999-04-12?')).toBe('12 April 1999 (uncertain)');
    expect(words('1999-03/1999-06')).toBe('between March and June 1999');
    expect(words('1999-11/2000-02')).toBe('between November 1999 and February 2000');
    expect(words('199X')).toBe('the 1990s');
    expect(words('1999-21')).toBe('spring 1999');
    expect(words('../1999')).toBe('before 1999');
    expect(words('')).toBe('Date unknown');
    expect(words('garbage')).toBe('garbage');
  });
  it('says dates in French and Arabic', () => {
    expect(words('1999-03~', 'fr')).toBe('vers mars 1999');
    expect(words('199X', 'fr')).toBe('les années 1990');
    expect(words('1999-21', 'ar')).toBe('ربيع 1999');
    expect(words('1999-03/1999-06', 'ar')).toContain('بين');
  });
});
