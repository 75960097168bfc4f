import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Assignment } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { stateText } from './GrantsHome';
import { Attachments } from './Attachments';
import { formatMoney } from './money';

// The reviewer's assignments. Nothing of an application is shown before the declaration.
export function ReviewList() {
  const list = useAsync(() => api.grants.assignments(), []);
  return (
    <section aria-labelledby="reviews-title">
      <h1 id="reviews-title">{t('review.my_assignments')}</h1>
      <p class="hint">{t('review.gate_note')}</p>
      <ErrorMessage error={list.error} />
      {list.data ? (list.data.items.length ? (
        <div class="table-wrap"><table class="list" id="my-assignments">
          <thead><tr><th scope="col">{t('review.assignment')}</th><th scope="col">{t('review.state')}</th></tr></thead>
          <tbody>{list.data.items.map((a) => (
            <tr><td><Link href={`/grants/assignments/${encodeURIComponent(a.id)}`}>{t('review.assignment_n', { id: a.id })}</Link></td><td>{stateText('assignment', a.state)}</td></tr>
          ))}</tbody>
        </table></div>
      ) : <p>{t('review.none')}</p>) : <p role="status">{t('common.loading')}</p>}
    </section>
  );
}

// One assignment: the conflict-of-interest and confidentiality declaration comes first; only
// after "no conflict" does the application open, with the scoring form; other reviewers' scores
// appear once one's own review is submitted.
export function AssignmentPage(props: { id: string }) {
  const [tick, setTick] = useState(0);
  const a = useAsync(() => api.grants.assignment(props.id), [props.id, tick]);
  if (a.error) return <ErrorMessage error={a.error} id="assignment-error" />;
  if (!a.data) return <p role="status">{t('common.loading')}</p>;
  const s = a.data.state;
  return (
    <section aria-labelledby="assignment-title">
      <p><Link href="/grants/reviews">{t('review.back')}</Link></p>
      <h1 id="assignment-title">{t('review.assignment_n', { id: a.data.id })}</h1>
      <p id="assignment-state">{t('review.state')}: {stateText('assignment', s)}</p>
      {s === 'pending' ? <Declaration id={a.data.id} onDone={() => setTick((n) => n + 1)} /> : null}
      {s === 'declared' ? <p class="notice" id="abstained">{t('review.abstained')}</p> : null}
      {s === 'recused' ? <p class="notice" id="recused">{t('review.recused')}</p> : null}
      {s === 'none' || s === 'submitted' ? <Cleared assignment={a.data} onDone={() => setTick((n) => n + 1)} /> : null}
    </section>
  );
}

function Declaration(props: { id: string; onDone: () => void }) {
  const [conflict, setConflict] = useState<'none' | 'declared' | ''>('');
  const [confidential, setConfidential] = useState(false);
  const [statement, setStatement] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.grants.assignmentAction(props.id, 'declaration', { conflict, confidentiality: confidential, ...(statement.trim() ? { statement: statement.trim() } : {}) });
      props.onDone();
    } catch (err) { setError(err); }
  };
  return (
    <form class="card" id="coi-form" onSubmit={submit} aria-labelledby="coi-h">
      <h2 id="coi-h">{t('review.coi_title')}</h2>
      <p class="hint">{t('review.coi_hint')}</p>
      <fieldset><legend>{t('review.coi_question')}</legend>
        <label class="check"><input type="radio" name="coi" id="coi-none" checked={conflict === 'none'} onChange={() => setConflict('none')} /> {t('review.coi_none')}</label>
        <label class="check"><input type="radio" name="coi" id="coi-declared" checked={conflict === 'declared'} onChange={() => setConflict('declared')} /> {t('review.coi_declared')}</label>
      </fieldset>
      {conflict === 'declared' ? (
        <Field id="coi-statement" label={t('review.coi_statement')} hint={t('review.sealed_hint')}>
          <textarea id="coi-statement" value={statement} rows={2} aria-describedby="coi-statement-hint" onInput={(e) => setStatement((e.target as HTMLTextAreaElement).value)} />
        </Field>
      ) : null}
      <label class="check"><input type="checkbox" id="coi-confidential" checked={confidential} onChange={(e) => setConfidential((e.target as HTMLInputElement).checked)} /> {t('review.confidentiality')}</label>
      <ErrorMessage error={error} id="coi-error" />
      <div class="actions"><button type="submit" id="coi-save" disabled={!conflict || !confidential}>{t('review.declare')}</button></div>
    </form>
  );
}

