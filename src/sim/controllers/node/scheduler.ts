// The scheduler's decision for one pod (kube-scheduler's default plugins, reduced to what the
// course shows): filters NodeUnschedulable, TaintToleration, NodeAffinity (nodeSelector and
// required node affinity), InterPodAffinity (required anti-affinity) and NodeResourcesFit (pod
// count), VolumeBinding (storage topology: a bound PV's node affinity, WaitForFirstConsumer claims;
// controllers/volume/topology.ts), PodTopologySpread (DoNotSchedule constraints); then the score
// plugins NodeAffinity (preferred terms), InterPodAffinity (preferred terms) and PodTopologySpread
// (ScheduleAnyway constraints) of ./scoring.ts, highest total first; equal totals go to the spread
// tie-break (fewest pods of the same owner, then fewest pods; ties by name). A preference never
// leaves a pod Pending. Unschedulable pods get upstream's "0/3 nodes are available: …" message.
import type { KubeObject, Taint } from '../../api';
import type { ControllerContext } from '../../cluster/controller';
import { selectorMatches } from '../../cluster/labels';
import { ApiError } from '../../cluster/store';
import { checkNodeVolumes, podVolumeTopology, type PodVolumeTopology, type VolumeBinding } from '../volume/topology';
import { appendTimeline } from '../../apps/runtime';
import { nodeReady, taints, tolerates } from './nodes';
import { hasPodAffinity, matchesExpression, mayScore, REASON_SPREAD, softScores, spreadFilter, type PlacedPods } from './scoring';

/** Pods per node and per owner per node, kept from the Pod watch so one decision is O(nodes). */
export class NodeIndex implements PlacedPods {
  private readonly podsByNode = new Map<string, Map<string, KubeObject>>();
  private readonly ownerCount = new Map<string, Map<string, number>>();
  private readonly placed = new Map<string, { node: string; owner?: string }>();
  /** Placed pods with pod affinity/anti-affinity of their own (InterPodAffinity's symmetric terms). */
  private readonly withAffinity = new Map<string, { pod: KubeObject; node: string }>();

  onPod(type: string, pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    const node = pod.spec?.nodeName as string | undefined;
    const before = this.placed.get(uid);
    if (type === 'DELETED' || !node) {
      this.withAffinity.delete(uid);
      if (before) this.remove(uid, before, pod);
      return;
    }
    if (hasPodAffinity(pod)) this.withAffinity.set(uid, { pod, node });
    else this.withAffinity.delete(uid);
    if (before && before.node === node) {
      this.podsByNode.get(node)?.set(uid, pod);
      return;
    }
    if (before) this.remove(uid, before, pod);
    const owner = pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;
    this.placed.set(uid, { node, ...(owner ? { owner } : {}) });
    let pods = this.podsByNode.get(node);
    if (!pods) this.podsByNode.set(node, (pods = new Map()));
    pods.set(uid, pod);
    if (owner) {
      let counts = this.ownerCount.get(owner);
      if (!counts) this.ownerCount.set(owner, (counts = new Map()));
      counts.set(node, (counts.get(node) ?? 0) + 1);
    }
  }

  private remove(uid: string, at: { node: string; owner?: string }, _pod: KubeObject): void {
    this.placed.delete(uid);
    this.podsByNode.get(at.node)?.delete(uid);
    if (at.owner) {
      const counts = this.ownerCount.get(at.owner);
      if (counts) counts.set(at.node, Math.max(0, (counts.get(at.node) ?? 1) - 1));
    }
  }

  podsOn(node: string): Iterable<KubeObject> {
    return this.podsByNode.get(node)?.values() ?? [];
  }

  podsWithAffinity(): Iterable<{ pod: KubeObject; node: string }> {
    return this.withAffinity.values();
  }

  /** True when some placed pod has (anti-)affinity terms of its own. */
  get anyWithAffinity(): boolean {
    return this.withAffinity.size > 0;
  }

  countOn(node: string): number {
    return this.podsByNode.get(node)?.size ?? 0;
  }

  ownerCountOn(owner: string | undefined, node: string): number {
    return owner ? (this.ownerCount.get(owner)?.get(node) ?? 0) : 0;
  }
}

type Reason = string;

/** nodeSelector AND requiredDuringSchedulingIgnoredDuringExecution (terms ORed, expressions ANDed). */
function nodeAffinityMatches(pod: KubeObject, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  const selector = pod.spec?.nodeSelector as Record<string, string> | undefined;
  if (selector && Object.entries(selector).some(([k, v]) => labels[k] !== v)) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return true;
  return terms.some((term: any) => (term?.matchExpressions ?? []).every((e: any) => matchesExpression(labels, e)));
}

