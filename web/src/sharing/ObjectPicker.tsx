import { useState } from 'preact/hooks';
import { api, listAll } from '../api/client';
import type { ShareObjectType } from '../api/types';
import { currentLang, t } from '../i18n';
import { CountrySelect } from '../components/CountrySelect';
import { Field, describedBy } from '../components/Field';
import { useAsync } from '../components/useAsync';
import { formatBytes } from '../evidence/sha256';

// A saved list filter: the recipient sees what it selects at each read (docs/SHARING.md "Sets").
export interface SetQuery { collection: string; country: string; from: string; to: string; gender_based: boolean }
export const emptyQuery = (): SetQuery => ({ collection: 'incidents', country: '', from: '', to: '', gender_based: false });
export function queryBody(q: SetQuery): Record<string, unknown> {
  return { collection: q.collection, ...(q.country ? { country: q.country } : {}), ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}), ...(q.gender_based ? { gender_based: true } : {}) };
}
const COLLECTIONS = ['incidents', 'acts', 'persons', 'units', 'testimonies', 'evidence'];
const OTHER = '__other';

interface Props { type: ShareObjectType; ids: string; setIds: (v: string) => void; query: SetQuery; setQuery: (q: SetQuery) => void; error?: string }

// What to share, chosen from the organisation's records rather than typed: an incident or a
// unit (or another record by identifier), evidence items of an incident, a case, or a set.
export function ObjectPicker(props: Props) {
  switch (props.type) {
    case 'record': return <RecordPicker {...props} />;
    case 'evidence': return <EvidencePicker {...props} />;
    case 'case': return <CasePicker {...props} />;
    case 'set': return <SetPicker {...props} />;
    default: return null;
  }
}

function RecordPicker(props: Props) {
  const records = useAsync(async () => {
    const [incidents, units] = await Promise.all([listAll(api.incidents.list, {}, 1000), listAll(api.units.list, {}, 1000)]);
    return { incidents, units };
  }, []);
  const known = !!records.data && (props.ids === '' || records.data.incidents.some((i) => i.id === props.ids) || records.data.units.some((u) => u.id === props.ids));
  const [other, setOther] = useState(false);
  const typed = other || (records.data !== null && !known);
  return (
    <>
      <Field id="sh-record" label={t('share_pick.record')} required error={typed ? undefined : props.error}>
        <select id="sh-record" value={typed ? OTHER : props.ids} required onChange={(e) => {
          const v = (e.target as HTMLSelectElement).value;
          setOther(v === OTHER);
          props.setIds(v === OTHER ? '' : v);
        }}>
          <option value="">{records.data ? t('common.choose') : t('common.loading')}</option>
          <optgroup label={t('share_pick.incidents')}>{(records.data?.incidents ?? []).map((i) => <option value={i.id}>{i.title}</option>)}</optgroup>
          <optgroup label={t('share_pick.units')}>{(records.data?.units ?? []).map((u) => <option value={u.id}>{u.name}</option>)}</optgroup>
          <option value={OTHER}>{t('share_pick.other_record')}</option>
        </select>
      </Field>
      {typed ? (
        <Field id="sh-ids" label={t('sharing.ids')} hint={t('sharing.ids_hint_record')} required error={props.error}>
          <input id="sh-ids" value={props.ids} required dir="ltr" aria-describedby={describedBy('sh-ids', true, props.error)}
            onInput={(e) => props.setIds((e.target as HTMLInputElement).value)} />
        </Field>
      ) : null}
    </>
  );
}

