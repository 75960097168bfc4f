import { useState } from 'preact/hooks';
import { t } from '../i18n';

// Protected content (identity, narrative) is shown only after the user says why they need it.
// The purpose is sent as X-Purpose and recorded by the server in the audit trail.
export function PurposeGate(props: { id: string; buttonLabel: string; onConfirm: (purpose: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open) {
    return <button type="button" class="secondary" id={`${props.id}-open`} onClick={() => setOpen(true)}>{props.buttonLabel}</button>;
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!purpose.trim()) return;
    setBusy(true);
    try { await props.onConfirm(purpose.trim()); setOpen(false); setPurpose(''); } finally { setBusy(false); }
  };
  return (
    <form class="purpose" onSubmit={submit} aria-labelledby={`${props.id}-title`}>
      <p id={`${props.id}-title`} class="purpose-title">{t('purpose.title')}</p>
      <p class="hint" id={`${props.id}-hint`}>{t('purpose.hint')}</p>
      <label for={`${props.id}-purpose`}>{t('purpose.label')}</label>
      <input id={`${props.id}-purpose`} value={purpose} required maxLength={200} autoFocus
        aria-describedby={`${props.id}-hint`} onInput={(e) => setPurpose((e.target as HTMLInputElement).value)} />
      <div class="actions">
        <button type="submit" disabled={busy || !purpose.trim()}>{t('purpose.confirm')}</button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
