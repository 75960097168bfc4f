import { ApiError } from '../api/client';
import { t } from '../i18n';

// Says what went wrong in plain words; the server's detail when it has one.
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 412) return t('errors.conflict');
    if (err.status === 0) return t('errors.offline');
    const known = t(`errors.code.${err.code}`, { defaultValue: '' });
    return err.problem.detail ? `${known ? known + ' ' : ''}${err.problem.detail}` : known || t('errors.generic');
  }
  return t('errors.generic');
}

export function ErrorMessage(props: { error: unknown; id?: string }) {
  if (!props.error) return null;
  return <p class="error" role="alert" id={props.id}>{errorText(props.error)}</p>;
}
