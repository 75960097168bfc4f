// Friendly dates <-> EDTF strings, and EDTF shown back in words. Pure functions (unit tested).
//
// Witnesses rarely know exact dates. The form offers: an exact day, a month, a year, "around" a
// month or year (EDTF ~), "between" two months or years (an interval), a decade (199X), each with
// an optional "not sure" (EDTF ?); anything else can be typed as EDTF text ("advanced").

export type DateKind = 'exact' | 'month' | 'year' | 'around' | 'between' | 'decade' | 'advanced';

export interface FriendlyDate {
  kind: DateKind;
  year: string;      // 4 digits
  month: string;     // '' or 1..12
  day: string;       // '' or 1..31
  year2: string;     // end of "between"
  month2: string;
  uncertain: boolean;
  text: string;      // raw EDTF for "advanced"
}

export const emptyDate = (): FriendlyDate => ({
  kind: 'exact', year: '', month: '', day: '', year2: '', month2: '', uncertain: false, text: '',
});

const pad = (n: string | number, width = 2): string => String(n).padStart(width, '0');
const isYear = (y: string): boolean => /^\d{4}$/.test(y);
const isMonth = (m: string): boolean => /^\d{1,2}$/.test(m) && +m >= 1 && +m <= 12;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function ym(year: string, month: string): string | null {
  if (!isYear(year)) return null;
  if (month === '') return year;
  return isMonth(month) ? `${year}-${pad(month)}` : null;
}

// Returns the EDTF string, or null when the friendly date is incomplete or impossible.
export function toEdtf(d: FriendlyDate): string | null {
  const q = d.uncertain ? '?' : '';
  switch (d.kind) {
    case 'exact': {
      if (!isYear(d.year) || !isMonth(d.month) || !/^\d{1,2}$/.test(d.day)) return null;
      if (+d.day < 1 || +d.day > daysIn(+d.year, +d.month)) return null;
      return `${d.year}-${pad(d.month)}-${pad(d.day)}${q}`;
    }
    case 'month': return isYear(d.year) && isMonth(d.month) ? `${d.year}-${pad(d.month)}${q}` : null;
    case 'year': return isYear(d.year) ? `${d.year}${q}` : null;
    case 'around': {
      const v = ym(d.year, d.month);
      return v ? `${v}${d.uncertain ? '%' : '~'}` : null;
    }
    case 'between': {
      const a = ym(d.year, d.month);
      const b = ym(d.year2, d.month2);
      if (!a || !b) return null;
      if (b.localeCompare(a) < 0) return null;
      return `${a}${q}/${b}${q}`;
    }
    case 'decade': return /^\d{3}/.test(d.year) ? `${d.year.slice(0, 3)}X${q}` : null;
    case 'advanced': return d.text.trim() || null;
  }
}

// Reads an EDTF string back into the friendly form (for editing); unknown shapes become "advanced".
export function fromEdtf(text: string): FriendlyDate {
  const d = { ...emptyDate(), text };
  const t = text.trim();
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^(\d{4})-(\d{2})-(\d{2})(\?)?$/))) return { ...d, kind: 'exact', year: m[1], month: String(+m[2]), day: String(+m[3]), uncertain: !!m[4] };
  if ((m = t.match(/^(\d{4})-(\d{2})(\?)?$/)) && +m[2] <= 12) return { ...d, kind: 'month', year: m[1], month: String(+m[2]), uncertain: !!m[3] };
  if ((m = t.match(/^(\d{4})(\?)?$/))) return { ...d, kind: 'year', year: m[1], uncertain: !!m[2] };
  if ((m = t.match(/^(\d{4})(?:-(\d{2}))?([~%])$/)) || (m = t.match(/^(\d{4})-~(\d{2})()$/))) {
    if (!m[2] || +m[2] <= 12) return { ...d, kind: 'around', year: m[1], month: m[2] ? String(+m[2]) : '', uncertain: m[3] === '%' };
  }
  if ((m = t.match(/^(\d{3})X(\?)?$/))) return { ...d, kind: 'decade', year: `${m[1]}0`, uncertain: !!m[2] };
  if ((m = t.match(/^(\d{4})(?:-(\d{2}))?(\?)?\/(\d{4})(?:-(\d{2}))?(\?)?$/))) {
    const okMonths = (!m[2] || +m[2] <= 12) && (!m[5] || +m[5] <= 12);
    if (okMonths) return { ...d, kind: 'between', year: m[1], month: m[2] ? String(+m[2]) : '', year2: m[4], month2: m[5] ? String(+m[5]) : '', uncertain: !!(m[3] || m[6]) };
  }
  return { ...d, kind: 'advanced' };
}

