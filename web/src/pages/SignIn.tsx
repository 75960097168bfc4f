import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { signIn } from '../state/session';
import { ApiError } from '../api/client';

export function SignIn(props: { expired?: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await signIn(email.trim(), password);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(status === 429 ? t('signin.too_many') : status === 0 ? t('errors.offline') : t('signin.failed'));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="signin card" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signin.title')}</h1>
      {props.expired ? <p class="notice" role="status" id="session-expired">{t('signin.expired')}</p> : null}
      <form onSubmit={submit}>
        <div class="field">
          <label for="email">{t('signin.email')}</label>
          <input id="email" type="email" dir="ltr" autoComplete="username" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="password">{t('signin.password')}</label>
          <input id="password" type="password" dir="ltr" autoComplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </div>
        {error ? <p class="error" role="alert" id="signin-error">{error}</p> : null}
        <button type="submit" id="signin-submit" disabled={busy}>{busy ? t('common.loading') : t('signin.submit')}</button>
      </form>
    </section>
  );
}
