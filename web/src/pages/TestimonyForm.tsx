import { api, listAll } from '../api/client';
import type { SourceType, Testimony, TestimonyInput } from '../api/types';
import { LANGUAGES, t } from '../i18n';
import { emptyDate, fromEdtf, toEdtf, type FriendlyDate } from '../edtf/edtf';
import { navigate } from '../router';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { FormShell } from '../components/FormShell';
import { useAsync } from '../components/useAsync';
import { useRecordForm } from '../components/useRecordForm';

interface Form { person_id: string; date: FriendlyDate; language: string; source_type: SourceType; interpreter: string; incident_ids: string[]; narrative: string }

function toInput(f: Form): TestimonyInput {
  const input: TestimonyInput = { person_id: f.person_id, date: toEdtf(f.date) ?? '', language: f.language.trim(), source_type: f.source_type, incident_ids: f.incident_ids };
  if (f.interpreter.trim()) input.interpreter = f.interpreter.trim();
  if (f.narrative.trim()) input.narrative = f.narrative;
  return input;
}

export function TestimonyForm(props: { id?: string; incidentId?: string; personId?: string }) {
  const id = props.id;
  const persons = useAsync(() => listAll(api.persons.list, {}, 1000), []);
  const f = useRecordForm<Form, Testimony>({
    draftKey: id ? `testimony.${id}` : `testimony.new.${props.incidentId ?? `person.${props.personId ?? ''}`}`,
    empty: { person_id: props.personId ?? '', date: emptyDate(), language: '', source_type: 'interview', interpreter: '', incident_ids: props.incidentId ? [props.incidentId] : [], narrative: '' },
    protectedFields: ['narrative'],
    load: id ? () => api.testimonies.get(id) : undefined,
    fromRecord: (x) => ({ person_id: x.person_id, date: fromEdtf(x.date), language: x.language, source_type: x.source_type ?? 'other', interpreter: x.interpreter ?? '', incident_ids: x.incident_ids ?? [], narrative: '' }),
    save: (form, etag, key) => (id && etag ? api.testimonies.update(id, toInput(form), etag) : api.testimonies.create(toInput(form), key)),
    onSaved: (x) => navigate(x.incident_ids?.[0] ? `/incidents/${encodeURIComponent(x.incident_ids[0])}` : '/incidents'),
  });
  const v = f.form;
  return (
    <FormShell id="testimony-form" title={id ? t('testimony.edit') : t('testimony.new')} f={f} protectedNote
      onCancel={() => navigate(v.incident_ids[0] ? `/incidents/${encodeURIComponent(v.incident_ids[0])}` : '/incidents')}>
      <Field id="t-person" label={t('testimony.person')} error={f.fieldError('person_id')} required>
        <select id="t-person" value={v.person_id} onChange={(e) => f.set({ person_id: (e.target as HTMLSelectElement).value })}>
          <option value="">{t('common.choose')}</option>
          {(persons.data ?? []).map((p) => <option value={p.id}>{p.pseudonym}</option>)}
        </select>
      </Field>
      <DateInput id="t-date" legend={t('testimony.date')} value={v.date} error={f.fieldError('date')} onChange={(d) => f.set({ date: d })} />
      <Field id="t-language" label={t('testimony.language')} hint={t('testimony.language_hint')} error={f.fieldError('language')} required>
        <input id="t-language" list="t-languages" value={v.language} aria-describedby="t-language-hint" onInput={(e) => f.set({ language: (e.target as HTMLInputElement).value })} />
        <datalist id="t-languages">{LANGUAGES.map((l) => <option value={l.code}>{l.name}</option>)}</datalist>
      </Field>
      <Field id="t-source" label={t('testimony.source_type')}>
        <select id="t-source" value={v.source_type} onChange={(e) => f.set({ source_type: (e.target as HTMLSelectElement).value as SourceType })}>
          {(['interview', 'written_statement', 'document', 'other'] as const).map((s) => <option value={s}>{t(`testimony.sources.${s}`)}</option>)}
        </select>
      </Field>
      <Field id="t-interpreter" label={t('testimony.interpreter')}>
        <input id="t-interpreter" value={v.interpreter} onInput={(e) => f.set({ interpreter: (e.target as HTMLInputElement).value })} />
      </Field>
      <fieldset class="protected">
        <legend>{t('form.protected_section')}</legend>
        <Field id="t-narrative" label={t('narrative.title')} hint={id ? t('form.narrative_edit_hint') : t('form.narrative_hint')}>
          <textarea id="t-narrative" rows={8} value={v.narrative} aria-describedby="t-narrative-hint" onInput={(e) => f.set({ narrative: (e.target as HTMLTextAreaElement).value })} />
        </Field>
      </fieldset>
    </FormShell>
  );
}
