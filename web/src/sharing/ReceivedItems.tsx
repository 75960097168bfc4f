import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Session, Share, SharedItem } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { PurposeGate } from '../components/PurposeGate';
import { can } from '../state/session';
import { formatDate } from '../grants/money';
import { itemSummary } from './share';
import { Contributions } from './Contributions';
import { SharedReads } from './SharedReads';


// The recipient's view: the items are read only after a purpose (each read is logged for the
// owner), each marked with its origin and the share's expiry; kept in memory only.
export function ReceivedItems(props: { share: Share; session: Session }) {
  const s = props.share;
  const [items, setItems] = useState<SharedItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const lang = currentLang();
  if (s.state !== 'active') {
    return <p class="notice withdrawn" id="share-closed">{t(s.state === 'revoked' ? 'sharing.closed_revoked' : 'sharing.closed_expired')}</p>;
  }
  const open = async (purpose: string) => {
    setError(null);
    try { setItems((await api.shares.items(s.id, purpose)).items); } catch (err) { setError(err); }
  };
  return (
    <section class="card" aria-labelledby="received-items-h">
      <h2 id="received-items-h">{t('sharing.items_in')}</h2>
      <p class="hint">{t('sharing.items_in_hint')}</p>
      {can.shares(props.session) && !items ? <PurposeGate id="shared-items" buttonLabel={t('sharing.open_items')} onConfirm={open} /> : null}
      <ErrorMessage error={error} />
      {items ? (items.length === 0 ? <p id="shared-none">{t('sharing.no_items_in')}</p> : (
        <div class="table-wrap"><table class="list" id="shared-items">
          <caption class="sr-only">{t('sharing.items_in')}</caption>
          <thead><tr><th scope="col">{t('sharing.kind')}</th><th scope="col">{t('sharing.record')}</th><th scope="col">{t('sharing.origin')}</th>
            <th scope="col">{t('sharing.expires')}</th><th scope="col">{t('sharing.access')}</th></tr></thead>
          <tbody>{items.map((i) => (
            <tr data-item={i.id}>
              <td>{t(`sharing.kinds.${i.kind}`, { defaultValue: i.kind })}</td>
              <td><bdi>{itemSummary(i)}</bdi> <code class="small">{i.id}</code></td>
              <td class="origin"><bdi>{i.origin.org_name}</bdi></td>
              <td class="expiry">{formatDate(i.origin.expires_at, lang, true)}</td>
              <td>{(i.read_only ?? s.scope !== 'contribute') ? t('sharing.read_only') : t('sharing.may_contribute')}</td>
            </tr>
          ))}</tbody>
        </table></div>
      )) : null}
      {items ? <SharedReads share={s} items={items} mayReadProtected={can.readProtected(props.session)} /> : null}
      {items && s.scope === 'contribute' ? <Contributions share={s} items={items} canWrite={can.proposeShare(props.session)} /> : null}
    </section>
  );
}
