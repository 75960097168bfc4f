import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { en as enFirst } from '../../src/i18n/en';
import { fr as frFirst } from '../../src/i18n/fr';
import { ar as arFirst } from '../../src/i18n/ar';
import { laterEn } from '../../src/i18n/later.en';
import { laterFr } from '../../src/i18n/later.fr';
import { laterAr } from '../../src/i18n/later.ar';

// The strings of the lazily loaded screens (src/i18n/later.ts) are checked with the others.
const en = { ...enFirst, ...laterEn };
const fr = { ...frFirst, ...laterFr };
const ar = { ...arFirst, ...laterAr };

type Tree = { [k: string]: string | Tree };
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}
function values(tree: Tree): string[] {
  return Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : values(v)));
}
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}
const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort().join(',');

describe('translations', () => {
  const enKeys = keys(en as Tree).sort();
  it('French and Arabic have exactly the English keys', () => {
    expect(keys(fr as Tree).sort()).toEqual(enKeys);
    expect(keys(ar as Tree).sort()).toEqual(enKeys);
  });
  it('no translation is empty and placeholders match', () => {
    for (const tree of [en, fr, ar]) for (const v of values(tree as Tree)) expect(v.trim()).not.toBe('');
    const get = (tree: Tree, key: string) => key.split('.').reduce<Tree | string>((n, k) => (n as Tree)[k], tree) as string;
    for (const k of enKeys) {
      expect(placeholders(get(fr as Tree, k)), `fr ${k}`).toBe(placeholders(get(en as Tree, k)));
      expect(placeholders(get(ar as Tree, k)), `ar ${k}`).toBe(placeholders(get(en as Tree, k)));
    }
  });
  it('every literal key used in the code exists', () => {
    const all = new Set(enKeys);
    const missing: string[] = [];
    for (const file of sources(join(__dirname, '../../src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-z_]+(?:\.[a-z_0-9]+)+)'/g)) if (!all.has(m[1])) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
  it('Arabic strings are written in Arabic script', () => {
    const arabic = values(ar as Tree).filter((v) => /[\u0600-\u06FF]/.test(v));
    expect(arabic.length / values(ar as Tree).length).toBeGreaterThan(0.95);
  });
});
