import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { EstimateInput, EstimateResult } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { EXAMPLE_CSV } from './capture';
import { EstimateView } from './EstimateView';
import { RecordsEstimate } from './RecordsEstimate';

type Method = NonNullable<EstimateInput['method']>;
type Selection = NonNullable<EstimateInput['selection']>;

type Tab = 'table' | 'records';

// Multiple systems estimation, in two tabs: a capture table typed or pasted as CSV, or the
// server's own records (RecordsEstimate: the victims of chosen organisations, linked).
export function EstimatesPage() {
  const [tab, setTab] = useState<Tab>('table');
  const tabs: Tab[] = ['table', 'records'];
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const next = tabs[(tabs.indexOf(tab) + 1) % tabs.length];
    setTab(next);
    document.getElementById(`est-tab-${next}`)?.focus();
  };
  return (
    <section aria-labelledby="est-title">
      <h1 id="est-title">{t('estimates.title')}</h1>
      <p class="hint">{t('estimates.intro')}</p>
      <div role="tablist" class="tabs" aria-label={t('estimates.tabs.label')} onKeyDown={onKey}>
        {tabs.map((x) => (
          <button type="button" role="tab" id={`est-tab-${x}`} aria-selected={tab === x} aria-controls={`est-panel-${x}`}
            tabIndex={tab === x ? 0 : -1} class={tab === x ? 'tab' : 'tab secondary'} onClick={() => setTab(x)}>{t(`estimates.tabs.${x}`)}</button>
        ))}
      </div>
      <div role="tabpanel" id={`est-panel-${tab}`} aria-labelledby={`est-tab-${tab}`}>
        {tab === 'table' ? <TableEstimate /> : <RecordsEstimate />}
      </div>
    </section>
  );
}

// A capture table (one column per list, 0/1, and a count; optionally a stratum column) typed or
// pasted as CSV; the estimate with its interval, or no number and why.
function TableEstimate() {
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
    <>
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
    </>
  );
}
