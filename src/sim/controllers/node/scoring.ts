// The scheduler's soft rules and topology spread, after kube-scheduler's default plugins
// (pkg/scheduler/framework/plugins/…):
// - NodeAffinity Score (nodeaffinity/node_affinity.go): the sum of the weights of the pod's
//   `preferredDuringSchedulingIgnoredDuringExecution` terms the node matches, normalized to 0–100
//   (`DefaultNormalizeScore`: score · 100 / highest).
// - InterPodAffinity Score (interpodaffinity/scoring.go `processExistingPod`): for every placed pod,
//   the incoming pod's preferred affinity (+weight) / anti-affinity (−weight) terms it matches, and
//   the placed pod's own preferred terms (±weight) and required affinity terms (hardPodAffinityWeight
//   1) the incoming pod matches, add to every node sharing the placed pod's topology domain;
//   normalized to 0–100 between the lowest and highest node (`NormalizeScore`).
// - PodTopologySpread (podtopologyspread/filtering.go, scoring.go): `DoNotSchedule` constraints
//   filter (matching pods in the node's domain + 1 if the pod matches itself − the lowest domain
//   count must be ≤ maxSkew; a node without the key fails); `ScheduleAnyway` constraints score
//   (count · log(domains + 2) + maxSkew − 1 per constraint, fewer is better).
// Every score plugin has weight 2 in the default profile, so the total is 2 · (sum of the three).
import type { KubeObject } from '../../api';
import type { LabelSelector } from '../../cluster/labels';
import { selectorMatches } from '../../cluster/labels';
import { taints, tolerates } from './nodes';

export const MAX_NODE_SCORE = 100;
/** Default profile weight of NodeAffinity, InterPodAffinity and PodTopologySpread scores. */
export const SCORE_WEIGHT = 2;
/** InterPodAffinityArgs.hardPodAffinityWeight default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;
const HOSTNAME = 'kubernetes.io/hostname';

/** podtopologyspread ErrReasonConstraintsNotMatch / ErrReasonNodeLabelNotMatch. */
export const REASON_SPREAD = "node(s) didn't match pod topology spread constraints";
export const REASON_SPREAD_LABEL = `${REASON_SPREAD} (missing required label)`;

/** What the soft rules need from the cluster: where pods are, and namespace labels. */
export interface PlacedPods {
  podsOn(node: string): Iterable<KubeObject>;
  /** Placed pods that carry pod affinity or anti-affinity of their own (for the symmetric terms). */
  podsWithAffinity(): Iterable<{ pod: KubeObject; node: string }>;
  /** True when podsWithAffinity() is not empty. */
  readonly anyWithAffinity: boolean;
}
export type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

export function matchesNodeSelectorTerm(labels: Record<string, string>, fields: Record<string, string>, term: any): boolean {
  const exprs = term?.matchExpressions ?? [];
  const fieldExprs = term?.matchFields ?? [];
  // An empty term matches no node (upstream `nodeSelectorTerm` with no requirements).
  if (exprs.length === 0 && fieldExprs.length === 0) return false;
  return exprs.every((e: any) => matchesExpression(labels, e)) && fieldExprs.every((e: any) => matchesExpression(fields, e));
}

