// What happens when a node stops reporting, returns, is drained or deleted: the node lifecycle
// controller (`monitorNodeHealth`, `MarkPodsNotReady`), taint-based eviction (the NoExecute taint
// manager with DefaultTolerationSeconds), PodGC (`gcOrphaned`, and `gcTerminating` for the
// out-of-service taint of non-graceful node shutdown) and `kubectl drain` with the Eviction API.
import type { KubeObject, Taint } from '../../api';
import type { ControllerContext } from '../../cluster/controller';
import { ApiError } from '../../cluster/store';
import { KUBELET_WRITE_DELAY_MS } from '../../cluster/latency';
import { selectorMatches } from '../../cluster/labels';
import { appendTimeline } from '../../apps/runtime';
import { isPodReady } from '../replicaset/pod_state';
import { podDeleteGracePeriod } from '../../cluster/pod-deletion';
import {
  DRAIN_RETRY_MS, NODE_MONITOR_GRACE_MS, POD_GC_PERIOD_MS, TAINT_OUT_OF_SERVICE, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE,
  nodeReady, stoppedNodes, taints, tolerationSeconds,
} from './nodes';

function mustNode(ctx: ControllerContext, name: string): KubeObject {
  const node = ctx.store.get('Node', '', name);
  if (!node) {
    const names = ctx.store.list('Node').map((n) => n.metadata.name).join(', ') || 'none';
    throw new Error(`There is no node named "${name}". Nodes: ${names}.`);
  }
  return node;
}

function quietly(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
}

export function podsOnNode(ctx: ControllerContext, node: string): KubeObject[] {
  return ctx.store.list('Pod').filter((p) => p.spec?.nodeName === node);
}

function setPodReady(ctx: ControllerContext, pod: KubeObject, ready: boolean): void {
  if (pod.status?.phase !== 'Running') return;
  const status = ready ? 'True' : 'False';
  const t = ctx.now();
  const conditions = (pod.status?.conditions ?? []).map((c: any) =>
    (c.type === 'Ready' || c.type === 'ContainersReady') && c.status !== status ? { ...c, status, lastTransitionTime: t } : c,
  );
  quietly(() => ctx.store.updateStatus({ ...pod, status: { ...pod.status, conditions } }));
}

function setNodeReady(ctx: ControllerContext, node: KubeObject, status: 'True' | 'Unknown'): KubeObject {
  const t = ctx.now();
  const ready = status === 'True'
    ? { type: 'Ready', status, reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: t }
    : { type: 'Ready', status, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: t };
  const others = (node.status?.conditions ?? []).filter((c: any) => c?.type !== 'Ready');
  return ctx.store.updateStatus({ ...node, status: { ...node.status, conditions: [ready, ...others] } });
}

function setTaints(ctx: ControllerContext, node: KubeObject, next: Taint[]): KubeObject {
  const spec = { ...node.spec };
  if (next.length > 0) spec.taints = next;
  else delete spec.taints;
  return ctx.store.update({ ...node, spec });
}

/** A Node applied as YAML: its kubelet registers and posts Ready status a moment later. */
export function registerNode(ctx: ControllerContext, name: string): void {
  ctx.after(KUBELET_WRITE_DELAY_MS, () => {
    const node = ctx.store.get('Node', '', name);
    if (!node || node.status?.conditions) return;
    const index = ctx.store.list('Node').findIndex((n) => n.metadata.name === name);
    quietly(() =>
      ctx.store.updateStatus({
        ...node,
        status: {
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: ctx.now() }],
          allocatable: { pods: '110' },
          capacity: { pods: '110' },
          addresses: [{ type: 'InternalIP', address: `10.0.0.${10 + Math.max(0, index)}` }, { type: 'Hostname', address: name }],
        },
      }),
    );
    appendTimeline(ctx, 'node', name, 'ready');
  });
}

