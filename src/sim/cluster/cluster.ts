// The Cluster facade (src/sim/api.ts): kubectl-like verbs over the engine, the timeline, events
// and history. Every verb runs at the current simulated time; controllers react on later steps.
import type {
  AppStatus, ClientSpec, RequestOptions, RequestResult, TrafficStats,
  ApplyResult, Cluster, ClusterEvent, DnsRecord, ClusterOptions, ClusterSnapshot, DeleteOptions, Diagnostic,
  KubeObject, KubeletConfig, ObjectRef, RunResult, TimelineEntry,
} from '../api';
import { Engine, DEFAULT_KUBELET } from './engine';
import { CONTROLLERS, FEATURES } from './registry';
import { TimelineRecorder } from './timeline';
import { HistoryLog } from './history';
import { ApiError } from './store';
import { applyDefaults } from './defaults';
import { strategicMerge } from './patch';
import { deepCopy, deepEqual } from './objects';
import { normalizeKind, resourceWord } from './kinds';
import { parseManifests, validateObject, validateUpdate } from '../input';
import { podDeleteGracePeriod } from './pod-deletion';
import { threeWayMerge } from './apply-merge';
import { bootstrapNodes, nodeVerbs } from '../controllers/node';
import { trafficVerbs } from '../traffic';
import { appStatus } from '../apps';
import type { ControllerContext } from './controller';

/** Bounds of runUntilStable when the caller gives none. */
export const DEFAULT_MAX_STEPS = 200_000;
export const DEFAULT_MAX_MS = 3_600_000;

function diag(message: string, code: string, object?: KubeObject): Diagnostic {
  return { severity: 'error', code, message, line: 0, column: 0, ...(object ? { object: { kind: object.kind, name: object.metadata?.name, document: 0 } } : {}) };
}

/** The object as a client writes it: no server-set metadata, no status (they use simulator types). */
function writableView(obj: KubeObject): KubeObject {
  const { uid, resourceVersion, generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, ...metadata } = obj.metadata;
  void uid; void resourceVersion; void generation; void creationTimestamp; void deletionTimestamp; void deletionGracePeriodSeconds;
  const copy: KubeObject = { ...obj, metadata };
  delete copy.status;
  return copy;
}

export class SimCluster implements Cluster {
  readonly engine: Engine;
  readonly recorder: TimelineRecorder;
  private readonly log: HistoryLog;
  /** What `apply` last wrote for each object, by uid: kubectl's last-applied-configuration. */
  private readonly lastApplied = new Map<string, KubeObject>();

  constructor(options: ClusterOptions = {}) {
    this.engine = new Engine({
      seed: options.seed ?? 1,
      namespace: options.namespace ?? 'default',
      kubelet: { ...DEFAULT_KUBELET, ...(options.kubelet ?? {}) },
      controllers: CONTROLLERS.map((make) => make()),
    });
    this.recorder = new TimelineRecorder(this.engine.store, () => this.engine.now());
    // Modules without a watch event of their own (apps, nodes, traffic) append lines through it.
    this.engine.shared.set('timeline/recorder', this.recorder);
    this.log = new HistoryLog(this.engine.store);
    // After the recorder and the log, so the nodes are in the history from the first snapshot on.
    bootstrapNodes(this.engine.store, options.nodes, options.seed ?? 1);
  }

  get namespace(): string {
    return this.engine.store.defaultNamespace;
  }

  now(): number {
    return this.engine.now();
  }

