/**
 * The panel's three charts, drawn with Chart.js: speedup against workers (with the
 * ideal and physical-limit lines), a per-worker Gantt of the best run (floating bars),
 * and the main thread's event-loop delay per run. Chart.js was chosen over uPlot for
 * its floating-bar support (the Gantt) and accessible defaults, and over ECharts for
 * size (tree-shaken to the controllers used here).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { POOL_MODES, SCALE_OUT_NAMES, type ProfileResult, type RunMode, type RunResult } from '../../server/src/profiler/types';
import { withAlpha, type Palette } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

export function runLabel(r: Pick<RunResult, 'mode' | 'workers'>): string {
  // Python's thread-pool-free-threaded is one run of a pool, so it carries its size too;
  // the scale-out engines are named as their users know them (joblib (loky) ×2).
  const name = r.mode === 'worker-pool' ? 'pool' : SCALE_OUT_NAMES[r.mode] ?? r.mode;
  return POOL_MODES.includes(r.mode) || freeThreadedBase(r.mode) ? `${name} ×${r.workers}` : r.mode;
}

const FREE_THREADED = '-free-threaded';

/** The pool a free-threaded run is the free-threaded form of, or undefined. */
function freeThreadedBase(mode: RunMode): RunMode | undefined {
  return mode.endsWith(FREE_THREADED) ? (mode.slice(0, -FREE_THREADED.length) as RunMode) : undefined;
}

/**
 * The scale-out engines share the orange series (unused by the pools, the ideal, the
 * limit and the async run) and differ by point shape and dash, so they read apart
 * without colour too.
 */
const ENGINE_STYLE: Partial<Record<RunMode, { pointStyle: 'rect' | 'triangle' | 'star'; borderDash?: number[] }>> = {
  joblib: { pointStyle: 'rect' },
  dask: { pointStyle: 'triangle', borderDash: [3, 3] },
  'dask-remote': { pointStyle: 'star', borderDash: [1, 3] },
};

function seriesOf(modes: RunMode[], mode: RunMode, i: number): number {
  if (ENGINE_STYLE[mode]) return 1;
  const base = freeThreadedBase(mode);
  if (base === undefined) return i === 0 ? 0 : 4;
  const at = modes.indexOf(base);
  return at === 0 ? 0 : at > 0 ? 4 : 1;
}

/** `thread-pool` → thread pool; `thread-pool-free-threaded` → free-threaded thread pool. */
function poolName(mode: RunMode): string {
  if (SCALE_OUT_NAMES[mode]) return SCALE_OUT_NAMES[mode];
  const base = freeThreadedBase(mode);
  return base === undefined ? mode.replace(/-/g, ' ') : `free-threaded ${base.replace(/-/g, ' ')}`;
}

function baseOptions(p: Palette) {
  Chart.defaults.color = p.foreground;
  Chart.defaults.borderColor = p.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).getPropertyValue('--vscode-font-family') || 'sans-serif';
  return { responsive: true, maintainAspectRatio: false, animation: false as const };
}

