import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { Agreement, Amendment, Session, Tranche } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { History } from './ApplicationPage';
import { stateText } from './GrantsHome';
import { formatDate, formatMoney } from './money';
import { ClosureFacts, ClosureForm } from './ProgrammeForms';
import { AmendmentForm, AmendmentList } from './Amendments';
import { IndicatorFields, emptyIndicator, indicatorValue } from './Indicators';
import { ReportTable } from './Reports';

// An agreement: due diligence and signature (officer), the tranches gated on approved reports,
// and the reports (submitted by the grantee, approved or sent back by the officer).
export function AgreementPage(props: { id: string; session: Session }) {
  const lang = currentLang();
  const manage = can.manageGrants(props.session);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((n) => n + 1);
  const ag = useAsync(() => api.grants.agreement(props.id), [props.id, tick]);
  const tranches = useAsync(() => api.grants.tranches(props.id), [props.id, tick]);
  const reports = useAsync(() => api.grants.reports(props.id), [props.id, tick]);
  const [error, setError] = useState<unknown>(null);
  // Kept here: the page reloads its data after a report, the confirmation stays.
  const [sent, setSent] = useState(false);
  if (ag.error) return <ErrorMessage error={ag.error} id="agreement-load-error" />;
  if (!ag.data) return <p role="status">{t('common.loading')}</p>;
  const a: Agreement = ag.data;
  const sign = async () => {
    setError(null);
    try { await api.grants.agreementAction(a.id, 'sign'); reload(); } catch (e) { setError(e); }
  };
  const trancheList = tranches.data?.items ?? [];
  return (
    <section aria-labelledby="agreement-title">
      <p><Link href={`/grants/applications/${encodeURIComponent(a.application_id)}`}>{t('agreement.back')}</Link></p>
      <h1 id="agreement-title">{t('agreement.title')}</h1>
      <dl class="facts">
        <dt>{t('agreement.state')}</dt><dd id="agreement-state">{stateText('agreement', a.state)}</dd>
        {a.amount ? <><dt>{t('agreement.award')}</dt><dd class="money">{formatMoney(a.amount, lang)}</dd></> : null}
        <dt>{t('agreement.version')}</dt><dd>{String(a.agreement_version ?? 1)}</dd>
        {a.starts_on ? <><dt>{t('agreement.period')}</dt><dd>{formatDate(String(a.starts_on), lang)} – {formatDate(String(a.ends_on ?? ''), lang)}</dd></> : null}
      </dl>
      <History history={a.history} kind="agreement" />
      {a.state === 'signed' || a.state === 'closed' ? (
        <section aria-labelledby="amendments-h">
          <h2 id="amendments-h">{t('amendment.title')}</h2>
          <AmendmentList amendments={a.amendments as Amendment[] | undefined} />
          {manage && a.state === 'signed' ? <AmendmentForm agreementId={a.id} onDone={reload} /> : null}
        </section>
      ) : null}
      {manage && a.state === 'draft' ? <DueDiligence id={a.id} onDone={reload} /> : null}
      {manage && a.state === 'draft' ? <div class="actions"><button type="button" id="agreement-sign" onClick={sign}>{t('agreement.sign')}</button></div> : null}
      <ErrorMessage error={error} id="agreement-error" />

      <h2 id="tranches-h">{t('tranche.title')}</h2>
      <ErrorMessage error={tranches.error} />
      <div class="table-wrap"><table class="list" id="tranche-table">
        <thead><tr><th scope="col">{t('tranche.planned_date')}</th><th scope="col">{t('tranche.amount')}</th><th scope="col">{t('tranche.required')}</th><th scope="col">{t('tranche.state')}</th><th scope="col"><span class="sr-only">{t('tranche.actions')}</span></th></tr></thead>
        <tbody>{trancheList.map((tr: Tranche, i) => (
          <tr data-tranche={tr.id}>
            <td>{formatDate(tr.planned_date, lang)}</td>
            <td class="money">{formatMoney(tr.amount, lang)}</td>
            <td>{tr.required_reports?.length ? tr.required_reports.map((r) => t(`report.types.${r}`)).join(', ') : t('tranche.prefinancing')}</td>
            <td>{stateText('tranche', tr.state)}{tr.state === 'paid' && (tr.payment as { paid_on?: string } | undefined)?.paid_on ? ` · ${formatDate((tr.payment as { paid_on: string }).paid_on, lang)}` : ''}</td>
            <td>{manage && tr.state === 'planned' && a.state === 'signed' ? <Pay tranche={tr} n={i} onDone={reload} /> : null}</td>
          </tr>
        ))}</tbody>
      </table></div>

      <h2 id="reports-h">{t('report.title')}</h2>
      <ErrorMessage error={reports.error} />
      {reports.data?.items.length ? (
        <ReportTable reports={reports.data.items} manage={manage} canResubmit={a.state === 'signed' && (manage || can.apply(props.session))}
          currency={a.amount?.currency ?? 'EUR'} onDone={reload} />
      ) : <p class="hint">{t('report.none')}</p>}
      {sent ? <p class="notice success" role="status" id="report-sent">{t('report.sent')}</p> : null}
      {manage && a.state === 'signed' ? <ClosureForm agreementId={a.id} currency={a.amount?.currency ?? 'EUR'} onDone={reload} /> : null}
      {a.state === 'closed' ? <ClosureFacts closure={a.closure as Record<string, unknown> | undefined} currency={a.amount?.currency ?? 'EUR'} /> : null}
      {a.state === 'signed' ? <ReportForm agreementId={a.id} tranches={trancheList} currency={a.amount?.currency ?? 'EUR'}
        onStart={() => setSent(false)} onDone={() => { setSent(true); reload(); }} /> : null}
    </section>
  );
}

