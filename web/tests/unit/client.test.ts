import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from '../../src/api/client';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

afterEach(() => { vi.unstubAllGlobals(); vi.useRealTimers(); });

describe('api client', () => {
  it('retries a lost POST with the same Idempotency-Key and sends the CSRF token', async () => {
    vi.useFakeTimers();
    const calls: RequestInit[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
      calls.push(init);
      if (calls.length === 1) throw new TypeError('network');
      return json(201, { id: 'inc_1', version: 1 }, { ETag: '"1"' });
    }));
    setCsrfToken('tok');
    const pending = api.incidents.create({ title: 't', date: '1999', country: 'SN' }, 'key-1');
    await vi.advanceTimersByTimeAsync(1500);
    const r = await pending;
    expect(r.etag).toBe('"1"');
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      const h = c.headers as Record<string, string>;
      expect(h['Idempotency-Key']).toBe('key-1');
      expect(h['X-CSRF-Token']).toBe('tok');
    }
  });

  it('turns problem+json into ApiError and sends If-Match on PATCH', async () => {
    let sent: RequestInit | undefined;
    vi.stubGlobal('fetch', vi.fn(async (_u: string, init: RequestInit) => {
      sent = init;
      return json(412, { code: 'precondition_failed', detail: 'stale', request_id: 'req_1' });
    }));
    const err = await api.incidents.update('inc_1', { title: 'x' }, '"3"').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(412);
    expect((sent!.headers as Record<string, string>)['If-Match']).toBe('"3"');
  });

  it('reports an expired session once per 401, but not for a failed sign-in', async () => {
    const expired = vi.fn();
    setUnauthenticatedHandler(expired);
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { code: 'unauthenticated' })));
    await api.incidents.list().catch(() => undefined);
    expect(expired).toHaveBeenCalledTimes(1);
    await api.login('a@b', 'wrong').catch(() => undefined);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('sends the purpose of a protected read, encoded when not ASCII', async () => {
    const purposes: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_u: string, init: RequestInit) => {
      purposes.push((init.headers as Record<string, string>)['X-Purpose']);
      return json(200, { id: 'per_1', pseudonym: 'P-1', version: 1, identity: {} });
    }));
    await api.persons.identity('per_1', 'referral');
    await api.persons.identity('per_1', 'إحالة');
    expect(purposes[0]).toBe('referral');
    expect(purposes[1]).toBe(encodeURIComponent('إحالة'));
  });
});
