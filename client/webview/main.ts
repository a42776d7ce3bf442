/**
 * The Profile Selection panel's front end. It draws one ProfileResult: the verdict
 * card, the speedup chart, the Gantt of the best run, the table of runs and the
 * event-loop delay per run. The last result is kept with `vscode.setState`, so hiding
 * and showing the panel redraws it without running anything again.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { Chart } from 'chart.js';
import { POOL_MODES, SCALE_OUT_NAMES, type ProfileFailure, type ProfileResult, type RunResult } from '../../server/src/profiler/types';
import { drawEventLoopDelay, drawGantt, drawSpeedup, runLabel } from './charts';
import { compareChange } from '../../server/src/profiler/panel-history';
import { CLASS_TEXT, type FromWebview, type HistoryEntry, type PanelState, type ToWebview } from '../../server/src/profiler/protocol';
import { readPalette } from './theme';
import './profile.css';

interface VsCodeApi {
  postMessage(m: FromWebview): void;
  getState(): PanelState | undefined;
  setState(s: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: PanelState = vscode.getState() ?? { history: [] };
let charts: Chart[] = [];


function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null) e.append(c);
  return e;
}

function custom(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const times = (v: number) => `${v.toFixed(2)}×`;

function button(label: string, message: FromWebview, secondary: boolean, title?: string): HTMLElement {
  const b = custom('vscode-button', secondary ? { secondary: '' } : {}, label);
  if (title) b.setAttribute('title', title);
  b.addEventListener('click', () => vscode.postMessage(message));
  return b;
}

const timeOf = (at: number | string) => new Date(at).toLocaleTimeString();

/** Run again for any entry; the exports only for a finished result, and they say what they save. */
function actions(entry: HistoryEntry, result: ProfileResult | undefined): HTMLElement {
  const items: HTMLElement[] = [button('Run again', { type: 'runAgain', id: entry.id }, false, `Profile ${entry.label} again with the same arguments`)];
  if (result) {
    const what = `the profile of ${result.function} from ${timeOf(result.startedAt)}`;
    items.push(
      button('Export profile as JSON…', { type: 'exportJson', id: entry.id }, true, `Save ${what}: every run and task, as JSON`),
      button('Export Chrome trace…', { type: 'exportTrace', id: entry.id }, true, `Save ${what} as a Chrome trace, for Perfetto or chrome://tracing`),
    );
  }
  return el('div', { class: 'actions' }, ...items);
}

function historyLabel(h: HistoryEntry): string {
  return `${h.label} · ${timeOf(h.startedAt)} · ${h.outcome === 'running' ? 'running…' : h.summary}`;
}

function select(id: string, label: string, entries: HistoryEntry[], selected: number | undefined, placeholder: string | undefined, onPick: (id: number) => void): HTMLElement {
  const s = custom('vscode-single-select', { id, 'aria-label': label });
  if (placeholder) s.append(custom('vscode-option', { value: '' }, placeholder));
  for (const h of entries) s.append(custom('vscode-option', { value: String(h.id), ...(h.id === selected ? { selected: '' } : {}) }, historyLabel(h)));
  s.addEventListener('change', () => {
    const value = (s as unknown as { value: string }).value;
    if (value) onPick(Number(value));
  });
  return el('label', { class: 'picker' }, el('span', { class: 'note' }, label), s);
}

/** The session's profiles, and a second one to compare the shown profile with. */
function historyBar(): HTMLElement | null {
  if (state.history.length < 2) return null;
  const shown = state.shownId;
  const comparable = state.history.filter((h) => h.outcome === 'done' && h.id !== shown);
  const shownDone = state.history.find((h) => h.id === shown)?.outcome === 'done';
  return el(
    'nav',
    { class: 'history', 'aria-label': 'Profiles of this session' },
    select('history', 'Profile', state.history, shown, undefined, (id) => vscode.postMessage({ type: 'show', id })),
    shownDone && comparable.length > 0
      ? select('compare-with', 'Compare with', comparable, state.compare?.right.entry.id, 'choose a profile…', (id) => vscode.postMessage({ type: 'compare', left: shown!, right: id }))
      : null,
  );
}

/** "Use: <model>", or for an inconclusive verdict its model alone, which recommends nothing. */
function verdictHeading(r: ProfileResult): string {
  return r.inconclusive ? r.recommendation.model : `Use: ${r.recommendation.model}`;
}

