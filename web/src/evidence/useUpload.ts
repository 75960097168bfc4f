// The life of one file upload: pick a file, fingerprint it in the browser, register the item,
// stream the bytes to its write-once content URL, then show the server's answer. A registered
// item whose upload failed is kept, so "send again" does not register a second item.
import { useRef, useState } from 'preact/hooks';
import { ApiError, uploadContent } from '../api/client';
import type { Evidence } from '../api/types';
import { t } from '../i18n';
import { errorText } from '../components/ErrorMessage';
import { sha256OfFile } from './sha256';

export type Phase = 'idle' | 'hashing' | 'ready' | 'registering' | 'uploading' | 'stored' | 'failed';

export interface Upload {
  file: File | null; sha256: string; hashed: number; sent: number; phase: Phase; error: unknown;
  item: Evidence | null; // registered item (awaiting content, or stored at the end)
  pick: (file: File | null) => void;
  // Registers (unless an item is already registered) and sends the file.
  send: (register?: (sha256: string, file: File) => Promise<Evidence>) => Promise<void>;
  busy: boolean;
}

export function useUpload(existing?: Evidence): Upload {
  const [file, setFile] = useState<File | null>(null);
  const [sha256, setSha] = useState('');
  const [hashed, setHashed] = useState(0);
  const [sent, setSent] = useState(0);
  const [phase, setPhase] = useState<Phase>('idle');
  const [error, setError] = useState<unknown>(null);
  const [item, setItem] = useState<Evidence | null>(existing ?? null);
  const token = useRef(0);

  const pick = (f: File | null) => {
    const mine = ++token.current; // a newer pick makes an older fingerprint irrelevant
    setFile(f); setSha(''); setHashed(0); setSent(0); setError(null);
    if (!existing) setItem(null);
    if (!f) { setPhase('idle'); return; }
    setPhase('hashing');
    sha256OfFile(f, (done) => { if (token.current === mine) setHashed(done); }).then(
      (hex) => { if (token.current === mine) { setSha(hex); setPhase('ready'); } },
      (e) => { if (token.current === mine) { setError(e); setPhase('failed'); } },
    );
  };

  const send = async (register?: (sha: string, f: File) => Promise<Evidence>) => {
    if (!file || !sha256) return;
    setError(null);
    let target = item;
    try {
      if (!target || target.status !== 'awaiting_content') {
        if (!register) return;
        setPhase('registering');
        target = await register(sha256, file);
        setItem(target);
      }
      setPhase('uploading');
      setSent(0);
      const stored = await uploadContent(target.content_url ?? `/api/v1/evidence/${encodeURIComponent(target.id)}/content`, file,
        (n) => setSent(n));
      setItem(stored);
      setPhase('stored');
    } catch (e) {
      setError(e);
      setPhase('failed');
    }
  };

  const busy = phase === 'hashing' || phase === 'registering' || phase === 'uploading';
  return { file, sha256, hashed, sent, phase, error, item, pick, send, busy };
}

// The server's answer in words: what happened, what to do, and the server's own detail.
export function uploadErrorText(err: unknown): string {
  if (err instanceof ApiError && ['digest_mismatch', 'payload_too_large', 'conflict'].includes(err.code)) {
    const detail = err.problem.detail ? ` (${err.problem.detail})` : '';
    return `${t(`evidence.errors.${err.code}`)}${detail}`;
  }
  return errorText(err);
}

export const percent = (done: number, total: number) => (total > 0 ? Math.floor((100 * done) / total) : 100);