  apply(input: string | KubeObject[]): ApplyResult {
    let objects: Array<{ object: KubeObject; position?: (path: string) => { line: number; column: number }; document: number }>;
    let diagnostics: Diagnostic[] = [];
    if (typeof input === 'string') {
      const parsed = parseManifests(input);
      diagnostics = parsed.diagnostics;
      objects = parsed.objects.map((p) => ({ object: p.object, position: p.position, document: p.document }));
    } else {
      objects = (Array.isArray(input) ? input : []).map((object, document) => ({ object, document }));
      for (const o of objects) if (o.object && typeof o.object === 'object') diagnostics.push(...validateObject(o.object, undefined, o.document));
    }
    if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics, applied: [] };
    // Immutable fields: check every update before applying anything (all or nothing).
    for (const o of objects) {
      const raw = o.object;
      if (!raw?.kind || !raw.metadata?.name) continue;
      const existing = this.engine.store.get(raw.kind, raw.metadata.namespace ?? this.namespace, raw.metadata.name);
      if (!existing) continue;
      const next = this.merged(existing, raw);
      diagnostics.push(...validateUpdate(writableView(existing), next, o.position, o.document));
    }
    if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics, applied: [] };
    const applied: ApplyResult['applied'] = [];
    for (const { object: raw } of objects) {
      const result = this.applyOne(raw);
      if ('error' in result) {
        diagnostics.push(result.error);
        continue;
      }
      applied.push(result.applied);
    }
    return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics, applied };
  }

  /** The object `apply` would store over `existing`: merged, defaulted, client-writable fields only. */
  private merged(existing: KubeObject, raw: KubeObject): KubeObject {
    const config = deepCopy(raw);
    config.metadata.namespace ??= this.namespace;
    const last = this.lastApplied.get(existing.metadata.uid ?? '');
    const next = threeWayMerge(writableView(existing), last, config) as KubeObject;
    applyDefaults(next);
    return next;
  }

  private applyOne(raw: KubeObject): { applied: ApplyResult['applied'][number] } | { error: Diagnostic } {
    const store = this.engine.store;
    const obj = deepCopy(raw);
    if (!obj || typeof obj !== 'object' || !obj.kind || !obj.metadata?.name) {
      return { error: diag('Each object needs a kind and metadata.name.', 'schema-required') };
    }
    obj.metadata.namespace ??= this.namespace;
    const ref: ObjectRef = { kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace };
    const existing = store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
    try {
      if (!existing) {
        const config = deepCopy(obj);
        applyDefaults(obj);
        const created = store.create(obj);
        if (created?.metadata?.uid) this.lastApplied.set(created.metadata.uid, config);
        return { applied: { ...ref, action: 'created' } };
      }
      const merged = this.merged(existing, obj);
      const next: KubeObject = {
        ...merged,
        metadata: { ...existing.metadata, labels: merged.metadata.labels, annotations: merged.metadata.annotations },
        status: existing.status,
      };
      if (next.metadata.labels === undefined) delete next.metadata.labels;
      if (next.metadata.annotations === undefined) delete next.metadata.annotations;
      if (existing.metadata.uid) this.lastApplied.set(existing.metadata.uid, obj);
      if (deepEqual(next, existing)) return { applied: { ...ref, action: 'unchanged' } };
      const stored = store.update(next);
      return { applied: { ...ref, action: stored === existing ? 'unchanged' : 'configured' } };
    } catch (err) {
      return { error: diag(`${resourceWord(obj.kind, obj.apiVersion)}/${obj.metadata.name}: ${(err as Error).message}`, 'api-error', obj) };
    }
  }

  scale(kind: string, name: string, replicas: number): ApplyResult {
    if (!Number.isInteger(replicas) || replicas < 0) {
      return { ok: false, applied: [], diagnostics: [diag(`Cannot scale ${name} to ${replicas}: replicas must be a whole number, 0 or more.`, 'invalid-replicas')] };
    }
    return this.patch(kind, name, { spec: { replicas } });
  }

  patch(kind: string, name: string, body: unknown): ApplyResult {
    const k = normalizeKind(kind);
    const store = this.engine.store;
    const existing = store.get(k, this.namespace, name);
    if (!existing) {
      return { ok: false, applied: [], diagnostics: [diag(`There is no ${k} named "${name}" in namespace ${this.namespace}. Apply it first, or check the name.`, 'not-found')] };
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, applied: [], diagnostics: [diag('A patch must be a map of fields, like {"spec": {"replicas": 3}}.', 'invalid-patch')] };
    }
    const merged = strategicMerge(deepCopy(existing), body) as KubeObject;
    merged.kind = existing.kind;
    merged.apiVersion = existing.apiVersion;
    merged.metadata = { ...merged.metadata, name: existing.metadata.name, namespace: existing.metadata.namespace, uid: existing.metadata.uid };
    delete merged.metadata.resourceVersion;
    merged.status = existing.status;
    const ref: ObjectRef = { kind: k, name, namespace: this.namespace };
    try {
      applyDefaults(merged);
      const problems = [...validateObject(writableView(merged)), ...validateUpdate(writableView(existing), writableView(merged))].filter((d) => d.severity === 'error');
      if (problems.length > 0) return { ok: false, applied: [], diagnostics: problems };
      const stored = store.update(merged);
      return { ok: true, diagnostics: [], applied: [{ ...ref, action: stored === existing ? 'unchanged' : 'configured' }] };
    } catch (err) {
      return { ok: false, applied: [], diagnostics: [diag(`${resourceWord(k, existing.apiVersion)}/${name}: ${(err as Error).message}`, 'api-error', existing)] };
    }
  }

  deletePod(name: string, options: DeleteOptions = {}): void {
    this.deleteObject('Pod', name, options);
  }

  deleteObject(kind: string, name: string, options: DeleteOptions = {}): void {
    const k = normalizeKind(kind);
    const store = this.engine.store;
    const existing = store.get(k, this.namespace, name);
    if (!existing) return;
    const gracePeriodSeconds = k === 'Pod' ? podDeleteGracePeriod(existing, options.force === true) : 0;
    try {
      store.delete(k, this.namespace, name, { gracePeriodSeconds, propagationPolicy: options.propagationPolicy ?? 'Background' });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }

  failPod(name: string): void {
    const store = this.engine.store;
    const pod = store.get('Pod', this.namespace, name);
    if (!pod || pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') return;
    const conditions = (pod.status?.conditions ?? []).map((c: any) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', lastTransitionTime: this.now() } : c));
    store.updateStatus({ ...pod, status: { ...pod.status, phase: 'Failed', conditions } });
  }

  setReady(podName: string, ready: boolean): void {
    const store = this.engine.store;
    const pod = store.get('Pod', this.namespace, podName);
    if (!pod || pod.status?.phase !== 'Running') return;
    const status = ready ? 'True' : 'False';
    const old = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    if (old?.status === status) return;
    const others = (pod.status?.conditions ?? []).filter((c: any) => c.type !== 'Ready' && c.type !== 'ContainersReady');
    const t = this.now();
    store.updateStatus({
      ...pod,
      status: { ...pod.status, conditions: [...others, { type: 'ContainersReady', status, lastTransitionTime: t }, { type: 'Ready', status, lastTransitionTime: t }] },
    });
  }

  setKubelet(config: Partial<KubeletConfig>): void {
    Object.assign(this.engine.kubelet, config);
    if (config.unready) this.engine.kubelet.unready = [...config.unready];
    // staggerMs counts pods started under the new model from 0 (the traces' driver did the same).
    if (config.staggerMs !== undefined) (this.engine.shared.get('kubelet-model') as { resetStagger(): void } | undefined)?.resetStagger();
  }

  advance(ms: number): RunResult {
    const until = this.now() + Math.max(0, ms);
    let steps = 0;
    for (;;) {
      const next = this.engine.nextTime();
      if (next === undefined || next > until || steps >= DEFAULT_MAX_STEPS) break;
      this.engine.step();
      steps++;
      this.log.trim();
    }
    this.engine.clock.advanceTo(until);
    return { stable: this.engine.idle(), steps, now: this.now() };
  }

  /** Runs until idle, at most maxSteps items or maxMs of simulated time (never loops forever). */
  runUntilStable(limits: { maxSteps?: number; maxMs?: number } = {}): RunResult {
    const maxSteps = limits.maxSteps ?? DEFAULT_MAX_STEPS;
    const until = this.now() + (limits.maxMs ?? DEFAULT_MAX_MS);
    let steps = 0;
    while (steps < maxSteps) {
      const next = this.engine.nextTime();
      if (next === undefined || next > until) break;
      this.engine.step();
      steps++;
      this.log.trim();
    }
    return { stable: this.engine.idle(), steps, now: this.now() };
  }

  get(kind: string, name: string): KubeObject | undefined {
    const obj = this.engine.store.get(normalizeKind(kind), this.namespace, name);
    return obj ? deepCopy(obj) : undefined;
  }

  list(kind: string, selector?: Record<string, string>): KubeObject[] {
    return this.engine.store.list(normalizeKind(kind), this.namespace, selector).map((o) => deepCopy(o));
  }

  events(): ClusterEvent[] {
    return this.engine.events.map((e) => ({ ...e, object: { ...e.object } }));
  }

  timeline(): TimelineEntry[] {
    return this.recorder.entries.map((e) => ({ ...e }));
  }

  snapshot(): ClusterSnapshot {
    return { t: this.now(), objects: this.engine.store.all() };
  }

  history(): ClusterSnapshot[] {
    return this.log.snapshots();
  }

  resolve(name: string): string[] {
    for (const f of FEATURES) {
      const r = f.resolve?.(name, this.engine.context());
      if (r !== undefined) return r;
    }
    return [];
  }

  dnsRecords(): DnsRecord[] {
    for (const f of FEATURES) {
      const r = f.dnsRecords?.(this.engine.context());
      if (r !== undefined) return r;
    }
    return [];
  }

  writeFile(pod: string, path: string, content: string): void {
    for (const f of FEATURES) if (f.writeFile?.(pod, path, content, this.engine.context())) return;
  }

  readFile(pod: string, path: string): string | undefined {
    for (const f of FEATURES) {
      const r = f.readFile?.(pod, path, this.engine.context());
      if (r !== undefined) return r;
    }
    return undefined;
  }

  // Nodes, traffic, configuration and apps live in their own modules; the facade only delegates.
  // One context for all of them: request() may run 100,000 times in a row.
  private verbContext?: ControllerContext;
  private get ctx(): ControllerContext {
    return (this.verbContext ??= this.engine.context());
  }
  stopNode(name: string): void { nodeVerbs.stopNode(this.ctx, name); }
  startNode(name: string): void { nodeVerbs.startNode(this.ctx, name); }
  cordon(name: string): void { nodeVerbs.cordon(this.ctx, name); }
  uncordon(name: string): void { nodeVerbs.uncordon(this.ctx, name); }
  drain(name: string): void { nodeVerbs.drain(this.ctx, name); }

  request(target: string, options?: RequestOptions): RequestResult { return trafficVerbs.request(this.ctx, target, options); }
  startClient(spec: ClientSpec): void { trafficVerbs.startClient(this.ctx, spec); }
  stopClient(name: string): void { trafficVerbs.stopClient(this.ctx, name); }
  trafficStats(options?: { bucketMs?: number }): TrafficStats { return trafficVerbs.trafficStats(this.ctx, options); }
  env(pod: string, container?: string): Record<string, string> | undefined { return trafficVerbs.env(this.ctx, pod, container); }
  appStatus(pod: string): AppStatus | undefined { return appStatus(this.ctx, pod); }
}

export function createCluster(options?: ClusterOptions): Cluster {
  return new SimCluster(options);
}