function verdictCard(r: ProfileResult): HTMLElement {
  const seq = r.runs.find((x) => x.mode === 'sequential')!;
  const busy = seq.tasks.reduce((a, t) => a + t.busyMs, 0);
  const elapsed = seq.tasks.reduce((a, t) => a + t.endMs - t.startMs, 0);
  const bestName = POOL_MODES.includes(r.best.mode) || r.best.mode.endsWith('-free-threaded') ? `${SCALE_OUT_NAMES[r.best.mode] ?? r.best.mode.replace('-', ' ')} with ${r.best.workers} worker${r.best.workers > 1 ? 's' : ''}` : r.best.mode;
  const facts: [string, string][] = [
    ['best run', `${bestName}: ${times(r.best.speedup)} in ${ms(r.best.wallMs)} ms`],
    r.limit ? ['limit', r.limit.text] : ['physical limit', `${times(r.limitSpeedup)} on ${r.cores} core${r.cores > 1 ? 's' : ''} (makespan bound)`],
    ['mean task', `${ms(elapsed / Math.max(1, r.tasks))} ms, ${elapsed > 0 ? Math.round((100 * busy) / elapsed) : 0}% of it on CPU`],
    ['pool dispatch', `${(r.dispatchOverheadMs * 1000).toFixed(0)} µs per task`],
    ['structured clone', `${r.clone.argsBytes.toLocaleString()} B args + ${r.clone.resultsBytes.toLocaleString()} B results, ${ms(r.clone.cloneMs)} ms`],
    // Python's scale-out engines: what each costs per task against the work, and whether it pays.
    ...(r.scaleOut ?? []).map((e): [string, string] => [
      e.name,
      `${ms(e.dispatchPerTaskMs)} ms dispatch per task against ${ms(e.taskMs)} ms of work, start-up ${ms(e.startupMs)} ms, best ${times(e.bestSpeedup)} with ${e.bestWorkers}: ${e.pays ? 'pays' : 'does not pay'}`,
    ]),
  ];
  const dl = el('dl', { class: 'facts' });
  for (const [k, v] of facts) dl.append(el('dt', {}, k), el('dd', {}, v));
  // An inconclusive verdict recommends nothing, so it has no sketch to show.
  const sketch = r.recommendation.sketch
    ? custom('vscode-collapsible', { heading: 'Code sketch', open: '' }, el('pre', { class: 'sketch' }, el('code', {}, r.recommendation.sketch)))
    : null;
  return el(
    'section',
    { class: `card verdict verdict-${r.classification}${r.inconclusive ? ' inconclusive' : ''}`, 'aria-label': 'Verdict' },
    el('div', { class: 'verdict-head' }, el('span', { class: 'class-pill' }, CLASS_TEXT[r.classification] ?? r.classification), el('h2', {}, verdictHeading(r))),
    el('p', {}, r.recommendation.reason),
    dl,
    sketch,
  );
}

function warnings(r: ProfileResult): HTMLElement | null {
  if (r.warnings.length === 0) return null;
  const mismatch = r.runs.some((x) => !x.matchesSequential);
  return el('section', { class: `card warning${mismatch ? ' mismatch' : ''}`, role: 'alert' }, el('h2', {}, mismatch ? '⚠ Results differ between runs' : '⚠ Notes'), el('ul', {}, ...r.warnings.map((w) => el('li', {}, w))));
}

function chartBox(title: string, note: string, draw: (c: HTMLCanvasElement) => Chart, height = 260): HTMLElement {
  const canvas = el('canvas', { role: 'img', 'aria-label': title });
  const box = el('section', { class: 'card' }, el('h2', {}, title), el('p', { class: 'note' }, note), el('div', { class: 'chart' }, canvas));
  (box.querySelector('.chart') as HTMLElement).style.height = `${height}px`;
  queueMicrotask(() => charts.push(draw(canvas)));
  return box;
}

