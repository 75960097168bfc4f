import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { SharingAgreement, SharingAgreementInput } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { SignedCopyFields, documentBody, documentOf } from './SignedCopy';

// The changes the register offers an administrator or legal officer of a party, each behind a
// second step that says what it does (docs/SHARING.md "Agreements"): suspending or terminating
// revokes the shares made under the agreement at once and asks their recipients to return what
// they received; reinstating puts it back in force without restoring those shares; termination
// is final. Each change carries the version the register showed (If-Match), so a change made
// by someone else meanwhile is refused (412) rather than overwritten.
type Change = 'suspend' | 'reinstate' | 'terminate';
const TARGET: Record<Change, SharingAgreementInput['status']> = { suspend: 'suspended', reinstate: 'in_force', terminate: 'terminated' };

export function changesFor(a: SharingAgreement): Change[] {
  if (a.status === 'terminated') return [];
  if (a.status === 'suspended') return ['reinstate', 'terminate'];
  if (a.status === 'in_force') return ['suspend', 'terminate'];
  return ['terminate'];
}

const etagOf = (a: SharingAgreement) => `"${a.version ?? 1}"`;

export function AgreementActions(props: { agreement: SharingAgreement; own: string; onDone: (notice: string) => void; onReload: () => void }) {
  const a = props.agreement;
  const [open, setOpen] = useState<Change | 'copy' | null>(null);
  if (open === 'copy') return <SignedCopyEdit agreement={a} own={props.own} onCancel={() => setOpen(null)} onReload={props.onReload} onDone={() => props.onDone(t('agreements.copy_saved'))} />;
  if (open) return <ConfirmChange agreement={a} change={open} onCancel={() => setOpen(null)} onReload={props.onReload} onDone={props.onDone} />;
  const changes = changesFor(a);
  if (!changes.length) return null;
  return (
    <div class="row-actions">
      {changes.map((c) => (
        <button type="button" class={c === 'reinstate' ? '' : 'secondary'} id={`${c}-${a.id}`} aria-describedby={`agr-name-${a.id}`} onClick={() => setOpen(c)}>{t(`agreements.${c}`)}</button>
      ))}
      <button type="button" class="secondary" id={`signed-copy-${a.id}`} aria-describedby={`agr-name-${a.id}`} onClick={() => setOpen('copy')}>{t('agreements.edit_copy')}</button>
    </div>
  );
}

// What went wrong with a change, in the register's words: stale (412) with a reload, final (409),
// or the server's problem.
function ChangeError(props: { error: unknown; id: string; onReload: () => void }) {
  const e = props.error;
  if (e instanceof ApiError && e.status === 412) {
    return (
      <div class="notice withdrawn" role="alert" id={`${props.id}-stale`}>
        <p>{t('agreements.stale')}</p>
        <button type="button" class="secondary" id={`${props.id}-reload`} onClick={props.onReload}>{t('agreements.reload')}</button>
      </div>
    );
  }
  if (e instanceof ApiError && e.status === 409) return <p class="error" role="alert" id={`${props.id}-conflict`}>{t('agreements.final')}</p>;
  return <ErrorMessage error={e} id={props.id} />;
}

function ConfirmChange(props: { agreement: SharingAgreement; change: Change; onCancel: () => void; onDone: (notice: string) => void; onReload: () => void }) {
  const { agreement: a, change } = props;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setError(null);
    setBusy(true);
    try {
      await api.shares.updateAgreement(a.id, { status: TARGET[change] }, etagOf(a));
      props.onDone(t(`agreements.${change}_done`));
    } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return (
    <div class="confirm" role="group" aria-labelledby={`${change}-q-${a.id}`}>
      <p id={`${change}-q-${a.id}`}>{t(`agreements.${change}_confirm`)}</p>
      <ChangeError error={error} id={`${change}-error-${a.id}`} onReload={props.onReload} />
      <div class="actions">
        <button type="button" class={change === 'reinstate' ? '' : 'danger'} id={`${change}-yes-${a.id}`} disabled={busy} onClick={confirm}>{t(`agreements.${change}`)}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}

// Replaces the signed document: a vault item instead of a reference, or another item.
function SignedCopyEdit(props: { agreement: SharingAgreement; own: string; onCancel: () => void; onDone: () => void; onReload: () => void }) {
  const a = props.agreement;
  const [doc, setDoc] = useState(documentOf(a.document));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const missing = doc.kind === 'evidence' && !doc.evidence_id;
  const fieldError = error instanceof ApiError && error.field?.startsWith('document') ? error.problem.detail : missing && error === 'missing' ? t('agreements.ev_needed') : undefined;
  const save = async (e: Event) => {
    e.preventDefault();
    if (missing) { setError('missing'); return; }
    setError(null);
    setBusy(true);
    try {
      await api.shares.updateAgreement(a.id, { document: documentBody(doc) }, etagOf(a));
      props.onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const id = `copy-${a.id}`;
  return (
    <form class="card" id={`${id}-form`} onSubmit={save} aria-label={t('agreements.edit_copy')}>
      <SignedCopyFields id={id} own={props.own} value={doc} onChange={setDoc} error={fieldError} />
      {error && error !== 'missing' && !fieldError ? <ChangeError error={error} id={`${id}-error`} onReload={props.onReload} /> : null}
      <div class="actions">
        <button type="submit" id={`${id}-save`} disabled={busy}>{busy ? t('common.saving') : t('agreements.copy_save')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
