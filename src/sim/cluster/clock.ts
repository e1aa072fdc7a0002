// Simulated time and the one deterministic timer queue of the engine: items run in order of
// time, then of insertion (a binary heap keyed by [at, seq]). Nothing here reads a real clock.

export class SimulatedClock {
  private current = 0;
  now(): number {
    return this.current;
  }
  /** Moves time forward; never backwards (an item due in the past runs "now"). */
  advanceTo(t: number): void {
    if (t > this.current) this.current = t;
  }
}

export interface QueueItem<T> {
  at: number;
  seq: number;
  value: T;
  cancelled: boolean;
}

/** A min-heap on (at, seq): equal times keep insertion order, so runs are reproducible. */
export class TimerQueue<T> {
  private heap: QueueItem<T>[] = [];
  private seq = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  schedule(at: number, value: T): QueueItem<T> {
    const item: QueueItem<T> = { at, seq: this.seq++, value, cancelled: false };
    this.heap.push(item);
    this.up(this.heap.length - 1);
    this.live++;
    return item;
  }

  cancel(item: QueueItem<T>): void {
    if (item.cancelled) return;
    item.cancelled = true;
    this.live--;
  }

  /** Time of the next live item, or undefined when empty. */
  peekTime(): number | undefined {
    this.dropCancelled();
    return this.heap.length > 0 ? this.heap[0].at : undefined;
  }

  pop(): QueueItem<T> | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top) return undefined;
    this.removeTop();
    this.live--;
    top.cancelled = true; // consumed: a later cancel() is a no-op
    return top;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private less(a: QueueItem<T>, b: QueueItem<T>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  // Sift with a hole instead of swaps (no temporary arrays: this runs on every engine step).
  private up(i: number): void {
    const h = this.heap;
    const item = h[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      if (!(item.at < parent.at || (item.at === parent.at && item.seq < parent.seq))) break;
      h[i] = parent;
      i = p;
    }
    h[i] = item;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const item = h[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(h[r], h[l]) ? r : l;
      if (!this.less(h[c], item)) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = item;
  }
}
