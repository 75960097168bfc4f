import { useEffect, useRef } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

// One bar chart with a text alternative: the same numbers as a table for screen readers.
export function BarChart(props: { id: string; title: string; labels: string[]; values: number[]; horizontal?: boolean; rtl?: boolean; color?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: props.labels, datasets: [{ label: props.title, data: props.values, backgroundColor: props.color ?? '#3b6ea5' }] },
      options: {
        indexAxis: props.horizontal ? 'y' : 'x',
        responsive: true, maintainAspectRatio: false, animation: false,
        locale: document.documentElement.lang,
        plugins: { legend: { display: false }, tooltip: { rtl: props.rtl } },
        scales: {
          x: { reverse: !!props.rtl, ticks: { precision: 0 }, position: 'bottom' },
          y: { position: props.rtl ? 'right' : 'left', ticks: { precision: 0 }, reverse: false },
        },
      },
    });
    return () => chart.destroy();
  }, [props.labels.join('|'), props.values.join('|'), props.rtl]);
  return (
    <figure class="chart card" id={props.id}>
      <figcaption>{props.title}</figcaption>
      <div class="chart-box" style={{ height: `${Math.max(180, props.horizontal ? props.labels.length * 28 + 40 : 220)}px` }}>
        <canvas ref={canvas} role="img" aria-label={props.title} />
      </div>
      <table class="sr-only">
        <caption>{props.title}</caption>
        <tbody>{props.labels.map((l, i) => <tr><th scope="row">{l}</th><td>{props.values[i]}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
