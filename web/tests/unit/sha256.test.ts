import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { Sha256, formatBytes, sha256OfFile } from '../../src/evidence/sha256';

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('SHA-256 in the browser', () => {
  it('matches the known vectors', () => {
    expect(new Sha256().digestHex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abc')).digestHex())
      .toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('matches node for every length around the block and padding edges, in any chunking', () => {
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4097]) {
      const data = randomBytes(n);
      expect(new Sha256().update(data).digestHex(), `length ${n}`).toBe(node(data));
      const sha = new Sha256();
      for (let i = 0; i < n; i += 7) sha.update(data.subarray(i, i + 7));
      expect(sha.digestHex(), `length ${n} in 7-byte pieces`).toBe(node(data));
    }
  });
  it('hashes a Blob the same way as node, with progress', async () => {
    const data = randomBytes(300_000);
    const seen: number[] = [];
    expect(await sha256OfFile(new Blob([data]), (d) => seen.push(d))).toBe(node(data));
    expect(seen.at(-1)).toBe(300_000);
  });
  it('formats sizes', () => {
    expect(formatBytes(999, 'en')).toBe('999 B');
    expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatBytes(1_500, 'fr')).toBe('1,5 kB');
  });
});
