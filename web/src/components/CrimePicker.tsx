import { useState } from 'preact/hooks';
import type { Crime } from '../api/types';
import { currentLang, localised, t } from '../i18n';
import { CRIME_CATEGORIES } from '../state/vocab';

export function crimeTitle(crimes: Crime[], id: string): string {
  const c = crimes.find((x) => x.id === id);
  // First-strong isolates keep "(8(2)(a)(ii))" in order inside right-to-left text and <option>s.
  return `\u2068${c ? `${localised(c.title, id)} (${String(c.article ?? c.id)})` : id}\u2069`;
}

export function CrimeSelect(props: { id: string; crimes: Crime[]; value: string; empty: string; onChange: (id: string) => void }) {
  return (
    // Crime titles exist in English and French only: in Arabic pages the list reads left to right.
    <select id={props.id} value={props.value} dir={currentLang() === 'ar' ? 'ltr' : undefined} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
      <option value="">{props.empty}</option>
      {CRIME_CATEGORIES.map((cat) => (
        <optgroup label={t(`crime_category.${cat}`)}>
          {props.crimes.filter((c) => c.category === cat).map((c) => <option value={c.id}>{crimeTitle(props.crimes, c.id)}</option>)}
        </optgroup>
      ))}
    </select>
  );
}

// Legal qualifications of an act: crimes from the vocabulary; the elements of the crime being
// considered are shown so the legal officer sees what must be proven.
export function CrimePicker(props: { id: string; crimes: Crime[]; value: string[]; onChange: (ids: string[]) => void }) {
  const [candidate, setCandidate] = useState('');
  const chosen = props.crimes.find((c) => c.id === candidate);
  return (
    <div class="crime-picker">
      {props.value.length ? (
        <ul class="chips" aria-label={t('act.qualifications')}>
          {props.value.map((id) => (
            <li>
              <span dir="auto">{crimeTitle(props.crimes, id)}</span>
              <button type="button" class="link" aria-label={t('act.remove_crime', { crime: crimeTitle(props.crimes, id) })}
                onClick={() => props.onChange(props.value.filter((x) => x !== id))}>×</button>
            </li>
          ))}
        </ul>
      ) : <p class="hint">{t('act.no_qualification')}</p>}
      <label for={props.id}>{t('act.crime')}</label>
      <CrimeSelect id={props.id} crimes={props.crimes} value={candidate} empty={t('common.choose')} onChange={setCandidate} />
      {chosen ? (
        <div class="elements" id={`${props.id}-elements`}>
          <p class="elements-title">{t('act.elements_of', { crime: localised(chosen.title, chosen.id) })}</p>
          {chosen.elements.length ? (
            <ol lang="en" dir="ltr">{chosen.elements.map((el) => <li>{String(el.text ?? '')}</li>)}</ol>
          ) : <p class="hint">{t('act.no_elements')}</p>}
          <p class="hint">{t('act.elements_note')}</p>
          <button type="button" id={`${props.id}-add`} disabled={props.value.includes(chosen.id)}
            onClick={() => { props.onChange([...props.value, chosen.id]); setCandidate(''); }}>{t('act.add_crime')}</button>
        </div>
      ) : null}
    </div>
  );
}
