import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Session, Share } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { formatDate } from '../grants/money';
import { stateText } from './SharesHome';
import { AccessLog } from './AccessLog';
import { ReceivedItems } from './ReceivedItems';
import { approvalError } from './share';
import { Contributions } from './Contributions';


// One share. The owner sees what goes out, what the consent gate refused and why, approves (a
// second person), revokes and reads the access log; the recipient sees the origin and expiry and
// opens the shared items with a purpose.
export function SharePage(props: { id: string; session: Session; proposed?: boolean }) {
  const share = useAsync(() => api.shares.get(props.id), [props.id]);
  const [current, setCurrent] = useState<Share | null>(null);
  const s = current ?? share.data;
  if (!s) return share.error ? <ErrorMessage error={share.error} /> : <p role="status">{t('common.loading')}</p>;
  const owner = s.org_id === props.session.organisation.id;
  const lang = currentLang();
  return (
    <section aria-labelledby="share-title">
      <p><Link href="/shares">{t('sharing.back')}</Link></p>
      <h1 id="share-title">{owner ? t('sharing.share_to', { name: s.recipient_name ?? '' }) : t('sharing.share_from', { name: s.origin_name ?? '' })}</h1>
      {props.proposed && s.state === 'proposed' ? <p class="notice" role="status" id="share-proposed">{t('sharing.proposed_notice')}</p> : null}
      <dl class="facts wrap card" id="share-facts">
        <dt>{t('sharing.state')}</dt><dd id="share-state" class={`share-state ${s.state}`}>{stateText(s)}</dd>
        <dt>{owner ? t('sharing.recipient') : t('sharing.origin')}</dt>
        <dd><bdi>{owner ? s.recipient_name : s.origin_name}</bdi>{s.recipient_class && owner ? ` (${t(`sharing.classes.${s.recipient_class}`)})` : ''}</dd>
        <dt>{t('sharing.object')}</dt><dd>{t(`sharing.objects.${s.object.type}`)}</dd>
        <dt>{t('sharing.scope')}</dt><dd id="share-scope">{t(`sharing.scopes.${s.scope}`)}</dd>
        {s.purpose ? <><dt>{t('sharing.purpose')}</dt><dd><bdi>{s.purpose}</bdi></dd></> : null}
        {s.legal_basis ? <><dt>{t('sharing.legal_basis')}</dt><dd><bdi>{s.legal_basis}</bdi></dd></> : null}
        <dt>{t('sharing.expires')}</dt><dd id="share-expires">{formatDate(s.expires_at, lang, true)}</dd>
        {s.approved_at ? <><dt>{t('sharing.approved')}</dt><dd id="share-approved">{formatDate(s.approved_at, lang, true)}</dd></> : null}
        {s.revoked_at ? <><dt>{t('sharing.revoked')}</dt><dd id="share-revoked">{formatDate(s.revoked_at, lang, true)}</dd></> : null}
      </dl>
      {owner ? <OwnerView share={s} session={props.session} onChange={setCurrent} /> : <ReceivedItems share={s} session={props.session} />}
    </section>
  );
}

function OwnerView(props: { share: Share; session: Session; onChange: (s: Share) => void }) {
  const s = props.share;
  const [error, setError] = useState<unknown>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const [busy, setBusy] = useState(false);
  const act = async (what: 'approve' | 'revoke') => {
    setBusy(true);
    setError(null);
    try {
      props.onChange(await (what === 'approve' ? api.shares.approve(s.id) : api.shares.revoke(s.id)));
      setConfirmRevoke(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const selfRefused = approvalError(error);
  const refused = s.refused ?? [];
  return (
    <>
      <section class="card" aria-labelledby="items-h">
        <h2 id="items-h">{t('sharing.items_out')}</h2>
        <p class="hint">{t('sharing.gate_hint')}</p>
        {s.items.length === 0 ? <p id="items-none">{t('sharing.no_items')}</p> : (
          <div class="table-wrap"><table class="list" id="share-items">
            <caption class="sr-only">{t('sharing.items_out')}</caption>
            <thead><tr><th scope="col">{t('sharing.item')}</th><th scope="col">{t('sharing.kind')}</th><th scope="col">{t('sharing.identity')}</th></tr></thead>
            <tbody>{s.items.map((i) => (
              <tr><td><code>{i.id}</code></td><td>{t(`sharing.kinds.${i.kind}`, { defaultValue: i.kind })}</td>
                <td>{i.identity_disclosed === undefined ? '—' : i.identity_disclosed ? t('sharing.identity_yes') : t('sharing.identity_no')}</td></tr>
            ))}</tbody>
          </table></div>
        )}
        <h3 id="refused-h">{t('sharing.refused')}</h3>
        {refused.length === 0 ? <p id="refused-none">{t('sharing.none_refused')}</p> : (
          <div class="table-wrap"><table class="list" id="share-refused">
            <caption class="sr-only">{t('sharing.refused')}</caption>
            <thead><tr><th scope="col">{t('sharing.item')}</th><th scope="col">{t('sharing.kind')}</th><th scope="col">{t('sharing.reason')}</th></tr></thead>
            <tbody>{refused.map((i) => (
              <tr><td><code>{i.id}</code></td><td>{t(`sharing.kinds.${i.kind}`, { defaultValue: i.kind })}</td><td lang="en" dir="ltr">{i.reason}</td></tr>
            ))}</tbody>
          </table></div>
        )}
      </section>
      {s.state === 'proposed' && can.approveShare(props.session) ? (
        <section class="card" aria-labelledby="approve-h">
          <h2 id="approve-h">{t('sharing.approve_title')}</h2>
          <p class="hint">{t('sharing.approve_hint')}</p>
          <button type="button" id="share-approve" disabled={busy} onClick={() => act('approve')}>{t('sharing.approve')}</button>
        </section>
      ) : s.state === 'proposed' ? <p class="hint" id="awaiting-approval">{t('sharing.awaiting')}</p> : null}
      {selfRefused ? <p class="error" role="alert" id="share-error">{selfRefused}</p> : <ErrorMessage error={error} id="share-error" />}
      {s.state === 'active' && can.approveShare(props.session) ? (
        <section class="card" aria-labelledby="revoke-h">
          <h2 id="revoke-h">{t('sharing.revoke_title')}</h2>
          {!confirmRevoke ? <button type="button" class="secondary" id="share-revoke" onClick={() => setConfirmRevoke(true)}>{t('sharing.revoke')}</button> : (
            <div role="group" aria-labelledby="revoke-confirm-text">
              <p id="revoke-confirm-text">{t('sharing.revoke_confirm')}</p>
              <div class="actions">
                <button type="button" class="danger" id="share-revoke-confirm" disabled={busy} onClick={() => act('revoke')}>{t('sharing.revoke_yes')}</button>
                <button type="button" class="secondary" onClick={() => setConfirmRevoke(false)}>{t('common.cancel')}</button>
              </div>
            </div>
          )}
        </section>
      ) : null}
      {s.state !== 'proposed' && s.scope === 'contribute' ? <Contributions share={s} canWrite={false} /> : null}
      {s.state !== 'proposed' && can.overseeShares(props.session) ? <AccessLog share={s} /> : null}
    </>
  );
}
