// Registering a derivative of a stored item (redacted, blurred, converted...): what was done,
// with which tool and version, then its file, fingerprinted and streamed like any evidence.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { DerivationKind } from '../api/types';
import { t } from '../i18n';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { FilePicker, UploadStatus } from './UploadParts';
import { useUpload } from './useUpload';

export const KINDS: DerivationKind[] = ['redacted', 'blurred', 'transcoded', 'metadata_stripped', 'translated', 'other'];

export function DerivativeForm(props: { parentId: string }) {
  const u = useUpload();
  const [kind, setKind] = useState<DerivationKind>('redacted');
  const [tool, setTool] = useState('');
  const [version, setVersion] = useState('');
  const register = (sha256: string, file: File) => api.evidence.registerDerivative(props.parentId, {
    sha256, size: file.size, file_name: file.name, derivation: { kind, tool: tool.trim(), tool_version: version.trim() },
  });
  const submit = (e: Event) => { e.preventDefault(); void u.send(register); };
  const back = `/evidence/${encodeURIComponent(props.parentId)}`;
  return (
    <section aria-labelledby="derivative-title">
      <h1 id="derivative-title">{t('evidence.derivative_title')}</h1>
      <p class="hint">{t('evidence.derivative_hint')}</p>
      <p>{t('evidence.derived_from')} <Link href={back}><code dir="ltr">{props.parentId}</code></Link></p>
      <form id="derivative-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('evidence.derivation')}</legend>
          <Field id="d-kind" label={t('evidence.kind')} required>
            <select id="d-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as DerivationKind)}>
              {KINDS.map((k) => <option value={k}>{t(`evidence.derivation_kinds.${k}`)}</option>)}
            </select>
          </Field>
          <div class="row">
            <Field id="d-tool" label={t('evidence.tool')} required>
              <input id="d-tool" value={tool} required maxLength={200} dir="ltr" onInput={(e) => setTool((e.target as HTMLInputElement).value)} />
            </Field>
            <Field id="d-tool-version" label={t('evidence.tool_version')} required>
              <input id="d-tool-version" value={version} required maxLength={100} dir="ltr" onInput={(e) => setVersion((e.target as HTMLInputElement).value)} />
            </Field>
          </div>
        </fieldset>
        <FilePicker id="d" u={u} />
        <UploadStatus id="d" u={u} onRetry={() => void u.send(register)} />
        <div class="actions">
          <button type="submit" id="derivative-submit" disabled={u.busy || !u.sha256 || u.phase === 'stored'}>{t('evidence.submit')}</button>
          <Link href={back} class="button secondary-link">{t('common.cancel')}</Link>
        </div>
      </form>
    </section>
  );
}
