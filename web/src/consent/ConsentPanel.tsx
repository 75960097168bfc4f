// The consent panel of the person page: the consent that counts now, its history (append-only
// versions), recording a new version, withdrawing (with a clear confirmation) and erasing the
// identity (crypto-shredding, with a confirmation). The server decides; this panel explains.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Consent, Session } from '../api/types';
import { currentLang, languageName, t } from '../i18n';
import { intlLocale } from '../edtf/edtf';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useFocusOnMount } from '../components/useFocusOnMount';
import { can } from '../state/session';
import { ConsentForm, FLAGS } from './ConsentForm';

const when = (iso: string) => {
  try { return new Intl.DateTimeFormat(intlLocale(currentLang()), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)); } catch { return iso; }
};

function Scopes(props: { c: Consent }) {
  const s = props.c.scopes;
  const yesNo = (v?: boolean) => (v ? t('common.yes') : t('common.no'));
  return (
    <dl class="facts wrap" id="consent-scopes">
      <dt>{t('consent.given_how')}</dt><dd>{t(`consent.given.${props.c.given_how}`)}</dd>
      {props.c.given_how === 'guardian' ? <><dt>{t('consent.child_assent')}</dt><dd>{yesNo(props.c.child_assent)}</dd></> : null}
      <dt>{t('consent.information_sheet')}</dt><dd><bdi>{props.c.information_sheet_version}</bdi></dd>
      <dt>{t('consent.language')}</dt><dd>{languageName(props.c.language)}</dd>
      {props.c.interpreter ? <><dt>{t('consent.interpreter')}</dt><dd><bdi>{props.c.interpreter}</bdi></dd></> : null}
      {FLAGS.map((k) => <><dt>{t(`consent.scope.${k}`)}</dt><dd id={`consent-${k}`}>{yesNo(s[k])}</dd></>)}
      <dt>{t('consent.sharing')}</dt>
      <dd id="consent-sharing">{s.sharing?.length ? s.sharing.map((r) => t(`consent.recipients.${r}`)).join(', ') : t('consent.sharing_none')}</dd>
      <dt>{t('consent.identity_level')}</dt><dd>{t(`consent.levels.${s.identity_level ?? 'none'}`)}</dd>
    </dl>
  );
}

function History(props: { items: Consent[] }) {
  return (
    <div class="table-wrap">
      <table class="list" id="consent-history">
        <caption class="sr-only">{t('consent.history_caption')}</caption>
        <thead><tr>
          <th scope="col">{t('consent.version')}</th><th scope="col">{t('consent.recorded_at')}</th><th scope="col">{t('consent.what')}</th>
          <th scope="col">{t('consent.information_sheet')}</th><th scope="col">{t('consent.fingerprint')}</th>
        </tr></thead>
        <tbody>{[...props.items].reverse().map((c) => (
          <tr class={c.withdrawn ? 'withdrawn' : ''}>
            <td>{c.version}</td><td>{when(c.recorded_at)}</td>
            <td>{c.withdrawn ? t('consent.kind_withdrawal') : t('consent.kind_consent', { how: t(`consent.given.${c.given_how}`) })}</td>
            <td><bdi>{c.withdrawn ? '' : c.information_sheet_version}</bdi></td>
            <td><code class="hash" dir="ltr" title={c.sha256}>{c.sha256.slice(0, 12)}…</code></td>
          </tr>
        ))}</tbody>
      </table>
    </div>
  );
}

// A two-step action: the button opens a confirmation that says what will happen.
function Confirm(props: { id: string; title: string; body: string; confirm: string; onConfirm: () => Promise<void>; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div class="confirm" role="alertdialog" id={props.id} aria-labelledby={`${props.id}-title`} aria-describedby={`${props.id}-body`} tabIndex={-1} ref={ref}>
      <p class="confirm-title" id={`${props.id}-title`}>{props.title}</p>
      <p id={`${props.id}-body`}>{props.body}</p>
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="button" class="danger" id={`${props.id}-yes`} disabled={busy} onClick={async () => {
          setBusy(true); setError(null);
          try { await props.onConfirm(); } catch (e) { setError(e); setBusy(false); }
        }}>{props.confirm}</button>
        <button type="button" class="secondary" id={`${props.id}-no`} onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}

type Mode = 'view' | 'record' | 'withdraw' | 'erase';

export function ConsentPanel(props: { personId: string; hasIdentity: boolean; session: Session; onChanged: (notice: string) => void }) {
  const state = useAsync(() => api.consents.history(props.personId), [props.personId]);
  const [mode, setMode] = useState<Mode>('view');
  const writer = can.write(props.session, 'person');
  if (state.error) return <ErrorMessage error={state.error} />;
  if (!state.data) return <p role="status">{t('common.loading')}</p>;
  const items = state.data.items;
  const latest = items.at(-1);
  return (
    <div id="consent-panel">
      {!latest ? <p id="consent-current">{t('consent.none')}</p>
        : latest.withdrawn ? <p class="notice withdrawn" id="consent-current">{t('consent.withdrawn_note', { date: when(latest.recorded_at) })}</p>
        : <>
          <p id="consent-current">{t('consent.current', { version: latest.version, date: when(latest.recorded_at) })}</p>
          <Scopes c={latest} />
        </>}
      {writer && mode === 'view' ? (
        <div class="actions">
          <button type="button" id="consent-record" onClick={() => setMode('record')}>{t('consent.record')}</button>
          {latest && !latest.withdrawn ? <button type="button" class="secondary danger-text" id="consent-withdraw" onClick={() => setMode('withdraw')}>{t('consent.withdraw')}</button> : null}
          {props.hasIdentity ? <button type="button" class="secondary danger-text" id="identity-erase" onClick={() => setMode('erase')}>{t('consent.erase')}</button> : null}
        </div>
      ) : null}
      {mode === 'record' ? (
        <ConsentForm personId={props.personId} latest={latest} onCancel={() => setMode('view')}
          onSaved={(c) => { setMode('view'); props.onChanged(t('consent.recorded', { version: c.version })); }} />
      ) : null}
      {mode === 'withdraw' ? (
        <Confirm id="withdraw-confirm" title={t('consent.withdraw_title')} body={t('consent.withdraw_body')} confirm={t('consent.withdraw_confirm')}
          onCancel={() => setMode('view')}
          onConfirm={async () => { const c = await api.consents.withdraw(props.personId); setMode('view'); props.onChanged(t('consent.withdrawn', { version: c.version })); }} />
      ) : null}
      {mode === 'erase' ? (
        <Confirm id="erase-confirm" title={t('consent.erase_title')} body={t('consent.erase_body')} confirm={t('consent.erase_confirm')}
          onCancel={() => setMode('view')}
          onConfirm={async () => { await api.consents.eraseIdentity(props.personId); setMode('view'); props.onChanged(t('consent.erased')); }} />
      ) : null}
      {items.length ? <>
        <h3 id="consent-history-h">{t('consent.history')}</h3>
        <History items={items} />
      </> : null}
    </div>
  );
}
