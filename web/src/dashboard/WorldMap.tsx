import { countryName, t } from '../i18n';
import { MAP_HEIGHT, MAP_WIDTH, countryShapes } from './geo';

// Five shades from light to dark; the legend says what each means.
const SHADES = ['#e8eef5', '#b9cde3', '#7fa6cc', '#3f74a8', '#1b4a7a'];

function shade(n: number, max: number): string {
  if (!n) return '#f4f4f2';
  const i = Math.min(SHADES.length - 1, Math.floor((n / max) * (SHADES.length - 1) + 0.5));
  return SHADES[Math.max(1, i)];
}

export function WorldMap(props: { title: string; counts: Map<string, number> }) {
  const max = Math.max(1, ...props.counts.values());
  const shapes = countryShapes();
  const listed = [...props.counts].sort((a, b) => b[1] - a[1]);
  return (
    <figure class="map card" id="world-map">
      <figcaption>{props.title}</figcaption>
      {/* The map is drawn left-to-right in every language: geography does not mirror. */}
      <svg viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="img" aria-label={props.title} dir="ltr">
        {shapes.map((s) => {
          const n = s.code ? props.counts.get(s.code) ?? 0 : 0;
          return (
            <path d={s.path} fill={shade(n, max)} stroke="#9aa5b1" stroke-width="0.4" data-country={s.code ?? ''}>
              <title>{`${s.code ? countryName(s.code) : s.name}: ${n}`}</title>
            </path>
          );
        })}
      </svg>
      <div class="legend" aria-hidden="true">
        <span>{t('dashboard.map_fewer')}</span>
        {SHADES.map((c) => <span class="swatch" style={{ background: c }} />)}
        <span>{t('dashboard.map_more', { max })}</span>
      </div>
      <div class="sr-only"><table>
        <caption>{props.title}</caption>
        <tbody>{listed.map(([c, n]) => <tr><th scope="row">{countryName(c)}</th><td>{n}</td></tr>)}</tbody>
      </table></div>
    </figure>
  );
}
