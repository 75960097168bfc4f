import type { ActType } from '../api/types';
import { currentLang, t } from '../i18n';

export function actTypeLabel(a: ActType | undefined, code: string): string {
  if (!a) return code;
  const lang = currentLang();
  return `\u2068${(lang === 'fr' ? a.fr : lang === 'ar' ? a.ar : undefined) ?? a.en}\u2069`;
}

// The HURIDOCS act types as one list, indented by level so the hierarchy reads at a glance.
export function ActTypePicker(props: { id: string; types: ActType[]; value: string; allowEmpty?: string; onChange: (code: string) => void; describedBy?: string }) {
  return (
    // Act types exist in English and French only: in Arabic pages the list reads left to right.
    <select id={props.id} value={props.value} dir={currentLang() === 'ar' ? 'ltr' : undefined} aria-describedby={props.describedBy}
      onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
      <option value="">{props.allowEmpty ?? t('common.choose')}</option>
      {props.types.map((a) => (
        <option value={a.code}>{'\u00a0\u00a0'.repeat(a.level)}{actTypeLabel(a, a.code)}</option>
      ))}
    </select>
  );
}