function Cleared(props: { assignment: Assignment; onDone: () => void }) {
  const lang = currentLang();
  const data = useAsync(async () => {
    const app = (await api.grants.application(props.assignment.application_id)).record;
    const fund = await api.grants.fund(String(app.fund_id ?? ''));
    return { app, fund };
  }, [props.assignment.application_id]);
  const reviews = useAsync(() => (props.assignment.state === 'submitted' ? api.grants.reviews(props.assignment.application_id) : Promise.resolve(null)), [props.assignment.state]);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [recommendation, setRecommendation] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (data.error) return <ErrorMessage error={data.error} />;
  if (!data.data) return <p role="status">{t('common.loading')}</p>;
  const { app, fund } = data.data;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.grants.assignmentAction(props.assignment.id, 'review', { scores, recommendation, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      props.onDone();
    } catch (err) { setError(err); }
  };
  const others = (reviews.data as { items?: { reviewer_id: string; review?: { score?: string; recommendation?: string } }[]; consolidated_score?: string } | null);
  return (
    <>
      <article class="card" id="review-application" aria-labelledby="ra-title">
        <h2 id="ra-title"><bdi>{app.title}</bdi></h2>
        {app.summary ? <p dir="auto">{String(app.summary)}</p> : null}
        <p>{t('application.total')}: <span class="money">{formatMoney(app.budget.total, lang)}</span></p>
      </article>
      {/* Cleared by the declaration: the files too (names stay sealed for reviewers). */}
      <Attachments applicationId={app.id} canUpload={false} applicant={false} />
      {props.assignment.state === 'none' ? (
        <form class="card" id="review-form" onSubmit={submit} aria-labelledby="review-form-h">
          <h2 id="review-form-h">{t('review.score_title')}</h2>
          {fund.criteria.map((c) => (
            <Field id={`score-${c.id}`} label={`${c.label} (${c.weight} %)`} required>
              <select id={`score-${c.id}`} value={scores[c.id] === undefined ? '' : String(scores[c.id])} required onChange={(e) => setScores({ ...scores, [c.id]: Number((e.target as HTMLSelectElement).value) })}>
                <option value="">{t('common.choose')}</option>
                {[0, 1, 2, 3, 4, 5].map((n) => <option value={String(n)}>{t(`review.scale.s${n}`)}</option>)}
              </select>
            </Field>
          ))}
          <Field id="rv-recommendation" label={t('review.recommendation')} required>
            <select id="rv-recommendation" value={recommendation} required onChange={(e) => setRecommendation((e.target as HTMLSelectElement).value)}>
              <option value="">{t('common.choose')}</option>
              {['yes', 'maybe', 'no'].map((r) => <option value={r}>{t(`review.recommendations.${r}`)}</option>)}
            </select>
          </Field>
          <Field id="rv-comment" label={t('review.comment')}>
            <textarea id="rv-comment" value={comment} rows={3} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
          </Field>
          <p class="hint">{t('review.hidden_until')}</p>
          <ErrorMessage error={error} id="review-error" />
          <div class="actions"><button type="submit" id="review-save">{t('review.submit')}</button></div>
        </form>
      ) : (
        <section class="card" aria-labelledby="all-reviews-h">
          <h2 id="all-reviews-h">{t('review.all_reviews')}</h2>
          <ErrorMessage error={reviews.error} />
          {others ? (
            <>
              <p id="review-consolidated">{t('review.consolidated', { score: others.consolidated_score ?? '—', count: others.items?.length ?? 0 })}</p>
              <ul id="review-items">{(others.items ?? []).map((r) => <li>{r.review?.score ?? '—'} · {t(`review.recommendations.${r.review?.recommendation ?? 'maybe'}`)}</li>)}</ul>
            </>
          ) : null}
        </section>
      )}
    </>
  );
}
