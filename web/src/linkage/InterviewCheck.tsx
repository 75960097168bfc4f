import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { InterviewCheck as CheckResult, Session } from '../api/types';
import { currentLang, t } from '../i18n';
import { CountrySelect } from '../components/CountrySelect';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';

const SEXES = ['female', 'male', 'intersex', 'unknown'];

// "Already interviewed?" before a new testimony: asks whether another member organisation already
// holds this person, so that a survivor is not made to tell their story again. The name is typed
// as the person gives it; only encodings are compared on the server, and what crosses back is an
// organisation, its contacts and its pseudonym code, never a name. The name stays in this
// component's memory (no draft) and is cleared once the answer arrives.
export function InterviewCheck(props: { id: string; session: Session }) {
  const person = useAsync(() => api.persons.get(props.id).then((v) => v.record), [props.id]);
  const [name, setName] = useState('');
  const [sex, setSex] = useState<string | null>(null);
  const [birth, setBirth] = useState<string | null>(null);
  const [nationality, setNationality] = useState<string | null>(null);
  const [purpose, setPurpose] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<CheckResult | null>(null);
  if (person.error) return <ErrorMessage error={person.error} />;
  if (!person.data) return <p role="status">{t('common.loading')}</p>;
  const p = person.data;
  // The person's recorded, non-identifying attributes are offered as a start.
  const sexValue = sex ?? (p.sex && SEXES.includes(p.sex) ? p.sex : '');
  const birthValue = birth ?? p.birth ?? '';
  const nationalityValue = nationality ?? p.nationality ?? '';
  const fieldError = (f: string) => (error instanceof ApiError && error.field === f ? error.problem.detail : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true); setError(null); setResult(null);
    try {
      setResult(await api.linkage.interviewCheck({ name: name.trim(), ...(sexValue ? { sex: sexValue } : {}),
        ...(birthValue.trim() ? { birth: birthValue.trim() } : {}), ...(nationalityValue ? { nationality: nationalityValue } : {}) }, purpose.trim()));
      setName('');
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const pct = (x: number) => new Intl.NumberFormat(currentLang(), { style: 'percent', maximumFractionDigits: 0 }).format(x);
  return (
    <section aria-labelledby="check-title">
      <p><Link href={`/persons/${encodeURIComponent(p.id)}`}>{t('linkage.back_person')}</Link></p>
      <h1 id="check-title">{t('interview.title', { name: p.pseudonym })}</h1>
      <p class="hint">{t('interview.intro')}</p>
      <form class="card" id="check-form" onSubmit={submit} aria-labelledby="check-title">
        <fieldset class="protected">
          <legend>{t('interview.who')}</legend>
          <Field id="ck-name" label={t('interview.name')} hint={t('interview.name_hint')} required error={fieldError('name')}>
            <input id="ck-name" value={name} required maxLength={300} dir="auto" autoComplete="off"
              aria-describedby={describedBy('ck-name', true, fieldError('name'))} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </Field>
          <div class="row">
            <Field id="ck-sex" label={t('person.sex')}>
              <select id="ck-sex" value={sexValue} onChange={(e) => setSex((e.target as HTMLSelectElement).value)}>
                <option value="">{t('common.not_said')}</option>
                {SEXES.map((s) => <option value={s}>{t(`person.sexes.${s}`)}</option>)}
              </select>
            </Field>
            <Field id="ck-birth" label={t('interview.birth')} hint={t('interview.birth_hint')} error={fieldError('birth')}>
              <input id="ck-birth" value={birthValue} dir="ltr" aria-describedby={describedBy('ck-birth', true, fieldError('birth'))}
                onInput={(e) => setBirth((e.target as HTMLInputElement).value)} />
            </Field>
            <Field id="ck-nationality" label={t('person.nationality')}>
              <CountrySelect id="ck-nationality" value={nationalityValue} empty={t('common.not_said')} onChange={(v) => setNationality(v)} />
            </Field>
          </div>
        </fieldset>
        <Field id="ck-purpose" label={t('purpose.label')} hint={t('interview.purpose_hint')} required error={fieldError('X-Purpose')}>
          <input id="ck-purpose" value={purpose} required maxLength={200} aria-describedby="ck-purpose-hint" onInput={(e) => setPurpose((e.target as HTMLInputElement).value)} />
        </Field>
        {error && !fieldError('name') && !fieldError('birth') ? <ErrorMessage error={error} id="check-error" /> : null}
        <div class="actions"><button type="submit" id="check-run" disabled={busy || !name.trim() || !purpose.trim()}>{busy ? t('interview.checking') : t('interview.run')}</button></div>
      </form>
      {result ? (
        <section class="card" aria-labelledby="check-result-h" id="check-result" role="status">
          <h2 id="check-result-h">{t('interview.result')}</h2>
          <p class="hint">{t('interview.scope', { orgs: result.organisations_checked, n: result.encodings_compared })}</p>
          {result.matches.length === 0 ? <p id="check-none">{t('interview.none')}</p> : (
            <>
              <p class="notice" id="check-found">{t('interview.found')}</p>
              <ul id="check-matches">{result.matches.map((m) => (
                <li data-org={m.organisation_id}>
                  <strong><bdi>{m.organisation_name}</bdi></strong>
                  {m.contacts.length ? <> — {t('interview.contacts')} <span dir="ltr">{m.contacts.join(', ')}</span></> : null}
                  <ul>{m.persons.map((x) => (
                    <li><span class="pseudonym">{x.reference}</span>: {t('interview.similarity', { pct: pct(x.name_similarity) })},{' '}
                      {t('interview.sex_level', { level: t(`interview.levels.${x.sex}`) })}, {t('interview.birth_level', { level: t(`interview.levels.${x.birth}`) })}</li>
                  ))}</ul>
                </li>
              ))}</ul>
            </>
          )}
          {can.write(props.session, 'testimony') ? (
            <p><Link href={`/testimonies/new?person=${encodeURIComponent(p.id)}`} class="button" id="check-new-testimony">{t('interview.new_testimony')}</Link></p>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
