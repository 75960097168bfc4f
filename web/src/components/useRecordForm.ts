import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Versioned } from '../api/client';
import { clearDraft, loadDraft, saveDraft } from '../state/drafts';

export interface RecordFormOptions<F extends object, R> {
  draftKey: string;
  empty: F;
  protectedFields: (keyof F)[];        // never written to storage
  load?: () => Promise<Versioned<R>>;  // editing an existing record
  fromRecord: (r: R) => F;
  save: (form: F, etag: string | null, idempotencyKey: string) => Promise<Versioned<R>>;
  onSaved: (r: R) => void;
}

export interface RecordForm<F> {
  form: F;
  set: (patch: Partial<F>) => void;
  loading: boolean;
  saving: boolean;
  error: unknown;
  fieldError: (name: string) => string | undefined;
  conflict: boolean;
  submit: (e: Event) => Promise<void>;
  reloadLatest: () => Promise<void>;
  discard: () => void;
  restored: boolean;
}

// State of a create/edit form: the draft in sessionStorage (minus protected fields), the
// record's version for If-Match, the server's field errors and the 412 "changed meanwhile" case.
export function useRecordForm<F extends object, R>(o: RecordFormOptions<F, R>): RecordForm<F> {
  const [draft] = useState(() => loadDraft<F>(o.draftKey)); // read once, when the form opens
  // A draft of an edit remembers the version it started from: saving it after someone else's
  // change then gives 412 and the conflict message, instead of overwriting their change.
  const versionKey = `${o.draftKey}.version`;
  const [draftEtag] = useState(() => loadDraft<{ etag: string }>(versionKey)?.etag ?? null);
  const [form, setForm] = useState<F>({ ...o.empty, ...(draft ?? {}) });
  const [etag, setEtag] = useState<string | null>(null);
  const [loading, setLoading] = useState(!!o.load);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  // The same content submitted again (after a lost answer) reuses its Idempotency-Key.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const fetchRecord = async (keepDraft: boolean) => {
    if (!o.load) return;
    setLoading(true);
    try {
      const v = await o.load();
      setEtag(keepDraft && draft && draftEtag ? draftEtag : v.etag);
      const fresh = o.fromRecord(v.record);
      setForm(keepDraft && draft ? { ...fresh, ...draft } : fresh);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => { void fetchRecord(true); }, [o.draftKey]);

  const set = (patch: Partial<F>) => {
    setForm((prev) => {
      const next = { ...prev, ...patch };
      saveDraft(o.draftKey, next, o.protectedFields);
      if (etag) saveDraft(versionKey, { etag }, []);
      return next;
    });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const body = JSON.stringify(form);
      if (attempt.current?.body !== body) attempt.current = { body, key: crypto.randomUUID() };
      const saved = await o.save(form, etag, attempt.current.key);
      attempt.current = null;
      clearDraft(o.draftKey);
      clearDraft(versionKey);
      o.onSaved(saved.record);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) setConflict(true);
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const reloadLatest = async () => {
    clearDraft(o.draftKey);
    clearDraft(versionKey);
    setConflict(false);
    setError(null);
    await fetchRecord(false);
  };

  const fieldError = (name: string) =>
    error instanceof ApiError && error.field && (error.field === name || error.field.startsWith(`${name}.`) || error.field.startsWith(`${name}[`))
      ? error.problem.detail ?? error.code : undefined;

  return { form, set, loading, saving, error, fieldError, conflict, submit, reloadLatest, discard: () => { clearDraft(o.draftKey); clearDraft(versionKey); }, restored: !!draft };
}
