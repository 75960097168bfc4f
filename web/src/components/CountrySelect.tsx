import { getAlpha2Codes } from 'i18n-iso-countries';
import { countryName, currentLang } from '../i18n';

let sorted: { lang: string; list: [string, string][] } | null = null;

function countries(): [string, string][] {
  const lang = currentLang();
  if (!sorted || sorted.lang !== lang) {
    const list = Object.keys(getAlpha2Codes()).map((c) => [c, countryName(c)] as [string, string]);
    list.sort((a, b) => a[1].localeCompare(b[1], lang));
    sorted = { lang, list };
  }
  return sorted.list;
}

export function CountrySelect(props: { id: string; value: string; empty: string; onChange: (code: string) => void; describedBy?: string; required?: boolean }) {
  return (
    <select id={props.id} value={props.value} required={props.required} aria-describedby={props.describedBy}
      onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
      <option value="">{props.empty}</option>
      {countries().map(([code, name]) => <option value={code}>{name}</option>)}
    </select>
  );
}
