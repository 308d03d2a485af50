import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface HourSeries {
  label: string;
  color: string;
  /** 24 values, minor units. */
  values: number[];
  /** Drawn as bars (today) or as a dashed line (a comparison). */
  kind: 'bars' | 'line';
}

/**
 * Sales by hour of the day (uPlot, canvas): one line per series. The figures are also in a
 * visually hidden table, so screen readers and tests read the same numbers.
 */
const bars = uPlot.paths.bars!({ size: [0.6, 40], align: 0 });

export function HourChart({
  series,
  formatAxis,
  formatValue,
  title,
}: {
  series: HourSeries[];
  formatAxis: (minor: number) => string;
  formatValue: (minor: number) => string;
  title: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) {
      return;
    }
    const hours = Array.from({ length: 24 }, (_, h) => h);
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 260,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, range: [-0.5, 23.5] } },
        axes: [
          {
            values: (_u, ticks) => ticks.map((h) => `${String(h).padStart(2, '0')}`),
            stroke: '#51606e',
            grid: { show: false },
          },
          {
            values: (_u, ticks) => ticks.map((v) => formatAxis(v)),
            stroke: '#51606e',
            size: 64,
            grid: { stroke: '#eef1f4' },
          },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: s.kind === 'bars' ? 0 : 2,
            fill: s.kind === 'bars' ? s.color : undefined,
            dash: s.kind === 'line' ? [6, 6] : undefined,
            paths: s.kind === 'bars' ? bars : undefined,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : formatValue(v)),
          })),
        ],
      },
      [hours, ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, formatAxis, formatValue]);
  return (
    <figure className="chart">
      <div ref={box} className="chart-canvas" aria-hidden="true" />
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">h</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: 24 }, (_, h) => (
            <tr key={h}>
              <th scope="row">{String(h).padStart(2, '0')}</th>
              {series.map((s) => (
                <td key={s.label}>{formatValue(s.values[h] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
