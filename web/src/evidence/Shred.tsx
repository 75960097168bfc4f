// Erasing an evidence file (crypto-shredding): a reason is required (sent as X-Purpose, kept in
// the chain of custody) and a second, explicit confirmation.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { useFocusOnMount } from '../components/useFocusOnMount';

function ShredForm(props: { id: string; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ref = useFocusOnMount<HTMLFormElement>();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return;
    setBusy(true); setError(null);
    try { await api.evidence.shred(props.id, reason.trim()); props.onDone(); } catch (err) { setError(err); setBusy(false); }
  };
  return (
    <form class="confirm" id="shred-confirm" onSubmit={submit} aria-labelledby="shred-confirm-title" tabIndex={-1} ref={ref}>
      <p class="confirm-title" id="shred-confirm-title">{t('evidence.shred_title')}</p>
      <p id="shred-confirm-body">{t('evidence.shred_hint')}</p>
      <div class="field">
        <label for="shred-reason">{t('evidence.shred_reason')}<span aria-hidden="true"> *</span></label>
        <input id="shred-reason" value={reason} required maxLength={200} dir="auto" aria-describedby="shred-confirm-body"
          onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      </div>
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="submit" class="danger" id="shred-confirm-yes" disabled={busy || !reason.trim()}>{t('evidence.shred_confirm')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

export function Shred(props: { id: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  if (open) return <ShredForm id={props.id} onDone={props.onDone} onCancel={() => setOpen(false)} />;
  return <button type="button" class="secondary danger-text" id="evidence-shred" onClick={() => setOpen(true)}>{t('evidence.shred')}</button>;
}