/** The kubelet stops posting status: after the grace period the node is Unknown, tainted, its pods NotReady. */
export function stopNode(ctx: ControllerContext, name: string): void {
  mustNode(ctx, name);
  const stopped = stoppedNodes(ctx);
  if (stopped.has(name)) return;
  stopped.add(name);
  const since = ctx.now();
  appendTimeline(ctx, 'node', name, 'stopped', 'kubelet stopped reporting');
  // Touch the node so watchers (apps, the simulator view) see the change at once.
  ctx.after(NODE_MONITOR_GRACE_MS, () => {
    const node = ctx.store.get('Node', '', name);
    if (!node || !stopped.has(name) || (stoppedSince.get(ctx)?.get(name) ?? since) !== since) return;
    quietly(() => {
      const unknown = setNodeReady(ctx, node, 'Unknown');
      const kept = taints(unknown).filter((x) => x.key !== TAINT_UNREACHABLE);
      setTaints(ctx, unknown, [...kept, { key: TAINT_UNREACHABLE, effect: 'NoSchedule' }, { key: TAINT_UNREACHABLE, effect: 'NoExecute' }]);
    });
    ctx.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    appendTimeline(ctx, 'node', name, 'not-ready');
    for (const pod of podsOnNode(ctx, name)) {
      setPodReady(ctx, pod, false);
      scheduleTaintEviction(ctx, pod, name, TAINT_UNREACHABLE);
    }
  });
  stoppedSince.set(ctx, name, since);
}

// When each node was last stopped, so a stop → start → stop sequence ignores the first stop's timer.
const stoppedSince = {
  get(ctx: ControllerContext): Map<string, number> | undefined {
    return ctx.shared.get('nodes/stopped-since') as Map<string, number> | undefined;
  },
  set(ctx: ControllerContext, name: string, t: number): void {
    let m = this.get(ctx);
    if (!m) ctx.shared.set('nodes/stopped-since', (m = new Map()));
    m.set(name, t);
  },
};