export function matchesExpression(labels: Record<string, string>, e: any): boolean {
  const value = labels[e?.key];
  switch (e?.operator) {
    case 'In': return value !== undefined && (e.values ?? []).includes(value);
    case 'NotIn': return value === undefined || !(e.values ?? []).includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(e.values?.[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(e.values?.[0]);
    default: return false;
  }
}

// ---------------------------------------------------------------- NodeAffinity (preferred)

/** Raw NodeAffinity score: sum of the weights of the preferred terms the node matches. */
export function preferredNodeAffinityScore(pod: KubeObject, node: KubeObject): number {
  const terms = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (!Array.isArray(terms)) return 0;
  const labels = node.metadata.labels ?? {};
  const fields = { 'metadata.name': node.metadata.name };
  let score = 0;
  for (const t of terms) {
    const weight = Number(t?.weight ?? 0);
    if (weight !== 0 && matchesNodeSelectorTerm(labels, fields, t?.preference)) score += weight;
  }
  return score;
}

/** `DefaultNormalizeScore(MaxNodeScore, reverse=false)`. */
export function defaultNormalize(scores: number[]): number[] {
  const max = Math.max(0, ...scores);
  return scores.map((s) => (max === 0 ? 0 : Math.trunc((MAX_NODE_SCORE * s) / max)));
}

// ---------------------------------------------------------------- InterPodAffinity (preferred)

interface WeightedTerm { weight: number; term: any }

function weighted(list: unknown): WeightedTerm[] {
  if (!Array.isArray(list)) return [];
  return list.filter((w: any) => w?.podAffinityTerm && Number(w.weight ?? 0) !== 0).map((w: any) => ({ weight: Number(w.weight), term: w.podAffinityTerm }));
}

/** `AffinityTerm.Matches`: the term's namespaces (default: the owner pod's), then its label selector. */
export function termMatches(term: any, ownerNamespace: string, pod: KubeObject, nsLabels: NamespaceLabels): boolean {
  const ns = pod.metadata.namespace ?? 'default';
  const listed: string[] = Array.isArray(term?.namespaces) ? term.namespaces : [];
  const nsSelector = term?.namespaceSelector as LabelSelector | undefined;
  let inNamespace: boolean;
  if (listed.length === 0 && !nsSelector) inNamespace = ns === ownerNamespace;
  else inNamespace = listed.includes(ns) || (nsSelector !== undefined && selectorMatches(nsSelector, { 'kubernetes.io/metadata.name': ns, ...(nsLabels(ns) ?? {}) }));
  return inNamespace && selectorMatches(term?.labelSelector, pod.metadata.labels);
}

export function hasPodAffinity(pod: KubeObject): boolean {
  const a = pod.spec?.affinity;
  return !!(a?.podAffinity || a?.podAntiAffinity);
}

/** Raw InterPodAffinity scores of the candidate nodes (undefined: the plugin has nothing to say). */
export function interPodAffinityScores(pod: KubeObject, candidates: KubeObject[], allNodes: KubeObject[], placed: PlacedPods, nsLabels: NamespaceLabels): number[] | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const affinity = weighted(pod.spec?.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  const anti = weighted(pod.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  const own = affinity.length > 0 || anti.length > 0;
  // Nothing can score: no terms of the pod's own and no placed pod with terms (the common case; no maps built).
  if (!own && !placed.anyWithAffinity) return undefined;
  // topologyKey → domain value → score.
  const topo = new Map<string, Map<string, number>>();
  let touched = false;
  const add = (term: any, node: KubeObject, amount: number) => {
    const key = term?.topologyKey;
    const value = node.metadata.labels?.[key];
    if (typeof key !== 'string' || value === undefined) return;
    let m = topo.get(key);
    if (!m) topo.set(key, (m = new Map()));
    m.set(value, (m.get(value) ?? 0) + amount);
    touched = true;
  };
  const byName = new Map(allNodes.map((n) => [n.metadata.name, n] as const));
  const processExisting = (existing: KubeObject, node: KubeObject) => {
    if (existing.metadata.uid === pod.metadata.uid) return;
    for (const { weight, term } of affinity) if (termMatches(term, ns, existing, nsLabels)) add(term, node, weight);
    for (const { weight, term } of anti) if (termMatches(term, ns, existing, nsLabels)) add(term, node, -weight);
    if (!hasPodAffinity(existing)) return;
    const exNs = existing.metadata.namespace ?? 'default';
    const a = existing.spec.affinity;
    const required = a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    for (const term of Array.isArray(required) ? required : []) if (termMatches(term, exNs, pod, nsLabels)) add(term, node, HARD_POD_AFFINITY_WEIGHT);
    for (const { weight, term } of weighted(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution)) if (termMatches(term, exNs, pod, nsLabels)) add(term, node, weight);
    for (const { weight, term } of weighted(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)) if (termMatches(term, exNs, pod, nsLabels)) add(term, node, -weight);
  };
  if (own) {
    // The pod's own terms: every placed pod counts.
    for (const node of allNodes) for (const p of placed.podsOn(node.metadata.name)) processExisting(p, node);
  } else {
    // Only placed pods with affinity of their own can say anything (upstream: PodsWithAffinity).
    for (const { pod: p, node } of placed.podsWithAffinity()) {
      const n = byName.get(node);
      if (n) processExisting(p, n);
    }
  }
  if (!touched) return undefined;
  return candidates.map((node) => {
    let s = 0;
    for (const [key, values] of topo) {
      const v = node.metadata.labels?.[key];
      if (v !== undefined) s += values.get(v) ?? 0;
    }
    return s;
  });
}

/** InterPodAffinity `NormalizeScore`: 0–100 between the lowest and the highest. */
export function minMaxNormalize(scores: number[]): number[] {
  if (scores.length === 0) return scores;
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return scores.map((s) => (max > min ? Math.trunc((MAX_NODE_SCORE * (s - min)) / (max - min)) : 0));
}

// ---------------------------------------------------------------- PodTopologySpread

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  hard: boolean;
  selector: LabelSelector | undefined;
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
}

/** The pod's `topologySpreadConstraints` (matchLabelKeys folded into the selector, as upstream). */
export function spreadConstraints(pod: KubeObject): SpreadConstraint[] {
  const list = pod.spec?.topologySpreadConstraints;
  if (!Array.isArray(list)) return [];
  return list
    .filter((c: any) => c && typeof c.topologyKey === 'string')
    .map((c: any) => {
      let selector: LabelSelector | undefined = c.labelSelector ? { ...c.labelSelector } : undefined;
      const keys: string[] = Array.isArray(c.matchLabelKeys) ? c.matchLabelKeys : [];
      const extra = keys.filter((k) => pod.metadata.labels?.[k] !== undefined).map((k) => ({ key: k, operator: 'In', values: [pod.metadata.labels![k]] }));
      if (selector && extra.length) selector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...extra] } as LabelSelector;
      return {
        maxSkew: Math.max(1, Number(c.maxSkew ?? 1)),
        topologyKey: c.topologyKey,
        hard: c.whenUnsatisfiable !== 'ScheduleAnyway',
        selector,
        minDomains: Math.max(1, Number(c.minDomains ?? 1)),
        honorAffinity: c.nodeAffinityPolicy !== 'Ignore',
        honorTaints: c.nodeTaintsPolicy === 'Honor',
      };
    });
}

