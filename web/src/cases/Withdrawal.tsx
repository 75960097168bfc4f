import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { MatrixLink } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDate } from '../grants/money';

// Withdrawing an assessment is append-only: the link stops counting toward coverage but stays
// on record with the reason, who and when. The reason is stored in clear (like a case title), so
// the form says to name no one; a second, explicit step confirms it.
export function WithdrawAssessment(props: { link: MatrixLink; onDone: () => void }) {
  const id = props.link.assessment_id;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!open) {
    return <button type="button" class="link" id={`withdraw-${id}`} onClick={() => setOpen(true)}>{t('withdrawal.open')}</button>;
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.cases.withdrawAssessment(id, reason.trim());
      setOpen(false);
      props.onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form class="confirm" id={`withdraw-form-${id}`} onSubmit={submit} aria-labelledby={`withdraw-title-${id}`}>
      <p class="confirm-title" id={`withdraw-title-${id}`}>{t('withdrawal.title')}</p>
      <p class="hint" id={`withdraw-hint-${id}`}>{t('withdrawal.hint')}</p>
      <label for={`withdraw-reason-${id}`}>{t('withdrawal.reason')}</label>
      <input id={`withdraw-reason-${id}`} value={reason} required maxLength={1000} aria-describedby={`withdraw-hint-${id}`}
        onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      <ErrorMessage error={error} id={`withdraw-error-${id}`} />
      <div class="actions">
        <button type="submit" class="danger" id={`withdraw-confirm-${id}`} disabled={busy || !reason.trim()}>{t('withdrawal.confirm')}</button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

// "Withdrawn" with the reason and date, for a link that no longer counts.
export function WithdrawnNote(props: { link: MatrixLink }) {
  const w = props.link.withdrawal;
  if (!props.link.withdrawn || !w) return null;
  return (
    <span class="withdrawn" data-withdrawn={props.link.assessment_id}>
      {' '}{t('withdrawal.withdrawn_on', { date: formatDate(w.withdrawn_at, currentLang()) })}: <bdi>{w.reason}</bdi>
    </span>
  );
}

// The row's withdrawn supporting and context links: history, not coverage.
export function WithdrawnHistory(props: { links?: MatrixLink[]; elementId: string }) {
  if (!props.links?.length) return null;
  return (
    <details class="history withdrawn-history" data-element={props.elementId}>
      <summary>{t('withdrawal.history', { n: props.links.length })}</summary>
      <ul>{props.links.map((l) => (
        <li>{t(`matrix.kinds.${l.item_kind}`)} <code class="item-id">{l.item_id}</code> ({t(`assessment.relations.${l.relation}`, { defaultValue: l.relation })})
          <WithdrawnNote link={l} /></li>
      ))}</ul>
    </details>
  );
}
