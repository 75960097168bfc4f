// Comparison levels of a candidate pair in words ("name>=0.92" -> "very similar names (≥ 0.92)").
// Pure, so it is unit tested; only levels travel, never the compared values.
import { t } from '../i18n';

export function levelText(level: string): string {
  const similar = /^(?:name|jw)>=([0-9.]+)$/.exec(level);
  if (similar) return t('linkage.levels.similar', { n: similar[1] });
  const days = /^date<=([0-9]+)$/.exec(level);
  if (days) return days[1] === '0' ? t('linkage.levels.same_date') : t('linkage.levels.within_days', { n: days[1] });
  if (['exact', 'phonetic', 'typo', 'else', 'missing'].includes(level)) return t(`linkage.levels.${level}`);
  return level;
}

// Agreement strength for the shape shown beside the words (never colour alone).
export function levelMark(level: string): '●' | '◐' | '○' | '–' {
  if (level === 'exact' || level === 'date<=0') return '●';
  if (level === 'else') return '○';
  if (level === 'missing') return '–';
  return '◐';
}

export const FIELDS = ['name', 'sex', 'birth', 'nationality'];
