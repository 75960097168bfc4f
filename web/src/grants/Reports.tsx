import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { IndicatorValue, Report, ReportVersion } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { stateText } from './GrantsHome';
import { formatDate, formatMoney } from './money';
import { type IndicatorDraft, IndicatorFields, IndicatorSummary, emptyIndicator, indicatorValue } from './Indicators';

// The reports of an agreement: the officer approves or sends back (with a comment, which the
// server requires); the grantee corrects a report sent back and resubmits it as a new version,
// the earlier versions listed as they were (docs/GRANTS.md "Resubmission").
export function ReportTable(props: { reports: Report[]; manage: boolean; canResubmit: boolean; currency: string; onDone: () => void }) {
  const lang = currentLang();
  const [correcting, setCorrecting] = useState<string | null>(null);
  const open = props.reports.find((r) => r.id === correcting && r.state === 'changes_requested');
  return (
    <>
      <div class="table-wrap"><table class="list" id="report-table">
        <thead><tr><th scope="col">{t('report.type')}</th><th scope="col">{t('report.period')}</th><th scope="col">{t('report.state')}</th><th scope="col"><span class="sr-only">{t('tranche.actions')}</span></th></tr></thead>
        <tbody>{props.reports.map((r) => (
          <tr data-report={r.id}>
            <td>{t(`report.types.${r.type}`)}{r.expenditure ? <> · <span class="money">{formatMoney(r.expenditure, lang)}</span></> : null}
              <IndicatorSummary values={r.indicator_values} /></td>
            <td><bdi>{r.period}</bdi></td>
            <td>{stateText('report', r.state)}
              {(r.report_version ?? 1) > 1 ? <> · <span data-version={r.report_version}>{t('resubmit.version', { n: r.report_version })}</span></> : null}
              {r.state === 'changes_requested' && r.review?.comment ? <p class="hint" id={`report-comment-${r.id}`}><bdi>{r.review.comment}</bdi></p> : null}
              <Versions versions={r.versions} id={r.id} /></td>
            <td>
              {props.manage && r.state === 'submitted' ? <ReviewReport id={r.id} onDone={props.onDone} /> : null}
              {props.canResubmit && r.state === 'changes_requested' && correcting !== r.id
                ? <button type="button" class="secondary" id={`resubmit-${r.id}`} onClick={() => setCorrecting(r.id)}>{t('resubmit.open')}</button> : null}
            </td>
          </tr>
        ))}</tbody>
      </table></div>
      {open ? <ResubmitForm report={open} currency={props.currency} onCancel={() => setCorrecting(null)}
        onDone={() => { setCorrecting(null); props.onDone(); }} /> : null}
    </>
  );
}

// The earlier versions of a resubmitted report, each with the review that sent it back.
function Versions(props: { versions?: ReportVersion[]; id: string }) {
  const lang = currentLang();
  if (!props.versions?.length) return null;
  return (
    <details class="history" id={`versions-${props.id}`}><summary>{t('resubmit.versions', { count: props.versions.length })}</summary>
      <ol>{props.versions.map((v) => (
        <li data-version={v.report_version}>
          {t('resubmit.version', { n: v.report_version })} · <bdi>{v.period}</bdi>
          {v.submitted_at ? <> · {formatDate(v.submitted_at, lang, true)}</> : null}
          {v.expenditure ? <> · <span class="money">{formatMoney(v.expenditure, lang)}</span></> : null}
          {v.review?.comment ? <> — {t('resubmit.sent_back')} <bdi>{v.review.comment}</bdi></> : null}
        </li>
      ))}</ol>
    </details>
  );
}

