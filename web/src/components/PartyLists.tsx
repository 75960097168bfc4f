import type { ActType, Person, Unit } from '../api/types';
import { t } from '../i18n';
import { actTypeLabel } from './ActTypePicker';

export interface VictimRow { person_id: string; group: string; count: string }
export interface PerpetratorRow { who: string; involvement: string } // who: "person:<id>" | "unit:<id>"

// Victims of an act: people known to the record (shown by pseudonym) or a group with a count.
export function VictimList(props: { rows: VictimRow[]; persons: Person[]; onChange: (rows: VictimRow[]) => void; returnTo: string }) {
  const update = (i: number, patch: Partial<VictimRow>) => props.onChange(props.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset id="victims">
      <legend>{t('act.victims')}</legend>
      {props.rows.map((r, i) => (
        <div class="row">
          <span class="date-part">
            <label for={`v-person-${i}`}>{t('act.victim_person')}</label>
            <select id={`v-person-${i}`} value={r.person_id} onChange={(e) => update(i, { person_id: (e.target as HTMLSelectElement).value })}>
              <option value="">{t('act.victim_group_option')}</option>
              {props.persons.map((p) => <option value={p.id}>{p.pseudonym}</option>)}
            </select>
          </span>
          {!r.person_id ? <>
            <span class="date-part">
              <label for={`v-group-${i}`}>{t('act.group')}</label>
              <input id={`v-group-${i}`} value={r.group} onInput={(e) => update(i, { group: (e.target as HTMLInputElement).value })} />
            </span>
            <span class="date-part">
              <label for={`v-count-${i}`}>{t('act.count')}</label>
              <input id={`v-count-${i}`} class="day" inputMode="numeric" value={r.count} onInput={(e) => update(i, { count: (e.target as HTMLInputElement).value.replace(/\D/g, '') })} />
            </span>
          </> : null}
          <button type="button" class="link" onClick={() => props.onChange(props.rows.filter((_, j) => j !== i))}>{t('common.remove')}</button>
        </div>
      ))}
      <div class="actions">
        <button type="button" class="secondary" id="add-victim" onClick={() => props.onChange([...props.rows, { person_id: '', group: '', count: '1' }])}>{t('act.add_victim')}</button>
        <a href={`/persons/new?return=${encodeURIComponent(props.returnTo)}`}>{t('act.new_person')}</a>
      </div>
    </fieldset>
  );
}

export function PerpetratorList(props: { rows: PerpetratorRow[]; persons: Person[]; units: Unit[]; degrees: ActType[]; onChange: (rows: PerpetratorRow[]) => void }) {
  const update = (i: number, patch: Partial<PerpetratorRow>) => props.onChange(props.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset id="perpetrators">
      <legend>{t('act.perpetrators')}</legend>
      <p class="hint">{t('act.perpetrators_hint')}</p>
      {props.rows.map((r, i) => (
        <div class="row">
          <span class="date-part">
            <label for={`p-who-${i}`}>{t('act.perpetrator')}</label>
            <select id={`p-who-${i}`} value={r.who} onChange={(e) => update(i, { who: (e.target as HTMLSelectElement).value })}>
              <option value="">{t('common.choose')}</option>
              <optgroup label={t('act.units')}>{props.units.map((u) => <option value={`unit:${u.id}`}>{u.name}</option>)}</optgroup>
              <optgroup label={t('act.people')}>{props.persons.map((p) => <option value={`person:${p.id}`}>{p.pseudonym}</option>)}</optgroup>
            </select>
          </span>
          <span class="date-part">
            <label for={`p-inv-${i}`}>{t('act.involvement')}</label>
            <select id={`p-inv-${i}`} value={r.involvement} onChange={(e) => update(i, { involvement: (e.target as HTMLSelectElement).value })}>
              <option value="">{t('common.not_said')}</option>
              {props.degrees.map((d) => <option value={d.code}>{'\u00a0\u00a0'.repeat(d.level)}{actTypeLabel(d, d.code)}</option>)}
            </select>
          </span>
          <button type="button" class="link" onClick={() => props.onChange(props.rows.filter((_, j) => j !== i))}>{t('common.remove')}</button>
        </div>
      ))}
      <button type="button" class="secondary" onClick={() => props.onChange([...props.rows, { who: '', involvement: '' }])}>{t('act.add_perpetrator')}</button>
    </fieldset>
  );
}
