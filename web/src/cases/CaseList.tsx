import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { CaseStatus, MechanismType } from '../api/types';
import { countryName, t } from '../i18n';
import { navigate } from '../router';
import { CountrySelect } from '../components/CountrySelect';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';

export const MECHANISMS: MechanismType[] = ['icc', 'national_prosecutor', 'un_mechanism', 'other'];
export const CASE_STATUSES: CaseStatus[] = ['draft', 'investigation', 'submitted', 'closed'];

export function mechanismText(m: { type: MechanismType; state?: string; name?: string }): string {
  const base = t(`cases.mechanisms.${m.type}`);
  const state = m.state ? ` (${countryName(m.state)})` : '';
  return m.name ? `${base}${state}: ${m.name}` : `${base}${state}`;
}

// The cases whose team the legal officer is on, and a new case.
export function CaseList() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(() => api.cases.list(cursor, 25), [cursor]);
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby="cases-title">
      <div class="page-head">
        <h1 id="cases-title">{t('cases.title')}</h1>
        {!creating ? <button type="button" id="new-case" onClick={() => setCreating(true)}>{t('cases.new')}</button> : null}
      </div>
      <p class="hint">{t('cases.team_note')}</p>
      {creating ? <NewCase onCancel={() => setCreating(false)} /> : null}
      <ErrorMessage error={page.error} />
      {page.data ? (
        page.data.items.length === 0 ? <p id="cases-none">{t('cases.none')}</p> : (
          <div class="table-wrap"><table class="list" id="case-table">
            <caption class="sr-only">{t('cases.title')}</caption>
            <thead><tr><th scope="col">{t('case.title')}</th><th scope="col">{t('case.mechanism')}</th><th scope="col">{t('case.status')}</th></tr></thead>
            <tbody>{page.data.items.map((c) => (
              <tr>
                <td><Link href={`/cases/${encodeURIComponent(c.id)}`}><bdi>{c.title}</bdi></Link></td>
                <td>{mechanismText(c.mechanism)}</td>
                <td>{t(`cases.statuses.${c.status ?? 'draft'}`)}</td>
              </tr>
            ))}</tbody>
          </table></div>
        )
      ) : page.loading ? <p role="status">{t('common.loading')}</p> : null}
      <nav class="pager" aria-label={t('common.pages')}>
        <button type="button" class="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.previous')}</button>
        <span>{t('common.page_n', { n: cursors.length })}</span>
        <button type="button" class="secondary" disabled={!page.data?.next_cursor} onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}>{t('common.next')}</button>
      </nav>
    </section>
  );
}

function NewCase(props: { onCancel: () => void }) {
  const [title, setTitle] = useState('');
  const [type, setType] = useState<MechanismType>('icc');
  const [state, setState] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const mechanism = { type, ...(type === 'national_prosecutor' && state ? { state } : {}), ...(name.trim() ? { name: name.trim() } : {}) };
      const { record } = await api.cases.create({ title: title.trim(), status: 'draft', mechanism });
      navigate(`/cases/${encodeURIComponent(record.id)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" id="case-form" onSubmit={submit} aria-labelledby="case-form-title">
      <h2 id="case-form-title">{t('cases.new')}</h2>
      <Field id="c-title" label={t('case.title')} required>
        <input id="c-title" value={title} required maxLength={500} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="c-mechanism" label={t('case.mechanism')} required>
        <select id="c-mechanism" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as MechanismType)}>
          {MECHANISMS.map((m) => <option value={m}>{t(`cases.mechanisms.${m}`)}</option>)}
        </select>
      </Field>
      {type === 'national_prosecutor' ? (
        <Field id="c-state" label={t('case.state')} required>
          <CountrySelect id="c-state" value={state} empty={t('common.choose')} required onChange={setState} />
        </Field>
      ) : null}
      <Field id="c-name" label={t('case.mechanism_name')} hint={t('case.mechanism_name_hint')}>
        <input id="c-name" value={name} maxLength={300} aria-describedby="c-name-hint" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </Field>
      <ErrorMessage error={error} id="case-form-error" />
      <div class="actions">
        <button type="submit" id="case-form-save" disabled={busy || !title.trim()}>{busy ? t('common.saving') : t('common.save')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