function DueDiligence(props: { id: string; onDone: () => void }) {
  const [legal, setLegal] = useState('registered');
  const [alt, setAlt] = useState('');
  const [holder, setHolder] = useState('');
  const [iban, setIban] = useState('');
  const [safeguarding, setSafeguarding] = useState(false);
  const [dp, setDp] = useState('low');
  const [sec, setSec] = useState('low');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null); setSaved(false);
    try {
      await api.grants.agreementAction(props.id, 'due-diligence', {
        legal_status: legal, ...(legal === 'unregistered' ? { alternative_justification: alt } : {}),
        bank_details: { holder, account: iban }, safeguarding_policy: safeguarding, data_protection_risk: dp, security_risk: sec,
      });
      setSaved(true); props.onDone();
    } catch (err) { setError(err); }
  };
  return (
    <form class="card" id="dd-form" onSubmit={submit} aria-labelledby="dd-h">
      <h2 id="dd-h">{t('agreement.due_diligence')}</h2>
      <Field id="dd-legal" label={t('agreement.legal_status')}>
        <select id="dd-legal" value={legal} onChange={(e) => setLegal((e.target as HTMLSelectElement).value)}>
          <option value="registered">{t('agreement.registered')}</option><option value="unregistered">{t('agreement.unregistered')}</option>
        </select>
      </Field>
      {legal === 'unregistered' ? <Field id="dd-alt" label={t('agreement.alternative')} required><textarea id="dd-alt" value={alt} required rows={2} onInput={(e) => setAlt((e.target as HTMLTextAreaElement).value)} /></Field> : null}
      <div class="row">
        <Field id="dd-holder" label={t('agreement.bank_holder')} hint={t('review.sealed_hint')}><input id="dd-holder" value={holder} aria-describedby="dd-holder-hint" onInput={(e) => setHolder((e.target as HTMLInputElement).value)} /></Field>
        <Field id="dd-account" label={t('agreement.bank_account')}><input id="dd-account" dir="ltr" value={iban} onInput={(e) => setIban((e.target as HTMLInputElement).value)} /></Field>
      </div>
      <label class="check"><input type="checkbox" id="dd-safeguarding" checked={safeguarding} onChange={(e) => setSafeguarding((e.target as HTMLInputElement).checked)} /> {t('agreement.safeguarding')}</label>
      <div class="row">
        {([['dd-dp', t('agreement.dp_risk'), dp, setDp], ['dd-sec', t('agreement.security_risk'), sec, setSec]] as const).map(([id, label, v, setV]) => (
          <Field id={id} label={label}>
            <select id={id} value={v} onChange={(e) => setV((e.target as HTMLSelectElement).value)}>
              {['low', 'medium', 'high'].map((r) => <option value={r}>{t(`agreement.risks.${r}`)}</option>)}
            </select>
          </Field>
        ))}
      </div>
      <ErrorMessage error={error} id="dd-error" />
      {saved ? <p class="notice success" role="status">{t('agreement.dd_saved')}</p> : null}
      <div class="actions"><button type="submit" class="secondary" id="dd-save">{t('agreement.dd_save')}</button></div>
    </form>
  );
}

