// Opening an evidence file: only after a purpose is given (X-Purpose; the server records an
// "accessed" custody event and an audit entry). The bytes stay in this component's memory; the
// browser re-checks their SHA-256 against the registered one. Images are blurred until asked.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Evidence, EvidenceContent as Content } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { PurposeGate } from '../components/PurposeGate';
import { useFocusOnMount } from '../components/useFocusOnMount';
import { sha256OfFile } from './sha256';

const PREVIEW_LIMIT = 20 * 1000 * 1000;

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

function Opened(props: { item: Evidence; content: Content; onClose: () => void }) {
  const ref = useFocusOnMount<HTMLDivElement>();
  const c = props.content;
  const [url, setUrl] = useState('');
  const [check, setCheck] = useState<'pending' | 'ok' | 'bad'>('pending');
  const [preview, setPreview] = useState('');
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    const u = URL.createObjectURL(c.blob);
    setUrl(u);
    let live = true;
    void sha256OfFile(c.blob).then((hex) => { if (live) setCheck(hex === props.item.sha256 ? 'ok' : 'bad'); });
    // The page's CSP allows data: images only; a preview is for images of a reasonable size.
    if (c.mediaType.startsWith('image/') && c.blob.size <= PREVIEW_LIMIT) {
      void dataUrl(c.blob).then((d) => { if (live) setPreview(d); }, () => undefined);
    }
    return () => { live = false; URL.revokeObjectURL(u); };
  }, [c]);
  const name = c.fileName || `${props.item.id}`;
  return (
    <div class="evidence-open" id="evidence-opened" tabIndex={-1} ref={ref}>
      <p class="hint">{t('evidence.opened_note')}</p>
      {check === 'ok' ? <p class="ok" id="evidence-content-check">{t('evidence.check_ok')}</p>
        : check === 'bad' ? <p class="error" role="alert" id="evidence-content-check">{t('evidence.check_bad')}</p> : null}
      {preview ? (
        <figure class="preview">
          <img src={preview} alt={name} class={revealed ? '' : 'blurred'} id="evidence-preview" />
          <figcaption>
            {revealed ? null : <span class="hint">{t('evidence.preview_hidden')} </span>}
            <button type="button" class="secondary" id="evidence-preview-toggle" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
              {revealed ? t('evidence.hide_image') : t('evidence.show_image')}
            </button>
          </figcaption>
        </figure>
      ) : null}
      <div class="actions">
        {url ? <a href={url} download={name} class="button" id="evidence-save">{t('evidence.save_file')} (<bdi>{name}</bdi>)</a> : null}
        <button type="button" class="secondary" id="evidence-close" onClick={props.onClose}>{t('evidence.close')}</button>
      </div>
    </div>
  );
}

export function EvidenceContent(props: { item: Evidence; onOpened: () => void }) {
  const [content, setContent] = useState<Content | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (content) return <Opened item={props.item} content={content} onClose={() => setContent(null)} />;
  return (
    <div>
      <PurposeGate id="evidence-content" buttonLabel={t('evidence.open')} onConfirm={async (purpose) => {
        setError(null);
        try { setContent(await api.evidence.content(props.item.id, purpose)); props.onOpened(); } catch (e) { setError(e); }
      }} />
      <ErrorMessage error={error} id="evidence-content-error" />
    </div>
  );
}
