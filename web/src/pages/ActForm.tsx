import { useEffect } from 'preact/hooks';
import { api, listAll } from '../api/client';
import type { Act, ActInput } from '../api/types';
import { t } from '../i18n';
import { emptyDate, fromEdtf, toEdtf, type FriendlyDate } from '../edtf/edtf';
import { navigate } from '../router';
import { ActTypePicker } from '../components/ActTypePicker';
import { CrimePicker } from '../components/CrimePicker';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { FormShell } from '../components/FormShell';
import { PerpetratorList, VictimList, type PerpetratorRow, type VictimRow } from '../components/PartyLists';
import { useAsync } from '../components/useAsync';
import { useRecordForm } from '../components/useRecordForm';
import { useVocab } from '../state/vocab';

interface Form {
  incident_id: string; act_type: string; date: FriendlyDate; victims: VictimRow[]; perpetrators: PerpetratorRow[];
  qualifications: string[]; gender_based: boolean; narrative: string;
}

function toInput(f: Form): ActInput {
  const input: ActInput = {
    incident_id: f.incident_id,
    act_type: f.act_type,
    victims: f.victims.map((v) => (v.person_id ? { person_id: v.person_id } : { group: v.group.trim(), count: Math.max(1, +v.count || 1) })),
    perpetrators: f.perpetrators.filter((p) => p.who).map((p) => {
      const [kind, id] = p.who.split(':');
      return { ...(kind === 'unit' ? { unit_id: id } : { person_id: id }), ...(p.involvement ? { involvement: p.involvement } : {}) };
    }),
    qualifications: f.qualifications,
    gender_based: f.gender_based,
  };
  const date = toEdtf(f.date);
  if (date) input.date = date;
  if (f.narrative.trim()) input.narrative = f.narrative;
  return input;
}

function fromRecord(a: Act): Form {
  return {
    incident_id: a.incident_id, act_type: a.act_type, date: a.date ? fromEdtf(a.date) : emptyDate(),
    victims: (a.victims ?? []).map((v) => ({ person_id: v.person_id ?? '', group: v.group ?? '', count: String(v.count ?? 1) })),
    perpetrators: (a.perpetrators ?? []).map((p) => ({ who: p.unit_id ? `unit:${p.unit_id}` : `person:${p.person_id}`, involvement: p.involvement ?? '' })),
    qualifications: a.qualifications ?? [], gender_based: !!a.gender_based, narrative: '',
  };
}

export function ActForm(props: { id?: string; incidentId?: string; newPerson?: string }) {
  const id = props.id;
  const vocab = useVocab();
  const parties = useAsync(() => Promise.all([listAll(api.persons.list, {}, 1000), listAll(api.units.list, {}, 1000)]), []);
  const f = useRecordForm<Form, Act>({
    draftKey: id ? `act.${id}` : `act.new.${props.incidentId}`,
    empty: { incident_id: props.incidentId ?? '', act_type: '', date: emptyDate(), victims: [{ person_id: '', group: '', count: '1' }], perpetrators: [], qualifications: [], gender_based: false, narrative: '' },
    protectedFields: ['narrative'],
    load: id ? () => api.acts.get(id) : undefined,
    fromRecord,
    save: (form, etag, key) => (id && etag ? api.acts.update(id, toInput(form), etag) : api.acts.create(toInput(form), key)),
    onSaved: (r) => navigate(`/incidents/${encodeURIComponent(r.incident_id)}`),
  });
  const v = f.form;
  // Coming back from "record a new person": add them as a victim, in place of an empty row.
  useEffect(() => {
    if (f.loading || !props.newPerson || v.victims.some((r) => r.person_id === props.newPerson)) return;
    const rows = v.victims.filter((r) => r.person_id || r.group.trim());
    f.set({ victims: [...rows, { person_id: props.newPerson, group: '', count: '1' }] });
    history.replaceState(null, '', location.pathname);
  }, [f.loading, props.newPerson]);
  const [persons, units] = parties.data ?? [[], []];
  const here = id ? `/acts/${encodeURIComponent(id)}/edit` : `/incidents/${encodeURIComponent(props.incidentId ?? '')}/acts/new`;
  return (
    <FormShell id="act-form" title={id ? t('act.edit') : t('act.new')} f={f} protectedNote
      onCancel={() => navigate(`/incidents/${encodeURIComponent(v.incident_id)}`)}>
      <Field id="a-type" label={t('act.type')} error={f.fieldError('act_type')} required>
        {vocab ? <ActTypePicker id="a-type" types={vocab.actTypes.act_types} value={v.act_type} onChange={(c) => f.set({ act_type: c })} />
          : <select id="a-type" disabled><option>{t('common.loading')}</option></select>}
      </Field>
      <DateInput id="a-date" legend={t('act.date')} value={v.date} error={f.fieldError('date')} onChange={(d) => f.set({ date: d })} />
      <VictimList rows={v.victims} persons={persons} onChange={(rows) => f.set({ victims: rows })} returnTo={here} />
      {f.fieldError('victims') ? <p class="field-error" role="alert">{f.fieldError('victims')}</p> : null}
      <PerpetratorList rows={v.perpetrators} persons={persons} units={units} degrees={vocab?.actTypes.degrees_of_involvement ?? []} onChange={(rows) => f.set({ perpetrators: rows })} />
      <fieldset id="qualifications">
        <legend>{t('act.qualifications')}</legend>
        {vocab ? <CrimePicker id="a-crime" crimes={vocab.crimes.crimes} value={v.qualifications} onChange={(q) => f.set({ qualifications: q })} /> : <p>{t('common.loading')}</p>}
        {f.fieldError('qualifications') ? <p class="field-error" role="alert">{f.fieldError('qualifications')}</p> : null}
      </fieldset>
      <label class="check">
        <input type="checkbox" id="a-gender" checked={v.gender_based} onChange={(e) => f.set({ gender_based: (e.target as HTMLInputElement).checked })} />
        {t('act.gender_based')}
      </label>
      <fieldset class="protected">
        <legend>{t('form.protected_section')}</legend>
        <Field id="a-narrative" label={t('narrative.title')} hint={id ? t('form.narrative_edit_hint') : t('form.narrative_hint')}>
          <textarea id="a-narrative" rows={5} value={v.narrative} aria-describedby="a-narrative-hint" onInput={(e) => f.set({ narrative: (e.target as HTMLTextAreaElement).value })} />
        </Field>
      </fieldset>
    </FormShell>
  );
}
