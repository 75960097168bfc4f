import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { Role, Session } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage, errorText } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';

const ROLES: Role[] = ['documenter', 'legal', 'support', 'analyst', 'viewer', 'grants', 'reviewer', 'admin'];

// Accounts of the organisation (administrators only). The password is never stored by the UI.
function NewUser(props: { onCreated: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('documenter');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const fieldError = (name: string) => (error instanceof ApiError && error.field === name ? error.problem.detail : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const u = await api.createUser({ email: email.trim(), role, password });
      setDone(t('users.created', { email: u.email }));
      setEmail(''); setPassword('');
      props.onCreated();
    } catch (err) { setError(err); }
  };
  return (
    <form class="card" id="user-form" onSubmit={submit} noValidate aria-labelledby="new-user-h">
      <h2 id="new-user-h">{t('users.new')}</h2>
      {error ? <p class="error" role="alert">{errorText(error)}</p> : null}
      {done ? <p class="notice" role="status">{done}</p> : null}
      <Field id="u-email" label={t('signin.email')} error={fieldError('email')} required>
        <input id="u-email" type="email" dir="ltr" autoComplete="off" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="u-role" label={t('users.role')} error={fieldError('role')} required>
        <select id="u-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
          {ROLES.map((r) => <option value={r}>{t(`roles.${r}`)}</option>)}
        </select>
      </Field>
      <Field id="u-password" label={t('signin.password')} hint={t('users.password_hint')} error={fieldError('password')} required>
        <input id="u-password" type="password" autoComplete="new-password" minLength={12} aria-describedby="u-password-hint"
          value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      </Field>
      <button type="submit" id="user-form-save">{t('users.create')}</button>
    </form>
  );
}

export function Users(props: { session: Session }) {
  const users = useAsync(() => api.users(), []);
  if (!can.audit(props.session)) return <p>{t('errors.code.forbidden')}</p>;
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('users.title')}</h1>
      <ErrorMessage error={users.error} />
      {users.data ? (
        <div class="table-wrap"><table class="list" id="user-table">
          <thead><tr><th scope="col">{t('signin.email')}</th><th scope="col">{t('users.role')}</th><th scope="col">{t('users.status')}</th></tr></thead>
          <tbody>{users.data.items.map((u) => (
            <tr><td dir="ltr">{u.email}</td><td>{t(`roles.${u.role}`)}</td><td>{u.disabled ? t('users.disabled') : t('users.active')}</td></tr>
          ))}</tbody>
        </table></div>
      ) : users.loading ? <p role="status">{t('common.loading')}</p> : null}
      <NewUser onCreated={users.reload} />
    </section>
  );
}
