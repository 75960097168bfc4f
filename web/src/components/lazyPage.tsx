// Screens only some roles use (case building, sub-granting) are loaded on first use, so the
// first screen's JavaScript stays small on a poor connection.
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { t } from '../i18n';
import { ErrorMessage } from './ErrorMessage';

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let cached: ComponentType<P> | null = null;
  return function Lazy(props: P) {
    const [C, setC] = useState<ComponentType<P> | null>(() => cached);
    const [error, setError] = useState<unknown>(null);
    useEffect(() => {
      if (!C) load().then((c) => { cached = c; setC(() => c); }, setError);
    }, []);
    if (error) return <ErrorMessage error={error} />;
    return C ? <C {...props} /> : <p role="status">{t('common.loading')}</p>;
  };
}
