import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { errorText } from './ErrorMessage';
import type { RecordForm } from './useRecordForm';

// Title, draft and protection notes, conflict message, error summary and the save button.
export function FormShell<F>(props: { id: string; title: string; f: RecordForm<F>; protectedNote?: boolean; children: ComponentChildren; onCancel: () => void }) {
  const f = props.f;
  if (f.loading) return <p role="status">{t('common.loading')}</p>;
  return (
    <section aria-labelledby={`${props.id}-title`}>
      <h1 id={`${props.id}-title`}>{props.title}</h1>
      <p class="hint">{t('form.draft_note')}{props.protectedNote ? ` ${t('form.protected_note')}` : ''}</p>
      {f.restored ? <p class="notice" role="status">{t('form.draft_restored')}</p> : null}
      {f.conflict ? (
        <div class="conflict" role="alert" id="conflict">
          <p><strong>{t('form.conflict_title')}</strong></p>
          <p>{t('form.conflict_body')}</p>
          <button type="button" id="conflict-reload" onClick={() => void f.reloadLatest()}>{t('form.conflict_reload')}</button>
        </div>
      ) : f.error ? <p class="error" role="alert" id="form-error">{errorText(f.error)}</p> : null}
      <form id={props.id} onSubmit={f.submit} noValidate>
        {props.children}
        <div class="actions">
          <button type="submit" id={`${props.id}-save`} disabled={f.saving}>{f.saving ? t('common.saving') : t('common.save')}</button>
          <button type="button" class="secondary" onClick={() => { f.discard(); props.onCancel(); }}>{t('common.cancel')}</button>
        </div>
      </form>
    </section>
  );
}
