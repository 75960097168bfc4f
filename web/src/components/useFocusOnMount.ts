import { useEffect, useRef } from 'preact/hooks';

// Moves keyboard and screen-reader focus to newly revealed content, once.
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return ref;
}
