import { api, listAll } from '../api/client';
import type { Session, Unit, UnitInput, UnitType } from '../api/types';
import { countryName, t } from '../i18n';
import { navigate } from '../router';
import { CountrySelect } from '../components/CountrySelect';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { FormShell } from '../components/FormShell';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { useRecordForm } from '../components/useRecordForm';
import { can } from '../state/session';

const TYPES: UnitType[] = ['armed_group', 'military_unit', 'police', 'state_organ', 'company', 'other'];

// Units and groups to which acts are attributed (alleged perpetrators).
export function UnitList(props: { session: Session }) {
  const units = useAsync(() => listAll(api.units.list, {}, 2000), []);
  const byId = new Map((units.data ?? []).map((u) => [u.id, u]));
  return (
    <section aria-labelledby="units-title">
      <div class="page-head">
        <h1 id="units-title">{t('units.title')}</h1>
        {can.write(props.session, 'unit') ? <Link href="/units/new" class="button" id="new-unit">{t('units.new')}</Link> : null}
      </div>
      <ErrorMessage error={units.error} />
      {units.data ? (
        <div class="table-wrap"><table class="list" id="unit-table">
          <thead><tr><th scope="col">{t('unit.name')}</th><th scope="col">{t('unit.type')}</th><th scope="col">{t('unit.country')}</th><th scope="col">{t('unit.parent')}</th></tr></thead>
          <tbody>{units.data.map((u) => (
            <tr>
              <td>{can.write(props.session, 'unit') ? <Link href={`/units/${encodeURIComponent(u.id)}/edit`}><bdi>{u.name}</bdi></Link> : <bdi>{u.name}</bdi>}</td>
              <td>{t(`unit.types.${u.unit_type}`)}</td>
              <td>{countryName(u.country)}</td>
              <td><bdi>{u.parent_unit_id ? byId.get(u.parent_unit_id)?.name ?? '' : ''}</bdi></td>
            </tr>
          ))}</tbody>
        </table></div>
      ) : <p role="status">{t('common.loading')}</p>}
    </section>
  );
}

interface Form { name: string; unit_type: UnitType; country: string; parent_unit_id: string }

function toInput(f: Form): UnitInput {
  const input: UnitInput = { name: f.name.trim(), unit_type: f.unit_type };
  if (f.country) input.country = f.country;
  if (f.parent_unit_id) input.parent_unit_id = f.parent_unit_id;
  return input;
}

export function UnitForm(props: { id?: string }) {
  const id = props.id;
  const units = useAsync(() => listAll(api.units.list, {}, 2000), []);
  const f = useRecordForm<Form, Unit>({
    draftKey: id ? `unit.${id}` : 'unit.new',
    empty: { name: '', unit_type: 'armed_group', country: '', parent_unit_id: '' },
    protectedFields: [],
    load: id ? () => api.units.get(id) : undefined,
    fromRecord: (u) => ({ name: u.name, unit_type: u.unit_type, country: u.country ?? '', parent_unit_id: u.parent_unit_id ?? '' }),
    save: (form, etag, key) => (id && etag ? api.units.update(id, toInput(form), etag) : api.units.create(toInput(form), key)),
    onSaved: () => navigate('/units'),
  });
  const v = f.form;
  return (
    <FormShell id="unit-form" title={id ? t('unit.edit') : t('units.new')} f={f} onCancel={() => navigate('/units')}>
      <Field id="u-name" label={t('unit.name')} error={f.fieldError('name')} required>
        <input id="u-name" value={v.name} onInput={(e) => f.set({ name: (e.target as HTMLInputElement).value })} />
      </Field>
      <Field id="u-type" label={t('unit.type')} error={f.fieldError('unit_type')} required>
        <select id="u-type" value={v.unit_type} onChange={(e) => f.set({ unit_type: (e.target as HTMLSelectElement).value as UnitType })}>
          {TYPES.map((x) => <option value={x}>{t(`unit.types.${x}`)}</option>)}
        </select>
      </Field>
      <Field id="u-country" label={t('unit.country')} error={f.fieldError('country')}>
        <CountrySelect id="u-country" value={v.country} empty={t('common.not_said')} onChange={(c) => f.set({ country: c })} />
      </Field>
      <Field id="u-parent" label={t('unit.parent')} error={f.fieldError('parent_unit_id')}>
        <select id="u-parent" value={v.parent_unit_id} onChange={(e) => f.set({ parent_unit_id: (e.target as HTMLSelectElement).value })}>
          <option value="">{t('common.not_said')}</option>
          {(units.data ?? []).filter((u) => u.id !== id).map((u) => <option value={u.id}>{u.name}</option>)}
        </select>
      </Field>
    </FormShell>
  );
}
