import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { LinkageDecision, LinkageReview, Person } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { FIELDS, levelMark, levelText } from './levels';

const FILTERS: (LinkageDecision | 'any')[] = ['pending', 'unsure', 'accept', 'reject', 'any'];

// The uncertain pairs of a job, side by side: pseudonyms, match weight, probability and the
// agreement level of each field. Identities never appear here; a reviewer who needs them opens
// each person's page, where reading an identity asks for a purpose and is audited.
export function ReviewQueue(props: { jobId: string }) {
  const [filter, setFilter] = useState<LinkageDecision | 'any'>('pending');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(async () => {
    const p = await api.linkage.reviews(props.jobId, filter, cursor);
    const ids = [...new Set(p.items.flatMap((r) => r.person_ids))];
    const persons = await Promise.all(ids.map((id) => api.persons.get(id).then((v) => v.record, () => null)));
    const byId = new Map(persons.filter((x): x is Person => !!x).map((x) => [x.id, x]));
    return { ...p, byId };
  }, [props.jobId, filter, cursor]);
  return (
    <section class="card" aria-labelledby="queue-h">
      <h2 id="queue-h">{t('linkage.queue')}</h2>
      <p class="hint">{t('linkage.queue_hint')}</p>
      <div class="field">
        <label for="lk-filter">{t('linkage.show')}</label>
        <select id="lk-filter" value={filter} onChange={(e) => { setFilter((e.target as HTMLSelectElement).value as LinkageDecision | 'any'); setCursors([null]); }}>
          {FILTERS.map((f) => <option value={f}>{t(`linkage.filters.${f}`)}</option>)}
        </select>
      </div>
      <ErrorMessage error={page.error} />
      {page.data ? (page.data.items.length === 0 ? <p id="queue-none">{t('linkage.queue_empty')}</p> : (
        <ol class="pairs" id="review-list">
          {page.data.items.map((r) => <Pair review={r} persons={page.data!.byId} />)}
        </ol>
      )) : page.loading ? <p role="status">{t('common.loading')}</p> : null}
      {cursors.length > 1 || page.data?.next_cursor ? (
        <nav class="pager" aria-label={t('common.pages')}>
          <button type="button" class="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.previous')}</button>
          <span>{t('common.page_n', { n: cursors.length })}</span>
          <button type="button" class="secondary" disabled={!page.data?.next_cursor} onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}>{t('common.next')}</button>
        </nav>
      ) : null}
    </section>
  );
}

function Pair(props: { review: LinkageReview; persons: Map<string, Person> }) {
  const [r, setR] = useState(props.review);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [a, b] = r.person_ids;
  const name = (id: string) => props.persons.get(id)?.pseudonym ?? id;
  const decide = async (d: Exclude<LinkageDecision, 'pending'>) => {
    setBusy(true);
    setError(null);
    try { setR(await api.linkage.decide(r.id, d, note.trim() || undefined)); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const final = r.decision === 'accept' || r.decision === 'reject';
  const h = `pair-${r.id}-h`;
  return (
    <li class="pair card" data-review={r.id} aria-labelledby={h}>
      <h3 id={h}>
        <Link href={`/persons/${encodeURIComponent(a)}`}><bdi>{name(a)}</bdi></Link>
        {' ⇄ '}
        <Link href={`/persons/${encodeURIComponent(b)}`}><bdi>{name(b)}</bdi></Link>
      </h3>
      <p class="pair-score">
        {t(`linkage.bands.${r.band}`)} · {t('linkage.probability', { p: (r.probability * 100).toFixed(1) })} · {t('linkage.weight', { w: r.weight.toFixed(2) })}
      </p>
      <div class="table-wrap"><table class="list levels">
        <caption class="sr-only">{t('linkage.agreement')}</caption>
        <thead><tr><th scope="col">{t('linkage.field')}</th><th scope="col">{t('linkage.agreement')}</th></tr></thead>
        <tbody>{FIELDS.filter((f) => r.levels[f] !== undefined).map((f) => (
          <tr data-field={f}><th scope="row">{t(`linkage.fields.${f}`)}</th><td><span aria-hidden="true">{levelMark(r.levels[f])} </span>{levelText(r.levels[f])}</td></tr>
        ))}</tbody>
      </table></div>
      <p class="decision" id={`decision-${r.id}`} role="status">{t(`linkage.decisions.${r.decision}`)}</p>
      {r.decision === 'accept' ? (
        <p><Link href={`/persons/${encodeURIComponent(a)}/links`} id={`links-${r.id}`}>{t('linkage.see_links')}</Link></p>
      ) : null}
      {!final ? (
        <div class="decide" role="group" aria-label={t('linkage.decide')}>
          <div class="field">
            <label for={`note-${r.id}`}>{t('linkage.note')}</label>
            <input id={`note-${r.id}`} value={note} maxLength={500} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          </div>
          <div class="actions">
            <button type="button" id={`same-${r.id}`} disabled={busy} onClick={() => decide('accept')}>{t('linkage.same')}</button>
            <button type="button" class="secondary" id={`different-${r.id}`} disabled={busy} onClick={() => decide('reject')}>{t('linkage.different')}</button>
            <button type="button" class="secondary" id={`unsure-${r.id}`} disabled={busy} onClick={() => decide('unsure')}>{t('linkage.unsure')}</button>
          </div>
        </div>
      ) : null}
      <ErrorMessage error={error} />
    </li>
  );
}
