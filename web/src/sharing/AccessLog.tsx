import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Share } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { formatDate } from '../grants/money';

// "Who saw what and when" under a share (the owner's view): every list, item, narrative and
// identity read by the recipient, refusals included, newest last as the server keeps them.
export function AccessLog(props: { share: Share }) {
  const s = props.share;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const log = useAsync(() => api.shares.accessLog(s.id, cursor), [s.id, s.version, cursor]);
  const lang = currentLang();
  const orgName = (id: string) => (id === s.recipient_org_id ? s.recipient_name ?? id : id);
  return (
    <section class="card" aria-labelledby="log-h">
      <h2 id="log-h">{t('sharing.log')}</h2>
      <p class="hint">{t('sharing.log_hint')}</p>
      <ErrorMessage error={log.error} />
      {log.data ? (log.data.items.length === 0 ? <p id="log-none">{t('sharing.log_none')}</p> : (
        <div class="table-wrap"><table class="list" id="access-log">
          <caption class="sr-only">{t('sharing.log')}</caption>
          <thead><tr><th scope="col">{t('sharing.when')}</th><th scope="col">{t('sharing.who')}</th><th scope="col">{t('sharing.action')}</th>
            <th scope="col">{t('sharing.item')}</th><th scope="col">{t('sharing.purpose')}</th><th scope="col">{t('sharing.outcome')}</th></tr></thead>
          <tbody>{log.data.items.map((e) => (
            <tr class={e.outcome}>
              <td>{formatDate(e.at ?? e.created_at, lang, true)}</td>
              <td><bdi>{orgName(e.user_org_id)}</bdi> <code class="small">{e.user_id}</code></td>
              <td>{t(`sharing.actions.${e.action.replace(/\./g, '_')}`, { defaultValue: e.action })}</td>
              <td>{e.item_id ? <code>{e.item_id}</code> : '—'}</td>
              <td><bdi>{e.purpose}</bdi></td>
              <td>{t(`sharing.outcomes.${e.outcome}`)}</td>
            </tr>
          ))}</tbody>
        </table></div>
      )) : log.loading ? <p role="status">{t('common.loading')}</p> : null}
      {cursors.length > 1 || log.data?.next_cursor ? (
        <nav class="pager" aria-label={t('common.pages')}>
          <button type="button" class="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.previous')}</button>
          <span>{t('common.page_n', { n: cursors.length })}</span>
          <button type="button" class="secondary" disabled={!log.data?.next_cursor} onClick={() => log.data?.next_cursor && setCursors([...cursors, log.data.next_cursor])}>{t('common.next')}</button>
        </nav>
      ) : null}
    </section>
  );
}
