// The form for a new consent version: how it was given, the information sheet and language, and
// the scopes (documentation, keeping the identity, sharing by recipient class, identity level,
// publication, media use, follow-up contact). Consent is append-only: nothing here edits a version.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import type { Consent, ConsentInput, ConsentScopes, GivenHow, IdentityLevel, RecipientClass } from '../api/types';
import { t } from '../i18n';
import { describedBy, Field } from '../components/Field';
import { errorText } from '../components/ErrorMessage';
import { useFocusOnMount } from '../components/useFocusOnMount';

export const GIVEN_HOW: GivenHow[] = ['written', 'recorded_oral', 'guardian'];
export const RECIPIENTS: RecipientClass[] = ['ngo_partner', 'national_prosecutor', 'icc', 'un_mechanism'];
export const LEVELS: IdentityLevel[] = ['none', 'pseudonymous', 'full'];
export const FLAGS = ['documentation', 'storage', 'publication_anonymised', 'media_use', 'follow_up_contact'] as const;

// The form starts from the latest consent's scopes (a new version usually changes one thing),
// but not from a withdrawal, which allows nothing.
export function initialConsent(latest: Consent | undefined): ConsentInput {
  const base: ConsentInput = {
    given_how: 'written', information_sheet_version: '', language: '', interpreter: '', child_assent: false,
    scopes: { documentation: true, storage: false, sharing: [], identity_level: 'none', publication_anonymised: false, media_use: false, follow_up_contact: false },
  };
  if (!latest || latest.withdrawn) return base;
  return {
    given_how: latest.given_how, information_sheet_version: latest.information_sheet_version, language: latest.language,
    interpreter: latest.interpreter ?? '', child_assent: latest.child_assent ?? false,
    scopes: { ...base.scopes, ...latest.scopes, sharing: [...(latest.scopes.sharing ?? [])] },
  };
}

export function toConsentInput(f: ConsentInput): ConsentInput {
  const input: ConsentInput = {
    given_how: f.given_how, information_sheet_version: f.information_sheet_version.trim(), language: f.language.trim(), scopes: f.scopes,
  };
  if (f.interpreter?.trim()) input.interpreter = f.interpreter.trim();
  if (f.given_how === 'guardian') input.child_assent = !!f.child_assent;
  return input;
}

