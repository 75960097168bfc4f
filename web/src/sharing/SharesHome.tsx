import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Page, Session, Share } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { formatDate } from '../grants/money';
import { Tasks } from './Tasks';

export const stateText = (s: Share) => t(`sharing.states.${s.state}`);

// Shares given by the organisation (proposed, active, revoked, expired) and shares received.
export function SharesHome(props: { session: Session }) {
  const s = props.session;
  return (
    <section aria-labelledby="shares-title">
      <div class="page-head">
        <h1 id="shares-title">{t('sharing.title')}</h1>
        {can.proposeShare(s) ? <Link href="/shares/new" id="new-share" class="button">{t('sharing.new')}</Link> : null}
      </div>
      <p class="hint">{t('sharing.intro')}</p>
      {can.overseeShares(s) ? <p><Link href="/agreements" id="agreements-link">{t('agreements.title')}</Link></p> : null}
      {can.overseeShares(s) ? <ShareTable id="given" title={t('sharing.given')} empty={t('sharing.none_given')}
        load={(c) => api.shares.given(c)} who={(x) => x.recipient_name ?? x.recipient_org_id} whoLabel={t('sharing.recipient')} /> : null}
      <ShareTable id="received" title={t('sharing.received')} empty={t('sharing.none_received')}
        load={(c) => api.shares.received(c)} who={(x) => x.origin_name ?? x.org_id} whoLabel={t('sharing.origin')} />
      {can.overseeShares(s) ? <Tasks session={s} /> : null}
    </section>
  );
}

function ShareTable(props: { id: string; title: string; empty: string; whoLabel: string;
  load: (cursor: string | null) => Promise<Page<Share>>; who: (s: Share) => string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(() => props.load(cursor), [cursor]);
  const lang = currentLang();
  return (
    <section aria-labelledby={`${props.id}-h`} class="card">
      <h2 id={`${props.id}-h`}>{props.title}</h2>
      <ErrorMessage error={page.error} />
      {page.data ? (page.data.items.length === 0 ? <p id={`${props.id}-none`}>{props.empty}</p> : (
        <div class="table-wrap"><table class="list" id={`${props.id}-table`}>
          <caption class="sr-only">{props.title}</caption>
          <thead><tr><th scope="col">{props.whoLabel}</th><th scope="col">{t('sharing.object')}</th><th scope="col">{t('sharing.scope')}</th>
            <th scope="col">{t('sharing.state')}</th><th scope="col">{t('sharing.expires')}</th></tr></thead>
          <tbody>{page.data.items.map((x) => (
            <tr data-share={x.id}>
              <td><Link href={`/shares/${encodeURIComponent(x.id)}`}><bdi>{props.who(x)}</bdi></Link></td>
              <td>{t(`sharing.objects.${x.object.type}`)} ({t('sharing.n_items', { n: x.items.length })})</td>
              <td>{t(`sharing.scopes.${x.scope}`)}</td>
              <td class={`share-state ${x.state}`}>{stateText(x)}</td>
              <td>{formatDate(x.expires_at, lang, true)}</td>
            </tr>
          ))}</tbody>
        </table></div>
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