export type Translate = (key: string, vars?: Record<string, string>) => string;

// British English order (12 April 1999) reads the same way for readers of any English.
export const intlLocale = (lang: string): string => (lang === 'en' ? 'en-GB' : lang);

const fmt = (locale: string, opts: Intl.DateTimeFormatOptions, y: number, mo = 1, day = 1): string =>
  new Intl.DateTimeFormat(intlLocale(locale), { ...opts, timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, day)));

// One EDTF date (not an interval) in words, or null if not understood.
function single(text: string, t: Translate, locale: string): string | null {
  let m: RegExpMatchArray | null;
  const s = text.trim();
  let core: string | null = null;
  let q = '';
  if ((m = s.match(/^(\d{4})-~(\d{2})$/))) { core = fmt(locale, { month: 'long', year: 'numeric' }, +m[1], +m[2]); q = '~'; }
  else if ((m = s.match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?([?~%])?$/))) {
    const [y, mo, day] = [+m[1], m[2] ? +m[2] : 0, m[3] ? +m[3] : 0];
    q = m[4] ?? '';
    if (day) { if (mo > 12) return null; core = fmt(locale, { day: 'numeric', month: 'long', year: 'numeric' }, y, mo, day); }
    else if (mo >= 21 && mo <= 24) core = t(`edtf.season${mo}`, { year: String(y) });
    else if (mo) { if (mo > 12) return null; core = fmt(locale, { month: 'long', year: 'numeric' }, y, mo); }
    else core = String(y);
  } else if ((m = s.match(/^(\d{3})X([?~%])?$/))) { core = t('edtf.decade', { decade: `${m[1]}0` }); q = m[2] ?? ''; }
  else if ((m = s.match(/^(\d{2})XX([?~%])?$/))) { core = t('edtf.century', { century: `${m[1]}00` }); q = m[2] ?? ''; }
  if (core === null) return null;
  if (q === '~') return t('edtf.around', { date: core });
  if (q === '?') return t('edtf.uncertain', { date: core });
  if (q === '%') return t('edtf.around', { date: t('edtf.uncertain', { date: core }) });
  return core;
}

// An EDTF string in words in the given language ("around March 1999"); the raw text if unknown.
export function describeEdtf(text: string | undefined | null, t: Translate, locale: string): string {
  if (!text) return t('edtf.unknown');
  const parts = text.split('/');
  if (parts.length === 2) {
    const [a, b] = parts;
    const open = (p: string) => p === '..' || p === '';
    if (open(a) && !open(b)) { const w = single(b, t, locale); return w ? t('edtf.before', { date: w }) : text; }
    if (!open(a) && open(b)) { const w = single(a, t, locale); return w ? t('edtf.after', { date: w }) : text; }
    // Same year, whole months: "between March and June 1999".
    const ma = a.match(/^(\d{4})-(\d{2})$/);
    const mb = b.match(/^(\d{4})-(\d{2})$/);
    if (ma && mb && ma[1] === mb[1] && +ma[2] <= 12 && +mb[2] <= 12) {
      const start = fmt(locale, { month: 'long' }, +ma[1], +ma[2]);
      return t('edtf.between', { start, end: single(b, t, locale) ?? b });
    }
    const wa = single(a, t, locale);
    const wb = single(b, t, locale);
    return wa && wb ? t('edtf.between', { start: wa, end: wb }) : text;
  }
  return single(text, t, locale) ?? text;
}