/** The NoExecute taint manager: delete the pod once its toleration of `key` runs out. */
function scheduleTaintEviction(ctx: ControllerContext, pod: KubeObject, node: string, key: string): void {
  const seconds = tolerationSeconds(pod, key);
  if (seconds === undefined) return; // tolerates it forever
  ctx.after(Math.max(0, seconds) * 1000, () => {
    const live = ctx.store.get('Pod', pod.metadata.namespace, pod.metadata.name);
    const still = ctx.store.get('Node', '', node);
    if (!live || live.metadata.uid !== pod.metadata.uid || live.metadata.deletionTimestamp !== undefined) return;
    if (!still || !taints(still).some((t) => t.key === key && t.effect === 'NoExecute')) return;
    ctx.event(live, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${live.metadata.namespace}/${live.metadata.name}`);
    appendTimeline(ctx, 'pod', live.metadata.name, 'evicted', `node ${node} ${key === TAINT_OUT_OF_SERVICE ? 'out of service' : 'unreachable'}`);
    quietly(() => ctx.store.delete('Pod', live.metadata.namespace, live.metadata.name, { gracePeriodSeconds: podDeleteGracePeriod(live, false), uid: live.metadata.uid }));
  });
}

/** The kubelet reports again: Ready, taints gone, pods Ready again, and it finishes the deletions it missed. */
export function startNode(ctx: ControllerContext, name: string, resume: (node: string) => void): void {
  const node = mustNode(ctx, name);
  const stopped = stoppedNodes(ctx);
  if (!stopped.has(name)) return;
  stopped.delete(name);
  quietly(() => {
    let live = node;
    if (!nodeReady(live)) live = setNodeReady(ctx, live, 'True');
    const kept = taints(live).filter((t) => t.key !== TAINT_UNREACHABLE);
    if (kept.length !== taints(live).length) setTaints(ctx, live, kept);
  });
  ctx.event(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
  appendTimeline(ctx, 'node', name, 'ready');
  for (const pod of podsOnNode(ctx, name)) if (pod.metadata.deletionTimestamp === undefined) setPodReady(ctx, pod, true);
  resume(name);
}

export function cordon(ctx: ControllerContext, name: string, on: boolean): void {
  const node = mustNode(ctx, name);
  if (Boolean(node.spec?.unschedulable) === on) return;
  const spec = { ...node.spec };
  const others = taints(node).filter((t) => t.key !== TAINT_UNSCHEDULABLE);
  if (on) {
    spec.unschedulable = true;
    spec.taints = [...others, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' }];
  } else {
    delete spec.unschedulable;
    if (others.length) spec.taints = others;
    else delete spec.taints;
  }
  ctx.store.update({ ...node, spec });
  appendTimeline(ctx, 'node', name, on ? 'cordoned' : 'uncordoned');
}

/** `disruptionsAllowed` of a PodDisruptionBudget right now (the disruption controller's arithmetic). */
export function disruptionsAllowed(ctx: ControllerContext, pdb: KubeObject): number {
  const selector = pdb.spec?.selector;
  const pods = ctx.store.list('Pod', pdb.metadata.namespace).filter((p) => selector && selectorMatches(selector, p.metadata.labels));
  const healthy = pods.filter((p) => p.metadata.deletionTimestamp === undefined && isPodReady(p)).length;
  const podCount = pods.filter((p) => p.metadata.deletionTimestamp === undefined).length;
  // getExpectedPodCount: an integer minAvailable counts the pods; maxUnavailable and percentages
  // count against the owners' scale, so a pod being evicted (Terminating) still counts as expected.
  const byScale = pdb.spec?.maxUnavailable !== undefined || typeof pdb.spec?.minAvailable === 'string';
  const expected = byScale ? expectedFromScale(ctx, pods) ?? pods.length : podCount;
  const value = (v: unknown, total: number, roundUp: boolean): number => {
    if (typeof v === 'number') return v;
    const m = /^(\d+)%$/.exec(String(v ?? ''));
    if (!m) return 0;
    const x = (Number(m[1]) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  };
  let desiredHealthy: number;
  if (pdb.spec?.minAvailable !== undefined) desiredHealthy = value(pdb.spec.minAvailable, expected, true);
  else if (pdb.spec?.maxUnavailable !== undefined) desiredHealthy = expected - value(pdb.spec.maxUnavailable, expected, false);
  else desiredHealthy = 0;
  return Math.max(0, healthy - desiredHealthy);
}

/** The sum of `spec.replicas` of the pods' top controllers (a ReplicaSet's Deployment), or undefined without one. */
function expectedFromScale(ctx: ControllerContext, pods: KubeObject[]): number | undefined {
  const scales = new Map<string, number>();
  for (const pod of pods) {
    let owner: KubeObject | undefined = pod;
    for (let depth = 0; depth < 2; depth++) {
      const ref: any = (owner?.metadata.ownerReferences ?? []).find((r: any) => r?.controller);
      const next: KubeObject | undefined = ref ? ctx.store.getByUid(ref.uid) : undefined;
      if (!next) break;
      owner = next;
    }
    if (!owner || owner === pod || typeof owner.spec?.replicas !== 'number') return undefined;
    scales.set(owner.metadata.uid ?? owner.metadata.name, owner.spec.replicas);
  }
  return [...scales.values()].reduce((a, b) => a + b, 0);
}

/** The Eviction API: refuse (429) when a PodDisruptionBudget covering the pod has no disruption left. */
export function evict(ctx: ControllerContext, pod: KubeObject): { ok: true } | { ok: false; message: string } {
  for (const pdb of ctx.store.list('PodDisruptionBudget', pod.metadata.namespace)) {
    if (!pdb.spec?.selector || !selectorMatches(pdb.spec.selector, pod.metadata.labels)) continue;
    if (disruptionsAllowed(ctx, pdb) < 1) {
      return { ok: false, message: `Cannot evict pod as it would violate the pod's disruption budget (${pdb.metadata.name}).` };
    }
  }
  ctx.event(pod, 'Normal', 'Evicted', `Evicted pod ${pod.metadata.name} for a drain`);
  appendTimeline(ctx, 'pod', pod.metadata.name, 'evicted', `node ${pod.spec?.nodeName ?? '?'} drain`);
  quietly(() => ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: podDeleteGracePeriod(pod, false), uid: pod.metadata.uid }));
  return { ok: true };
}

