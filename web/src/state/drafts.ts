// Work in progress survives a page reload: form drafts live in sessionStorage (gone when the tab
// closes). Protected fields (identity, narrative) are never written to any storage: callers pass
// the names of the fields to leave out, and the form says so to the user.
const PREFIX = 'giai.draft.';

export function loadDraft<T extends object>(key: string): Partial<T> | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as Partial<T>) : null;
  } catch {
    return null;
  }
}

export function saveDraft<T extends object>(key: string, value: T, protectedFields: (keyof T)[]): void {
  const copy: Partial<T> = { ...value };
  for (const f of protectedFields) delete copy[f];
  try { sessionStorage.setItem(PREFIX + key, JSON.stringify(copy)); } catch { /* storage full or off */ }
}

export function clearDraft(key: string): void {
  try { sessionStorage.removeItem(PREFIX + key); } catch { /* ignore */ }
}

export function clearDrafts(): void {
  try {
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
      const k = sessionStorage.key(i);
      if (k?.startsWith(PREFIX)) sessionStorage.removeItem(k);
    }
  } catch { /* ignore */ }
}
