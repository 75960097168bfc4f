import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { PurposeGate } from '../components/PurposeGate';
import { navigate } from '../router';
import { formatDate, formatMoney, isCurrencyCode, toMinor } from './money';
import { type CriterionRow, criteriaOf, list, utcOf } from './programme';

// The grants officer's programme screens: a new fund, a new call, Q&A published on a call, the
// closure of an agreement, and the auditors' export of a fund.

const fieldError = (error: unknown, f: string) => (error instanceof ApiError && error.field?.startsWith(f) ? error.problem.detail : undefined);

function useSubmit(run: () => Promise<void>) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try { await run(); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return { error, busy, submit };
}

export function NewFund(props: { onCancel: () => void; onDone: () => void }) {
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [envelope, setEnvelope] = useState('');
  const [cap, setCap] = useState('60000');
  const [justification, setJustification] = useState('');
  const [activities, setActivities] = useState('');
  const [categories, setCategories] = useState('');
  const [languages, setLanguages] = useState('en, fr, ar');
  const [rows, setRows] = useState<CriterionRow[]>([{ label: '', weight: '50' }, { label: '', weight: '50' }]);
  const total = rows.reduce((n, r) => n + (Number(r.weight) || 0), 0);
  const { error, busy, submit } = useSubmit(async () => {
    await api.grants.createFund({
      name: name.trim(), currency, envelope: { amount: envelope, currency }, cap_per_recipient: { amount: cap, currency },
      ...(justification.trim() ? { cap_justification: justification.trim() } : {}),
      activities: list(activities), recipient_categories: list(categories), languages: list(languages), criteria: criteriaOf(rows),
    });
    props.onDone();
  });
  const setRow = (i: number, patch: Partial<CriterionRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const digits = 2;
  return (
    <form class="card" id="fund-form" onSubmit={submit} aria-labelledby="fund-form-h">
      <h2 id="fund-form-h">{t('programme.new_fund')}</h2>
      <Field id="f-name" label={t('programme.fund_name')} required error={fieldError(error, 'name')}>
        <input id="f-name" value={name} required maxLength={300} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="f-currency" label={t('programme.currency')} hint={t('programme.currency_hint')} required error={fieldError(error, 'currency')}>
        <input id="f-currency" value={currency} required maxLength={3} dir="ltr" aria-describedby="f-currency-hint"
          onInput={(e) => setCurrency((e.target as HTMLInputElement).value.toUpperCase())} />
      </Field>
      <Field id="f-envelope" label={t('programme.envelope')} required error={fieldError(error, 'envelope')}>
        <input id="f-envelope" value={envelope} required inputMode="decimal" dir="ltr" onInput={(e) => setEnvelope((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="f-cap" label={t('programme.cap')} hint={t('programme.cap_hint')} required error={fieldError(error, 'cap_per_recipient')}>
        <input id="f-cap" value={cap} required inputMode="decimal" dir="ltr" aria-describedby="f-cap-hint" onInput={(e) => setCap((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="f-justification" label={t('programme.cap_justification')} error={fieldError(error, 'cap_justification')}>
        <textarea id="f-justification" rows={2} value={justification} onInput={(e) => setJustification((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <Field id="f-activities" label={t('programme.activities')} hint={t('programme.comma_hint')} required error={fieldError(error, 'activities')}>
        <input id="f-activities" value={activities} required aria-describedby="f-activities-hint" onInput={(e) => setActivities((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="f-categories" label={t('programme.categories')} hint={t('programme.comma_hint')} required error={fieldError(error, 'recipient_categories')}>
        <input id="f-categories" value={categories} required aria-describedby="f-categories-hint" onInput={(e) => setCategories((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="f-languages" label={t('programme.languages')} hint={t('programme.languages_hint')} required error={fieldError(error, 'languages')}>
        <input id="f-languages" value={languages} required dir="ltr" aria-describedby="f-languages-hint" onInput={(e) => setLanguages((e.target as HTMLInputElement).value)} />
      </Field>
      <fieldset>
        <legend>{t('programme.criteria')}</legend>
        <p class="hint" id="f-criteria-total" aria-live="polite">{t('programme.criteria_total', { n: total })}</p>
        {rows.map((r, i) => (
          <div class="filters">
            <Field id={`f-crit-${i}`} label={t('programme.criterion', { n: i + 1 })}>
              <input id={`f-crit-${i}`} value={r.label} maxLength={200} onInput={(e) => setRow(i, { label: (e.target as HTMLInputElement).value })} />
            </Field>
            <Field id={`f-weight-${i}`} label={t('programme.weight')}>
              <input id={`f-weight-${i}`} type="number" min={1} max={100} value={r.weight} onInput={(e) => setRow(i, { weight: (e.target as HTMLInputElement).value })} />
            </Field>
          </div>
        ))}
        <button type="button" class="secondary" id="f-add-criterion" onClick={() => setRows([...rows, { label: '', weight: '10' }])}>{t('programme.add_criterion')}</button>
        {fieldError(error, 'criteria') ? <p class="field-error" role="alert">{fieldError(error, 'criteria')}</p> : null}
      </fieldset>
      {isCurrencyCode(currency) && toMinor(envelope, digits) !== null ? <p class="hint">{formatMoney({ amount: envelope, currency }, currentLang())}</p> : null}
      <ErrorMessage error={error} id="fund-form-error" />
      <div class="actions">
        <button type="submit" id="fund-form-save" disabled={busy}>{busy ? t('common.saving') : t('programme.create_fund')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

export function NewCall(props: { fundId: string; languages?: string[]; onCancel: () => void }) {
  const [title, setTitle] = useState('');
  const [opens, setOpens] = useState('');
  const [deadline, setDeadline] = useState('');
  const [form, setForm] = useState('1');
  const [languages, setLanguages] = useState((props.languages ?? ['en']).join(', '));
  const [twoStage, setTwoStage] = useState(false);
  const [guidelines, setGuidelines] = useState('');
  const [redress, setRedress] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    const call = await api.grants.createCall({
      fund_id: props.fundId, title: title.trim(), opens_at: utcOf(opens), deadline: utcOf(deadline), form_version: form.trim(),
      languages: list(languages), two_stage: twoStage, guidelines, redress_route: redress.trim(),
    });
    navigate(`/grants/calls/${encodeURIComponent(call.id)}`);
  });
  const id = props.fundId;
  return (
    <form class="card" id={`call-form-${id}`} onSubmit={submit} aria-labelledby={`call-form-h-${id}`}>
      <h3 id={`call-form-h-${id}`}>{t('programme.new_call')}</h3>
      <Field id={`cl-title-${id}`} label={t('programme.call_title')} required error={fieldError(error, 'title')}>
        <input id={`cl-title-${id}`} value={title} required maxLength={300} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id={`cl-opens-${id}`} label={t('programme.opens')} required error={fieldError(error, 'opens_at')}>
        <input id={`cl-opens-${id}`} type="datetime-local" value={opens} required onInput={(e) => setOpens((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id={`cl-deadline-${id}`} label={t('programme.deadline')} hint={t('programme.deadline_hint')} required error={fieldError(error, 'deadline')}>
        <input id={`cl-deadline-${id}`} type="datetime-local" value={deadline} required aria-describedby={describedBy(`cl-deadline-${id}`, true, fieldError(error, 'deadline'))}
          onInput={(e) => setDeadline((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id={`cl-form-${id}`} label={t('programme.form_version')} required error={fieldError(error, 'form_version')}>
        <input id={`cl-form-${id}`} value={form} required maxLength={50} dir="ltr" onInput={(e) => setForm((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id={`cl-langs-${id}`} label={t('programme.languages')} hint={t('programme.call_languages_hint')} required error={fieldError(error, 'languages')}>
        <input id={`cl-langs-${id}`} value={languages} required dir="ltr" aria-describedby={`cl-langs-${id}-hint`} onInput={(e) => setLanguages((e.target as HTMLInputElement).value)} />
      </Field>
      <label class="check"><input type="checkbox" id={`cl-two-${id}`} checked={twoStage} onChange={(e) => setTwoStage((e.target as HTMLInputElement).checked)} /> {t('programme.two_stage')}</label>
      <Field id={`cl-guidelines-${id}`} label={t('programme.guidelines')} error={fieldError(error, 'guidelines')}>
        <textarea id={`cl-guidelines-${id}`} rows={4} dir="auto" value={guidelines} onInput={(e) => setGuidelines((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <Field id={`cl-redress-${id}`} label={t('programme.redress')} hint={t('programme.redress_hint')} required error={fieldError(error, 'redress_route')}>
        <textarea id={`cl-redress-${id}`} rows={2} dir="auto" value={redress} required aria-describedby={`cl-redress-${id}-hint`} onInput={(e) => setRedress((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <ErrorMessage error={error} id={`call-form-error-${id}`} />
      <div class="actions">
        <button type="submit" id={`call-form-save-${id}`} disabled={busy}>{busy ? t('common.saving') : t('programme.create_call')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

// The whole file of a fund for auditors, as JSON to save; the purpose is audited.
export function FundExport(props: { fundId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (purpose: string) => {
    setError(null);
    try {
      const file = await api.grants.exportFund(props.fundId, purpose);
      setUrl(URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' })));
    } catch (err) { setError(err); }
  };
  return (
    <div class="export">
      {url ? <a class="button" href={url} download={`${props.fundId}-export.json`} id={`export-save-${props.fundId}`}>{t('programme.export_save')}</a>
        : <PurposeGate id={`export-${props.fundId}`} buttonLabel={t('programme.export')} onConfirm={run} />}
      <ErrorMessage error={error} />
    </div>
  );
}

// Q&A published on a call: every applicant reads the same answers.
export function QuestionForm(props: { callId: string; onDone: () => void }) {
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    await api.grants.addQuestion(props.callId, { question: question.trim(), answer: answer.trim(), language: currentLang() });
    setQuestion(''); setAnswer('');
    props.onDone();
  });
  return (
    <form class="card" id="qa-form" onSubmit={submit} aria-labelledby="qa-form-h">
      <h2 id="qa-form-h">{t('programme.publish_qa')}</h2>
      <p class="hint">{t('programme.qa_hint')}</p>
      <Field id="qa-question" label={t('programme.question')} required error={fieldError(error, 'question')}>
        <textarea id="qa-question" rows={2} dir="auto" value={question} required onInput={(e) => setQuestion((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <Field id="qa-answer" label={t('programme.answer')} required error={fieldError(error, 'answer')}>
        <textarea id="qa-answer" rows={3} dir="auto" value={answer} required onInput={(e) => setAnswer((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <ErrorMessage error={error} id="qa-error" />
      <button type="submit" id="qa-save" disabled={busy}>{t('programme.publish')}</button>
    </form>
  );
}

// Closing a signed agreement once its final report is approved: unpaid tranches are cancelled,
// the settlement (balance paid, recovery, or none) is recorded, and the retention date set.
export function ClosureForm(props: { agreementId: string; currency: string; onDone: () => void }) {
  const [kind, setKind] = useState<'none' | 'balance' | 'recovery'>('none');
  const [amount, setAmount] = useState('');
  const [notes, setNotes] = useState('');
  const [confirm, setConfirm] = useState(false);
  const { error, busy, submit } = useSubmit(async () => {
    await api.grants.agreementAction(props.agreementId, 'closure', {
      settlement: kind === 'none' ? { kind } : { kind, amount: { amount, currency: props.currency } }, ...(notes.trim() ? { notes: notes.trim() } : {}),
    });
    props.onDone();
  });
  return (
    <form class="card" id="closure-form" onSubmit={submit} aria-labelledby="closure-h">
      <h2 id="closure-h">{t('programme.closure')}</h2>
      <p class="hint">{t('programme.closure_hint')}</p>
      <Field id="cz-kind" label={t('programme.settlement')}>
        <select id="cz-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as 'none' | 'balance' | 'recovery')}>
          {(['none', 'balance', 'recovery'] as const).map((k) => <option value={k}>{t(`programme.settlements.${k}`)}</option>)}
        </select>
      </Field>
      {kind !== 'none' ? (
        <Field id="cz-amount" label={t('programme.settlement_amount', { currency: props.currency })} required error={fieldError(error, 'settlement.amount')}>
          <input id="cz-amount" value={amount} required inputMode="decimal" dir="ltr" onInput={(e) => setAmount((e.target as HTMLInputElement).value)} />
        </Field>
      ) : null}
      <Field id="cz-notes" label={t('programme.closure_notes')}>
        <textarea id="cz-notes" rows={2} dir="auto" value={notes} onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <label class="check"><input type="checkbox" id="cz-confirm" checked={confirm} onChange={(e) => setConfirm((e.target as HTMLInputElement).checked)} /> {t('programme.closure_confirm')}</label>
      <ErrorMessage error={error} id="closure-error" />
      <button type="submit" id="closure-save" disabled={busy || !confirm}>{t('programme.close')}</button>
    </form>
  );
}

// The closure as recorded: settlement, amount paid, retention date.
export function ClosureFacts(props: { closure: Record<string, unknown> | undefined; currency: string }) {
  const c = props.closure as { kind?: string; paid?: { amount: string; currency: string }; amount?: { amount: string; currency: string }; retain_until?: string; closed_at?: string } | undefined;
  if (!c) return null;
  const lang = currentLang();
  return (
    <dl class="facts card" id="closure-facts">
      <dt>{t('programme.closed_on')}</dt><dd>{formatDate(c.closed_at, lang)}</dd>
      <dt>{t('programme.settlement')}</dt><dd>{t(`programme.settlements.${c.kind ?? 'none'}`)}{c.amount ? ` · ${formatMoney(c.amount, lang)}` : ''}</dd>
      <dt>{t('programme.paid')}</dt><dd class="money">{formatMoney(c.paid, lang)}</dd>
      <dt>{t('programme.retain_until')}</dt><dd id="closure-retain">{formatDate(c.retain_until, lang)}</dd>
    </dl>
  );
}
