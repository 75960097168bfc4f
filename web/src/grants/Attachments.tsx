import { useState } from 'preact/hooks';
import { ApiError, api, putRaw } from '../api/client';
import type { GrantAttachment } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage, errorText } from '../components/ErrorMessage';
import { PurposeGate } from '../components/PurposeGate';
import { useAsync } from '../components/useAsync';
import { formatBytes, sha256OfFile } from '../evidence/sha256';
import { formatDate } from './money';

// The files of an application (statutes, work plan, budget annex). They go to the vault, not the
// ledger: write-once, at most 25 MiB (or the server's limit), the name sealed. The applicant
// uploads while the application may be edited; the officer and cleared reviewers read them, each
// read with a purpose (audited). Refusals are the server's: they are named, never guessed.
export function Attachments(props: { applicationId: string; canUpload: boolean; applicant: boolean }) {
  const [tick, setTick] = useState(0);
  const list = useAsync(() => api.grants.attachments(props.applicationId), [props.applicationId, tick]);
  const lang = currentLang();
  return (
    <section class="card" aria-labelledby="attachments-h" id="attachments">
      <h2 id="attachments-h">{t('attachments.title')}</h2>
      <p class="hint">{t('attachments.hint')}</p>
      <ErrorMessage error={list.error} id="attachments-error" />
      {list.data ? (list.data.items.length ? (
        <div class="table-wrap"><table class="list" id="attachment-table">
          <caption class="sr-only">{t('attachments.title')}</caption>
          <thead><tr><th scope="col">{t('attachments.name')}</th><th scope="col">{t('attachments.type')}</th><th scope="col">{t('attachments.size')}</th>
            <th scope="col">SHA-256</th><th scope="col">{t('attachments.uploaded')}</th><th scope="col"><span class="sr-only">{t('attachments.open')}</span></th></tr></thead>
          <tbody>{list.data.items.map((a) => (
            <tr data-attachment={a.id}>
              <td>{a.name ? <bdi>{a.name}</bdi> : <span class="hint">{t('attachments.name_sealed')}</span>}</td>
              <td><code>{a.media_type}</code></td>
              <td>{formatBytes(a.size, lang)}</td>
              <td><code class="hash" dir="ltr">{a.sha256}</code></td>
              <td>{formatDate(a.uploaded_at, lang, true)}</td>
              <td><OpenAttachment applicationId={props.applicationId} attachment={a} /></td>
            </tr>
          ))}</tbody>
        </table></div>
      ) : <p id="attachments-none">{t('attachments.none')}</p>) : list.loading ? <p role="status">{t('common.loading')}</p> : null}
      {props.canUpload ? <UploadForm applicationId={props.applicationId} onDone={() => setTick((n) => n + 1)} />
        : props.applicant ? <p class="hint" id="attachments-closed">{t('attachments.closed')}</p> : null}
    </section>
  );
}

// Why the server refused an upload, in words first, then its own detail.
function refusal(err: unknown): string {
  if (err instanceof ApiError) {
    const why = err.status === 409 ? t('attachments.refused_conflict') : err.status === 413 ? t('attachments.refused_large')
      : err.status === 400 && err.field === 'name' ? t('attachments.refused_name') : '';
    if (why) return err.problem.detail ? `${why} (${err.problem.detail})` : why;
  }
  return errorText(err);
}

function UploadForm(props: { applicationId: string; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [sent, setSent] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [stored, setStored] = useState<{ att: GrantAttachment; same: boolean } | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true); setError(null); setStored(null); setSent(0);
    try {
      // The name is sent as typed: the server refuses a name it would have to change.
      const [local, att] = await Promise.all([sha256OfFile(file),
        putRaw<GrantAttachment>(api.grants.attachmentUrl(props.applicationId, name), file, (n) => setSent(n))]);
      setStored({ att, same: local === att.sha256 });
      setFile(null); setName('');
      setInputKey((n) => n + 1); // a fresh, empty file input
      props.onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form id="attachment-form" onSubmit={submit} aria-labelledby="attachment-form-h">
      <h3 id="attachment-form-h">{t('attachments.add')}</h3>
      <div class="field">
        <label for="at-file">{t('attachments.file')}</label>
        <input id="at-file" key={inputKey} type="file" required onChange={(e) => {
          const f = (e.target as HTMLInputElement).files?.[0] ?? null;
          setFile(f); setName(f?.name ?? ''); setError(null); setStored(null);
        }} />
      </div>
      <div class="field">
        <label for="at-name">{t('attachments.name')}</label>
        <p class="hint" id="at-name-hint">{t('attachments.name_hint')}</p>
        <input id="at-name" value={name} required maxLength={200} dir="auto" aria-describedby="at-name-hint"
          onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </div>
      {busy && file ? <p role="status" class="progress-line">{t('attachments.sending')} <progress max={file.size || 1} value={sent} aria-label={t('attachments.sending')} /></p> : null}
      {error ? <p class="error" role="alert" id="attachment-refused">{refusal(error)}</p> : null}
      {stored ? <p class={`notice ${stored.same ? 'success' : 'withdrawn'}`} role="status" id="attachment-stored">
        {t(stored.same ? 'attachments.stored_same' : 'attachments.stored_differs')} <code class="hash" dir="ltr">{stored.att.sha256}</code></p> : null}
      <div class="actions"><button type="submit" id="attachment-save" disabled={busy || !file || !name.trim()}>{t('attachments.upload')}</button></div>
    </form>
  );
}

// Opening a file: a purpose first (audited), then the bytes are re-hashed here against the
// SHA-256 recorded at upload before they are offered to save.
function OpenAttachment(props: { applicationId: string; attachment: GrantAttachment }) {
  const a = props.attachment;
  const [url, setUrl] = useState('');
  const [same, setSame] = useState(true);
  const [error, setError] = useState<unknown>(null);
  if (url) {
    return (
      <span id={`attachment-opened-${a.id}`}>
        {same ? <span class="hint">{t('attachments.verified')} </span> : <span class="error" role="alert">{t('attachments.differs')} </span>}
        <a href={url} download={a.name ?? a.id} id={`attachment-save-${a.id}`}>{t('attachments.save')}</a>
      </span>
    );
  }
  return (
    <>
      <PurposeGate id={`attachment-${a.id}`} buttonLabel={t('attachments.open')} onConfirm={async (purpose) => {
        setError(null);
        try {
          const c = await api.grants.attachmentContent(props.applicationId, a.id, purpose);
          setSame((await sha256OfFile(c.blob)) === a.sha256);
          setUrl(URL.createObjectURL(c.blob));
        } catch (e) { setError(e); }
      }} />
      <ErrorMessage error={error} />
    </>
  );
}
