import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Application, Session } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { DecisionForm } from './DecisionForm';
import { stateText } from './GrantsHome';
import { formatDate, formatMoney } from './money';
import { QuestionForm } from './ProgrammeForms';
import { ReserveAwardForm } from './Reserve';
import { CallEdit } from './Edits';

const NEXT_STATES: Record<string, string[]> = { draft: ['open'], open: ['closed'], decided: ['archived'] };

// A call: dates, form version, guidelines and Q&A; for the officer its applications, ranking,
// state changes and the committee decision; for applicants the way to apply.
export function CallPage(props: { id: string; session: Session }) {
  const lang = currentLang();
  const manage = can.manageGrants(props.session);
  const [tick, setTick] = useState(0);
  const call = useAsync(() => api.grants.call(props.id), [props.id, tick]);
  const apps = useAsync(() => (manage ? api.grants.applications(props.id).then((p) => p.items) : Promise.resolve([] as Application[])), [props.id, tick]);
  const ranking = useAsync(() => (manage ? api.grants.ranking(props.id) : Promise.resolve(null)), [props.id, tick]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  if (call.error) return <ErrorMessage error={call.error} id="call-error" />;
  if (!call.data) return <p role="status">{t('common.loading')}</p>;
  const c = call.data;
  const move = async (state: string) => {
    setError(null);
    try { await api.grants.moveCall(c.id, state); setTick((n) => n + 1); } catch (e) { setError(e); }
  };
  const title = (id: string) => apps.data?.find((a) => a.id === id)?.title ?? id;
  const rankItems = ((ranking.data as { items?: { application_id: string; rank: number | null; score: string | null; reviews_counted: number }[] } | null)?.items) ?? [];
  return (
    <section aria-labelledby="call-title">
      <p><Link href="/grants">{t('grants.back')}</Link></p>
      <h1 id="call-title"><bdi>{c.title}</bdi></h1>
      <dl class="facts">
        <dt>{t('call.state')}</dt><dd id="call-state">{stateText('call', c.state)}</dd>
        {c.opens_at ? <><dt>{t('call.opens')}</dt><dd>{formatDate(c.opens_at, lang, true)}</dd></> : null}
        <dt>{t('call.deadline')}</dt><dd id="call-deadline">{formatDate(c.deadline, lang, true)}</dd>
        <dt>{t('call.form_version')}</dt><dd><bdi>{c.form_version}</bdi></dd>
      </dl>
      {c.guidelines ? <><h2>{t('call.guidelines')}</h2><p dir="auto">{c.guidelines}</p></> : null}
      {c.questions?.length ? (
        <><h2>{t('call.questions')}</h2>
          <dl class="qa" id="call-qa">{c.questions.map((q) => <><dt dir="auto">{q.question}</dt><dd dir="auto">{q.answer}</dd></>)}</dl></>
      ) : null}
      {manage && c.state !== 'archived' ? <QuestionForm callId={c.id} onDone={() => setTick((n) => n + 1)} /> : null}
      {can.apply(props.session) && c.state === 'open' ? <p><Link href={`/grants/calls/${encodeURIComponent(c.id)}/apply`} class="button" id="apply">{t('call.apply')}</Link></p> : null}
      {manage ? (
        <>
          <div class="actions">
            {(NEXT_STATES[c.state ?? ''] ?? []).map((s) => <button type="button" class="secondary" id={`call-${s}`} onClick={() => move(s)}>{t(`call.move.${s}`)}</button>)}
            {['draft', 'open'].includes(c.state ?? '') && !editing ? <button type="button" class="secondary" id="call-edit-open" onClick={() => setEditing(true)}>{t('edit.call')}</button> : null}
          </div>
          {editing ? <CallEdit callId={c.id} onCancel={() => setEditing(false)} onDone={() => { setEditing(false); setTick((n) => n + 1); }} /> : null}
          <ErrorMessage error={error} id="call-move-error" />
          <h2 id="call-apps-h">{t('call.applications')}</h2>
          <ErrorMessage error={apps.error} />
          {apps.data?.length ? (
            <div class="table-wrap"><table class="list" id="call-apps">
              <thead><tr><th scope="col">{t('application.title')}</th><th scope="col">{t('application.state')}</th><th scope="col">{t('application.total')}</th></tr></thead>
              <tbody>{apps.data.map((a) => (
                <tr><td><Link href={`/grants/applications/${encodeURIComponent(a.id)}`}><bdi>{a.title}</bdi></Link></td><td>{stateText('application', a.state)}</td><td class="money">{formatMoney(a.budget?.total, lang)}</td></tr>
              ))}</tbody>
            </table></div>
          ) : <p class="hint">{t('call.no_applications')}</p>}
          <h2 id="ranking-h">{t('call.ranking')}</h2>
          {rankItems.length ? (
            <div class="table-wrap"><table class="list" id="ranking">
              <thead><tr><th scope="col">{t('call.rank')}</th><th scope="col">{t('application.title')}</th><th scope="col">{t('call.score')}</th><th scope="col">{t('call.reviews_counted')}</th></tr></thead>
              <tbody>{rankItems.map((r) => (
                <tr><td>{r.rank ?? '—'}</td><td><bdi>{title(r.application_id)}</bdi></td><td>{r.score ?? t('call.no_score')}</td><td>{r.reviews_counted}</td></tr>
              ))}</tbody>
            </table></div>
          ) : <p class="hint">{t('call.no_ranking')}</p>}
          {c.state === 'decided' && apps.data && ranking.data ? <ReserveAwardForm callId={c.id} apps={apps.data} ranking={rankItems} onDone={() => setTick((n) => n + 1)} /> : null}
          {c.state === 'closed' && apps.data ? <DecisionForm callId={c.id} apps={apps.data.filter((a) => a.state === 'eligible')} onDone={() => setTick((n) => n + 1)} /> : null}
        </>
      ) : null}
    </section>
  );
}
