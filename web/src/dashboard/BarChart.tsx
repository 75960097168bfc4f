import { useEffect, useRef } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface Series { label: string; values: number[]; color: string }

// A bar chart (one or more series) with a text alternative: the same numbers as a table.
export function BarChart(props: { id: string; title: string; labels: string[]; series: Series[]; horizontal?: boolean; rtl?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify([props.labels, props.series, props.rtl]);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: props.labels, datasets: props.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color })) },
      options: {
        indexAxis: props.horizontal ? 'y' : 'x',
        responsive: true, maintainAspectRatio: false, animation: false,
        locale: document.documentElement.lang,
        plugins: { legend: { display: props.series.length > 1, rtl: props.rtl, position: 'top' }, tooltip: { rtl: props.rtl } },
        scales: {
          x: { reverse: !!props.rtl, ticks: { precision: 0 } },
          y: { position: props.rtl ? 'right' : 'left', ticks: { precision: 0 } },
        },
      },
    });
    return () => chart.destroy();
  }, [key]);
  const rows = props.horizontal ? props.labels.length * props.series.length : 0;
  return (
    <figure class="chart card" id={props.id}>
      <figcaption>{props.title}</figcaption>
      <div class="chart-box" style={{ height: `${Math.max(200, props.horizontal ? rows * 22 + 60 : 240)}px` }}>
        <canvas ref={canvas} role="img" aria-label={props.title} />
      </div>
      <div class="sr-only"><table>
        <caption>{props.title}</caption>
        <thead><tr><td />{props.series.map((s) => <th scope="col">{s.label}</th>)}</tr></thead>
        <tbody>{props.labels.map((l, i) => <tr><th scope="row">{l}</th>{props.series.map((s) => <td>{s.values[i]}</td>)}</tr>)}</tbody>
      </table></div>
    </figure>
  );
}
