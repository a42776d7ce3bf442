/**
 * The profile panel's session history: every profile started in this window, newest
 * first, with its result or failure, and which one is shown or compared. Plain data
 * and no `vscode`, so the panel's behaviour is unit-tested here; the extension posts
 * `state()` to the webview after each change.
 */
import { CLASS_TEXT, type HistoryEntry, type PanelState } from './protocol';
import type { ProfileFailure, ProfileResult } from './types';

/** Older profiles fall off the end: each result holds every task of every run. */
export const HISTORY_LIMIT = 20;


interface Record_ {
  entry: HistoryEntry;
  result?: ProfileResult;
  failure?: ProfileFailure;
}

export class ProfileHistory {
  private records: Record_[] = [];
  private nextId = 1;
  private shownId: number | undefined;
  private compareIds: [number, number] | undefined;

  /** A new profile: it is shown at once, so the previous result is never shown under its title. */
  start(label: string, startedAt = Date.now()): HistoryEntry {
    const entry: HistoryEntry = { id: this.nextId++, label, startedAt, outcome: 'running', summary: '' };
    this.records.unshift({ entry });
    if (this.records.length > HISTORY_LIMIT) this.records.length = HISTORY_LIMIT;
    this.shownId = entry.id;
    this.compareIds = undefined;
    return entry;
  }

  finish(id: number, result: ProfileResult): void {
    const record = this.find(id);
    if (!record) return;
    record.result = result;
    record.entry.outcome = 'done';
    record.entry.summary = `${CLASS_TEXT[result.classification] ?? result.classification}, best ${result.best.speedup.toFixed(2)}×`;
  }

  fail(id: number, failure: ProfileFailure): void {
    const record = this.find(id);
    if (!record) return;
    record.failure = failure;
    record.entry.outcome = failure.kind === 'cancelled' ? 'cancelled' : 'failed';
    record.entry.summary = failure.kind === 'cancelled' ? 'cancelled' : `failed: ${failure.kind}`;
  }

  show(id: number): boolean {
    if (!this.find(id)) return false;
    this.shownId = id;
    this.compareIds = undefined;
    return true;
  }

  /** Side by side; only finished profiles can be compared. */
  compare(left: number, right: number): boolean {
    if (left === right || !this.find(left)?.result || !this.find(right)?.result) return false;
    this.compareIds = [left, right];
    return true;
  }

  closeCompare(): void {
    this.compareIds = undefined;
  }

  result(id: number): ProfileResult | undefined {
    return this.find(id)?.result;
  }

  get running(): HistoryEntry | undefined {
    return this.records.find((r) => r.entry.outcome === 'running')?.entry;
  }

  state(): PanelState {
    const shown = this.shownId === undefined ? undefined : this.find(this.shownId);
    const state: PanelState = {
      history: this.records.map((r) => ({ ...r.entry })),
      shownId: shown?.entry.id,
      shown: shown && { entry: { ...shown.entry }, result: shown.result, failure: shown.failure },
    };
    if (this.compareIds) {
      const [l, r] = this.compareIds.map((id) => this.find(id)!);
      state.compare = { left: { entry: { ...l.entry }, result: l.result! }, right: { entry: { ...r.entry }, result: r.result! } };
    }
    return state;
  }

  private find(id: number): Record_ | undefined {
    return this.records.find((r) => r.entry.id === id);
  }
}

/** The file name an export proposes: the function, the start time, and what it holds. */
export function exportFileName(result: Pick<ProfileResult, 'function' | 'startedAt'>, kind: 'json' | 'trace'): string {
  const base = result.function.replace(/[^\w.-]+/g, '_') || 'profile';
  const stamp = new Date(result.startedAt).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${base}-${stamp}.${kind === 'json' ? 'profile' : 'trace'}.json`;
}

/**
 * The comparison's change column: the later profile against the earlier one,
 * whichever side of the panel each is on. A run that got slower reads "+N%".
 */
export function compareChange(left: { startedAt: number; wallMs?: number }, right: { startedAt: number; wallMs?: number }): string {
  const [before, after] = left.startedAt >= right.startedAt ? [right.wallMs, left.wallMs] : [left.wallMs, right.wallMs];
  if (!before || !after) return '–';
  return `${after <= before ? '−' : '+'}${Math.abs(Math.round((100 * (after - before)) / before))}%`;
}
