// Cheap history: the store's change log (frozen objects, shared structure) folded into snapshots
// on demand. Bounded: older changes are folded into a base map, at most HISTORY_LIMIT snapshots kept.
import type { ClusterSnapshot, KubeObject } from '../api';
import type { ObjectStore } from './store';

export const HISTORY_LIMIT = 500;
const MAX_CHANGES = 20_000;

export class HistoryLog {
  private base = new Map<string, KubeObject>();
  private folded = 0;

  constructor(private readonly store: ObjectStore) {}

  /** Called after each step: keeps the change log bounded. */
  trim(): void {
    const changes = this.store.changes;
    if (changes.length <= MAX_CHANGES) return;
    const drop = changes.length - MAX_CHANGES / 2;
    for (let i = 0; i < drop; i++) {
      const c = changes[i];
      if (c.object) this.base.set(c.key, c.object);
      else this.base.delete(c.key);
    }
    changes.splice(0, drop);
    this.folded += drop;
  }

  /** One snapshot per distinct time at which something changed, oldest first. */
  snapshots(): ClusterSnapshot[] {
    const state = new Map(this.base);
    const out: ClusterSnapshot[] = [];
    const changes = this.store.changes;
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i];
      if (c.object) state.set(c.key, c.object);
      else state.delete(c.key);
      const next = changes[i + 1];
      if (!next || next.t !== c.t) {
        out.push({ t: c.t, objects: [...state.values()] });
        if (out.length > HISTORY_LIMIT) out.shift();
      }
    }
    return out;
  }
}
