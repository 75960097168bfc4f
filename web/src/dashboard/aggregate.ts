// Counts for the dashboard, computed from the records the user may see. Pure (unit tested).
import type { Act, Crime, Incident, Person } from '../api/types';

export type Counts = Map<string, number>;

export interface DashboardCounts {
  totals: { incidents: number; acts: number; victims: number };
  incidentsByCountry: Counts;
  incidentsByMonth: Counts;          // "YYYY-MM" of the earliest possible day, sorted
  incidentsByYear: Counts;           // "YYYY", sorted, years without incidents included as 0
  actsByCategory: Counts;            // an act counts once in each category it is qualified under
  victimsByCategory: Counts;
  victimsBySex: Counts;              // persons by recorded sex; groups count as "unknown"
}

const add = (m: Counts, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

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
  const incidentIds = new Set(incidents.map((i) => i.id));
  const out: DashboardCounts = {
    totals: { incidents: incidents.length, acts: 0, victims: 0 },
    incidentsByCountry: new Map(), incidentsByMonth: new Map(), incidentsByYear: new Map(), actsByCategory: new Map(),
    victimsByCategory: new Map(), victimsBySex: new Map(),
  };
  for (const i of incidents) {
    if (i.country) add(out.incidentsByCountry, i.country);
    const m = monthOf(i);
    if (m) add(out.incidentsByMonth, m);
  }
  out.incidentsByMonth = fillMonths(out.incidentsByMonth);
  const years = new Map<string, number>();
  for (const [m, n] of out.incidentsByMonth) add(years, m.slice(0, 4), n);
  out.incidentsByYear = years;
  // Acts of incidents outside the filter are left out, so that every chart tells the same story.
  const kept = acts.filter((a) => incidentIds.has(a.incident_id));
  const seenVictims = new Set<string>();
  for (const a of kept) {
    out.totals.acts++;
    const n = victimCount(a);
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
  return out;
}

// Sorted months from the first to the last, with the months in between at 0, so that the time
// axis is honest about gaps.
export function fillMonths(m: Counts): Counts {
  const keys = [...m.keys()].sort();
  const out: Counts = new Map();
  if (!keys.length) return out;
  let [y, mo] = keys[0].split('-').map(Number);
  const last = keys[keys.length - 1];
  for (let guard = 0; guard < 2400; guard++) {
    const k = `${y}-${String(mo).padStart(2, '0')}`;
    out.set(k, m.get(k) ?? 0);
    if (k >= last) break;
    if (++mo > 12) { mo = 1; y++; }
  }
  return out;
}
