import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { Call, Fund } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { list, utcOf } from './programme';

// Edits of a fund and of a call: a merge patch of the changed fields with If-Match and the
// reason recorded in the record's changes. Once published, the server allows only some fields
// (409 naming the field); a record changed meanwhile is refused (412): reload, then edit again.

// "2027-01-31T12:00:00Z" as a datetime-local value in the browser's time zone.
const localOf = (iso?: string) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};

function useEdit<T>(load: () => Promise<{ record: T; etag: string }>, onLoaded: (r: T) => void) {
  const [etag, setEtag] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const reload = async () => {
    setError(null); setSaved(false);
    try { const v = await load(); setEtag(v.etag); onLoaded(v.record); } catch (e) { setError(e); }
  };
  useEffect(() => { void reload(); }, []);
  const save = async (run: (etag: string) => Promise<{ record: T; etag: string }>) => {
    setBusy(true); setError(null); setSaved(false);
    try { const v = await run(etag); setEtag(v.etag); onLoaded(v.record); setSaved(true); return true; } catch (e) { setError(e); return false; } finally { setBusy(false); }
  };
  const stale = error instanceof ApiError && error.status === 412;
  const fieldError = (f: string) => (error instanceof ApiError && error.field?.startsWith(f) ? error.problem.detail : undefined);
  return { etag, error, saved, busy, stale, reload, save, fieldError };
}

// What the server said, outside the fields: the stale-edit notice with its reload, or the problem.
interface EditState { error: unknown; saved: boolean; stale: boolean; reload: () => Promise<void>; fieldError: (f: string) => string | undefined }

function Outcome(props: { id: string; e: EditState; fields: string[] }) {
  const { e } = props;
  if (e.stale) {
    return (
      <div class="notice withdrawn" role="alert" id={`${props.id}-stale`}>
        <p>{t('edit.stale')}</p>
        <button type="button" class="secondary" id={`${props.id}-reload`} onClick={() => void e.reload()}>{t('edit.reload')}</button>
      </div>
    );
  }
  if (props.fields.some((f) => e.fieldError(f))) return null;
  return <>
    <ErrorMessage error={e.error} id={`${props.id}-error`} />
    {e.saved ? <p class="notice success" role="status" id={`${props.id}-saved`}>{t('edit.saved')}</p> : null}
  </>;
}

