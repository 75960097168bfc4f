import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Application } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { navigate } from '../router';
import { formatMoney, sumAmounts } from './money';

const CHECKLIST = ['admissible', 'eligible_activity', 'eligible_recipient', 'budget_complete'] as const;

// Admissibility and eligibility: the checklist (all true for eligible), or a request for more
// information; the server runs the exclusion list and the double-funding check.
export function ScreeningForm(props: { id: string; onDone: () => void }) {
  const [checks, setChecks] = useState<Record<string, boolean>>({});
  const [outcome, setOutcome] = useState('eligible');
  const [notes, setNotes] = useState('');
  const [request, setRequest] = useState('');
  const [df, setDf] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const checklist = Object.fromEntries(CHECKLIST.map((c) => [c, Boolean(checks[c])]));
    try {
      await api.grants.applicationAction(props.id, 'screening', {
        outcome, checklist, ...(notes ? { notes } : {}), ...(outcome === 'more_info' ? { request } : {}), ...(df ? { double_funding_note: df } : {}),
      });
      props.onDone();
    } catch (err) { setError(err); }
  };
  return (
    <form class="card" id="screening-form" onSubmit={submit} aria-labelledby="screening-h">
      <h2 id="screening-h">{t('screening.title')}</h2>
      <fieldset><legend>{t('screening.checklist')}</legend>
        {CHECKLIST.map((c) => <label class="check"><input type="checkbox" id={`sc-${c}`} checked={Boolean(checks[c])} onChange={(e) => setChecks({ ...checks, [c]: (e.target as HTMLInputElement).checked })} /> {t(`screening.checks.${c}`)}</label>)}
      </fieldset>
      <Field id="sc-outcome" label={t('screening.outcome')}>
        <select id="sc-outcome" value={outcome} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
          {['eligible', 'ineligible', 'more_info'].map((o) => <option value={o}>{t(`screening.outcomes.${o}`)}</option>)}
        </select>
      </Field>
      {outcome === 'more_info' ? (
        <Field id="sc-request" label={t('screening.request')} required>
          <textarea id="sc-request" value={request} required rows={2} onInput={(e) => setRequest((e.target as HTMLTextAreaElement).value)} />
        </Field>
      ) : null}
      <Field id="sc-notes" label={t('screening.notes')}>
        <textarea id="sc-notes" value={notes} rows={2} onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <Field id="sc-df" label={t('screening.double_funding_note')} hint={t('screening.double_funding_hint')}>
        <input id="sc-df" value={df} aria-describedby="sc-df-hint" onInput={(e) => setDf((e.target as HTMLInputElement).value)} />
      </Field>
      <ErrorMessage error={error} id="screening-error" />
      <div class="actions"><button type="submit" id="screening-save">{t('screening.save')}</button></div>
    </form>
  );
}

export function AssignReviewer(props: { id: string; onDone: () => void }) {
  const [reviewer, setReviewer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try { await api.grants.applicationAction(props.id, 'assignments', { reviewer_id: reviewer.trim() }); setReviewer(''); props.onDone(); } catch (err) { setError(err); }
  };
  return (
    <form id="assign-form" onSubmit={submit} class="row add-row">
      <Field id="as-reviewer" label={t('review.assign_label')} hint={t('review.assign_hint')}>
        <input id="as-reviewer" dir="ltr" value={reviewer} required aria-describedby="as-reviewer-hint" onInput={(e) => setReviewer((e.target as HTMLInputElement).value)} />
      </Field>
      <button type="submit" class="secondary" id="assign-save" disabled={!reviewer.trim()}>{t('review.assign')}</button>
      <ErrorMessage error={error} id="assign-error" />
    </form>
  );
}

const REPORT_TYPES = ['narrative', 'financial', 'indicator'];

// The agreement of an awarded application: dates and a schedule of tranches adding up to the
// award; the first is pre-financing, every later one names the reports it waits for.
export function AgreementCreate(props: { app: Application; onDone: () => void }) {
  const award = (props.app.award as { amount?: { amount: string; currency: string } } | undefined)?.amount ?? props.app.budget.total;
  const currency = award.currency;
  const today = new Date().toISOString().slice(0, 10);
  const [starts, setStarts] = useState(today);
  const [ends, setEnds] = useState('');
  const [tranches, setTranches] = useState([{ date: today, amount: '', reports: [] as string[] }, { date: '', amount: '', reports: ['narrative', 'financial'] }]);
  const [error, setError] = useState<unknown>(null);
  const total = sumAmounts(tranches.map((x) => x.amount), currency);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const ag = await api.grants.createAgreement(props.app.id, {
        template_version: '1', starts_on: starts, ends_on: ends, due_diligence: {},
        tranches: tranches.map((x) => ({ planned_date: x.date, amount: { amount: x.amount, currency }, required_reports: x.reports })),
      });
      navigate(`/grants/agreements/${encodeURIComponent(ag.id)}`);
    } catch (err) { setError(err); }
  };
  return (
    <form class="card" id="agreement-form" onSubmit={submit} aria-labelledby="agreement-form-h">
      <h2 id="agreement-form-h">{t('agreement.new')}</h2>
      <p>{t('agreement.award')}: <span class="money">{formatMoney(award, currentLang())}</span></p>
      <div class="row">
        <Field id="ag-starts" label={t('agreement.starts_on')} required><input id="ag-starts" type="date" value={starts} required onInput={(e) => setStarts((e.target as HTMLInputElement).value)} /></Field>
        <Field id="ag-ends" label={t('agreement.ends_on')} required><input id="ag-ends" type="date" value={ends} required onInput={(e) => setEnds((e.target as HTMLInputElement).value)} /></Field>
      </div>
      {tranches.map((x, i) => (
        <fieldset>
          <legend>{t('agreement.tranche_n', { n: i + 1 })}</legend>
          <div class="row">
            <Field id={`ag-t${i}-date`} label={t('tranche.planned_date')} required><input id={`ag-t${i}-date`} type="date" value={x.date} required onInput={(e) => setTranches(tranches.map((y, j) => (j === i ? { ...y, date: (e.target as HTMLInputElement).value } : y)))} /></Field>
            <Field id={`ag-t${i}-amount`} label={t('tranche.amount_in', { currency })} required><input id={`ag-t${i}-amount`} dir="ltr" inputMode="decimal" value={x.amount} required onInput={(e) => setTranches(tranches.map((y, j) => (j === i ? { ...y, amount: (e.target as HTMLInputElement).value } : y)))} /></Field>
          </div>
          {i > 0 ? REPORT_TYPES.map((r) => (
            <label class="check"><input type="checkbox" checked={x.reports.includes(r)} onChange={(e) => setTranches(tranches.map((y, j) => (j === i ? { ...y, reports: (e.target as HTMLInputElement).checked ? [...y.reports, r] : y.reports.filter((z) => z !== r) } : y)))} /> {t('tranche.needs', { type: t(`report.types.${r}`) })}</label>
          )) : <p class="hint">{t('tranche.prefinancing')}</p>}
        </fieldset>
      ))}
      <p id="ag-total">{t('agreement.schedule_total')}: {total !== null ? formatMoney({ amount: total, currency }, currentLang()) : '—'}</p>
      <ErrorMessage error={error} id="agreement-error" />
      <div class="actions"><button type="submit" id="agreement-save">{t('agreement.create')}</button></div>
    </form>
  );
}
