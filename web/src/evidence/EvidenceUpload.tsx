// Adding evidence to an incident: the file is fingerprinted here, registered with how it was
// obtained (POST /evidence), then streamed to its write-once content URL with progress.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { errorText } from '../components/ErrorMessage';
import type { AcquisitionMethod, EvidenceInput } from '../api/types';
import { t } from '../i18n';
import { emptyDate } from '../edtf/edtf';
import { acquisitionOf, METHODS, type AcquisitionForm as Form } from './acquisition';
import { CountrySelect } from '../components/CountrySelect';
import { DateInput } from '../components/DateInput';
import { describedBy, Field } from '../components/Field';
import { Link } from '../components/Link';
import { FilePicker, UploadStatus } from './UploadParts';
import { useUpload } from './useUpload';

export function EvidenceUpload(props: { incidentId: string }) {
  const u = useUpload();
  const [f, setF] = useState<Form>({ method: 'device_capture', acquired: emptyDate(), country: '', device: '', url: '', captured: '' });
  const set = (patch: Partial<Form>) => setF({ ...f, ...patch });
  // The server's message next to the field it is about (it names fields as acquisition.url...).
  const field = (name: string) =>
    u.error instanceof ApiError && (u.error.field === name || u.error.field === `acquisition.${name}`) ? errorText(u.error) : undefined;
  const register = (sha256: string, file: File) => {
    const input: EvidenceInput = { sha256, size: file.size, file_name: file.name, incident_id: props.incidentId, acquisition: acquisitionOf(f) };
    return api.evidence.register(input);
  };
  const submit = (e: Event) => { e.preventDefault(); void u.send(register); };
  const web = f.method === 'web_capture';
  return (
    <section aria-labelledby="evidence-upload-title">
      <h1 id="evidence-upload-title">{t('evidence.upload_title')}</h1>
      <p class="hint">{t('evidence.upload_hint')}</p>
      <form id="evidence-form" onSubmit={submit} noValidate>
        <FilePicker id="e" u={u} />
        <fieldset id="e-acquisition">
          <legend>{t('evidence.acquisition')}</legend>
          <Field id="e-method" label={t('evidence.method')} required>
            <select id="e-method" value={f.method} onChange={(e) => set({ method: (e.target as HTMLSelectElement).value as AcquisitionMethod })}>
              {METHODS.map((m) => <option value={m}>{t(`evidence.methods.${m}`)}</option>)}
            </select>
          </Field>
          <DateInput id="e-acquired" legend={t('evidence.acquired_at')} value={f.acquired} onChange={(acquired) => set({ acquired })} />
          <Field id="e-country" label={t('evidence.country')}>
            <CountrySelect id="e-country" value={f.country} empty={t('common.choose')} onChange={(country) => set({ country })} />
          </Field>
          <Field id="e-device" label={t('evidence.device')} hint={t('evidence.device_hint')}>
            <input id="e-device" value={f.device} maxLength={200} dir="auto" aria-describedby="e-device-hint"
              onInput={(e) => set({ device: (e.target as HTMLInputElement).value })} />
          </Field>
          {web ? <>
            <p class="hint" id="e-web-note">{t('evidence.web_note')}</p>
            <Field id="e-url" label={t('evidence.url')} required error={field('url')}>
              <input id="e-url" type="url" dir="ltr" value={f.url} required aria-describedby={describedBy('e-url', false, field('url'))}
                onInput={(e) => set({ url: (e.target as HTMLInputElement).value })} />
            </Field>
            <Field id="e-captured" label={t('evidence.captured_at')} required error={field('captured_at')}>
              <input id="e-captured" type="datetime-local" step="1" dir="ltr" value={f.captured} required
                onInput={(e) => set({ captured: (e.target as HTMLInputElement).value })} />
            </Field>
          </> : null}
        </fieldset>
        <UploadStatus id="e" u={u} onRetry={() => void u.send(register)} />
        <div class="actions">
          <button type="submit" id="evidence-submit" disabled={u.busy || !u.sha256 || u.phase === 'stored'}>{t('evidence.submit')}</button>
          <Link href={`/incidents/${encodeURIComponent(props.incidentId)}`} class="button secondary-link">{t('common.cancel')}</Link>
        </div>
      </form>
    </section>
  );
}