// Records a new consent version (POST /persons/{id}/consents). Append-only: nothing is edited.
export function ConsentForm(props: { personId: string; latest?: Consent; onSaved: (c: Consent) => void; onCancel: () => void }) {
  const [f, setF] = useState<ConsentInput>(() => initialConsent(props.latest));
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [key] = useState(() => crypto.randomUUID()); // one record even if the answer is lost
  const ref = useFocusOnMount<HTMLHeadingElement>();
  const set = (patch: Partial<ConsentInput>) => setF({ ...f, ...patch });
  const setScope = (patch: Partial<ConsentScopes>) => setF({ ...f, scopes: { ...f.scopes, ...patch } });
  const [missing, setMissing] = useState<string[]>([]);
  const fieldError = (name: string) => (missing.includes(name) ? t('consent.required')
    : error instanceof ApiError && error.field === name ? errorText(error) : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    // The information sheet and the language are what make a consent informed: both are needed.
    const empty = (['information_sheet_version', 'language'] as const).filter((k) => !f[k].trim());
    setMissing(empty);
    if (empty.length) {
      document.getElementById(empty[0] === 'language' ? 'c-language' : 'c-sheet')?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    try { props.onSaved(await api.consents.record(props.personId, toConsentInput(f), key)); } catch (err) { setError(err); } finally { setSaving(false); }
  };
  const sharing = f.scopes.sharing ?? [];
  return (
    <form id="consent-form" class="card consent-form" onSubmit={submit} noValidate aria-labelledby="consent-form-title">
      <h3 id="consent-form-title" tabIndex={-1} ref={ref}>{t('consent.record_title')}</h3>
      <p class="hint">{t('consent.record_hint')}</p>
      {error && !(error instanceof ApiError && error.field) ? <p class="error" role="alert" id="consent-form-error">{errorText(error)}</p> : null}
      <Field id="c-given" label={t('consent.given_how')} error={fieldError('given_how')} required>
        <select id="c-given" value={f.given_how} onChange={(e) => set({ given_how: (e.target as HTMLSelectElement).value as GivenHow })}>
          {GIVEN_HOW.map((g) => <option value={g}>{t(`consent.given.${g}`)}</option>)}
        </select>
      </Field>
      {f.given_how === 'guardian' ? (
        <div class="field">
          <label class="check"><input type="checkbox" id="c-assent" checked={!!f.child_assent} aria-describedby="c-assent-hint"
            onChange={(e) => set({ child_assent: (e.target as HTMLInputElement).checked })} />{t('consent.child_assent')}</label>
          <p class="hint" id="c-assent-hint">{t('consent.child_assent_hint')}</p>
        </div>
      ) : null}
      <Field id="c-sheet" label={t('consent.information_sheet_version')} hint={t('consent.information_sheet_hint')} error={fieldError('information_sheet_version')} required>
        <input id="c-sheet" value={f.information_sheet_version} required maxLength={100} dir="auto"
          aria-describedby={describedBy('c-sheet', true, fieldError('information_sheet_version'))}
          onInput={(e) => set({ information_sheet_version: (e.target as HTMLInputElement).value })} />
      </Field>
      <div class="row">
        <Field id="c-language" label={t('consent.language')} hint={t('consent.language_hint')} error={fieldError('language')} required>
          <input id="c-language" value={f.language} required maxLength={35} dir="ltr"
            aria-describedby={describedBy('c-language', true, fieldError('language'))}
            onInput={(e) => set({ language: (e.target as HTMLInputElement).value })} />
        </Field>
        <Field id="c-interpreter" label={t('consent.interpreter')} hint={t('consent.interpreter_hint')} error={fieldError('interpreter')}>
          <input id="c-interpreter" value={f.interpreter ?? ''} maxLength={200} dir="auto" aria-describedby="c-interpreter-hint"
            onInput={(e) => set({ interpreter: (e.target as HTMLInputElement).value })} />
        </Field>
      </div>
      <fieldset id="c-scopes">
        <legend>{t('consent.scopes')}</legend>
        {FLAGS.map((k) => (
          <label class="check"><input type="checkbox" id={`c-${k}`} checked={!!f.scopes[k]}
            onChange={(e) => setScope({ [k]: (e.target as HTMLInputElement).checked })} />{t(`consent.scope.${k}`)}</label>
        ))}
        <fieldset id="c-sharing">
          <legend>{t('consent.sharing')}</legend>
          {RECIPIENTS.map((r) => (
            <label class="check"><input type="checkbox" id={`c-share-${r}`} checked={sharing.includes(r)}
              onChange={(e) => setScope({ sharing: (e.target as HTMLInputElement).checked ? [...sharing, r] : sharing.filter((x) => x !== r) })} />
              {t(`consent.recipients.${r}`)}</label>
          ))}
        </fieldset>
        <Field id="c-level" label={t('consent.identity_level')} error={fieldError('scopes.identity_level')}>
          <select id="c-level" value={f.scopes.identity_level ?? 'none'} onChange={(e) => setScope({ identity_level: (e.target as HTMLSelectElement).value as IdentityLevel })}>
            {LEVELS.map((l) => <option value={l}>{t(`consent.levels.${l}`)}</option>)}
          </select>
        </Field>
      </fieldset>
      {error instanceof ApiError && error.field && !['given_how', 'information_sheet_version', 'language', 'interpreter', 'scopes.identity_level'].includes(error.field)
        ? <p class="error" role="alert" id="consent-form-error">{errorText(error)}</p> : null}
      <div class="actions">
        <button type="submit" id="consent-save" disabled={saving}>{saving ? t('common.saving') : t('consent.save')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
