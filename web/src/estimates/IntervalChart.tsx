import { useEffect, useRef } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

// Observed people and the estimate as bars, the interval as a wider floating band behind the
// estimate; a screen-reader table carries the same numbers.
export function IntervalChart(props: { id: string; title: string; labels: { observed: string; estimate: string; interval: string };
  observed: number; value: number; lower: number; upper: number; rtl?: boolean; format: (n: number) => string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify([props.observed, props.value, props.lower, props.upper, props.rtl, props.labels]);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: [props.labels.observed, props.labels.estimate],
        datasets: [
          { label: props.labels.interval, data: [null, [props.lower, props.upper]] as unknown as number[], backgroundColor: 'rgba(63, 106, 166, 0.25)', borderColor: '#3f6aa6', borderWidth: 1, barPercentage: 0.9, order: 2 },
          { label: props.labels.estimate, data: [props.observed, props.value], backgroundColor: ['#6b7a8f', '#1f4e8c'], barPercentage: 0.35, order: 1 },
        ],
      },
      options: {
        indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
        locale: document.documentElement.lang,
        datasets: { bar: { grouped: false } },
        plugins: { legend: { display: true, rtl: props.rtl, position: 'top' }, tooltip: { rtl: props.rtl } },
        scales: { x: { reverse: !!props.rtl, beginAtZero: true }, y: { position: props.rtl ? 'right' : 'left' } },
      },
    });
    return () => chart.destroy();
  }, [key]);
  return (
    <figure class="chart card" id={props.id}>
      <figcaption>{props.title}</figcaption>
      <div class="chart-box" style={{ height: '200px' }}>
        <canvas ref={canvas} role="img" aria-label={props.title} />
      </div>
      <div class="sr-only"><table>
        <caption>{props.title}</caption>
        <tbody>
          <tr><th scope="row">{props.labels.observed}</th><td>{props.format(props.observed)}</td></tr>
          <tr><th scope="row">{props.labels.estimate}</th><td>{props.format(props.value)}</td></tr>
          <tr><th scope="row">{props.labels.interval}</th><td>{props.format(props.lower)} – {props.format(props.upper)}</td></tr>
        </tbody>
      </table></div>
    </figure>
  );
}