function ReviewReport(props: { id: string; onDone: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const review = async (outcome: string) => {
    setError(null);
    try {
      await api.grants.reviewReport(props.id, { outcome, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      props.onDone();
    } catch (e) { setError(e); }
  };
  return (
    <div class="actions">
      <button type="button" class="secondary" id={`approve-${props.id}`} onClick={() => review('approved')}>{t('report.approve')}</button>
      {asking ? (
        <form onSubmit={(e) => { e.preventDefault(); void review('changes_requested'); }}>
          <label for={`review-comment-${props.id}`}>{t('resubmit.comment')}</label>
          <input id={`review-comment-${props.id}`} value={comment} required onInput={(e) => setComment((e.target as HTMLInputElement).value)} />
          <button type="submit" class="secondary" id={`send-back-${props.id}`} disabled={!comment.trim()}>{t('report.request_changes')}</button>
        </form>
      ) : <button type="button" class="secondary" id={`request-changes-${props.id}`} onClick={() => setAsking(true)}>{t('report.request_changes')}</button>}
      <ErrorMessage error={error} />
    </div>
  );
}

const draftOf = (v?: IndicatorValue): IndicatorDraft => {
  if (!v) return emptyIndicator();
  const s = v.disaggregation?.sex ?? {};
  const n = (x?: number) => (x === undefined ? '' : String(x));
  return { indicator_id: v.indicator_id, value: String(v.value), unit: v.unit ?? '', female: n(s.female), male: n(s.male), other: n(s.other), unknown: n(s.unknown),
    countries: Object.entries(v.disaggregation?.country ?? {}).map(([code, c]) => ({ code, n: String(c) })) };
};

// The correction of a report sent back, prefilled from it. The narrative is sealed and not
// shown: left empty, the one sent before is kept.
function ResubmitForm(props: { report: Report; currency: string; onCancel: () => void; onDone: () => void }) {
  const r = props.report;
  const [period, setPeriod] = useState(r.period);
  const [narrative, setNarrative] = useState('');
  const [amount, setAmount] = useState(r.expenditure?.amount ?? '');
  const [indicator, setIndicator] = useState(draftOf(r.indicator_values?.[0]));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (f: string) => (error instanceof ApiError && error.field?.startsWith(f) ? error.problem.detail : undefined);
  const narrated = r.type === 'narrative' || r.type === 'final';
  const financial = r.type === 'financial' || r.type === 'final';
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api.grants.resubmitReport(r.id, {
        period: period.trim(), ...(narrative.trim() ? { narrative } : {}),
        ...(financial ? { expenditure: { amount, currency: props.currency } } : {}),
        ...(r.type === 'indicator' ? { indicator_values: [indicatorValue(indicator, period.trim())] } : {}),
      });
      props.onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const known = ['period', 'narrative', 'expenditure', 'indicator_values'].some((f) => fieldError(f));
  return (
    <form class="card" id="resubmit-form" onSubmit={submit} aria-labelledby="resubmit-h">
      <h3 id="resubmit-h">{t('resubmit.title', { type: t(`report.types.${r.type}`), n: (r.report_version ?? 1) + 1 })}</h3>
      {r.review?.comment ? <p class="notice" id="resubmit-comment"><strong>{t('resubmit.officer_comment')}</strong> <bdi>{r.review.comment}</bdi></p> : null}
      <Field id="rs-period" label={t('report.period')} required error={fieldError('period')}>
        <input id="rs-period" value={period} required maxLength={40} aria-describedby={describedBy('rs-period', false, fieldError('period'))}
          onInput={(e) => setPeriod((e.target as HTMLInputElement).value)} />
      </Field>
      {narrated ? (
        <Field id="rs-narrative" label={t('report.narrative')} hint={t('resubmit.narrative_hint')} error={fieldError('narrative')}>
          <textarea id="rs-narrative" rows={3} value={narrative} aria-describedby={describedBy('rs-narrative', true, fieldError('narrative'))}
            onInput={(e) => setNarrative((e.target as HTMLTextAreaElement).value)} />
        </Field>
      ) : null}
      {financial ? (
        <Field id="rs-amount" label={t('report.expenditure', { currency: props.currency })} required error={fieldError('expenditure')}>
          <input id="rs-amount" dir="ltr" inputMode="decimal" value={amount} required aria-describedby={describedBy('rs-amount', false, fieldError('expenditure'))}
            onInput={(e) => setAmount((e.target as HTMLInputElement).value)} />
        </Field>
      ) : null}
      {r.type === 'indicator' ? <IndicatorFields value={indicator} onChange={setIndicator} error={fieldError('indicator_values')} /> : null}
      {known ? null : <ErrorMessage error={error} id="resubmit-error" />}
      <div class="actions">
        <button type="submit" id="resubmit-save" disabled={busy}>{t('resubmit.save')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
