// Counts for the dashboard, computed from the records the user may see. Pure (unit tested).
import type { Act, Crime, Incident, Person } from '../api/types';

export type Counts = Map<string, number>;

// Incidents, acts and people harmed under one key (a country, a month, a year).
export interface Triple { incidents: number; acts: number; victims: number }
export type TripleCounts = Map<string, Triple>;

export interface DashboardCounts {
  totals: { incidents: number; acts: number; victims: number; genderBasedActs: number };
  byCountry: TripleCounts;
  byMonth: TripleCounts;             // "YYYY-MM" of the earliest possible day, gaps filled with 0
  byYear: TripleCounts;              // "YYYY", gaps filled with 0
  actsByCategory: Counts;            // an act counts once in each category it is qualified under
  victimsByCategory: Counts;
  victimsBySex: Counts;              // persons by recorded sex; groups count as "unknown"
}

const add = (m: Counts, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const zero = (): Triple => ({ incidents: 0, acts: 0, victims: 0 });
function addTo(m: TripleCounts, k: string | null, field: keyof Triple, n = 1): void {
  if (!k) return;
  const v = m.get(k) ?? zero();
  v[field] += n;
  m.set(k, v);
}

export function monthOf(i: { date_range?: { earliest: string | null } }): string | null {
  const e = i.date_range?.earliest;
  return e && /^\d{4}-\d{2}/.test(e) ? e.slice(0, 7) : null;
}

function victimCount(a: Act): number {
  return (a.victims ?? []).reduce((n, v) => n + (v.person_id ? 1 : Math.max(1, v.count ?? 1)), 0);
}

export function aggregate(incidents: Incident[], acts: Act[], persons: Person[], crimes: Crime[]): DashboardCounts {
  const categoryOf = new Map(crimes.map((c) => [c.id, c.category]));
  const sexOf = new Map(persons.map((p) => [p.id, p.sex ?? 'unknown']));
  const incidentById = new Map(incidents.map((i) => [i.id, i]));
  const out: DashboardCounts = {
    totals: { incidents: incidents.length, acts: 0, victims: 0, genderBasedActs: 0 },
    byCountry: new Map(), byMonth: new Map(), byYear: new Map(),
    actsByCategory: new Map(), victimsByCategory: new Map(), victimsBySex: new Map(),
  };
  for (const i of incidents) {
    addTo(out.byCountry, i.country || null, 'incidents');
    addTo(out.byMonth, monthOf(i), 'incidents');
  }
  // Acts of incidents outside the filter are left out, so that every chart tells the same story.
  const seenVictims = new Set<string>();
  for (const a of acts) {
    const incident = incidentById.get(a.incident_id);
    if (!incident) continue;
    out.totals.acts++;
    if (a.gender_based) out.totals.genderBasedActs++;
    const n = victimCount(a);
    const month = monthOf(a) ?? monthOf(incident);
    addTo(out.byCountry, incident.country || null, 'acts');
    addTo(out.byMonth, month, 'acts');
    addTo(out.byCountry, incident.country || null, 'victims', n);
    addTo(out.byMonth, month, 'victims', n);
    const cats = new Set((a.qualifications ?? []).map((q) => categoryOf.get(q) ?? 'other'));
    if (cats.size === 0) cats.add('unqualified');
    for (const c of cats) { add(out.actsByCategory, c); add(out.victimsByCategory, c, n); }
    for (const v of a.victims ?? []) {
      if (v.person_id) {
        if (seenVictims.has(v.person_id)) continue; // a person harmed in several acts counts once
        seenVictims.add(v.person_id);
        add(out.victimsBySex, sexOf.get(v.person_id) ?? 'unknown');
        out.totals.victims++;
      } else {
        const c = Math.max(1, v.count ?? 1);
        add(out.victimsBySex, 'unknown', c);
        out.totals.victims += c;
      }
    }
  }
  out.byMonth = fillMonths(out.byMonth);
  for (const [m, v] of out.byMonth) {
    const y = m.slice(0, 4);
    addTo(out.byYear, y, 'incidents', v.incidents);
    addTo(out.byYear, y, 'acts', v.acts);
    addTo(out.byYear, y, 'victims', v.victims);
  }
  return out;
}

// Sorted months from the first to the last, with the months in between at 0, so that the time
// axis is honest about gaps.
export function fillMonths(m: TripleCounts): TripleCounts {
  const keys = [...m.keys()].sort();
  const out: TripleCounts = new Map();
  if (!keys.length) return out;
  let [y, mo] = keys[0].split('-').map(Number);
  const last = keys[keys.length - 1];
  for (let guard = 0; guard < 2400; guard++) {
    const k = `${y}-${String(mo).padStart(2, '0')}`;
    out.set(k, m.get(k) ?? zero());
    if (k >= last) break;
    if (++mo > 12) { mo = 1; y++; }
  }
  return out;
}
