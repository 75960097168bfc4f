import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { EstimateOrganisation, RecordEstimateInput, RecordEstimateResult } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { CountrySelect } from '../components/CountrySelect';
import { BarChart } from '../dashboard/BarChart';
import { EstimateView } from './EstimateView';
import { upsetColumns } from './capture';

const CATEGORIES = ['genocide', 'crime_against_humanity', 'war_crime', 'aggression', 'torture_cat', 'enforced_disappearance_icpped'];
const SEXES = ['female', 'male', 'intersex', 'unknown'];

// "From our linked records": the analyst picks organisations (their own and those sharing persons
// with it) and filters; the server builds the capture table from the victims of their acts,
// grouped by the organisation's same-person links, and answers counts only. A purpose is required
// (it is recorded in the audit trail and in the sharing organisations' access logs).
export function RecordsEstimate() {
  const [orgs, setOrgs] = useState<EstimateOrganisation[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [country, setCountry] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [sex, setSex] = useState('');
  const [category, setCategory] = useState('');
  const [bySex, setBySex] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [result, setResult] = useState<RecordEstimateResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.estimateOrganisations().then((page) => {
      setOrgs(page.items);
      setChosen(new Set(page.items.map((o) => o.org_id)));
    }).catch(setError);
  }, []);
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id); else next.add(id);
    setChosen(next);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const filters: NonNullable<RecordEstimateInput['filters']> = {};
    if (country) filters.country = country;
    if (from) filters.from = from;
    if (to) filters.to = to;
    if (sex) filters.sex = sex;
    if (category) filters.category = category;
    // The organisations in the order they are listed (own first), so patterns read the same way.
    const organisations = (orgs ?? []).filter((o) => chosen.has(o.org_id)).map((o) => o.org_id);
    try {
      setResult(await api.estimateFromRecords({ organisations, filters, ...(bySex ? { strata: 'sex' as const } : {}) }, purpose.trim()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (prefix: string) => (error instanceof ApiError && error.field?.startsWith(prefix) ? error.problem.detail : undefined);
  const enough = chosen.size >= 3 && chosen.size <= 15;
  return (
    <>
      <form class="card" id="records-form" onSubmit={submit} aria-labelledby="est-records-h">
        <h2 id="est-records-h">{t('estimates.records.title')}</h2>
        <p class="hint" id="est-records-hint">{t('estimates.records.intro')}</p>
        <fieldset id="est-orgs" aria-describedby="est-orgs-hint">
          <legend>{t('estimates.records.organisations')}</legend>
          <p class="hint" id="est-orgs-hint">{t('estimates.records.organisations_hint')}</p>
          {orgs === null ? <p>{t('common.loading')}</p> : orgs.map((o, i) => (
            <label class="check" for={`est-org-${i}`}>
              <input type="checkbox" id={`est-org-${i}`} data-org={o.org_id} checked={chosen.has(o.org_id)} onChange={() => toggle(o.org_id)} />
              {' '}<bdi>{o.name}</bdi>{o.own ? ` (${t('estimates.records.own')})` : ''}
            </label>
          ))}
          {orgs !== null && orgs.length < 3 ? <p class="notice" id="est-orgs-few">{t('estimates.records.too_few')}</p> : null}
        </fieldset>
        <div class="filters">
          <Field id="est-r-country" label={t('estimates.records.country')} error={fieldError('filters.country')}>
            <CountrySelect id="est-r-country" value={country} empty={t('estimates.records.any')} onChange={setCountry} />
          </Field>
          <Field id="est-r-from" label={t('estimates.records.from')} error={fieldError('filters.from')}>
            <input type="date" id="est-r-from" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
          </Field>
          <Field id="est-r-to" label={t('estimates.records.to')} error={fieldError('filters.to')}>
            <input type="date" id="est-r-to" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
          </Field>
          <Field id="est-r-sex" label={t('estimates.records.sex')}>
            <select id="est-r-sex" value={sex} onChange={(e) => setSex((e.target as HTMLSelectElement).value)}>
              <option value="">{t('estimates.records.any')}</option>
              {SEXES.map((s) => <option value={s}>{t(`estimates.records.sexes.${s}`)}</option>)}
            </select>
          </Field>
          <Field id="est-r-category" label={t('estimates.records.category')}>
            <select id="est-r-category" value={category} onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}>
              <option value="">{t('estimates.records.any')}</option>
              {CATEGORIES.map((c) => <option value={c}>{t(`estimates.records.categories.${c}`)}</option>)}
            </select>
          </Field>
        </div>
        <label class="check" for="est-r-strata">
          <input type="checkbox" id="est-r-strata" checked={bySex} onChange={() => setBySex(!bySex)} />
          {' '}{t('estimates.records.by_sex')}
        </label>
        <Field id="est-r-purpose" label={t('purpose.label')} hint={t('estimates.records.purpose_hint')} required error={fieldError('X-Purpose')}>
          <input id="est-r-purpose" value={purpose} required maxLength={200} aria-describedby="est-r-purpose-hint"
            onInput={(e) => setPurpose((e.target as HTMLInputElement).value)} />
        </Field>
        <ErrorMessage error={error} id="records-error" />
        <button type="submit" id="est-r-run" disabled={busy || !enough || !purpose.trim()}>{busy ? t('estimates.running') : t('estimates.run')}</button>
      </form>
      {result ? <RecordsResult result={result} /> : null}
    </>
  );
}

function RecordsResult(props: { result: RecordEstimateResult }) {
  const r = props.result;
  const names: Record<string, string> = {};
  for (const o of r.organisations) names[o.org_id] = o.name;
  const columns = upsetColumns(r.overlap, r.lists, names);
  const rtl = document.documentElement.dir === 'rtl';
  const small = columns.some((c) => c.small);
  const upset = columns.length ? (
    <section aria-labelledby="upset-h" id="upset">
      <h3 id="upset-h">{t('estimates.records.overlap')}</h3>
      <BarChart id="upset-chart" title={t('estimates.records.overlap_chart')} rtl={rtl}
        labels={columns.map((c, k) => `${k + 1}${c.small ? ' *' : ''}`)}
        series={[{ label: t('estimates.people'), values: columns.map((c) => c.count), color: '#3f6aa6' }]} />
      <div class="table-wrap"><table class="list" id="upset-matrix">
        <caption>{t('estimates.records.matrix')}</caption>
        <thead><tr><th scope="col">{t('estimates.records.list')}</th><th scope="col">{t('estimates.records.list_size')}</th>
          {columns.map((c, k) => <th scope="col" data-pattern={c.pattern} title={c.label}><span aria-hidden="true">{k + 1}</span><span class="sr-only">{c.label}</span></th>)}</tr></thead>
        <tbody>
          {r.organisations.map((o, j) => (
            <tr><th scope="row"><bdi>{o.name}</bdi></th><td>{o.entities}</td>
              {columns.map((c) => <td class={c.members[j] ? 'on' : 'off'} aria-label={c.members[j] ? t('estimates.records.on') : t('estimates.records.off')}>{c.members[j] ? '●' : '·'}</td>)}</tr>
          ))}
          <tr><th scope="row">{t('estimates.people')}</th><td />{columns.map((c) => <td data-count={c.count}>{c.count}{c.small ? ' *' : ''}</td>)}</tr>
        </tbody>
      </table></div>
      {small ? <p class="notice" id="est-small">{t('estimates.records.small', { n: r.small_cell_threshold })}</p> : null}
    </section>
  ) : null;
  return (
    <div id="records-result">
      <EstimateView result={r} overlap={<>
        <p id="est-entities">{t('estimates.records.entities', { n: r.entities, linked: r.linked_entities })}</p>
        {upset}
      </>} />
    </div>
  );
}
