import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { Application } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { stateText } from './GrantsHome';

// An award that falls away (docs/GRANTS.md "Award from the reserve list") and the reserve
// application the officer awards in its place.

const fieldError = (error: unknown, f: string) => (error instanceof ApiError && error.field?.startsWith(f) ? error.problem.detail : undefined);

// The officer releases an award (never signed, or a signed agreement under which nothing was
// paid), with notes; the applicant may only decline its own award.
export function ReleaseForm(props: { app: Application; officer: boolean; onDone: () => void }) {
  const state = props.app.state;
  const reasons = !props.officer ? ['declined'] : state === 'contracted' ? ['terminated_before_start'] : ['not_signed', 'declined'];
  const [reason, setReason] = useState(reasons[0]);
  const [notes, setNotes] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  if (!open) {
    return <div class="actions"><button type="button" class="secondary" id="release-open" onClick={() => setOpen(true)}>{props.officer ? t('release.save') : t('release.decline')}</button></div>;
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try { await api.grants.release(props.app.id, { reason, ...(notes.trim() ? { notes: notes.trim() } : {}) }); props.onDone(); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const notesError = fieldError(error, 'notes');
  const reasonError = fieldError(error, 'reason') ?? fieldError(error, 'tranches');
  return (
    <form class="card" id="release-form" onSubmit={submit} aria-labelledby="release-h">
      <h2 id="release-h">{props.officer ? t('release.title') : t('release.decline')}</h2>
      <p class="hint">{props.officer ? t('release.hint') : t('release.applicant_hint')}</p>
      {reasons.length > 1 ? (
        <Field id="rl-reason" label={t('release.reason')} error={reasonError}>
          <select id="rl-reason" value={reason} aria-describedby={describedBy('rl-reason', false, reasonError)} onChange={(e) => setReason((e.target as HTMLSelectElement).value)}>
            {reasons.map((r) => <option value={r}>{t(`release.reasons.${r}`)}</option>)}
          </select>
        </Field>
      ) : <p id="rl-reason-fixed">{t('release.reason')}: {t(`release.reasons.${reason}`)}</p>}
      {reasons.length > 1 || !reasonError ? null : <p class="field-error" role="alert" id="rl-reason-error">{reasonError}</p>}
      <Field id="rl-notes" label={t('release.notes')} hint={t('release.notes_hint')} required={props.officer} error={notesError}>
        <textarea id="rl-notes" rows={2} dir="auto" value={notes} required={props.officer} aria-describedby={describedBy('rl-notes', true, notesError)}
          onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <label class="check"><input type="checkbox" id="rl-confirm" checked={confirm} onChange={(e) => setConfirm((e.target as HTMLInputElement).checked)} /> {t('release.confirm')}</label>
      {notesError || reasonError ? null : <ErrorMessage error={error} id="release-error" />}
      <div class="actions"><button type="submit" class="danger" id="release-save" disabled={busy || !confirm}>{props.officer ? t('release.save') : t('release.decline')}</button></div>
    </form>
  );
}

interface RankItem { application_id: string; rank: number | null }

// On a decided call: a reserve application, in rank order, takes the place of a released award.
export function ReserveAwardForm(props: { callId: string; apps: Application[]; ranking: RankItem[]; onDone: () => void }) {
  const rankOf = (id: string) => props.ranking.find((r) => r.application_id === id)?.rank ?? null;
  const reserve = props.apps.filter((a) => a.state === 'reserve')
    .sort((a, b) => (rankOf(a.id) ?? Infinity) - (rankOf(b.id) ?? Infinity));
  const released = props.apps.filter((a) => (a.state === 'declined' || a.state === 'lapsed') && !a.replaced_by);
  const [candidate, setCandidate] = useState('');
  const [replaces, setReplaces] = useState('');
  const [amount, setAmount] = useState('');
  const [fx, setFx] = useState('1');
  const [cap, setCap] = useState('');
  const [deviation, setDeviation] = useState('');
  const [reasons, setReasons] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = reserve.find((a) => a.id === (candidate || reserve[0]?.id));
  const gone = replaces || released[0]?.id || '';
  const currency = chosen?.budget.total.currency ?? '';
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true); setError(null);
    try {
      await api.grants.reserveAward(props.callId, {
        application_id: chosen.id, replaces: gone, amount: { amount, currency }, fx_rate: fx,
        ...(cap.trim() ? { cap_justification: cap.trim() } : {}), ...(deviation.trim() ? { deviation_justification: deviation.trim() } : {}),
        ...(reasons.trim() ? { reasons: reasons.trim() } : {}),
      });
      setAmount(''); setCap(''); setDeviation(''); setReasons(''); setCandidate(''); setReplaces('');
      props.onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const named = ['application_id', 'replaces', 'amount', 'fx_rate', 'cap_justification', 'deviation_justification'];
  const fe = (f: string) => fieldError(error, f);
  const input = (id: string, label: string, value: string, set: (v: string) => void, field: string, opts: { required?: boolean; ltr?: boolean; hint?: string } = {}) => (
    <Field id={id} label={label} hint={opts.hint} required={opts.required} error={fe(field)}>
      <input id={id} value={value} required={opts.required} dir={opts.ltr ? 'ltr' : 'auto'} inputMode={opts.ltr ? 'decimal' : undefined}
        aria-describedby={describedBy(id, Boolean(opts.hint), fe(field))} onInput={(e) => set((e.target as HTMLInputElement).value)} />
    </Field>
  );
  return (
    <form class="card" id="reserve-form" onSubmit={submit} aria-labelledby="reserve-h">
      <h2 id="reserve-h">{t('reserve.title')}</h2>
      <p class="hint">{t('reserve.hint')}</p>
      {!reserve.length ? <p class="hint" id="reserve-none">{t('reserve.none')}</p> : !released.length ? <p class="hint" id="reserve-no-vacancy">{t('reserve.released')}</p> : (
        <>
          <Field id="rv-candidate" label={t('reserve.candidate')} error={fe('application_id')}>
            <select id="rv-candidate" value={chosen?.id} aria-describedby={describedBy('rv-candidate', false, fe('application_id'))} onChange={(e) => setCandidate((e.target as HTMLSelectElement).value)}>
              {reserve.map((a) => <option value={a.id}>{a.title} · {rankOf(a.id) ? t('reserve.rank', { rank: rankOf(a.id) }) : t('reserve.unranked')}</option>)}
            </select>
          </Field>
          <Field id="rv-replaces" label={t('reserve.replaces')} error={fe('replaces')}>
            <select id="rv-replaces" value={gone} aria-describedby={describedBy('rv-replaces', false, fe('replaces'))} onChange={(e) => setReplaces((e.target as HTMLSelectElement).value)}>
              {released.map((a) => <option value={a.id}>{a.title} · {stateText('application', a.state)}</option>)}
            </select>
          </Field>
          <div class="row">
            {input('rv-amount', t('reserve.amount', { currency }), amount, setAmount, 'amount', { required: true, ltr: true })}
            {input('rv-fx', t('reserve.fx_rate'), fx, setFx, 'fx_rate', { required: true, ltr: true })}
          </div>
          {input('rv-cap', t('reserve.cap'), cap, setCap, 'cap_justification')}
          {input('rv-deviation', t('reserve.deviation'), deviation, setDeviation, 'deviation_justification', { hint: t('reserve.deviation_hint') })}
          <Field id="rv-reasons" label={t('reserve.reasons')}>
            <textarea id="rv-reasons" rows={2} dir="auto" value={reasons} onInput={(e) => setReasons((e.target as HTMLTextAreaElement).value)} />
          </Field>
          {named.some((f) => fe(f)) ? null : <ErrorMessage error={error} id="reserve-error" />}
          <div class="actions"><button type="submit" id="reserve-save" disabled={busy}>{t('reserve.save')}</button></div>
        </>
      )}
    </form>
  );
}
