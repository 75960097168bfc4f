import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { EstimateInput, EstimateResult } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { BarChart } from '../dashboard/BarChart';
import { IntervalChart } from './IntervalChart';
import { EXAMPLE_CSV, overlapRows, reasonsWithoutNumber } from './capture';

type Method = NonNullable<EstimateInput['method']>;
type Selection = NonNullable<EstimateInput['selection']>;

// Multiple systems estimation: a capture table (one column per list, 0/1, and a count; optionally
// a stratum column) typed or pasted as CSV; the estimate with its interval, or no number and why.
export function EstimatesPage() {
  const [csv, setCsv] = useState('');
  const [strata, setStrata] = useState('');
  const [method, setMethod] = useState<Method>('loglinear');
  const [selection, setSelection] = useState<Selection>('stepwise');
  const [level, setLevel] = useState('0.95');
  const [result, setResult] = useState<EstimateResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.estimate({ csv, method, selection, level: Number(level), ...(strata.trim() ? { strata_column: strata.trim() } : {}) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const csvError = error instanceof ApiError && error.field && /^(csv|lists|cells|strata_column)/.test(error.field) ? error.problem.detail : undefined;
  return (
    <section aria-labelledby="est-title">
      <h1 id="est-title">{t('estimates.title')}</h1>
      <p class="hint">{t('estimates.intro')}</p>
      <form class="card" id="estimate-form" onSubmit={submit} aria-labelledby="est-form-h">
        <h2 id="est-form-h">{t('estimates.table')}</h2>
        <Field id="est-csv" label={t('estimates.csv')} hint={t('estimates.csv_hint')} required error={csvError}>
          <textarea id="est-csv" rows={8} dir="ltr" value={csv} required spellcheck={false} aria-describedby={describedBy('est-csv', true, csvError)}
            onInput={(e) => setCsv((e.target as HTMLTextAreaElement).value)} />
        </Field>
        <p><button type="button" class="secondary" id="est-example" onClick={() => setCsv(EXAMPLE_CSV)}>{t('estimates.example')}</button></p>
        <Field id="est-strata" label={t('estimates.strata')} hint={t('estimates.strata_hint')}>
          <input id="est-strata" value={strata} dir="ltr" maxLength={100} aria-describedby="est-strata-hint" onInput={(e) => setStrata((e.target as HTMLInputElement).value)} />
        </Field>
        <div class="filters">
          <Field id="est-method" label={t('estimates.method')}>
            <select id="est-method" value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value as Method)}>
              {(['loglinear', 'latent-class', 'all'] as Method[]).map((m) => <option value={m}>{t(`estimates.methods.${m.replace('-', '_')}`)}</option>)}
            </select>
          </Field>
          <Field id="est-selection" label={t('estimates.selection')}>
            <select id="est-selection" value={selection} onChange={(e) => setSelection((e.target as HTMLSelectElement).value as Selection)}>
              {(['stepwise', 'aic', 'bic'] as Selection[]).map((m) => <option value={m}>{t(`estimates.selections.${m}`)}</option>)}
            </select>
          </Field>
          <Field id="est-level" label={t('estimates.level')}>
            <select id="est-level" value={level} onChange={(e) => setLevel((e.target as HTMLSelectElement).value)}>
              {['0.9', '0.95', '0.99'].map((l) => <option value={l}>{new Intl.NumberFormat(currentLang(), { style: 'percent' }).format(Number(l))}</option>)}
            </select>
          </Field>
        </div>
        <ErrorMessage error={error} id="estimate-error" />
        <button type="submit" id="est-run" disabled={busy || !csv.trim()}>{busy ? t('estimates.running') : t('estimates.run')}</button>
      </form>
      {result ? <EstimateView result={result} /> : null}
    </section>
  );
}

function EstimateView(props: { result: EstimateResult }) {
  const r = props.result;
  const lang = currentLang();
  const n = (x: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(x);
  const e = r.estimate;
  const rows = overlapRows(r);
  const rtl = document.documentElement.dir === 'rtl';
  const pct = e ? new Intl.NumberFormat(lang, { style: 'percent' }).format(e.level ?? 0.95) : '';
  return (
    <section class="card" aria-labelledby="est-result-h" id="estimate-result">
      <h2 id="est-result-h">{t('estimates.result')}</h2>
      <p id="est-observed">{t('estimates.observed', { n: n(r.observed) })}</p>
      {e ? (
        <p class="estimate-headline" id="est-value" data-value={e.value} data-lower={e.lower} data-upper={e.upper}>
          {t('estimates.headline', { value: n(e.value), lower: n(e.lower), upper: n(e.upper), level: pct })}
        </p>
      ) : (
        <div class="notice withdrawn" id="est-none" role="alert">
          <p>{t('estimates.no_number')}</p>
        </div>
      )}
      {(() => {
        const reasons = e ? r.warnings : reasonsWithoutNumber(r);
        return reasons.length ? (
          <section aria-labelledby="est-warn-h">
            <h3 id="est-warn-h">{e ? t('estimates.warnings') : t('estimates.reasons')}</h3>
            <ul id="est-warnings">{reasons.map((w) => <li lang="en" dir="ltr">{w}</li>)}</ul>
          </section>
        ) : null;
      })()}
      {e ? (
        <IntervalChart id="est-chart" title={t('estimates.chart_estimate')} rtl={rtl} format={n}
          labels={{ observed: t('estimates.observed_label'), estimate: t('estimates.estimate_label'), interval: t('estimates.interval_label', { level: pct }) }}
          observed={r.observed} value={e.value} lower={e.lower} upper={e.upper} />
      ) : null}
      {rows.length ? (
        <BarChart id="overlap-chart" title={t('estimates.chart_overlap')} horizontal rtl={rtl}
          labels={rows.map((x) => x.label)} series={[{ label: t('estimates.people'), values: rows.map((x) => x.count), color: '#3f6aa6' }]} />
      ) : null}
      {r.strata.length > 1 ? (
        <div class="table-wrap"><table class="list" id="strata-table">
          <caption>{t('estimates.per_stratum')}</caption>
          <thead><tr><th scope="col">{t('estimates.stratum')}</th><th scope="col">{t('estimates.observed_label')}</th><th scope="col">{t('estimates.estimate_label')}</th></tr></thead>
          <tbody>{r.strata.map((s) => (
            <tr><th scope="row"><bdi>{s.name}</bdi></th><td>{n(s.observed)}</td>
              <td>{s.loglinear?.estimate !== undefined ? `${n(s.loglinear.estimate)}${s.loglinear.interval ? ` (${n(s.loglinear.interval.lower)}–${n(s.loglinear.interval.upper)})` : ''}` : t('estimates.none_short')}</td></tr>
          ))}</tbody>
        </table></div>
      ) : null}
    </section>
  );
}
