import { api } from '../api/client';
import type { ConflictKind, Incident, IncidentInput, IncidentStatus } from '../api/types';
import { t } from '../i18n';
import { emptyDate, fromEdtf, toEdtf, type FriendlyDate } from '../edtf/edtf';
import { navigate } from '../router';
import { CountrySelect } from '../components/CountrySelect';
import { DateInput } from '../components/DateInput';
import { Field, describedBy } from '../components/Field';
import { FormShell } from '../components/FormShell';
import { useRecordForm } from '../components/useRecordForm';

interface Form { title: string; date: FriendlyDate; country: string; admin_area: string; status: IncidentStatus | ''; conflict: ConflictKind | ''; narrative: string }

const EMPTY: Form = { title: '', date: emptyDate(), country: '', admin_area: '', status: '', conflict: '', narrative: '' };

function toInput(f: Form): IncidentInput {
  const input: IncidentInput = { title: f.title.trim(), date: toEdtf(f.date) ?? '', country: f.country };
  if (f.admin_area.trim()) input.admin_area = f.admin_area.trim();
  if (f.status) input.status = f.status;
  if (f.conflict) input.conflict = f.conflict;
  if (f.narrative.trim()) input.narrative = f.narrative; // empty: keep the stored narrative
  return input;
}

export function IncidentForm(props: { id?: string }) {
  const id = props.id;
  const f = useRecordForm<Form, Incident>({
    draftKey: id ? `incident.${id}` : 'incident.new',
    empty: EMPTY,
    protectedFields: ['narrative'],
    load: id ? () => api.incidents.get(id) : undefined,
    fromRecord: (r) => ({ title: r.title, date: fromEdtf(r.date), country: r.country, admin_area: r.admin_area ?? '', status: r.status ?? '', conflict: r.conflict ?? '', narrative: '' }),
    save: (form, etag, key) => (id && etag ? api.incidents.update(id, toInput(form), etag) : api.incidents.create(toInput(form), key)),
    onSaved: (r) => navigate(`/incidents/${encodeURIComponent(r.id)}`),
  });
  const v = f.form;
  return (
    <FormShell id="incident-form" title={id ? t('incident.edit') : t('incidents.new')} f={f} protectedNote
      onCancel={() => navigate(id ? `/incidents/${encodeURIComponent(id)}` : '/incidents')}>
      <Field id="i-title" label={t('incident.title')} error={f.fieldError('title')} required>
        <input id="i-title" value={v.title} maxLength={500} required aria-describedby={describedBy('i-title', false, f.fieldError('title'))}
          onInput={(e) => f.set({ title: (e.target as HTMLInputElement).value })} />
      </Field>
      <DateInput id="i-date" legend={t('incident.date')} value={v.date} error={f.fieldError('date')} onChange={(d) => f.set({ date: d })} />
      <Field id="i-country" label={t('incident.country')} error={f.fieldError('country')} required>
        <CountrySelect id="i-country" value={v.country} empty={t('common.choose')} required onChange={(c) => f.set({ country: c })} />
      </Field>
      <Field id="i-area" label={t('incident.admin_area')} hint={t('incident.admin_area_hint')}>
        <input id="i-area" value={v.admin_area} aria-describedby="i-area-hint" onInput={(e) => f.set({ admin_area: (e.target as HTMLInputElement).value })} />
      </Field>
      <Field id="i-status" label={t('incident.status')}>
        <select id="i-status" value={v.status} onChange={(e) => f.set({ status: (e.target as HTMLSelectElement).value as IncidentStatus })}>
          <option value="">{t('common.not_said')}</option>
          {(['past', 'ongoing', 'threatened'] as const).map((s) => <option value={s}>{t(`incident.statuses.${s}`)}</option>)}
        </select>
      </Field>
      <Field id="i-conflict" label={t('incident.conflict')}>
        <select id="i-conflict" value={v.conflict} onChange={(e) => f.set({ conflict: (e.target as HTMLSelectElement).value as ConflictKind })}>
          <option value="">{t('common.not_said')}</option>
          {(['international', 'non_international', 'none', 'unknown'] as const).map((s) => <option value={s}>{t(`incident.conflicts.${s}`)}</option>)}
        </select>
      </Field>
      <fieldset class="protected">
        <legend>{t('form.protected_section')}</legend>
        <Field id="i-narrative" label={t('narrative.title')} hint={id ? t('form.narrative_edit_hint') : t('form.narrative_hint')}>
          <textarea id="i-narrative" rows={6} value={v.narrative} aria-describedby="i-narrative-hint" autoComplete="off"
            onInput={(e) => f.set({ narrative: (e.target as HTMLTextAreaElement).value })} />
        </Field>
      </fieldset>
    </FormShell>
  );
}