export function FundEdit(props: { fundId: string; onDone: () => void; onCancel: () => void }) {
  const [fund, setFund] = useState<Fund | null>(null);
  const [name, setName] = useState('');
  const [envelope, setEnvelope] = useState('');
  const [cap, setCap] = useState('');
  const [exclusions, setExclusions] = useState('');
  const [reason, setReason] = useState('');
  const e = useEdit(() => api.grants.fundVersioned(props.fundId), (f: Fund) => {
    setFund(f); setName(f.name); setEnvelope(f.envelope.amount); setCap(f.cap_per_recipient.amount);
    setExclusions(((f.exclusion_list as string[] | undefined) ?? []).join(', '));
  });
  if (!fund) return <div class="card"><p role="status">{t('common.loading')}</p><Outcome id="fe" e={e} fields={[]} /></div>;
  const id = props.fundId;
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const patch: Record<string, unknown> = {};
    if (name.trim() !== fund.name) patch.name = name.trim();
    if (envelope !== fund.envelope.amount) patch.envelope = { amount: envelope, currency: fund.currency };
    if (cap !== fund.cap_per_recipient.amount) patch.cap_per_recipient = { amount: cap, currency: fund.currency };
    const ex = list(exclusions);
    if (ex.join() !== ((fund.exclusion_list as string[] | undefined) ?? []).join()) patch.exclusion_list = ex;
    if (reason.trim()) patch.change_reason = reason.trim();
    if (await e.save((etag) => api.grants.updateFund(id, patch, etag))) { setReason(''); props.onDone(); }
  };
  const input = (fid: string, label: string, value: string, set: (v: string) => void, field: string, ltr = false, hint?: string) => (
    <Field id={fid} label={label} hint={hint} error={e.fieldError(field)}>
      <input id={fid} value={value} dir={ltr ? 'ltr' : 'auto'} aria-describedby={describedBy(fid, Boolean(hint), e.fieldError(field))}
        onInput={(x) => set((x.target as HTMLInputElement).value)} />
    </Field>
  );
  return (
    <form class="card" id={`fund-edit-${id}`} onSubmit={submit} aria-labelledby={`fund-edit-h-${id}`}>
      <h3 id={`fund-edit-h-${id}`}>{t('edit.fund')}</h3>
      <p class="hint">{t('edit.fund_hint')}</p>
      {input(`fe-name-${id}`, t('programme.fund_name'), name, setName, 'name')}
      <div class="row">
        {input(`fe-envelope-${id}`, `${t('programme.envelope')} (${fund.currency})`, envelope, setEnvelope, 'envelope', true)}
        {input(`fe-cap-${id}`, `${t('programme.cap')} (${fund.currency})`, cap, setCap, 'cap_per_recipient', true)}
      </div>
      {input(`fe-exclusions-${id}`, t('edit.exclusions'), exclusions, setExclusions, 'exclusion_list', true, t('edit.exclusions_hint'))}
      {input(`fe-reason-${id}`, t('edit.reason'), reason, setReason, 'change_reason', false, t('edit.reason_hint'))}
      <Outcome id={`fe-${id}`} e={e} fields={['name', 'envelope', 'cap_per_recipient', 'exclusion_list', 'change_reason']} />
      <div class="actions">
        <button type="submit" id={`fe-save-${id}`} disabled={e.busy || e.stale}>{t('edit.save')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

// A draft call: title, deadline, guidelines and redress route; an open call: only a later
// deadline, with a required reason (published as a Q&A notice by the server).
export function CallEdit(props: { callId: string; onDone: () => void; onCancel: () => void }) {
  const [call, setCall] = useState<Call | null>(null);
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState('');
  const [guidelines, setGuidelines] = useState('');
  const [redress, setRedress] = useState('');
  const [reason, setReason] = useState('');
  const e = useEdit(() => api.grants.callVersioned(props.callId), (c: Call) => {
    setCall(c); setTitle(c.title); setDeadline(localOf(c.deadline)); setGuidelines(c.guidelines ?? ''); setRedress(c.redress_route ?? '');
  });
  if (!call) return <div class="card"><p role="status">{t('common.loading')}</p><Outcome id="ce" e={e} fields={[]} /></div>;
  const open = call.state === 'open';
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const patch: Record<string, unknown> = {};
    if (!open && title.trim() !== call.title) patch.title = title.trim();
    if (deadline !== localOf(call.deadline)) patch.deadline = utcOf(deadline);
    if (!open && guidelines !== (call.guidelines ?? '')) patch.guidelines = guidelines;
    if (!open && redress.trim() !== (call.redress_route ?? '')) patch.redress_route = redress.trim();
    if (reason.trim()) patch.change_reason = reason.trim();
    if (await e.save((etag) => api.grants.updateCall(call.id, patch, etag))) { setReason(''); props.onDone(); }
  };
  const fe = e.fieldError;
  return (
    <form class="card" id="call-edit" onSubmit={submit} aria-labelledby="call-edit-h">
      <h2 id="call-edit-h">{t('edit.call')}</h2>
      {open ? <p class="hint" id="call-edit-open-hint">{t('edit.open_call_hint')}</p> : (
        <Field id="ce-title" label={t('programme.call_title')} required error={fe('title')}>
          <input id="ce-title" value={title} required maxLength={300} aria-describedby={describedBy('ce-title', false, fe('title'))} onInput={(x) => setTitle((x.target as HTMLInputElement).value)} />
        </Field>
      )}
      <Field id="ce-deadline" label={t('programme.deadline')} required error={fe('deadline')}>
        <input id="ce-deadline" type="datetime-local" value={deadline} required aria-describedby={describedBy('ce-deadline', false, fe('deadline'))}
          onInput={(x) => setDeadline((x.target as HTMLInputElement).value)} />
      </Field>
      {open ? null : (
        <>
          <Field id="ce-guidelines" label={t('programme.guidelines')} error={fe('guidelines')}>
            <textarea id="ce-guidelines" rows={3} dir="auto" value={guidelines} aria-describedby={describedBy('ce-guidelines', false, fe('guidelines'))} onInput={(x) => setGuidelines((x.target as HTMLTextAreaElement).value)} />
          </Field>
          <Field id="ce-redress" label={t('programme.redress')} required error={fe('redress_route')}>
            <textarea id="ce-redress" rows={2} dir="auto" value={redress} required aria-describedby={describedBy('ce-redress', false, fe('redress_route'))} onInput={(x) => setRedress((x.target as HTMLTextAreaElement).value)} />
          </Field>
        </>
      )}
      <Field id="ce-reason" label={t('edit.reason')} hint={t('edit.reason_hint')} required={open} error={fe('change_reason')}>
        <textarea id="ce-reason" rows={2} dir="auto" value={reason} required={open} aria-describedby={describedBy('ce-reason', true, fe('change_reason'))}
          onInput={(x) => setReason((x.target as HTMLTextAreaElement).value)} />
      </Field>
      <Outcome id="ce" e={e} fields={['title', 'deadline', 'guidelines', 'redress_route', 'change_reason']} />
      <div class="actions">
        <button type="submit" id="ce-save" disabled={e.busy || e.stale}>{t('edit.save')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