function EvidencePicker(props: Props) {
  const incidents = useAsync(() => listAll(api.incidents.list, {}, 1000), []);
  const [incident, setIncident] = useState('');
  const items = useAsync(() => (incident ? api.evidence.list(incident, null, 200) : Promise.resolve(null)), [incident]);
  const chosen = props.ids.split(/[\s,]+/).filter(Boolean);
  const toggle = (id: string, on: boolean) => props.setIds((on ? [...chosen, id] : chosen.filter((x) => x !== id)).join(' '));
  const lang = currentLang();
  return (
    <>
      <Field id="sh-ev-incident" label={t('share_pick.evidence_of')}>
        <select id="sh-ev-incident" value={incident} onChange={(e) => setIncident((e.target as HTMLSelectElement).value)}>
          <option value="">{t('common.choose')}</option>
          {(incidents.data ?? []).map((i) => <option value={i.id}>{i.title}</option>)}
        </select>
      </Field>
      <fieldset id="sh-evidence" aria-describedby={props.error ? 'sh-evidence-error' : undefined}>
        <legend>{t('share_pick.evidence', { n: chosen.length })}</legend>
        {items.data ? (items.data.items.length ? items.data.items.map((x) => (
          <label class="check"><input type="checkbox" id={`sh-ev-${x.id}`} checked={chosen.includes(x.id)}
            onChange={(e) => toggle(x.id, (e.target as HTMLInputElement).checked)} />
            {' '}<code class="item-id">{x.id}</code> · {x.media_type ?? ''} · {formatBytes(x.size ?? 0, lang)} · <code dir="ltr">{(x.sha256 ?? '').slice(0, 12)}…</code></label>
        )) : <p class="hint">{t('share_pick.no_evidence')}</p>) : <p class="hint">{t('share_pick.choose_incident')}</p>}
        {props.error ? <p class="field-error" id="sh-evidence-error" role="alert">{props.error}</p> : null}
      </fieldset>
    </>
  );
}

function CasePicker(props: Props) {
  // Only legal officers may share a case (the server refuses others): they alone can list them.
  const cases = useAsync(() => api.cases.list(null, 500), []);
  if (cases.error) return <p class="hint" id="sh-case-none">{t('share_pick.cases_legal_only')}</p>;
  return (
    <Field id="sh-case" label={t('share_pick.case')} required error={props.error}>
      <select id="sh-case" value={props.ids} required onChange={(e) => props.setIds((e.target as HTMLSelectElement).value)}>
        <option value="">{cases.data ? t('common.choose') : t('common.loading')}</option>
        {(cases.data?.items ?? []).map((c) => <option value={c.id}>{c.title}</option>)}
      </select>
    </Field>
  );
}

function SetPicker(props: Props) {
  const q = props.query;
  const set = (patch: Partial<SetQuery>) => props.setQuery({ ...q, ...patch });
  return (
    <fieldset id="sh-set" aria-describedby="sh-set-hint">
      <legend>{t('share_pick.set')}</legend>
      <p class="hint" id="sh-set-hint">{t('share_pick.set_hint')}</p>
      <div class="row">
        <Field id="sh-set-collection" label={t('share_pick.collection')}>
          <select id="sh-set-collection" value={q.collection} onChange={(e) => set({ collection: (e.target as HTMLSelectElement).value })}>
            {COLLECTIONS.map((c) => <option value={c}>{t(`share_pick.collections.${c}`)}</option>)}
          </select>
        </Field>
        <Field id="sh-set-country" label={t('filters.country')}>
          <CountrySelect id="sh-set-country" value={q.country} empty={t('share_pick.any')} onChange={(v) => set({ country: v })} />
        </Field>
        <Field id="sh-set-from" label={t('share_pick.from')}><input id="sh-set-from" type="date" value={q.from} onInput={(e) => set({ from: (e.target as HTMLInputElement).value })} /></Field>
        <Field id="sh-set-to" label={t('share_pick.to')}><input id="sh-set-to" type="date" value={q.to} onInput={(e) => set({ to: (e.target as HTMLInputElement).value })} /></Field>
      </div>
      <label class="check"><input type="checkbox" id="sh-set-gender" checked={q.gender_based} onChange={(e) => set({ gender_based: (e.target as HTMLInputElement).checked })} /> {t('share_pick.gender_based')}</label>
      {props.error ? <p class="field-error" id="sh-set-error" role="alert">{props.error}</p> : null}
    </fieldset>
  );
}