/** `countPodsMatchSelector`: same namespace, not terminating, matching the selector. */
function countMatching(pods: Iterable<KubeObject>, selector: LabelSelector | undefined, ns: string): number {
  if (!selector) return 0;
  let n = 0;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined || (p.metadata.namespace ?? 'default') !== ns) continue;
    if (selectorMatches(selector, p.metadata.labels)) n++;
  }
  return n;
}

function hasKeys(node: KubeObject, constraints: SpreadConstraint[]): boolean {
  return constraints.every((c) => node.metadata.labels?.[c.topologyKey] !== undefined);
}

/** `matchNodeInclusionPolicies`: node affinity honoured by default, taints ignored by default. */
function included(c: SpreadConstraint, pod: KubeObject, node: KubeObject, affinityOk: (n: KubeObject) => boolean): boolean {
  if (c.honorAffinity && !affinityOk(node)) return false;
  if (c.honorTaints && taints(node).some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod, t))) return false;
  return true;
}

/** PreFilter + Filter of the DoNotSchedule constraints; `check(node)` is the reason it fails, if any. */
export function spreadFilter(pod: KubeObject, allNodes: KubeObject[], placed: PlacedPods, affinityOk: (n: KubeObject) => boolean): ((node: KubeObject) => string | undefined) | undefined {
  const constraints = spreadConstraints(pod).filter((c) => c.hard);
  if (constraints.length === 0) return undefined;
  const ns = pod.metadata.namespace ?? 'default';
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of allNodes) {
    if (!hasKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!included(c, pod, node, affinityOk)) return;
      const value = node.metadata.labels![c.topologyKey];
      counts[i].set(value, (counts[i].get(value) ?? 0) + countMatching(placed.podsOn(node.metadata.name), c.selector, ns));
    });
  }
  const mins = constraints.map((c, i) => (counts[i].size < c.minDomains ? 0 : counts[i].size === 0 ? 0 : Math.min(...counts[i].values())));
  return (node) => {
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      const value = node.metadata.labels?.[c.topologyKey];
      if (value === undefined) return REASON_SPREAD_LABEL;
      const self = c.selector && selectorMatches(c.selector, pod.metadata.labels) ? 1 : 0;
      if ((counts[i].get(value) ?? 0) + self - mins[i] > c.maxSkew) return REASON_SPREAD;
    }
    return undefined;
  };
}

