// An estimate's warning in the reader's language: the server gives a stable code and its numbers
// (docs/ESTIMATION.md "Warnings"); the sentence comes from the screen's strings, with numbers
// written the interface language's way. A code this screen does not know yet is shown in the
// server's English message, marked as English.
import type { EstimateWarning } from '../api/types';
import { currentLang, i18n, t } from '../i18n';

export interface WarningText {
  text: string;
  // The model's own reason (English engine text), shown beside the translated sentence.
  detail?: string;
  // True when `text` is the server's English message (unknown code).
  english: boolean;
}

export function warningText(w: EstimateWarning): WarningText {
  const key = `estimates.warning.${w.code}`;
  if (!w.code || !i18n.exists(key)) return { text: w.message, english: true };
  const lang = currentLang();
  const num = (x: number | null | undefined, digits = 0) =>
    x === null || x === undefined || !Number.isFinite(x) ? '–' : new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(x);
  const text = t(key, {
    n: num(w.count), min: num(w.min), max: num(w.max, 2), factor: num(w.factor), ess: num(w.ess), rhat: num(w.rhat, 3),
    lists: `\u2068${w.lists ?? ''}\u2069`,
  });
  return {
    text: w.stratum ? t('estimates.warning.in_stratum', { stratum: `\u2068${w.stratum}\u2069`, text }) : text,
    detail: w.detail || undefined,
    english: false,
  };
}
