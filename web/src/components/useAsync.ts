import { useEffect, useState } from 'preact/hooks';

export interface AsyncState<T> { data: T | null; error: unknown; loading: boolean; reload: () => void }

// Runs a loader when its dependencies change; keeps the last error for display.
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    setData(null); // never show the previous page or filter's records as if they were the new ones
    load().then((d) => { if (live) { setData(d); setLoading(false); } },
      (e) => { if (live) { setError(e); setLoading(false); } });
    return () => { live = false; };
  }, [...deps, tick]);
  return { data, error, loading, reload: () => setTick((n) => n + 1) };
}