/** PreScore + Score + NormalizeScore of the ScheduleAnyway constraints (undefined: none). */
export function spreadScores(pod: KubeObject, candidates: KubeObject[], allNodes: KubeObject[], placed: PlacedPods, affinityOk: (n: KubeObject) => boolean): number[] | undefined {
  const constraints = spreadConstraints(pod).filter((c) => !c.hard);
  if (constraints.length === 0) return undefined;
  const ns = pod.metadata.namespace ?? 'default';
  const ignored = candidates.map((n) => !hasKeys(n, constraints));
  const pairs = constraints.map(() => new Map<string, number>());
  const weights = constraints.map((c, i) => {
    if (c.topologyKey === HOSTNAME) return Math.log(ignored.filter((x) => !x).length + 2);
    candidates.forEach((n, j) => { if (!ignored[j]) pairs[i].set(n.metadata.labels![c.topologyKey], 0); });
    return Math.log(pairs[i].size + 2);
  });
  for (const node of allNodes) {
    if (!hasKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME || !included(c, pod, node, affinityOk)) return;
      const value = node.metadata.labels![c.topologyKey];
      if (!pairs[i].has(value)) return;
      pairs[i].set(value, pairs[i].get(value)! + countMatching(placed.podsOn(node.metadata.name), c.selector, ns));
    });
  }
  const raw = candidates.map((node, j) => {
    if (ignored[j]) return undefined;
    let s = 0;
    constraints.forEach((c, i) => {
      const value = node.metadata.labels![c.topologyKey];
      const count = c.topologyKey === HOSTNAME ? countMatching(placed.podsOn(node.metadata.name), c.selector, ns) : pairs[i].get(value) ?? 0;
      s += count * weights[i] + (c.maxSkew - 1);
    });
    return Math.round(s);
  });
  const valid = raw.filter((s): s is number => s !== undefined);
  const min = valid.length ? Math.min(...valid) : 0;
  const max = valid.length ? Math.max(...valid) : 0;
  return raw.map((s) => (s === undefined ? 0 : max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max)));
}

/**
 * The three score plugins over the feasible nodes, weighted and summed (0 everywhere for a pod
 * without preferences or ScheduleAnyway constraints, so the spread tie-break alone decides).
 */
/**
 * False when every score plugin gives every node 0 for this pod: no preferred node or pod
 * (anti-)affinity, no ScheduleAnyway spread, and no placed pod with terms of its own. The
 * scheduler then skips scoring (most pods: nothing to allocate per scheduling).
 */
export function mayScore(pod: KubeObject, placed: PlacedPods): boolean {
  const affinity = pod.spec?.affinity;
  if (placed.anyWithAffinity) return true;
  if (affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution !== undefined) return true;
  if (affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution !== undefined) return true;
  if (affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution !== undefined) return true;
  return Array.isArray(pod.spec?.topologySpreadConstraints) && pod.spec.topologySpreadConstraints.length > 0;
}

export function softScores(pod: KubeObject, candidates: KubeObject[], allNodes: KubeObject[], placed: PlacedPods, nsLabels: NamespaceLabels, affinityOk: (n: KubeObject) => boolean): number[] {
  const total = candidates.map(() => 0);
  const addAll = (scores: number[] | undefined) => scores?.forEach((s, i) => (total[i] += SCORE_WEIGHT * s));
  if (Array.isArray(pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution)) {
    addAll(defaultNormalize(candidates.map((n) => preferredNodeAffinityScore(pod, n))));
  }
  const ipa = interPodAffinityScores(pod, candidates, allNodes, placed, nsLabels);
  if (ipa) addAll(minMaxNormalize(ipa));
  addAll(spreadScores(pod, candidates, allNodes, placed, affinityOk));
  return total;
}