export function drawSpeedup(canvas: HTMLCanvasElement, r: ProfileResult, p: Palette): Chart {
  const pools = r.runs.filter((x) => POOL_MODES.includes(x.mode));
  const maxW = Math.max(1, ...pools.map((x) => x.workers));
  const xs = Array.from({ length: maxW }, (_, i) => i + 1);
  const asyncRun = r.runs.find((x) => x.mode === 'async-concurrent' || x.mode === 'asyncio-gather');
  const width = p.highContrast ? 3 : 2;
  const poolModes = POOL_MODES.filter((m) => pools.some((x) => x.mode === m));
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [
    ...poolModes.map((mode: RunMode, i) => ({
      label: `measured (${poolName(mode)})`,
      data: xs.map((w) => pools.find((x) => x.mode === mode && x.workers === w)?.speedup ?? null),
      // The first pool blue, the next yellow (green, red and purple mean the ideal, the
      // limit and the async run); a free-threaded thread pool is the thread pool's blue, dashed.
      borderColor: p.series[seriesOf(poolModes, mode, i)],
      backgroundColor: p.series[seriesOf(poolModes, mode, i)],
      ...(freeThreadedBase(mode) ? { borderDash: [10, 4] } : {}),
      ...(ENGINE_STYLE[mode] ?? {}),
      borderWidth: width + 1,
      pointRadius: ENGINE_STYLE[mode] ? 5 : 4,
    })),
    { label: 'ideal (= workers)', data: xs.map((w) => w), borderColor: p.ideal, backgroundColor: p.ideal, borderDash: [6, 4], borderWidth: width, pointRadius: 0 },
    {
      label: r.limit ? `limit: ${r.limit.bound === 'cores' ? 'cores' : 'longest task'} (${r.limitSpeedup.toFixed(2)}×)` : `physical limit (${r.limitSpeedup.toFixed(2)}×)`,
      data: xs.map(() => r.limitSpeedup),
      borderColor: p.limit,
      backgroundColor: p.limit,
      borderDash: [2, 3],
      borderWidth: width,
      pointRadius: 0,
    },
  ];
  if (asyncRun) {
    datasets.push({ label: `${asyncRun.mode} (${asyncRun.speedup.toFixed(2)}×)`, data: xs.map(() => asyncRun.speedup), borderColor: p.series[3], backgroundColor: p.series[3], borderDash: [8, 3, 2, 3], borderWidth: width, pointRadius: 0 });
  }
  return new Chart(canvas, {
    type: 'line',
    data: { labels: xs.map(String), datasets },
    options: {
      ...baseOptions(p),
      scales: {
        x: { title: { display: true, text: 'workers' } },
        y: { beginAtZero: true, title: { display: true, text: 'speedup vs sequential (×)' } },
      },
      plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Number(c.parsed.y).toFixed(2)}×` } } },
    },
  });
}

/** Rows of the Gantt: one per worker, or one per task when tasks overlap on one thread. */
function ganttRows(run: RunResult): { rows: string[]; rowOf: (t: RunResult['tasks'][number]) => string } {
  if (run.mode === 'async-concurrent' || run.mode === 'asyncio-gather') {
    const rows = run.tasks.map((t) => `task ${t.index}`);
    return { rows, rowOf: (t) => `task ${t.index}` };
  }
  const label = (w: number) => (POOL_MODES.includes(run.mode) ? `worker ${w}` : 'main thread');
  const rows = [...new Set(run.tasks.map((t) => t.worker))].sort((a, b) => a - b).map(label);
  return { rows, rowOf: (t) => label(t.worker) };
}

export function drawGantt(canvas: HTMLCanvasElement, run: RunResult, p: Palette): Chart {
  const { rows, rowOf } = ganttRows(run);
  const queued = run.tasks.filter((t) => t.queuedMs > 0.05 && POOL_MODES.includes(run.mode));
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows,
      datasets: [
        {
          label: 'running',
          data: run.tasks.map((t) => ({ x: [t.startMs, Math.max(t.endMs, t.startMs + 0.01)], y: rowOf(t), task: t })) as never,
          backgroundColor: run.tasks.map((t) => withAlpha(p.series[t.index % p.series.length], 0.75)),
          borderColor: run.tasks.map((t) => p.series[t.index % p.series.length]),
          borderWidth: 1,
          borderSkipped: false,
          grouped: false,
          barPercentage: 0.8,
          categoryPercentage: 0.9,
        },
        {
          label: 'waiting in queue',
          data: queued.map((t) => ({ x: [Math.max(0, t.startMs - t.queuedMs), t.startMs], y: rowOf(t), task: t })) as never,
          backgroundColor: withAlpha(p.muted, 0.18),
          borderColor: withAlpha(p.muted, 0.5),
          borderWidth: 1,
          borderSkipped: false,
          grouped: false,
          barPercentage: 0.35,
          categoryPercentage: 0.9,
        },
      ],
    },
    options: {
      ...baseOptions(p),
      indexAxis: 'y',
      scales: {
        x: { min: 0, title: { display: true, text: 'ms since the run started (after pool start-up)' } },
        y: { stacked: false },
      },
      plugins: {
        legend: {
          position: 'bottom',
          labels: {
            // Each task's bar has its own colour, so the legend's swatch for them is a
            // neutral one with words, not the first task's colour.
            generateLabels: (chart) => Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) =>
              item.datasetIndex === 0
                ? { ...item, text: 'running (one colour per task)', fillStyle: withAlpha(p.foreground, 0.35), strokeStyle: p.foreground }
                : item),
          },
        },
        tooltip: {
          callbacks: {
            label: (c) => {
              const t = (c.raw as { task: RunResult['tasks'][number] }).task;
              return c.datasetIndex === 0
                ? `task ${t.index}: ${(t.endMs - t.startMs).toFixed(2)} ms, busy ${t.busyMs.toFixed(2)} ms`
                : `task ${t.index}: waited ${t.queuedMs.toFixed(2)} ms`;
            },
          },
        },
      },
    },
  });
}

export function drawEventLoopDelay(canvas: HTMLCanvasElement, r: ProfileResult, p: Palette): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: r.runs.map(runLabel),
      datasets: [
        {
          label: 'main-thread delay p99 (ms)',
          data: r.runs.map((x) => x.eventLoopDelayP99Ms),
          backgroundColor: r.runs.map((x) => withAlpha(POOL_MODES.includes(x.mode) ? p.series[0] : p.series[1], 0.7)),
          borderColor: r.runs.map((x) => (POOL_MODES.includes(x.mode) ? p.series[0] : p.series[1])),
          borderWidth: 1,
        },
      ],
    },
    options: {
      ...baseOptions(p),
      scales: { y: { beginAtZero: true, title: { display: true, text: 'p99 delay (ms)' } } },
      plugins: { legend: { display: false } },
    },
  });
}
