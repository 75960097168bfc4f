import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, fileNameOf, setCsrfToken, uploadContent } from '../../src/api/client';
import type { Consent } from '../../src/api/types';
import { initialConsent, toConsentInput } from '../../src/consent/ConsentForm';
import { acquisitionOf, capturedToRfc3339 } from '../../src/evidence/acquisition';
import { emptyDate } from '../../src/edtf/edtf';
import { uploadErrorText } from '../../src/evidence/useUpload';
import { initI18n } from '../../src/i18n';

afterEach(() => { vi.unstubAllGlobals(); });

const version = (patch: Partial<Consent>): Consent => ({
  id: 'cns_1', person_id: 'per_1', version: 1, withdrawn: false, recorded_at: '2026-01-01T00:00:00Z', recorded_by: 'usr_1', sha256: 'ab',
  given_how: 'guardian', information_sheet_version: 'v3', language: 'ar', interpreter: 'I-1', child_assent: true,
  scopes: { documentation: true, storage: true, sharing: ['icc'], identity_level: 'full', publication_anonymised: false, media_use: true, follow_up_contact: false },
  ...patch,
});

describe('consent form', () => {
  it('starts from the latest scopes, but never from a withdrawal', () => {
    const from = initialConsent(version({}));
    expect(from.scopes.sharing).toEqual(['icc']);
    expect(from.scopes.identity_level).toBe('full');
    expect(from.child_assent).toBe(true);
    const fresh = initialConsent(version({ withdrawn: true }));
    expect(fresh.scopes).toMatchObject({ storage: false, sharing: [], identity_level: 'none', media_use: false });
    expect(fresh.information_sheet_version).toBe('');
    expect(initialConsent(undefined).scopes.documentation).toBe(true);
  });
  it('sends the API shape: trimmed, child assent only for a guardian, no empty interpreter', () => {
    const input = toConsentInput({ ...initialConsent(version({})), information_sheet_version: ' v4 ', interpreter: ' ' });
    expect(input).toMatchObject({ given_how: 'guardian', information_sheet_version: 'v4', child_assent: true });
    expect('interpreter' in input).toBe(false);
    const written = toConsentInput({ ...initialConsent(version({})), given_how: 'written' });
    expect('child_assent' in written).toBe(false);
  });
  it('posts versions, withdrawals and erasures to the person', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string) => { urls.push(url); return new Response('{}', { status: 201 }); }));
    await api.consents.record('per 1', toConsentInput(initialConsent(undefined)));
    await api.consents.withdraw('per_1');
    await api.consents.eraseIdentity('per_1');
    expect(urls).toEqual(['/api/v1/persons/per%201/consents', '/api/v1/persons/per_1/consents/withdraw', '/api/v1/persons/per_1/identity/erase']);
  });
});

describe('evidence', () => {
  it('builds the acquisition: web captures carry their address and UTC capture time', () => {
    expect(capturedToRfc3339('2026-01-02T03:04')).toBe('2026-01-02T03:04:00Z');
    expect(capturedToRfc3339('2026-01-02T03:04:05')).toBe('2026-01-02T03:04:05Z');
    const date = { ...emptyDate(), kind: 'year' as const, year: '2024' };
    expect(acquisitionOf({ method: 'web_capture', acquired: date, country: 'SN', device: ' ', url: ' https://e.org/x ', captured: '2026-01-02T03:04' }))
      .toEqual({ method: 'web_capture', acquired_at: '2024', country: 'SN', url: 'https://e.org/x', captured_at: '2026-01-02T03:04:00Z' });
    expect(acquisitionOf({ method: 'handed_over', acquired: emptyDate(), country: '', device: 'Phone', url: 'ignored', captured: '' }))
      .toEqual({ method: 'handed_over', device: 'Phone' });
  });
  it('reads the stored file name from Content-Disposition', () => {
    expect(fileNameOf("attachment; filename*=UTF-8''field%20note%C3%A9.txt")).toBe('field noteé.txt');
    expect(fileNameOf('attachment; filename="a.txt"')).toBe('a.txt');
    expect(fileNameOf(null)).toBe('');
  });
  it('sends the content as a raw PUT with the CSRF token, reports progress, and turns problems into errors', async () => {
    const sent: { headers: Record<string, string>; method: string; url: string }[] = [];
    class FakeXhr {
      status = 0; responseText = ''; headers: Record<string, string> = {}; method = ''; url = '';
      upload: { onprogress?: (e: { loaded: number; total: number; lengthComputable: boolean }) => void } = {};
      onload?: () => void; onerror?: () => void;
      open(method: string, url: string) { this.method = method; this.url = url; }
      setRequestHeader(k: string, v: string) { this.headers[k] = v; }
      send(body: Blob) {
        sent.push(this);
        this.upload.onprogress?.({ loaded: body.size / 2, total: body.size, lengthComputable: true });
        const mismatch = sent.length === 1;
        this.status = mismatch ? 422 : 200;
        this.responseText = JSON.stringify(mismatch ? { code: 'digest_mismatch', detail: 'the received bytes have SHA-256 ab' } : { id: 'evd_1', status: 'stored', sha256: 'cd' });
        this.onload?.();
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    setCsrfToken('tok');
    const progress: number[] = [];
    const file = new Blob(['0123456789']);
    const err = await uploadContent('/api/v1/evidence/evd_1/content', file, (n) => progress.push(n)).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('digest_mismatch');
    expect(err.status).toBe(422);
    const ok = await uploadContent('/api/v1/evidence/evd_1/content', file, (n) => progress.push(n));
    expect(ok.status).toBe('stored');
    expect(sent[0]).toMatchObject({ method: 'PUT', url: '/api/v1/evidence/evd_1/content' });
    expect(sent[0].headers['X-CSRF-Token']).toBe('tok');
    expect(progress).toEqual([5, 5, 10]);
    await expect(uploadContent('https://elsewhere.example/x', file, () => {})).rejects.toBeInstanceOf(ApiError);
  });
  it('explains the server answers of an upload in words, with the server detail', async () => {
    await initI18n('en');
    const text = uploadErrorText(new ApiError({ status: 422, code: 'digest_mismatch', detail: 'the received bytes have SHA-256 ab' }));
    expect(text).toContain('the SHA-256 differs');
    expect(text).toContain('SHA-256 ab');
    expect(uploadErrorText(new ApiError({ status: 409, code: 'conflict' }))).toContain('write-once');
    expect(uploadErrorText(new ApiError({ status: 413, code: 'payload_too_large' }))).toContain('larger than the server accepts');
  });
});