/** `kubectl drain`: cordon, then evict every pod on the node, retrying refused evictions every 5 s. */
export function drain(ctx: ControllerContext, name: string): void {
  mustNode(ctx, name);
  cordon(ctx, name, true);
  appendTimeline(ctx, 'node', name, 'drain-started');
  let rounds = 0;
  const pass = () => {
    if (++rounds > 720) return; // an hour of retries at most
    const waiting: string[] = [];
    for (const pod of podsOnNode(ctx, name)) {
      if (pod.metadata.deletionTimestamp !== undefined) continue;
      const result = evict(ctx, pod);
      if (!result.ok) {
        waiting.push(pod.metadata.name);
        ctx.event(pod, 'Warning', 'EvictionBlocked', result.message);
      }
    }
    if (waiting.length > 0) {
      appendTimeline(ctx, 'node', name, 'drain-waiting', waiting.join(','));
      ctx.after(DRAIN_RETRY_MS, pass);
    } else appendTimeline(ctx, 'node', name, 'drained');
  };
  pass();
}

/** PodGC `gcOrphaned`: pods bound to a node that no longer exists are force-deleted at the next pass. */
export function onNodeDeleted(ctx: ControllerContext, name: string): void {
  appendTimeline(ctx, 'node', name, 'deleted');
  stoppedNodes(ctx).delete(name);
  ctx.after(POD_GC_PERIOD_MS, () => {
    if (ctx.store.get('Node', '', name)) return;
    for (const pod of podsOnNode(ctx, name)) {
      ctx.event(pod, 'Normal', 'PodGC', `Deleting orphaned pod ${pod.metadata.name}: its node ${name} is gone`);
      appendTimeline(ctx, 'pod', pod.metadata.name, 'force-deleted', `node ${name} gone`);
      quietly(() => ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, uid: pod.metadata.uid }));
    }
  });
}

/**
 * The out-of-service taint (non-graceful node shutdown): the taint manager evicts every pod that
 * does not tolerate it at once, and PodGC `gcTerminating` force-deletes the terminating pods of a
 * not-ready node so that their volumes detach and a StatefulSet can recreate them elsewhere.
 */
export function onNodeTainted(ctx: ControllerContext, node: KubeObject): void {
  if (!taints(node).some((t) => t.key === TAINT_OUT_OF_SERVICE && t.effect === 'NoExecute')) return;
  if (nodeReady(node)) return;
  for (const pod of podsOnNode(ctx, node.metadata.name)) {
    if (pod.metadata.deletionTimestamp === undefined) {
      ctx.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
      appendTimeline(ctx, 'pod', pod.metadata.name, 'evicted', `node ${node.metadata.name} out of service`);
      quietly(() => ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: podDeleteGracePeriod(pod, false), uid: pod.metadata.uid }));
    }
  }
  ctx.after(1, () => {
    for (const pod of podsOnNode(ctx, node.metadata.name)) {
      if (pod.metadata.deletionTimestamp === undefined) continue;
      ctx.event(pod, 'Normal', 'PodGC', `Force-deleting terminating pod ${pod.metadata.name} on out-of-service node ${node.metadata.name}`);
      appendTimeline(ctx, 'pod', pod.metadata.name, 'force-deleted', `node ${node.metadata.name} out of service`);
      quietly(() => ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, uid: pod.metadata.uid }));
    }
  });
}