/** Required pod anti-affinity: no pod matching a term's selector may share the term's topology domain. */
function antiAffinityViolated(pod: KubeObject, node: KubeObject, nodes: KubeObject[], index: NodeIndex): boolean {
  const terms = pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!Array.isArray(terms)) return false;
  for (const term of terms) {
    const key = term?.topologyKey;
    const domain = node.metadata.labels?.[key];
    if (domain === undefined) continue;
    for (const other of nodes) {
      if (other.metadata.labels?.[key] !== domain) continue;
      for (const p of index.podsOn(other.metadata.name)) {
        if (p.metadata.uid === pod.metadata.uid || p.metadata.deletionTimestamp !== undefined) continue;
        if (term.labelSelector && selectorMatches(term.labelSelector, p.metadata.labels)) return true;
      }
    }
  }
  return false;
}

function untolerated(pod: KubeObject, node: KubeObject): Taint | undefined {
  return taints(node).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod, t));
}

export interface Placement {
  node?: string;
  /** Upstream's FailedScheduling message when no node fits. */
  message?: string;
  /** Static PVs chosen for the pod's WaitForFirstConsumer claims on `node` (see preBindVolumes). */
  volumeBindings?: VolumeBinding[];
}

/** The pod's storage constraints (undefined: none), read once per scheduling attempt. */
function volumeTopology(ctx: ControllerContext, pod: KubeObject): PodVolumeTopology | undefined {
  const volumes = pod.spec?.volumes;
  if (!Array.isArray(volumes) || !volumes.some((v: any) => v?.persistentVolumeClaim)) return undefined;
  const ns = pod.metadata.namespace;
  return podVolumeTopology(pod, {
    claim: (name) => ctx.store.get('PersistentVolumeClaim', ns, name),
    volume: (name) => ctx.store.get('PersistentVolume', undefined, name),
    classes: () => ctx.store.list('StorageClass'),
    volumes: () => ctx.store.list('PersistentVolume'),
  });
}

/**
 * The VolumeBinding plugin's PreBind (`BindPodVolumes`): the static PVs picked for the pod's
 * WaitForFirstConsumer claims get their `claimRef` before the pod is bound, so no other pod can
 * pick them; the PV controller then completes the binding. Returns false if a PV was taken meanwhile.
 */
