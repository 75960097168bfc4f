import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Application, Session } from '../api/types';
import { countryName, currentLang, languageName, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { stateText } from './GrantsHome';
import { formatDate, formatMoney } from './money';
import { AgreementCreate, AssignReviewer, ScreeningForm } from './OfficerForms';
import { Attachments } from './Attachments';
import { ReleaseForm } from './Reserve';

const EDITABLE = ['draft', 'more_info', 'invited'];

export function History(props: { history?: { state: string; at: string }[]; kind: string }) {
  if (!props.history?.length) return null;
  return (
    <details class="history"><summary>{t('grants.history')}</summary>
      <ol>{props.history.map((h) => <li>{stateText(props.kind, h.state)} · {formatDate(h.at, currentLang(), true)}</li>)}</ol>
    </details>
  );
}

// An application: the applicant's budget and state; for the applicant, edit / submit / withdraw
// and the decision letter; for the officer, screening, reviewers, reviews and the agreement.
export function ApplicationPage(props: { id: string; session: Session }) {
  const lang = currentLang();
  const manage = can.manageGrants(props.session);
  const [tick, setTick] = useState(0);
  const app = useAsync(() => api.grants.application(props.id).then((v) => v.record), [props.id, tick]);
  const [error, setError] = useState<unknown>(null);
  if (app.error) return <ErrorMessage error={app.error} id="application-load-error" />;
  if (!app.data) return <p role="status">{t('common.loading')}</p>;
  const a: Application = app.data;
  const act = async (action: 'submit' | 'withdraw' | 'invite') => {
    setError(null);
    try { await api.grants.applicationAction(a.id, action); setTick((n) => n + 1); } catch (e) { setError(e); }
  };
  const decided = Boolean(a.decision);
  const agreementId = a.agreement_id as string | undefined;
  return (
    <section aria-labelledby="application-title">
      <p><Link href={`/grants/calls/${encodeURIComponent(a.call_id)}`}>{t('application.back_to_call')}</Link></p>
      <h1 id="application-title"><bdi>{a.title}</bdi></h1>
      <dl class="facts">
        <dt>{t('application.state')}</dt><dd id="application-state">{stateText('application', a.state)}</dd>
        {a.stage ? <><dt>{t('invitation.stage')}</dt><dd id="application-stage">{t(`invitation.stages.${String(a.stage)}`, { defaultValue: String(a.stage) })}</dd></> : null}
        <dt>{t('application.activity')}</dt><dd><bdi>{a.activity}</bdi></dd>
        <dt>{t('application.recipient_category')}</dt><dd><bdi>{a.recipient_category}</bdi></dd>
        <dt>{t('application.language')}</dt><dd>{languageName(a.language)}</dd>
        <dt>{t('application.country')}</dt><dd>{countryName(a.country)}</dd>
      </dl>
      {a.information_request ? <p class="notice" id="info-request"><strong>{t('application.info_requested')}</strong> <span dir="auto">{String(a.information_request)}</span></p> : null}
      <h2>{t('application.budget')}</h2>
      <div class="table-wrap"><table class="list" id="budget-table">
        <thead><tr><th scope="col">{t('application.line')}</th><th scope="col">{t('application.amount')}</th></tr></thead>
        <tbody>{a.budget.lines.map((l) => <tr><td><bdi>{l.label}</bdi></td><td class="money">{formatMoney(l.amount, lang)}</td></tr>)}</tbody>
        <tfoot><tr><th scope="row">{t('application.total')}</th><td class="money" id="budget-total">{formatMoney(a.budget.total, lang)}</td></tr></tfoot>
      </table></div>
      <History history={a.history} kind="application" />
      {a.release ? <Released app={a} /> : null}
      {can.apply(props.session) ? (
        <div class="actions">
          {EDITABLE.includes(a.state ?? '') ? <Link href={`/grants/applications/${encodeURIComponent(a.id)}/edit`} class="button secondary-link" id="application-edit">{t('application.edit')}</Link> : null}
          {EDITABLE.includes(a.state ?? '') ? <button type="button" id="application-submit" onClick={() => act('submit')}>{t('application.submit')}</button> : null}
          {!decided && a.state !== 'withdrawn' ? <button type="button" class="secondary" id="application-withdraw" onClick={() => act('withdraw')}>{t('application.withdraw')}</button> : null}
        </div>
      ) : null}
      {manage && a.state === 'concept_submitted' ? (
        <section class="card" aria-labelledby="invite-h">
          <h2 id="invite-h">{t('invitation.title')}</h2>
          <p class="hint">{t('invitation.hint')}</p>
          <div class="actions"><button type="button" id="application-invite" onClick={() => act('invite')}>{t('invitation.invite')}</button></div>
        </section>
      ) : null}
      {can.apply(props.session) && a.state === 'invited' ? <p class="notice" id="invited-notice">{t('invitation.invited')}</p> : null}
      <ErrorMessage error={error} id="application-error" />
      {(manage && ['awarded', 'contracted'].includes(a.state ?? '')) || (!manage && can.apply(props.session) && a.state === 'awarded')
        ? <ReleaseForm app={a} officer={manage} onDone={() => setTick((n) => n + 1)} /> : null}
      <Attachments applicationId={a.id} applicant={can.apply(props.session)} canUpload={can.apply(props.session) && EDITABLE.includes(a.state ?? '')} />
      {decided ? <Letter id={a.id} /> : null}
      {agreementId ? <p><Link href={`/grants/agreements/${encodeURIComponent(agreementId)}`} class="button secondary-link" id="agreement-link">{t('agreement.open')}</Link></p> : null}
      {manage ? (
        <>
          {['submitted', 'more_info'].includes(a.state ?? '') ? <ScreeningForm id={a.id} onDone={() => setTick((n) => n + 1)} /> : null}
          {['eligible', 'awarded', 'reserve', 'rejected'].includes(a.state ?? '') ? <Reviewers id={a.id} tick={tick} onChange={() => setTick((n) => n + 1)} /> : null}
          {a.state === 'awarded' && !agreementId ? <AgreementCreate app={a} onDone={() => setTick((n) => n + 1)} /> : null}
        </>
      ) : null}
    </section>
  );
}

// Why an award fell away, and the reserve application that took its place.
function Released(props: { app: Application }) {
  const r = props.app.release as { reason: string; notes?: string; at?: string };
  const by = props.app.replaced_by as string | undefined;
  return (
    <p class="notice" id="release-facts">
      {t(`release.reasons.${r.reason}`)}{r.at ? ` · ${formatDate(r.at, currentLang())}` : ''}{r.notes ? <> — <bdi>{r.notes}</bdi></> : null}
      {by ? <> · <Link href={`/grants/applications/${encodeURIComponent(by)}`} id="replaced-by">{t('release.replaced_by', { title: by })}</Link></> : null}
    </p>
  );
}

function Letter(props: { id: string }) {
  const letter = useAsync(() => api.grants.letter(props.id), [props.id]);
  if (!letter.data) return <ErrorMessage error={letter.error} />;
  const l = letter.data as { language?: string; text?: string; outcome?: string; letter?: { language?: string; text?: string } };
  const body = l.letter ?? l;
  return (
    <section class="card" aria-labelledby="letter-h">
      <h2 id="letter-h">{t('application.letter')}</h2>
      <p id="letter-text" lang={body.language} dir="auto" class="pre">{body.text ?? ''}</p>
    </section>
  );
}

interface ReviewItem { assignment_id: string; reviewer_id: string; state: string; counts: boolean; review?: { score?: string; recommendation?: string } }

function Reviewers(props: { id: string; tick: number; onChange: () => void }) {
  const reviews = useAsync(() => api.grants.reviews(props.id), [props.id, props.tick]);
  const assignments = useAsync(() => api.grants.assignments(props.id), [props.id, props.tick]);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [recusing, setRecusing] = useState('');
  const r = reviews.data as { items?: ReviewItem[]; consolidated_score?: string | null; reviews_counted?: number } | null;
  const recuse = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try { await api.grants.assignmentAction(recusing, 'recusal', { reason }); setRecusing(''); setReason(''); props.onChange(); } catch (err) { setError(err); }
  };
  return (
    <section class="card" aria-labelledby="reviewers-h">
      <h2 id="reviewers-h">{t('review.reviewers')}</h2>
      <p id="consolidated">{t('review.consolidated', { score: r?.consolidated_score ?? '—', count: r?.reviews_counted ?? 0 })}</p>
      {assignments.data?.items.length ? (
        <div class="table-wrap"><table class="list" id="assignment-table">
          <thead><tr><th scope="col">{t('review.reviewer')}</th><th scope="col">{t('review.state')}</th><th scope="col">{t('review.score')}</th><th scope="col"><span class="sr-only">{t('review.actions')}</span></th></tr></thead>
          <tbody>{assignments.data.items.map((x) => {
            const rev = r?.items?.find((i) => i.assignment_id === x.id);
            return (
              <tr><td><code class="item-id">{x.reviewer_id}</code></td><td>{stateText('assignment', x.state)}</td><td>{rev?.review?.score ?? '—'}</td>
                <td>{x.state !== 'recused' ? <button type="button" class="link" id={`recuse-${x.id}`} onClick={() => setRecusing(x.id)}>{t('review.recuse')}</button> : null}</td></tr>
            );
          })}</tbody>
        </table></div>
      ) : <p class="hint">{t('review.none_assigned')}</p>}
      {recusing ? (
        <form onSubmit={recuse} class="confirm" id="recusal-form">
          <label for="recusal-reason">{t('review.recusal_reason')}</label>
          <input id="recusal-reason" value={reason} required onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          <div class="actions"><button type="submit" class="danger" id="recusal-confirm" disabled={!reason.trim()}>{t('review.recuse')}</button>
            <button type="button" class="secondary" onClick={() => setRecusing('')}>{t('common.cancel')}</button></div>
        </form>
      ) : null}
      <ErrorMessage error={error} id="recusal-error" />
      <AssignReviewer id={props.id} onDone={props.onChange} />
    </section>
  );
}
