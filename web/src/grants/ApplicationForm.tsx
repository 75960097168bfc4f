import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Application, Call, Fund } from '../api/types';
import { currentLang, languageName, t } from '../i18n';
import { navigate } from '../router';
import { CountrySelect } from '../components/CountrySelect';
import { ErrorMessage, errorText } from '../components/ErrorMessage';
import { ApiError } from '../api/client';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { formatMoney, isCurrencyCode, sumAmounts } from './money';

interface Form {
  title: string; summary: string; activity: string; recipient_category: string; language: string; country: string;
  currency: string; lines: { label: string; amount: string }[]; on_honour: boolean;
}

const empty = (call: Call): Form => ({
  title: '', summary: '', activity: '', recipient_category: '', language: call.languages?.[0] ?? 'en', country: '',
  currency: 'EUR', lines: [{ label: '', amount: '' }], on_honour: false,
});

function fromApplication(a: Application): Form {
  return {
    title: a.title, summary: String(a.summary ?? ''), activity: a.activity, recipient_category: a.recipient_category,
    language: a.language ?? 'en', country: a.country ?? '', currency: a.budget.total.currency,
    lines: a.budget.lines.map((l) => ({ label: l.label, amount: l.amount.amount })), on_honour: Boolean((a.declarations as { on_honour?: boolean } | undefined)?.on_honour),
  };
}

