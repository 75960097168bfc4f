import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Application } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';

type Outcome = 'award' | 'reserve' | 'reject';
interface Line { outcome: Outcome; amount: string; fx: string; reasons: string; cap: string; deviation: string }

// The committee decision on a closed call: one outcome per eligible application, minutes sealed.
export function DecisionForm(props: { callId: string; apps: Application[]; onDone: () => void }) {
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [minutes, setMinutes] = useState('');
  const [lines, setLines] = useState<Record<string, Line>>({});
  const [error, setError] = useState<unknown>(null);
  const line = (id: string): Line => lines[id] ?? { outcome: 'award', amount: '', fx: '1', reasons: '', cap: '', deviation: '' };
  const set = (id: string, p: Partial<Line>) => setLines({ ...lines, [id]: { ...line(id), ...p } });
  if (!props.apps.length) return <p class="hint">{t('decision.nothing')}</p>;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const awards = [], reserve = [], rejected = [];
    for (const a of props.apps) {
      const l = line(a.id);
      if (l.outcome === 'award') {
        awards.push({ application_id: a.id, amount: { amount: l.amount, currency: a.budget.total.currency }, fx_rate: l.fx,
          ...(l.cap ? { cap_justification: l.cap } : {}), ...(l.deviation ? { deviation_justification: l.deviation } : {}) });
      } else if (l.outcome === 'reserve') reserve.push({ application_id: a.id });
      else rejected.push({ application_id: a.id, reasons: l.reasons });
    }
    try {
      await api.grants.decide(props.callId, { meeting_date: date, minutes, awards, reserve, rejected });
      props.onDone();
    } catch (err) { setError(err); }
  };
  return (
    <form class="card" id="decision-form" onSubmit={submit} aria-labelledby="decision-h">
      <h2 id="decision-h">{t('decision.title')}</h2>
      <Field id="d-date" label={t('decision.meeting_date')} required>
        <input id="d-date" type="date" value={date} required onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="d-minutes" label={t('decision.minutes')} hint={t('decision.minutes_hint')} required>
        <textarea id="d-minutes" value={minutes} required rows={3} aria-describedby="d-minutes-hint" onInput={(e) => setMinutes((e.target as HTMLTextAreaElement).value)} />
      </Field>
      {props.apps.map((a, i) => {
        const l = line(a.id);
        return (
          <fieldset>
            <legend><bdi>{a.title}</bdi></legend>
            <Field id={`d-outcome-${i}`} label={t('decision.outcome')}>
              <select id={`d-outcome-${i}`} value={l.outcome} onChange={(e) => set(a.id, { outcome: (e.target as HTMLSelectElement).value as Outcome })}>
                {(['award', 'reserve', 'reject'] as const).map((o) => <option value={o}>{t(`decision.outcomes.${o}`)}</option>)}
              </select>
            </Field>
            {l.outcome === 'award' ? (
              <div class="row">
                <Field id={`d-amount-${i}`} label={t('decision.amount', { currency: a.budget.total.currency })} required>
                  <input id={`d-amount-${i}`} inputMode="decimal" dir="ltr" value={l.amount} required onInput={(e) => set(a.id, { amount: (e.target as HTMLInputElement).value })} />
                </Field>
                <Field id={`d-fx-${i}`} label={t('decision.fx_rate')} required>
                  <input id={`d-fx-${i}`} inputMode="decimal" dir="ltr" value={l.fx} required onInput={(e) => set(a.id, { fx: (e.target as HTMLInputElement).value })} />
                </Field>
                <Field id={`d-cap-${i}`} label={t('decision.cap_justification')}>
                  <input id={`d-cap-${i}`} value={l.cap} onInput={(e) => set(a.id, { cap: (e.target as HTMLInputElement).value })} />
                </Field>
                <Field id={`d-dev-${i}`} label={t('decision.deviation')}>
                  <input id={`d-dev-${i}`} value={l.deviation} onInput={(e) => set(a.id, { deviation: (e.target as HTMLInputElement).value })} />
                </Field>
              </div>
            ) : l.outcome === 'reject' ? (
              <Field id={`d-reasons-${i}`} label={t('decision.reasons')} required>
                <textarea id={`d-reasons-${i}`} value={l.reasons} required rows={2} onInput={(e) => set(a.id, { reasons: (e.target as HTMLTextAreaElement).value })} />
              </Field>
            ) : null}
          </fieldset>
        );
      })}
      <ErrorMessage error={error} id="decision-error" />
      <div class="actions"><button type="submit" id="decision-save">{t('decision.save')}</button></div>
    </form>
  );
}
