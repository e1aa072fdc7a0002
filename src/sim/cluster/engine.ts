// The step function: pop the next timer (a controller sync or a kubelet/driver timer), move the
// simulated clock to its time, run it. Watch events fan out to the controllers' work queues.
import type { ClusterEvent, KubeObject, KubeletConfig } from '../api';
import { SimulatedClock, TimerQueue } from './clock';
import { SeededRandom } from './random';
import { ObjectStore, type WatchEvent } from './store';
import { CONTROLLER_SYNC_DELAY_MS } from './latency';
import { WorkQueue, type Controller, type ControllerContext, type EngineItem } from './controller';

export const DEFAULT_KUBELET: KubeletConfig = {
  bindDelayMs: 100,
  readyDelayMs: 1500,
  terminateDelayMs: 1000,
  neverReady: false,
  unready: [],
  staggerMs: 0,
};

export interface EngineOptions {
  seed: number;
  namespace: string;
  kubelet: KubeletConfig;
  controllers: Controller[];
}

export class Engine {
  readonly clock = new SimulatedClock();
  readonly timers = new TimerQueue<EngineItem>();
  readonly random: SeededRandom;
  readonly store: ObjectStore;
  readonly events: ClusterEvent[] = [];
  readonly kubelet: KubeletConfig;
  readonly shared = new Map<string, unknown>();
  private readonly queues: WorkQueue[] = [];
  private readonly contexts = new Map<WorkQueue, ControllerContext>();
  private readonly watchersByKind = new Map<string, Array<{ queue: WorkQueue; keys: (e: WatchEvent, c: ControllerContext) => string[] }>>();
  /** Per kind: its watchers then the '*' ones (fixed after construction, so built once). */
  private readonly dispatchList = new Map<string, Array<{ queue: WorkQueue; keys: (e: WatchEvent, c: ControllerContext) => string[]; ctx: ControllerContext; delay: number }>>();
  /** Steps run since creation. */
  steps = 0;

  constructor(options: EngineOptions) {
    this.random = new SeededRandom(options.seed);
    this.store = new ObjectStore(this.clock, this.random, options.namespace);
    this.kubelet = { ...options.kubelet, unready: [...options.kubelet.unready] };
    for (const controller of options.controllers) {
      const queue = new WorkQueue(controller, this.timers, () => this.clock.now());
      this.queues.push(queue);
      queue.ctx = this.makeContext(queue);
      this.contexts.set(queue, queue.ctx);
      for (const spec of controller.watches) {
        let list = this.watchersByKind.get(spec.kind);
        if (!list) this.watchersByKind.set(spec.kind, (list = []));
        list.push({ queue, keys: spec.keys });
      }
    }
    this.store.watch((event) => this.dispatch(event));
  }

  now(): number {
    return this.clock.now();
  }

  /** A context for code outside controllers (the Cluster API), with no queue of its own. */
  context(): ControllerContext {
    return this.makeContext(undefined);
  }

  after(ms: number, label: string, fn: () => void): void {
    this.timers.schedule(this.clock.now() + Math.max(0, ms), { type: 'timer', fn, label });
  }

  recordEvent(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.push({
      t: this.clock.now(),
      type,
      reason,
      object: { kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace },
      message,
    });
  }

  /** True when nothing is scheduled. */
  idle(): boolean {
    return this.timers.size === 0;
  }

  nextTime(): number | undefined {
    return this.timers.peekTime();
  }

  /** Runs one item; false when there was nothing to run. */
  step(): boolean {
    const item = this.timers.pop();
    if (!item) return false;
    this.clock.advanceTo(item.at);
    this.steps++;
    const value = item.value;
    if (value.type === 'timer') {
      value.fn();
      return true;
    }
    const queue = value.queue;
    queue.started(value.key);
    const result = queue.controller.sync(value.key, queue.ctx!);
    if (result && result.requeueAfterMs !== undefined) queue.add(value.key, result.requeueAfterMs);
    return true;
  }

  private dispatch(event: WatchEvent): void {
    let watchers = this.dispatchList.get(event.object.kind);
    if (!watchers) {
      watchers = [...(this.watchersByKind.get(event.object.kind) ?? []), ...(this.watchersByKind.get('*') ?? [])].map((w) => ({
        ...w,
        ctx: this.contexts.get(w.queue)!,
        delay: w.queue.controller.syncDelayMs ?? CONTROLLER_SYNC_DELAY_MS,
      }));
      this.dispatchList.set(event.object.kind, watchers);
    }
    for (let i = 0; i < watchers.length; i++) {
      const w = watchers[i];
      const keys = w.keys(event, w.ctx);
      for (let j = 0; j < keys.length; j++) w.queue.add(keys[j], w.delay);
    }
  }

  private makeContext(queue: WorkQueue | undefined): ControllerContext {
    return {
      store: this.store,
      random: this.random,
      kubelet: this.kubelet,
      shared: this.shared,
      now: () => this.clock.now(),
      event: (obj, type, reason, message) => this.recordEvent(obj, type, reason, message),
      requeueAfter: (key, ms) => queue?.add(key, ms),
      after: (ms, fn) => this.after(ms, queue?.controller.name ?? 'cluster', fn),
    };
  }
}
