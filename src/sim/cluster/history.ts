// Cheap history: the store's change log (frozen objects, shared structure) folded into snapshots
// on demand. Bounded: older changes are folded into a base map, at most HISTORY_LIMIT snapshots kept.
//
// Which snapshots `snapshots()` returns is fixed by a "window" of the change log: the last
// MAX_CHANGES/2..MAX_CHANGES changes (trimmed when it passes MAX_CHANGES), of which the group ends
// (the last change at each distinct time) give the snapshots, the last HISTORY_LIMIT of them.
// Changes older than the last HISTORY_LIMIT + 1 distinct times can never be a snapshot of their
// own, so they are folded into the base map at once instead of being held until the window
// moves: the log then keeps a few hundred versions alive instead of up to MAX_CHANGES, which
// keeps most objects short-lived for the garbage collector. The output is the same.
import type { ClusterSnapshot, KubeObject } from '../api';
import type { ChangeRecord, ObjectStore } from './store';

export const HISTORY_LIMIT = 500;
const MAX_CHANGES = 20_000;
/** Folded changes are spliced out of the log in batches of at least this many. */
const SPLICE_BATCH = 1024;

export class HistoryLog {
  private base = new Map<string, KubeObject>();
  /** Changes spliced out of the store's log so far (global index = removed + array index). */
  private removed = 0;
  /** Array index up to which changes are already applied to `base`. */
  private foldedTo = 0;
  /** Array index up to which `groupStarts` covers the log. */
  private scanned = 0;
  /** Global index where the window starts (changes before it give no snapshot). */
  private windowStart = 0;
  /** Changes in the window as the MAX_CHANGES rule counts them. */
  private windowLength = 0;
  /** Global indexes where the last distinct times start (the last HISTORY_LIMIT + 1 matter). */
  private groupStarts: number[] = [];
  private lastT: number | undefined;

  constructor(private readonly store: ObjectStore) {}

  /** Called after each step: keeps the change log bounded. */
  trim(): void {
    const changes = this.store.changes;
    const n = changes.length;
    if (this.scanned === n) return;
    for (let i = this.scanned; i < n; i++) {
      const t = changes[i].t;
      if (t !== this.lastT) {
        this.lastT = t;
        this.groupStarts.push(this.removed + i);
      }
    }
    this.windowLength += n - this.scanned;
    this.scanned = n;
    if (this.windowLength > MAX_CHANGES) {
      const drop = this.windowLength - MAX_CHANGES / 2;
      this.windowStart += drop;
      this.windowLength -= drop;
    }
    // Everything before the start of the (HISTORY_LIMIT + 1)-th last distinct time folds.
    const groups = this.groupStarts;
    const keep = HISTORY_LIMIT + 1;
    if (groups.length >= 2 * keep) groups.splice(0, groups.length - keep);
    const oldestKept = groups.length >= keep ? groups[groups.length - keep] : 0;
    const foldBefore = Math.max(oldestKept, this.windowStart) - this.removed;
    this.fold(changes, Math.min(foldBefore, n));
  }

  /** Applies changes[foldedTo..to) to the base map; splices folded changes out in batches. */
  private fold(changes: ChangeRecord[], to: number): void {
    for (let i = this.foldedTo; i < to; i++) {
      const c = changes[i];
      if (c.object) this.base.set(c.key, c.object);
      else this.base.delete(c.key);
    }
    if (to > this.foldedTo) this.foldedTo = to;
    if (this.foldedTo >= SPLICE_BATCH) {
      changes.splice(0, this.foldedTo);
      this.removed += this.foldedTo;
      this.scanned -= this.foldedTo;
      this.foldedTo = 0;
    }
  }

  /** One snapshot per distinct time at which something changed, oldest first. */
  snapshots(): ClusterSnapshot[] {
    const state = new Map(this.base);
    const out: ClusterSnapshot[] = [];
    const changes = this.store.changes;
    const firstEmitted = this.windowStart - this.removed;
    for (let i = this.foldedTo; i < changes.length; i++) {
      const c = changes[i];
      if (c.object) state.set(c.key, c.object);
      else state.delete(c.key);
      if (i < firstEmitted) continue;
      const next = changes[i + 1];
      if (!next || next.t !== c.t) {
        out.push({ t: c.t, objects: [...state.values()] });
        if (out.length > HISTORY_LIMIT) out.shift();
      }
    }
    return out;
  }
}