function runsTable(r: ProfileResult): HTMLElement {
  // Older results have no explanations; their headers stay as they were.
  const ex = r.explain;
  const head: [string, string?][] = [['run'], ['wall ms'], ['CPU ms'], ['speedup'], ['efficiency', ex?.efficiency], ['start-up ms'], [ex ? `${ex.mainThreadDelayName} ms` : 'ELD p99 ms', ex?.mainThreadDelay], [ex?.workerUtilisationName ?? 'worker ELU', ex?.workerUtilisation], ['results']];
  const row = (x: RunResult) => {
    const elu = x.workerStats?.length ? x.workerStats.map((w) => `${Math.round(w.elu * 100)}%`).join(' / ') : '–';
    const isBest = x.mode === r.best.mode && x.workers === r.best.workers;
    return el(
      'tr',
      isBest ? { class: 'best' } : {},
      el('th', x.cluster ? { scope: 'row', title: `${x.cluster.workers} workers, ${x.cluster.threads} threads at ${x.cluster.scheduler}` } : { scope: 'row' }, runLabel(x), x.cluster ? el('span', { class: 'note' }, ` ${x.cluster.scheduler}`) : null, isBest ? el('span', { class: 'best-tag' }, ' best') : null),
      el('td', {}, ms(x.wallMs)),
      el('td', {}, ms(x.cpuMs)),
      el('td', {}, times(x.speedup)),
      el('td', {}, x.efficiency === undefined ? '–' : `${Math.round(x.efficiency * 100)}%`),
      el('td', {}, x.startupMs ? ms(x.startupMs) : '–'),
      el('td', {}, ms(x.eventLoopDelayP99Ms)),
      el('td', {}, elu),
      el('td', { class: x.matchesSequential ? 'ok' : 'bad' }, x.matchesSequential ? 'match' : `differ: ${x.mismatchedTasks?.join(', ')}`),
    );
  };
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, 'Runs'),
    el('p', { class: 'note' }, 'Wall and CPU exclude pool and cluster start-up. CPU is the whole profiler process (all threads), plus the tasks\' CPU time in worker processes. Speedup is against sequential; efficiency is speedup ÷ workers, for pools only. Hover a header for what it means.'),
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, ...head.map(([h, tip]) => el('th', tip ? { scope: 'col', title: tip } : { scope: 'col' }, h)))), el('tbody', {}, ...r.runs.map(row)))),
  );
}

function resultView(r: ProfileResult, entry: HistoryEntry): HTMLElement[] {
  const out: HTMLElement[] = [];
  const p = readPalette();
  const best = r.runs.find((x) => x.mode === r.best.mode && x.workers === r.best.workers) ?? r.runs[0];
  // The entry's time, as the history picker shows it (the result's own is when its runs began).
  out.push(el('header', {}, el('h1', {}, r.function), el('p', { class: 'note' }, `${r.file} · ${r.tasks} task${r.tasks === 1 ? '' : 's'} · ${r.cores} cores · ${new Date(entry.startedAt).toLocaleString()}`), actions(entry, r)));
  const warn = warnings(r);
  if (warn) out.push(warn);
  out.push(verdictCard(r));
  const grid = el('div', { class: 'grid' });
  grid.append(
    chartBox('Speedup vs workers', 'Measured worker-pool speedup, the ideal line, and the best any schedule could do with these task times on this machine.', (c) => drawSpeedup(c, r, p)),
    r.explain
      ? chartBox('Main-thread delay', r.explain.mainThreadDelayCaption, (c) => drawEventLoopDelay(c, r, p))
      : r.language === 'python'
        ? chartBox('Main-process delay', 'How late a 10 ms ticker thread in the Python process wakes, p99. Threads holding the GIL make it late; worker processes do not.', (c) => drawEventLoopDelay(c, r, p))
        : chartBox('Event-loop delay', "The profiler's main thread, p99, corrected for the monitor's 10 ms resolution. Work on the main thread blocks it; a pool does not.", (c) => drawEventLoopDelay(c, r, p)),
  );
  out.push(grid);
  const rows = best.mode === 'async-concurrent' || best.mode === 'asyncio-gather' ? best.tasks.length : new Set(best.tasks.map((t) => t.worker)).size;
  out.push(chartBox(`Timeline of the best run (${runLabel(best)})`, 'One bar per task; faint bars are time spent waiting in the queue.', (c) => drawGantt(c, best, p), Math.min(520, 90 + rows * 36)));
  out.push(runsTable(r));
  return out;
}

/**
 * Two finished profiles side by side: verdicts, best runs and each mode's wall time.
 * Each is named by the time its history entry shows in the pickers above.
 */
