// The legal vocabularies (crimes and their elements, act types), loaded once per session.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { ActTypeVocabulary, CrimeVocabulary } from '../api/types';

export interface Vocab { crimes: CrimeVocabulary; actTypes: ActTypeVocabulary }

let cache: Promise<Vocab> | null = null;

export function loadVocab(): Promise<Vocab> {
  if (!cache) {
    cache = Promise.all([api.crimes(), api.actTypes()]).then(([crimes, actTypes]) => ({ crimes, actTypes }));
    cache.catch(() => { cache = null; });
  }
  return cache;
}

export function useVocab(): Vocab | null {
  const [v, setV] = useState<Vocab | null>(null);
  useEffect(() => { loadVocab().then(setV, () => setV(null)); }, []);
  return v;
}

export const CRIME_CATEGORIES = ['genocide', 'crime_against_humanity', 'war_crime', 'aggression', 'torture_cat', 'enforced_disappearance_icpped'];