function Pay(props: { tranche: Tranche; n: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [fx, setFx] = useState('1');
  const [error, setError] = useState<unknown>(null);
  if (!open) return <button type="button" class="secondary" id={`pay-${props.n}`} onClick={() => setOpen(true)}>{t('tranche.pay')}</button>;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try { await api.grants.pay(props.tranche.id, { paid_on: date, fx_rate: fx }); props.onDone(); } catch (err) { setError(err); }
  };
  return (
    <form onSubmit={submit} class="pay" id={`pay-form-${props.n}`}>
      <label for={`pay-date-${props.n}`}>{t('tranche.paid_on')}</label>
      <input id={`pay-date-${props.n}`} type="date" value={date} required onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
      <label for={`pay-fx-${props.n}`}>{t('tranche.fx_rate')}</label>
      <input id={`pay-fx-${props.n}`} dir="ltr" inputMode="decimal" value={fx} required onInput={(e) => setFx((e.target as HTMLInputElement).value)} />
      <button type="submit" id={`pay-save-${props.n}`}>{t('tranche.record_payment')}</button>
      <ErrorMessage error={error} id={`pay-error-${props.n}`} />
    </form>
  );
}

function ReportForm(props: { agreementId: string; tranches: Tranche[]; currency: string; onStart: () => void; onDone: () => void }) {
  const [type, setType] = useState('narrative');
  const [period, setPeriod] = useState('');
  const [tranche, setTranche] = useState('');
  const [narrative, setNarrative] = useState('');
  const [amount, setAmount] = useState('');
  const [indicator, setIndicator] = useState(emptyIndicator());
  const [error, setError] = useState<unknown>(null);
  const lang = currentLang();
  const indicatorError = error instanceof ApiError && error.field?.startsWith('indicator_values') ? error.problem.detail : undefined;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null); props.onStart();
    try {
      await api.grants.submitReport(props.agreementId, {
        type, period, ...(tranche ? { tranche_id: tranche } : {}),
        ...(type === 'narrative' || type === 'final' ? { narrative } : {}),
        ...(type === 'financial' || type === 'final' ? { expenditure: { amount, currency: props.currency } } : {}),
        ...(type === 'indicator' ? { indicator_values: [indicatorValue(indicator, period)] } : {}),
      });
      setNarrative(''); setAmount(''); setIndicator(emptyIndicator());
      props.onDone();
    } catch (err) { setError(err); }
  };
  return (
    <form class="card" id="report-form" onSubmit={submit} aria-labelledby="report-form-h">
      <h2 id="report-form-h">{t('report.new')}</h2>
      <div class="row">
        <Field id="rp-type" label={t('report.type')}>
          <select id="rp-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
            {['narrative', 'financial', 'indicator', 'final'].map((r) => <option value={r}>{t(`report.types.${r}`)}</option>)}
          </select>
        </Field>
        <Field id="rp-period" label={t('report.period')} required><input id="rp-period" value={period} required onInput={(e) => setPeriod((e.target as HTMLInputElement).value)} /></Field>
        <Field id="rp-tranche" label={t('report.for_tranche')}>
          <select id="rp-tranche" value={tranche} onChange={(e) => setTranche((e.target as HTMLSelectElement).value)}>
            <option value="">{t('report.no_tranche')}</option>
            {props.tranches.map((tr, i) => <option value={tr.id}>{t('agreement.tranche_n', { n: i + 1 })} · {formatDate(tr.planned_date, lang)}</option>)}
          </select>
        </Field>
      </div>
      {type === 'indicator' ? <IndicatorFields value={indicator} onChange={setIndicator} error={indicatorError} /> : null}
      {type === 'narrative' || type === 'final' ? <Field id="rp-narrative" label={t('report.narrative')} hint={t('review.sealed_hint')} required><textarea id="rp-narrative" value={narrative} required rows={3} aria-describedby="rp-narrative-hint" onInput={(e) => setNarrative((e.target as HTMLTextAreaElement).value)} /></Field> : null}
      {type === 'financial' || type === 'final' ? <Field id="rp-amount" label={t('report.expenditure', { currency: props.currency })} required><input id="rp-amount" dir="ltr" inputMode="decimal" value={amount} required onInput={(e) => setAmount((e.target as HTMLInputElement).value)} /></Field> : null}
      {indicatorError ? null : <ErrorMessage error={error} id="report-error" />}
      <div class="actions"><button type="submit" id="report-save">{t('report.submit')}</button></div>
    </form>
  );
}