export function preBindVolumes(ctx: ControllerContext, bindings: VolumeBinding[] | undefined): boolean {
  for (const { claim, pv } of bindings ?? []) {
    const live = ctx.store.get('PersistentVolume', undefined, pv.metadata.name);
    if (!live) return false;
    const ref = live.spec?.claimRef;
    if (ref) {
      if (ref.name === claim.metadata.name && (ref.namespace ?? '') === (claim.metadata.namespace ?? '')) continue;
      return false;
    }
    try {
      ctx.store.update({
        ...live,
        metadata: { ...live.metadata, annotations: { ...(live.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' } },
        spec: { ...live.spec, claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid } },
      });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return false;
    }
  }
  return true;
}

/**
 * Filter reasons whose nodes preemption could help (status Unschedulable upstream); the others are
 * UnschedulableAndUnresolvable ("Preemption is not helpful for scheduling"). With no lower-priority
 * pods to evict, upstream reports "No preemption victims found for incoming pod" for these.
 */
const RESOLVABLE = new Set<Reason>([REASON_SPREAD]);

/**
 * Timeline lines (new kinds, appended): `pod/<p> unschedulable <why>` when the scheduler's verdict
 * for a pod changes, and `pod/<p> scheduled <node>` when a pod that was unschedulable finds a node.
 */
export function chooseNode(ctx: ControllerContext, pod: KubeObject, index: NodeIndex): Placement {
  const placement = decide(ctx, pod, index);
  let reported = ctx.shared.get(UNSCHEDULABLE) as Map<string, string> | undefined;
  if (!reported) ctx.shared.set(UNSCHEDULABLE, (reported = new Map()));
  const uid = pod.metadata.uid ?? pod.metadata.name;
  const before = reported.get(uid);
  if (placement.node) {
    if (before !== undefined) {
      reported.delete(uid);
      appendTimeline(ctx, 'pod', pod.metadata.name, 'scheduled', placement.node);
    }
  } else {
    const why = (placement.message ?? 'no node fits').split(' preemption:')[0];
    if (before !== why) appendTimeline(ctx, 'pod', pod.metadata.name, 'unschedulable', why);
    reported.set(uid, why);
  }
  return placement;
}

const UNSCHEDULABLE = 'scheduler/unschedulable';

function decide(ctx: ControllerContext, pod: KubeObject, index: NodeIndex): Placement {
  const nodes = ctx.store.list('Node');
  if (nodes.length === 0) return { message: 'no nodes available to schedule pods' };
  // Built on the first rejected node only (the common case schedules without one).
  let reasons: Map<Reason, number> | undefined;
  let preemption: Map<string, number> | undefined;
  const fail = (r: Reason) => {
    reasons ??= new Map();
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  };
  const countPreemption = (verdict: string) => {
    preemption ??= new Map();
    preemption.set(verdict, (preemption.get(verdict) ?? 0) + 1);
  };
  // One reason per node (the first failing filter, as upstream); preemption's verdict per node.
  const reject = (r: Reason) => {
    fail(r);
    countPreemption(RESOLVABLE.has(r) ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling');
  };
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;
  const topology = volumeTopology(ctx, pod);
  const affinityOk = (n: KubeObject) => nodeAffinityMatches(pod, n);
  const spread = spreadFilter(pod, nodes, index, affinityOk);
  type Candidate = { node: KubeObject; name: string; owned: number; total: number; bindings?: VolumeBinding[] };
  const feasible: Candidate[] = [];
  // Scores are computed only when some plugin can score (see mayScore); otherwise the best node
  // is tracked in the loop, without a candidate list.
  const scoring = nodes.length > 1 && mayScore(pod, index);
  let unscored: Candidate | undefined;
  for (const node of nodes) {
    const name = node.metadata.name;
    if (node.spec?.unschedulable) { reject('node(s) were unschedulable'); continue; }
    const taint = untolerated(pod, node);
    if (taint) { reject(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`); continue; }
    if (!nodeReady(node)) { reject('node(s) were not ready'); continue; }
    if (!affinityOk(node)) { reject("node(s) didn't match Pod's node affinity/selector"); continue; }
    const max = Number(node.status?.allocatable?.pods ?? 110);
    if (index.countOn(name) >= max) { reject('Too many pods'); continue; }
    const volumes = topology ? checkNodeVolumes(topology, node) : undefined;
    if (volumes && volumes.reasons.length > 0) {
      volumes.reasons.forEach(fail);
      countPreemption('Preemption is not helpful for scheduling');
      continue;
    }
    const spreadReason = spread?.(node);
    if (spreadReason) { reject(spreadReason); continue; }
    if (antiAffinityViolated(pod, node, nodes, index)) { reject("node(s) didn't match pod anti-affinity rules"); continue; }
    const owned = index.ownerCountOn(owner, name);
    const total = index.countOn(name);
    const bindings = volumes?.bindings.length ? volumes.bindings : undefined;
    if (scoring) feasible.push({ node, name, owned, total, bindings });
    else if (!unscored || owned < unscored.owned || (owned === unscored.owned && total < unscored.total)) {
      // No score plugin can tell nodes apart: keep the spread tie-break's winner as we go.
      if (unscored) Object.assign(unscored, { node, name, owned, total, bindings });
      else unscored = { node, name, owned, total, bindings };
    }
  }
  if (unscored) return { node: unscored.name, ...(unscored.bindings ? { volumeBindings: unscored.bindings } : {}) };
  if (feasible.length > 0) {
    // Score plugins (all zero without preferences), then the spread tie-break in node order.
    const scores = feasible.length > 1
      ? softScores(pod, feasible.map((c) => c.node), nodes, index, (ns) => ctx.store.get('Namespace', '', ns)?.metadata.labels, affinityOk)
      : undefined; // every node scores 0
    const score = (i: number) => (scores === undefined ? 0 : scores[i]);
    let bestAt = 0;
    for (let i = 1; i < feasible.length; i++) {
      const c = feasible[i];
      const b = feasible[bestAt];
      if (score(i) > score(bestAt) || (score(i) === score(bestAt) && (c.owned < b.owned || (c.owned === b.owned && c.total < b.total)))) bestAt = i;
    }
    const best = feasible[bestAt];
    return { node: best.name, ...(best.bindings ? { volumeBindings: best.bindings } : {}) };
  }
  // FitError.Error(): "<count> <reason>" strings sorted as strings (a node may add several reasons).
  const parts = [...(reasons ?? [])].map(([r, n]) => `${n} ${r}`).sort();
  const after = [...(preemption ?? [])].map(([r, n]) => `${n} ${r}`).sort();
  return { message: `0/${nodes.length} nodes are available: ${parts.join(', ')}. preemption: 0/${nodes.length} nodes are available: ${after.join(', ')}.` };
}
