import { api } from '../api/client';
import type { Person, PersonInput, Sex } from '../api/types';
import { t } from '../i18n';
import { emptyDate, fromEdtf, toEdtf, type FriendlyDate } from '../edtf/edtf';
import { navigate } from '../router';
import { CountrySelect } from '../components/CountrySelect';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { FormShell } from '../components/FormShell';
import { useRecordForm } from '../components/useRecordForm';

interface Form {
  sex: Sex | ''; gender: string; birth: FriendlyDate; nationality: string; groups: string;
  full_name: string; other_names: string; contact: string; address: string; id_numbers: string;
}
const IDENTITY_FIELDS = ['full_name', 'other_names', 'contact', 'address', 'id_numbers'] as const;
const list = (s: string) => s.split(/[,;\n]/).map((x) => x.trim()).filter(Boolean);

function toInput(f: Form): PersonInput {
  const input: PersonInput = {};
  if (f.sex) input.sex = f.sex;
  if (f.gender.trim()) input.gender = f.gender.trim();
  const birth = toEdtf(f.birth);
  if (birth) input.birth = birth;
  if (f.nationality) input.nationality = f.nationality;
  if (f.groups.trim()) input.groups = list(f.groups);
  if (IDENTITY_FIELDS.some((k) => f[k].trim())) {
    input.identity = {
      ...(f.full_name.trim() ? { full_name: f.full_name.trim() } : {}),
      ...(f.other_names.trim() ? { other_names: list(f.other_names) } : {}),
      ...(f.contact.trim() ? { contact: f.contact.trim() } : {}),
      ...(f.address.trim() ? { address: f.address.trim() } : {}),
      ...(f.id_numbers.trim() ? { id_numbers: list(f.id_numbers) } : {}),
    };
  }
  return input;
}

export function PersonForm(props: { id?: string; returnTo?: string }) {
  const id = props.id;
  const f = useRecordForm<Form, Person>({
    draftKey: id ? `person.${id}` : 'person.new',
    empty: { sex: '', gender: '', birth: emptyDate(), nationality: '', groups: '', full_name: '', other_names: '', contact: '', address: '', id_numbers: '' },
    protectedFields: [...IDENTITY_FIELDS],
    load: id ? () => api.persons.get(id) : undefined,
    fromRecord: (p) => ({ sex: (p.sex as Sex) ?? '', gender: p.gender ?? '', birth: p.birth ? fromEdtf(p.birth) : emptyDate(), nationality: p.nationality ?? '', groups: (p.groups ?? []).join(', '), full_name: '', other_names: '', contact: '', address: '', id_numbers: '' }),
    save: (form, etag, key) => (id && etag ? api.persons.update(id, toInput(form), etag) : api.persons.create(toInput(form), key)),
    // Back to the act being recorded (a local path only), which then adds this person as a victim.
    onSaved: (p) => navigate(props.returnTo && /^\/[^/]/.test(props.returnTo)
      ? `${props.returnTo}?new_person=${encodeURIComponent(p.id)}` : `/persons/${encodeURIComponent(p.id)}`),
  });
  const v = f.form;
  const text = (k: keyof Form, label: string, hint?: string) => (
    <Field id={`p-${k}`} label={label} hint={hint} error={f.fieldError(k === 'full_name' || k === 'other_names' || k === 'contact' || k === 'address' || k === 'id_numbers' ? `identity.${k}` : k)}>
      <input id={`p-${k}`} value={v[k] as string} autoComplete="off" aria-describedby={hint ? `p-${k}-hint` : undefined}
        onInput={(e) => f.set({ [k]: (e.target as HTMLInputElement).value } as Partial<Form>)} />
    </Field>
  );
  return (
    <FormShell id="person-form" title={id ? t('person.edit') : t('persons.new')} f={f} protectedNote
      onCancel={() => navigate(id ? `/persons/${encodeURIComponent(id)}` : '/persons')}>
      <p class="hint">{t('persons.pseudonym_note')}</p>
      <Field id="p-sex" label={t('person.sex')}>
        <select id="p-sex" value={v.sex} onChange={(e) => f.set({ sex: (e.target as HTMLSelectElement).value as Sex })}>
          <option value="">{t('common.not_said')}</option>
          {(['female', 'male', 'intersex', 'unknown'] as const).map((s) => <option value={s}>{t(`person.sexes.${s}`)}</option>)}
        </select>
      </Field>
      {text('gender', t('person.gender'), t('person.gender_hint'))}
      <DateInput id="p-birth" legend={t('person.birth')} value={v.birth} error={f.fieldError('birth')} onChange={(d) => f.set({ birth: d })} />
      <Field id="p-nationality" label={t('person.nationality')}>
        <CountrySelect id="p-nationality" value={v.nationality} empty={t('common.not_said')} onChange={(c) => f.set({ nationality: c })} />
      </Field>
      {text('groups', t('person.groups'), t('person.groups_hint'))}
      <fieldset class="protected" id="identity-fields">
        <legend>{t('identity.section')}</legend>
        <p class="hint">{t('identity.section_note')}{id ? ` ${t('identity.edit_note')}` : ''}</p>
        {text('full_name', t('identity.full_name'))}
        {text('other_names', t('identity.other_names'), t('person.list_hint'))}
        {text('contact', t('identity.contact'))}
        {text('address', t('identity.address'))}
        {text('id_numbers', t('identity.id_numbers'), t('person.list_hint'))}
      </fieldset>
    </FormShell>
  );
}
