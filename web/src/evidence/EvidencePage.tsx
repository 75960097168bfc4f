// One evidence item: what it is (media type, size, SHA-256, status, how it was obtained or
// derived), its file behind a purpose, its ledger proof, derivatives, and the chain of custody
// from this item up to the original.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { CustodyLink, Evidence, Session } from '../api/types';
import { countryName, currentLang, t } from '../i18n';
import { describeEdtf, intlLocale } from '../edtf/edtf';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { EvidenceContent } from './EvidenceContent';
import { Shred } from './Shred';
import { formatBytes } from './sha256';
import { FilePicker, UploadStatus } from './UploadParts';
import { useUpload } from './useUpload';

// Times in the reader's time zone, or in UTC when the form asked for UTC (capture times).
export const when = (iso?: string, timeZone?: string) => {
  if (!iso) return '';
  try {
    return new Intl.DateTimeFormat(intlLocale(currentLang()), { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(new Date(iso))
      + (timeZone ? ` ${timeZone}` : '');
  } catch { return iso; }
};

// The UI percent-encodes purposes that are not ASCII (HTTP header values); show them decoded.
function purposeText(p?: string): string {
  if (!p || !/%[0-9A-Fa-f]{2}/.test(p)) return p ?? '';
  try { return decodeURIComponent(p); } catch { return p; }
}

function Facts(props: { e: Evidence }) {
  const e = props.e;
  const a = e.acquisition;
  const lang = currentLang();
  return (
    <dl class="facts wrap" id="evidence-facts">
      <dt>{t('evidence.status')}</dt><dd id="evidence-status">{t(`evidence.statuses.${e.status}`)}</dd>
      <dt>{t('evidence.media_type')}</dt><dd id="evidence-media-type"><bdi>{e.media_type ?? t('evidence.unknown_type')}</bdi></dd>
      {e.size !== undefined ? <><dt>{t('evidence.size')}</dt><dd><bdi dir="ltr">{formatBytes(e.size, intlLocale(lang))}</bdi></dd></> : null}
      {e.sha256 ? <><dt>{t('evidence.sha256')}</dt><dd><code class="hash" dir="ltr" id="evidence-sha256">{e.sha256}</code></dd></> : null}
      {e.incident_id ? <><dt>{t('evidence.incident')}</dt><dd><Link href={`/incidents/${encodeURIComponent(e.incident_id)}`}><code dir="ltr">{e.incident_id}</code></Link></dd></> : null}
      {e.parent_id ? <><dt>{t('evidence.parent')}</dt><dd><Link href={`/evidence/${encodeURIComponent(e.parent_id)}`} id="evidence-parent"><code dir="ltr">{e.parent_id}</code></Link></dd></> : null}
      {e.derivation ? <>
        <dt>{t('evidence.derivation')}</dt>
        <dd id="evidence-derivation">{t(`evidence.derivation_kinds.${e.derivation.kind}`)} · <bdi>{e.derivation.tool} {e.derivation.tool_version}</bdi></dd>
      </> : null}
      {a && a.method !== 'derived' ? <><dt>{t('evidence.method')}</dt><dd>{t(`evidence.methods.${a.method}`)}</dd></> : null}
      {a?.acquired_at ? <><dt>{t('evidence.acquired_at')}</dt><dd>{describeEdtf(a.acquired_at, t, lang)}</dd></> : null}
      {a?.country ? <><dt>{t('evidence.country')}</dt><dd>{countryName(a.country)}</dd></> : null}
      {a?.device ? <><dt>{t('evidence.device')}</dt><dd><bdi>{a.device}</bdi></dd></> : null}
      {a?.url ? <><dt>{t('evidence.url')}</dt><dd><code dir="ltr" class="url">{a.url}</code></dd></> : null}
      {a?.captured_at ? <><dt>{t('evidence.captured_at')}</dt><dd>{when(a.captured_at, 'UTC')}</dd></> : null}
      <dt>{t('evidence.created')}</dt><dd>{when(e.created_at)}</dd>
      {e.stored_at ? <><dt>{t('evidence.stored_at')}</dt><dd>{when(e.stored_at)}</dd></> : null}
      {e.ingest_leaf !== undefined ? <><dt>{t('evidence.ledger_leaf')}</dt><dd><bdi dir="ltr">#{e.ingest_leaf}</bdi></dd></> : null}
    </dl>
  );
}

function CustodyTable(props: { link: CustodyLink; index: number; session: Session }) {
  const l = props.link;
  const hid = `custody-${props.index}`;
  return (
    <div class="custody-link">
      <h3 id={hid}>{props.index === 0 ? t('evidence.custody_this') : t('evidence.custody_parent', { id: l.item_id })}</h3>
      {l.sha256 ? <p class="hint"><span>{t('evidence.sha256')}</span> <code class="hash" dir="ltr">{l.sha256}</code></p> : null}
      <div class="table-wrap">
        <table class="list custody" id={`custody-table-${props.index}`}>
          <caption class="sr-only">{t('evidence.custody_caption', { id: l.item_id })}</caption>
          <thead><tr>
            <th scope="col">{t('evidence.at')}</th><th scope="col">{t('evidence.event')}</th><th scope="col">{t('evidence.actor')}</th>
            <th scope="col">{t('evidence.purpose')}</th><th scope="col">{t('evidence.leaf')}</th>
          </tr></thead>
          <tbody>{l.events.map((e) => (
            <tr data-event={e.event}>
              <td>{when(e.at)}</td>
              <td>{t(`evidence.events.${e.event}`)}{e.event === 'derived' && typeof e.details?.child_id === 'string'
                ? <> → <Link href={`/evidence/${encodeURIComponent(e.details.child_id)}`}><code dir="ltr">{e.details.child_id}</code></Link></> : null}</td>
              <td>{e.actor_id === props.session.user.id ? t('evidence.you') : <code dir="ltr">{e.actor_id}</code>}</td>
              <td><bdi>{purposeText(e.purpose)}</bdi></td>
              <td>{e.leaf_index !== undefined ? <bdi dir="ltr">#{e.leaf_index}</bdi> : ''}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
    </div>
  );
}

function Custody(props: { id: string; session: Session; tick: number }) {
  const state = useAsync(() => api.evidence.custody(props.id), [props.id, props.tick]);
  if (state.error) return <ErrorMessage error={state.error} />;
  if (!state.data) return <p role="status">{t('common.loading')}</p>;
  return <>{state.data.chain.map((l, i) => <CustodyTable link={l} index={i} session={props.session} />)}</>;
}

function save(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function Proof(props: { id: string }) {
  const [proof, setProof] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <div>
      <p class="hint">{t('evidence.proof_hint')}</p>
      <button type="button" class="secondary" id="evidence-proof" onClick={async () => {
        setError(null);
        try {
          const text = await api.evidence.proof(props.id);
          save(`${props.id}.tlog-proof.txt`, text, 'text/plain');
          setProof(text);
        } catch (e) { setError(e); }
      }}>{t('evidence.proof_download')}</button>
      <ErrorMessage error={error} />
      {proof ? <>
        <p role="status" id="evidence-proof-saved">{t('evidence.proof_saved', { lines: proof.trimEnd().split('\n').length })}</p>
        <pre dir="ltr" id="evidence-proof-text" tabIndex={0}>{proof}</pre>
      </> : null}
    </div>
  );
}

function SendContent(props: { item: Evidence; onStored: () => void }) {
  const u = useUpload(props.item);
  return (
    <form id="evidence-send" onSubmit={async (e) => { e.preventDefault(); await u.send(); }} noValidate>
      <p>{t('evidence.awaiting_upload')}</p>
      <FilePicker id="s" u={u} />
      <UploadStatus id="s" u={u} onRetry={() => void u.send()} />
      <div class="actions">
        {u.phase === 'stored' ? <button type="button" onClick={props.onStored} id="evidence-send-done">{t('evidence.open_item')}</button>
          : <button type="submit" id="evidence-send-submit" disabled={u.busy || !u.sha256}>{t('evidence.submit')}</button>}
      </div>
    </form>
  );
}

export function EvidencePage(props: { id: string; session: Session }) {
  const s = props.session;
  const state = useAsync(() => api.evidence.get(props.id), [props.id]);
  const [tick, setTick] = useState(0);
  if (!can.readEvidence(s)) return <p>{t('evidence.restricted')}</p>;
  if (state.error) return <ErrorMessage error={state.error} />;
  if (!state.data) return <p role="status">{t('common.loading')}</p>;
  const e = state.data;
  const writer = can.write(s, 'evidence');
  return (
    <article aria-labelledby="evidence-title" class="evidence">
      <div class="page-head">
        <h1 id="evidence-title">{t('evidence.page_title')} <code dir="ltr" class="item-id">{e.id}</code></h1>
      </div>
      <Facts e={e} />
      <section aria-labelledby="evidence-content-h" class="protected">
        <h2 id="evidence-content-h">{t('evidence.content')}</h2>
        {e.status === 'awaiting_content' ? (writer ? <SendContent item={e} onStored={state.reload} /> : <p>{t('evidence.errors.not_uploaded')}</p>)
          : e.status === 'shredded' ? <p>{t('evidence.erased_note')}</p>
          : can.readEvidenceContent(s) ? <EvidenceContent item={e} onOpened={() => setTick((n) => n + 1)} />
          : <p class="hint" id="evidence-content-restricted">{t('evidence.no_content_read')}</p>}
        {writer && e.status === 'stored' ? <div class="shred"><Shred id={e.id} onDone={state.reload} /></div> : null}
      </section>
      {e.ingest_leaf !== undefined ? (
        <section aria-labelledby="evidence-proof-h">
          <h2 id="evidence-proof-h">{t('evidence.proof')}</h2>
          <Proof id={e.id} />
        </section>
      ) : null}
      {writer && e.status === 'stored' ? (
        <section aria-labelledby="evidence-derivatives-h">
          <h2 id="evidence-derivatives-h">{t('evidence.derivatives')}</h2>
          <p class="hint">{t('evidence.derivative_hint')}</p>
          <Link href={`/evidence/${encodeURIComponent(e.id)}/derivatives/new`} class="button" id="evidence-derivative-new">{t('evidence.derivative_new')}</Link>
        </section>
      ) : null}
      <section aria-labelledby="evidence-custody-h">
        <h2 id="evidence-custody-h">{t('evidence.custody')}</h2>
        <Custody id={e.id} session={s} tick={tick} />
      </section>
    </article>
  );
}
