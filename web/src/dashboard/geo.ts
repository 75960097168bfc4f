// World outlines from world-atlas (Natural Earth 110m), bundled: no tile server, no request
// leaves the browser. Equirectangular projection, drawn as SVG paths.
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, Geometry, Position } from 'geojson';
import { numericToAlpha2 } from 'i18n-iso-countries';
import world from 'world-atlas/countries-110m.json';

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 420; // latitudes 84°N..-60°S: Antarctica left out

const LAT_TOP = 84;
const LAT_BOTTOM = -60;
const project = ([lon, lat]: Position): [number, number] => [
  ((lon + 180) / 360) * MAP_WIDTH,
  ((LAT_TOP - Math.max(LAT_BOTTOM, Math.min(LAT_TOP, lat))) / (LAT_TOP - LAT_BOTTOM)) * MAP_HEIGHT,
];

function ringPath(ring: Position[]): string {
  let d = '';
  let prevLon: number | null = null;
  for (const p of ring) {
    const [x, y] = project(p);
    // A jump across the antimeridian starts a new sub-path instead of a line across the map.
    const cmd = prevLon === null || Math.abs(p[0] - prevLon) > 180 ? 'M' : 'L';
    d += `${cmd}${x.toFixed(1)},${y.toFixed(1)}`;
    prevLon = p[0];
  }
  return d + 'Z';
}

function geometryPath(g: Geometry): string {
  if (g.type === 'Polygon') return g.coordinates.map(ringPath).join('');
  if (g.type === 'MultiPolygon') return g.coordinates.flatMap((poly) => poly.map(ringPath)).join('');
  return '';
}

export interface CountryShape { code: string | null; name: string; path: string }

let shapes: CountryShape[] | null = null;

export function countryShapes(): CountryShape[] {
  if (!shapes) {
    const topo = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const fc = feature(topo, topo.objects.countries) as unknown as { features: Feature<Geometry, { name: string }>[] };
    shapes = fc.features
      .filter((f) => f.properties.name !== 'Antarctica')
      .map((f) => ({ code: f.id !== undefined ? numericToAlpha2(String(f.id)) ?? null : null, name: f.properties.name, path: geometryPath(f.geometry) }));
  }
  return shapes;
}
