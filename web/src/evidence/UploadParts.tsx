// Parts shared by the evidence upload forms: the file picker with its fingerprint, and the
// sending progress with the server's answer.
import { currentLang, t } from '../i18n';
import { intlLocale } from '../edtf/edtf';
import { Link } from '../components/Link';
import { formatBytes } from './sha256';
import { percent, uploadErrorText, type Upload } from './useUpload';

export function FilePicker(props: { id: string; u: Upload }) {
  const u = props.u;
  const id = props.id;
  return (
    <div class="field file-field">
      <label for={`${id}-file`}>{t('evidence.file')}<span aria-hidden="true"> *</span></label>
      <p class="hint" id={`${id}-file-hint`}>{t('evidence.file_hint')}</p>
      <input type="file" id={`${id}-file`} required aria-describedby={`${id}-file-hint`} disabled={u.phase === 'registering' || u.phase === 'uploading'}
        onChange={(e) => u.pick((e.target as HTMLInputElement).files?.[0] ?? null)} />
      {u.file ? <p class="hint" id={`${id}-file-size`}><bdi>{u.file.name}</bdi> · {formatBytes(u.file.size, intlLocale(currentLang()))}</p> : null}
      {u.phase === 'hashing' ? (
        <p role="status" class="progress-line">
          <span>{t('evidence.hashing', { percent: percent(u.hashed, u.file?.size ?? 0) })}</span>
          <progress id={`${id}-hash-progress`} max={u.file?.size || 1} value={u.hashed} aria-label={t('evidence.hash_progress')} />
        </p>
      ) : null}
      {u.sha256 ? (
        <p class="fingerprint"><span>{t('evidence.fingerprint')}</span>
          <code id={`${id}-sha256`} class="hash" dir="ltr">{u.sha256}</code></p>
      ) : null}
    </div>
  );
}

export function UploadStatus(props: { id: string; u: Upload; onRetry: () => void }) {
  const u = props.u;
  const id = props.id;
  const total = u.file?.size ?? 0;
  return (
    <div aria-live="polite" id={`${id}-status`}>
      {u.phase === 'registering' ? <p role="status">{t('evidence.registering')}</p> : null}
      {u.phase === 'uploading' ? (
        <p class="progress-line" role="status">
          <span>{t('evidence.uploading', { percent: percent(u.sent, total) })}</span>
          <progress id={`${id}-upload-progress`} max={total || 1} value={u.sent} aria-label={t('evidence.upload_progress')} />
        </p>
      ) : null}
      {u.phase === 'stored' && u.item ? (
        <div class="notice success" role="status" id={`${id}-stored`}>
          <p>{t('evidence.stored')}</p>
          <p><span>{t('evidence.sha256')}</span> <code class="hash" dir="ltr" id={`${id}-stored-sha256`}>{u.item.sha256}</code></p>
          <Link href={`/evidence/${encodeURIComponent(u.item.id)}`} id={`${id}-open-item`}>{t('evidence.open_item')}</Link>
        </div>
      ) : null}
      {u.phase === 'failed' ? (
        <div class="conflict" role="alert" id={`${id}-error`}>
          <p>{uploadErrorText(u.error)}</p>
          {u.item && u.item.status === 'awaiting_content' ? <>
            <p>{t('evidence.errors.not_uploaded')}</p>
            <div class="actions">
              <button type="button" id={`${id}-retry`} onClick={props.onRetry}>{t('evidence.retry')}</button>
              <Link href={`/evidence/${encodeURIComponent(u.item.id)}`} id={`${id}-open-item`}>{t('evidence.open_item')}</Link>
            </div>
          </> : null}
        </div>
      ) : null}
    </div>
  );
}