function compareView(c: NonNullable<PanelState['compare']>): HTMLElement {
  const { left, right } = c;
  const column = (side: typeof left) => el(
    'div',
    { class: 'compare-col' },
    el('h2', {}, `${side.result.function} · ${timeOf(side.entry.startedAt)}`),
    el('p', {}, el('span', { class: 'class-pill' }, CLASS_TEXT[side.result.classification] ?? side.result.classification), ` ${verdictHeading(side.result)}`),
    el('p', { class: 'note' }, `best ${runLabel(side.result.runs.find((x) => x.mode === side.result.best.mode && x.workers === side.result.best.workers) ?? side.result.runs[0])}: ${times(side.result.best.speedup)} in ${ms(side.result.best.wallMs)} ms`),
  );
  const key = (x: RunResult) => runLabel(x);
  const labels = [...new Set([...left.result.runs.map(key), ...right.result.runs.map(key)])];
  const wall = (r: ProfileResult, label: string) => r.runs.find((x) => key(x) === label)?.wallMs;
  // The change reads as before and after: the later profile against the earlier one,
  // whichever side each is on (the shown one is on the left).
  const leftIsLater = left.entry.startedAt >= right.entry.startedAt;
  const earlier = leftIsLater ? right : left;
  const table = el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...['run', `wall ms (${timeOf(left.entry.startedAt)})`, `wall ms (${timeOf(right.entry.startedAt)})`, `change since ${timeOf(earlier.entry.startedAt)}`].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...labels.map((label) => {
      const a = wall(left.result, label);
      const b = wall(right.result, label);
      return el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, a === undefined ? '–' : ms(a)), el('td', {}, b === undefined ? '–' : ms(b)), el('td', {}, compareChange({ startedAt: left.entry.startedAt, wallMs: a }, { startedAt: right.entry.startedAt, wallMs: b })));
    })),
  );
  return el(
    'section',
    { class: 'card compare', 'aria-label': 'Comparison' },
    el('div', { class: 'compare-head' }, el('h2', {}, 'Side by side'), button('Close comparison', { type: 'closeCompare' }, true)),
    el('div', { class: 'compare-cols' }, column(left), column(right)),
    el('div', { class: 'table-wrap' }, table),
  );
}

function render(): void {
  for (const c of charts) c.destroy();
  charts = [];
  const root = document.getElementById('root')!;
  root.replaceChildren();
  const bar = historyBar();
  if (bar) root.append(bar);
  const shown = state.shown;
  if (!shown) {
    root.append(el('p', { class: 'note' }, 'Run “Loopwise: Profile Selection” in an editor to see a profile here.'));
    return;
  }
  const { entry, result, failure } = shown;
  if (state.compare) {
    root.append(compareView(state.compare));
    return;
  }
  if (entry.outcome === 'running') {
    // A new profile clears the panel: nothing of the previous one shows under this title.
    root.append(
      el('header', {}, el('h1', {}, entry.label), el('p', { class: 'note' }, `started ${timeOf(entry.startedAt)}`)),
      el('div', { class: 'running' }, custom('vscode-progress-ring'), el('span', {}, `Profiling ${entry.label}…`), button('Cancel', { type: 'cancel' }, true)),
    );
    return;
  }
  if (failure?.kind === 'cancelled') {
    root.append(
      el('header', {}, el('h1', {}, entry.label), el('p', { class: 'note' }, `started ${timeOf(entry.startedAt)}`)),
      el('section', { class: 'card cancelled', role: 'status' }, el('h2', {}, 'Cancelled'), el('p', {}, `The profile of ${entry.label} was cancelled before it finished, so there is nothing to show or export.`)),
      actions(entry, undefined),
    );
    return;
  }
  if (failure) {
    root.append(
      el('header', {}, el('h1', {}, entry.label), el('p', { class: 'note' }, `started ${timeOf(entry.startedAt)}`)),
      el('section', { class: 'card warning mismatch', role: 'alert' }, el('h2', {}, `Profile failed: ${failure.kind}`), el('p', {}, failure.message), failure.stack ? el('pre', { class: 'stack' }, failure.stack) : null),
      actions(entry, undefined),
    );
    return;
  }
  if (result) root.append(...resultView(result, entry));
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  if (e.data.type !== 'state') return;
  state = e.data.state;
  vscode.setState(state);
  render();
});

// Theme changes swap the body's class; the charts read colours when drawn, so redraw.
new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

render();
vscode.postMessage({ type: 'ready' });
