import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { Amendment } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { formatDate } from './money';

// The amendments of a signed agreement, each a new version (docs/GRANTS.md "Agreement").
export function AmendmentList(props: { amendments?: Amendment[] }) {
  const lang = currentLang();
  if (!props.amendments?.length) return <p class="hint" id="amendments-none">{t('amendment.none')}</p>;
  return (
    <ol class="history" id="amendment-list">{props.amendments.map((m) => (
      <li data-version={m.agreement_version}>
        {t('amendment.version', { n: m.agreement_version })} · {formatDate(m.at, lang, true)} — <bdi>{m.summary}</bdi>
        {m.ends_on ? <> · {t('amendment.end_moved', { from: formatDate(m.ends_on.from, lang), to: formatDate(m.ends_on.to, lang) })}</> : null}
      </li>
    ))}</ol>
  );
}

// The officer amends a signed agreement: what changes, and optionally a new end date.
export function AmendmentForm(props: { agreementId: string; onDone: () => void }) {
  const [summary, setSummary] = useState('');
  const [ends, setEnds] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (f: string) => (error instanceof ApiError && error.field === f ? error.problem.detail : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api.grants.agreementAction(props.agreementId, 'amendments', { summary: summary.trim(), ...(ends ? { ends_on: ends } : {}) });
      setSummary(''); setEnds('');
      props.onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form class="card" id="amendment-form" onSubmit={submit} aria-labelledby="amendment-form-h">
      <h3 id="amendment-form-h">{t('amendment.new')}</h3>
      <Field id="am-summary" label={t('amendment.summary')} hint={t('amendment.summary_hint')} required error={fieldError('summary')}>
        <textarea id="am-summary" value={summary} required rows={2} maxLength={8000} aria-describedby={describedBy('am-summary', true, fieldError('summary'))}
          onInput={(e) => setSummary((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <Field id="am-ends" label={t('amendment.ends_on')} hint={t('amendment.ends_on_hint')} error={fieldError('ends_on')}>
        <input id="am-ends" type="date" value={ends} aria-describedby={describedBy('am-ends', true, fieldError('ends_on'))}
          onInput={(e) => setEnds((e.target as HTMLInputElement).value)} />
      </Field>
      {error && !fieldError('summary') && !fieldError('ends_on') ? <ErrorMessage error={error} id="amendment-error" /> : null}
      <div class="actions"><button type="submit" id="amendment-save" disabled={busy || !summary.trim()}>{t('amendment.save')}</button></div>
    </form>
  );
}