// The applicant's form: a draft they can save and come back to; the budget in their currency,
// with lines that must add up (the total is computed, shown in the currency's format).
export function ApplicationForm(props: { callId?: string; id?: string }) {
  const [ctx, setCtx] = useState<{ call: Call; fund: Fund; etag?: string; form: Form } | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    (async () => {
      try {
        let callId = props.callId ?? '';
        let etag: string | undefined;
        let initial: Form | null = null;
        if (props.id) {
          const v = await api.grants.application(props.id);
          callId = v.record.call_id; etag = v.etag; initial = fromApplication(v.record);
        }
        const call = await api.grants.call(callId);
        const fund = await api.grants.fund(call.fund_id);
        const f = initial ?? empty(call);
        setCtx({ call, fund, etag, form: f });
        setForm(f);
      } catch (e) { setError(e); }
    })();
  }, [props.id, props.callId]);
  if (!ctx || !form) return error ? <ErrorMessage error={error} /> : <p role="status">{t('common.loading')}</p>;
  const set = (p: Partial<Form>) => setForm({ ...form, ...p });
  const currency = form.currency.toUpperCase();
  const total = isCurrencyCode(currency) ? sumAmounts(form.lines.map((l) => l.amount), currency) : null;
  const fieldError = (name: string) => (error instanceof ApiError && error.field && error.field.startsWith(name) ? errorText(error) : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true); setError(null);
    const body = {
      form_version: ctx.call.form_version, title: form.title.trim(), summary: form.summary, activity: form.activity,
      recipient_category: form.recipient_category, language: form.language, country: form.country,
      budget: { total: { amount: total ?? '', currency }, lines: form.lines.map((l) => ({ label: l.label.trim(), amount: { amount: l.amount.trim(), currency } })) },
      declarations: { on_honour: form.on_honour },
    };
    try {
      const saved = props.id && ctx.etag
        ? await api.grants.updateApplication(props.id, body, ctx.etag)
        : await api.grants.createApplication({ call_id: ctx.call.id, ...body });
      navigate(`/grants/applications/${encodeURIComponent(saved.record.id)}`);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form id="application-form" onSubmit={submit} aria-labelledby="application-form-title">
      <p><Link href={`/grants/calls/${encodeURIComponent(ctx.call.id)}`}>{t('application.back_to_call')}</Link></p>
      <h1 id="application-form-title">{props.id ? t('application.edit') : t('application.new')}</h1>
      <p class="hint"><bdi>{ctx.call.title}</bdi> · {t('call.form_version')} <bdi>{ctx.call.form_version}</bdi></p>
      <Field id="ap-title" label={t('application.title')} required error={fieldError('title')}>
        <input id="ap-title" value={form.title} required maxLength={300} onInput={(e) => set({ title: (e.target as HTMLInputElement).value })} />
      </Field>
      <Field id="ap-summary" label={t('application.summary')}>
        <textarea id="ap-summary" value={form.summary} rows={4} onInput={(e) => set({ summary: (e.target as HTMLTextAreaElement).value })} />
      </Field>
      <Field id="ap-activity" label={t('application.activity')} required error={fieldError('activity')}>
        <select id="ap-activity" value={form.activity} required onChange={(e) => set({ activity: (e.target as HTMLSelectElement).value })}>
          <option value="">{t('common.choose')}</option>
          {ctx.fund.activities.map((a) => <option value={a}>{a}</option>)}
        </select>
      </Field>
      <Field id="ap-category" label={t('application.recipient_category')} required error={fieldError('recipient_category')}>
        <select id="ap-category" value={form.recipient_category} required onChange={(e) => set({ recipient_category: (e.target as HTMLSelectElement).value })}>
          <option value="">{t('common.choose')}</option>
          {ctx.fund.recipient_categories.map((a) => <option value={a}>{a}</option>)}
        </select>
      </Field>
      <div class="row">
        <Field id="ap-language" label={t('application.language')} required>
          <select id="ap-language" value={form.language} onChange={(e) => set({ language: (e.target as HTMLSelectElement).value })}>
            {(ctx.call.languages ?? ['en']).map((l) => <option value={l}>{languageName(l)}</option>)}
          </select>
        </Field>
        <Field id="ap-country" label={t('application.country')} required error={fieldError('country')}>
          <CountrySelect id="ap-country" value={form.country} empty={t('common.choose')} required onChange={(c) => set({ country: c })} />
        </Field>
      </div>
      <fieldset id="budget">
        <legend>{t('application.budget')}</legend>
        <Field id="ap-currency" label={t('application.currency')} hint={t('application.currency_hint')} required error={fieldError('budget.total.currency') ?? (form.currency && !isCurrencyCode(currency) ? t('application.bad_currency') : undefined)}>
          <input id="ap-currency" class="year" dir="ltr" value={form.currency} maxLength={3} required aria-describedby="ap-currency-hint" onInput={(e) => set({ currency: (e.target as HTMLInputElement).value.toUpperCase() })} />
        </Field>
        {form.lines.map((l, i) => (
          <div class="row budget-line">
            <Field id={`ap-line-${i}-label`} label={t('application.line_label', { n: i + 1 })} required>
              <input id={`ap-line-${i}-label`} value={l.label} required onInput={(e) => set({ lines: form.lines.map((x, j) => (j === i ? { ...x, label: (e.target as HTMLInputElement).value } : x)) })} />
            </Field>
            <Field id={`ap-line-${i}-amount`} label={t('application.line_amount', { n: i + 1 })} required>
              <input id={`ap-line-${i}-amount`} inputMode="decimal" dir="ltr" value={l.amount} required onInput={(e) => set({ lines: form.lines.map((x, j) => (j === i ? { ...x, amount: (e.target as HTMLInputElement).value } : x)) })} />
            </Field>
            {form.lines.length > 1 ? <button type="button" class="link" aria-label={t('application.remove_line', { n: i + 1 })} onClick={() => set({ lines: form.lines.filter((_x, j) => j !== i) })}>{t('common.remove')}</button> : null}
          </div>
        ))}
        <button type="button" class="secondary" id="ap-add-line" onClick={() => set({ lines: [...form.lines, { label: '', amount: '' }] })}>{t('application.add_line')}</button>
        <p id="ap-total" aria-live="polite">{t('application.total')}: {total !== null ? formatMoney({ amount: total, currency }, currentLang()) : t('application.total_invalid')}</p>
        {fieldError('budget') ? <p class="field-error" role="alert">{fieldError('budget')}</p> : null}
      </fieldset>
      <label class="check"><input type="checkbox" id="ap-honour" checked={form.on_honour} onChange={(e) => set({ on_honour: (e.target as HTMLInputElement).checked })} /> {t('application.on_honour')}</label>
      <ErrorMessage error={error} id="application-error" />
      <div class="actions"><button type="submit" id="application-save" disabled={busy || total === null}>{busy ? t('common.saving') : t('application.save_draft')}</button></div>
    </form>
  );
}
