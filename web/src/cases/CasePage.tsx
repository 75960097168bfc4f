import { useState } from 'preact/hooks';
import { api, listAll } from '../api/client';
import type { CaseRecord, CaseStatus, Charge, Suspect } from '../api/types';
import { localised, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { CrimeSelect, crimeTitle } from '../components/CrimePicker';
import { useVocab } from '../state/vocab';
import { CASE_STATUSES, mechanismText } from './CaseList';
import { CaseFileExport } from './CaseFileExport';

// Names of the suspects (person pseudonyms, unit names) and incidents, loaded once per page.
function useNames() {
  return useAsync(async () => {
    const [persons, units, incidents] = await Promise.all([
      listAll(api.persons.list, {}, 2000), listAll(api.units.list, {}, 2000), listAll(api.incidents.list, {}, 2000)]);
    const names = new Map<string, string>();
    for (const p of persons) names.set(p.id, p.pseudonym);
    for (const u of units) names.set(u.id, u.name);
    for (const i of incidents) names.set(i.id, i.title);
    return { names, persons, units, incidents };
  }, []);
}

export const suspectId = (s: Suspect): string => s.person_id ?? s.unit_id ?? '';

// A case: mechanism, status, team, suspects, incidents in scope, its charges, and the case file.
export function CasePage(props: { id: string }) {
  const [tick, setTick] = useState(0);
  const loaded = useAsync(() => api.cases.get(props.id), [props.id, tick]);
  const charges = useAsync(() => api.cases.charges(props.id), [props.id, tick]);
  const names = useNames();
  const vocab = useVocab();
  const [error, setError] = useState<unknown>(null);
  if (loaded.error) return <ErrorMessage error={loaded.error} id="case-error" />;
  if (!loaded.data) return <p role="status">{t('common.loading')}</p>;
  const c = loaded.data.record;
  const name = (id: string) => names.data?.names.get(id) ?? id;
  const patch = async (p: Partial<CaseRecord>) => {
    setError(null);
    try {
      await api.cases.update(c.id, p as never, loaded.data!.etag);
      setTick((n) => n + 1);
    } catch (e) { setError(e); }
  };
  const suspects = c.suspects ?? [];
  const incidents = c.incident_ids ?? [];
  return (
    <section aria-labelledby="case-title">
      <p><Link href="/cases">{t('cases.back')}</Link></p>
      <h1 id="case-title"><bdi>{c.title}</bdi></h1>
      <dl class="facts">
        <dt>{t('case.mechanism')}</dt><dd id="case-mechanism">{mechanismText(c.mechanism)}</dd>
        <dt>{t('case.team')}</dt><dd>{t('case.team_size', { count: c.team.user_ids.length })}</dd>
      </dl>
      <div class="field">
        <label for="case-status">{t('case.status')}</label>
        <select id="case-status" value={c.status ?? 'draft'} onChange={(e) => patch({ status: (e.target as HTMLSelectElement).value as CaseStatus })}>
          {CASE_STATUSES.map((s) => <option value={s}>{t(`cases.statuses.${s}`)}</option>)}
        </select>
      </div>
      <ErrorMessage error={error} id="case-patch-error" />

      <h2 id="suspects-h">{t('case.suspects')}</h2>
      {suspects.length ? (
        <ul class="inline" id="suspect-list">{suspects.map((s) => <li><bdi class={s.person_id ? 'pseudonym' : ''}>{name(suspectId(s))}</bdi></li>)}</ul>
      ) : <p class="hint">{t('case.no_suspects')}</p>}
      {names.data ? (
        <AddToList id="add-suspect" label={t('case.add_suspect')}
          options={[
            ...names.data.persons.filter((p) => !suspects.some((s) => s.person_id === p.id)).map((p) => ({ value: `p:${p.id}`, label: `${t('case.person')}: ${p.pseudonym}` })),
            ...names.data.units.filter((u) => !suspects.some((s) => s.unit_id === u.id)).map((u) => ({ value: `u:${u.id}`, label: `${t('case.unit')}: ${u.name}` })),
          ]}
          onAdd={(v) => patch({ suspects: [...suspects, v.startsWith('p:') ? { person_id: v.slice(2) } : { unit_id: v.slice(2) }] })} />
      ) : null}

      <h2 id="scope-h">{t('case.scope')}</h2>
      {incidents.length ? (
        <ul id="scope-list">{incidents.map((i) => <li><Link href={`/incidents/${encodeURIComponent(i)}`}><bdi>{name(i)}</bdi></Link></li>)}</ul>
      ) : <p class="hint">{t('case.no_scope')}</p>}
      {names.data ? (
        <AddToList id="add-incident" label={t('case.add_incident')}
          options={names.data.incidents.filter((i) => !incidents.includes(i.id)).map((i) => ({ value: i.id, label: i.title }))}
          onAdd={(v) => patch({ incident_ids: [...incidents, v] })} />
      ) : null}

      <h2 id="charges-h">{t('case.charges')}</h2>
      <ErrorMessage error={charges.error} />
      {charges.data && vocab ? (
        charges.data.items.length ? (
          <div class="table-wrap"><table class="list" id="charge-table">
            <thead><tr><th scope="col">{t('charge.crime')}</th><th scope="col">{t('charge.mode')}</th><th scope="col">{t('charge.suspect')}</th></tr></thead>
            <tbody>{charges.data.items.map((ch: Charge) => (
              <tr>
                <td><Link href={`/charges/${encodeURIComponent(ch.id)}`}>{crimeTitle(vocab.crimes.crimes, ch.crime_id)}</Link></td>
                <td>{modeTitle(vocab.crimes.modes_of_liability, ch.mode_id)}</td>
                <td><bdi>{name(ch.suspect_id)}</bdi></td>
              </tr>
            ))}</tbody>
          </table></div>
        ) : <p class="hint" id="no-charges">{t('case.no_charges')}</p>
      ) : <p role="status">{t('common.loading')}</p>}
      {vocab && suspects.length ? <ChargeForm caseId={c.id} suspects={suspects} name={name} onAdded={() => setTick((n) => n + 1)} /> : null}

      <CaseFileExport caseId={c.id} mechanism={mechanismText(c.mechanism)} />
    </section>
  );
}

export function modeTitle(modes: { id: string; title?: Record<string, string | undefined>; article?: unknown }[], id: string): string {
  const m = modes.find((x) => x.id === id);
  return `\u2068${m ? `${localised(m.title, id)} (${String(m.article ?? m.id)})` : id}\u2069`;
}

function AddToList(props: { id: string; label: string; options: { value: string; label: string }[]; onAdd: (v: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <div class="row add-row">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={value} onChange={(e) => setValue((e.target as HTMLSelectElement).value)}>
        <option value="">{t('common.choose')}</option>
        {props.options.map((o) => <option value={o.value}>{o.label}</option>)}
      </select>
      <button type="button" class="secondary" id={`${props.id}-button`} disabled={!value} onClick={() => { props.onAdd(value); setValue(''); }}>{t('case.add')}</button>
    </div>
  );
}

function ChargeForm(props: { caseId: string; suspects: Suspect[]; name: (id: string) => string; onAdded: () => void }) {
  const vocab = useVocab();
  const [crime, setCrime] = useState('');
  const [mode, setMode] = useState('');
  const [suspect, setSuspect] = useState(suspectId(props.suspects[0]));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!vocab) return null;
  const chosen = vocab.crimes.crimes.find((c) => c.id === crime);
  const chosenMode = vocab.crimes.modes_of_liability.find((m) => m.id === mode) as { elements?: { text?: string }[] } | undefined;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.cases.addCharge(props.caseId, { crime_id: crime, mode_id: mode, suspect_id: suspect });
      setCrime(''); setMode('');
      props.onAdded();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form class="card" id="charge-form" onSubmit={submit} aria-labelledby="charge-form-title">
      <h3 id="charge-form-title">{t('charge.new')}</h3>
      <Field id="ch-crime" label={t('charge.crime')} required>
        <CrimeSelect id="ch-crime" crimes={vocab.crimes.crimes.filter((c) => c.status === undefined || c.status === 'in_force')} value={crime} empty={t('common.choose')} onChange={setCrime} />
      </Field>
      <Field id="ch-mode" label={t('charge.mode')} required>
        <select id="ch-mode" value={mode} dir="auto" onChange={(e) => setMode((e.target as HTMLSelectElement).value)}>
          <option value="">{t('common.choose')}</option>
          {vocab.crimes.modes_of_liability.map((m) => <option value={m.id}>{modeTitle(vocab.crimes.modes_of_liability, m.id)}</option>)}
        </select>
      </Field>
      <Field id="ch-suspect" label={t('charge.suspect')} required>
        <select id="ch-suspect" value={suspect} onChange={(e) => setSuspect((e.target as HTMLSelectElement).value)}>
          {props.suspects.map((s) => <option value={suspectId(s)}>{props.name(suspectId(s))}</option>)}
        </select>
      </Field>
      {chosen || chosenMode ? (
        <div class="elements" id="ch-elements">
          <p class="elements-title">{t('charge.elements_preview')}</p>
          <ol lang="en" dir="ltr">
            {(chosen?.elements ?? []).map((el) => <li>{String(el.text ?? '')}</li>)}
            {(chosenMode?.elements ?? []).map((el) => <li>{String(el.text ?? '')}</li>)}
          </ol>
        </div>
      ) : null}
      <ErrorMessage error={error} id="charge-form-error" />
      <div class="actions"><button type="submit" id="charge-form-save" disabled={busy || !crime || !mode || !suspect}>{t('charge.add')}</button></div>
    </form>
  );
}
