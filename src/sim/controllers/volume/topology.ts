// Storage topology for the scheduler: upstream's VolumeBinding filter plugin
// (pkg/scheduler/framework/plugins/volumebinding, binder.go `FindPodVolumes`):
// - a bound claim's PersistentVolume must allow the node (`spec.nodeAffinity.required`, e.g. a
//   local PV): else "node(s) had volume node affinity conflict" (ErrReasonNodeConflict);
// - a bound claim whose PV does not exist: ErrReasonPVNotExist;
// - an unbound WaitForFirstConsumer claim needs, on that node, an Available PV that matches it and
//   whose node affinity allows the node (static binding), or a provisioner whose class
//   `allowedTopologies` allow the node: else "node(s) didn't find available persistent volumes to
//   bind" (ErrReasonBindConflict).
// Pure: the caller passes lookups.
import type { KubeObject } from '../../api';
import { claimClass, findMatchingVolume } from './binder';

export const REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

/** The "provisioner" of statically provisioned local volumes: nothing to call. */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Provisioners that create a directory on the chosen node (their volumes pin pods to it). */
const LOCAL_PROVISIONERS = ['rancher.io/local-path', 'openebs.io/local', 'kubernetes.io/host-path', 'k8s.io/minikube-hostpath', 'microk8s.io/hostpath'];

export function isLocalProvisioner(provisioner: unknown): boolean {
  if (typeof provisioner !== 'string') return false;
  return LOCAL_PROVISIONERS.includes(provisioner) || /local|hostpath/i.test(provisioner);
}

function expressionMatches(labels: Record<string, string>, e: any): boolean {
  const value = labels[e?.key];
  const values: unknown[] = Array.isArray(e?.values) ? e.values : [];
  switch (e?.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(values[0]);
    default: return false;
  }
}

/** `v1helper.MatchNodeSelectorTerms`: terms are ORed, a term's expressions ANDed; no terms match nothing. */
export function nodeSelectorTermsMatch(terms: unknown, labels: Record<string, string>): boolean {
  if (!Array.isArray(terms)) return false;
  return terms.some((term: any) => {
    const exprs: any[] = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
    return exprs.length > 0 && exprs.every((e) => expressionMatches(labels, e));
  });
}

/** `CheckNodeAffinity`: a PV without `nodeAffinity.required` fits every node. */
export function volumeFitsNode(pv: KubeObject, labels: Record<string, string>): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return true;
  return nodeSelectorTermsMatch(required.nodeSelectorTerms, labels);
}

/** `MatchTopologySelectorTerms` for a class's `allowedTopologies` (none: every node). */
export function allowedTopologiesMatch(sc: KubeObject, labels: Record<string, string>): boolean {
  const terms = sc.allowedTopologies;
  if (!Array.isArray(terms) || terms.length === 0) return true;
  return terms.some((term: any) => {
    const exprs: any[] = Array.isArray(term?.matchLabelExpressions) ? term.matchLabelExpressions : [];
    return exprs.every((e) => Array.isArray(e?.values) && labels[e.key] !== undefined && e.values.includes(labels[e.key]));
  });
}

/** What the VolumeBinding filter needs to know about one pod, gathered once per scheduling attempt. */
export interface PodVolumeTopology {
  /** PVs of the pod's bound claims (undefined: the claim names a PV that does not exist). */
  bound: { claim: string; pv: KubeObject | undefined }[];
  /** Unbound claims of a WaitForFirstConsumer class: they bind (or provision) on the chosen node. */
  delayed: { claim: KubeObject; sc: KubeObject }[];
  /** Every PersistentVolume (only read when `delayed` is not empty). */
  volumes: KubeObject[];
}

export interface TopologyLookups {
  claim(name: string): KubeObject | undefined;
  volume(name: string): KubeObject | undefined;
  classes(): KubeObject[];
  volumes(): KubeObject[];
}

/** The pod's storage constraints, or undefined when it has none (no claim bound or waiting for it). */
export function podVolumeTopology(pod: KubeObject, lookups: TopologyLookups): PodVolumeTopology | undefined {
  const volumes: any[] = Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : [];
  let topo: PodVolumeTopology | undefined;
  let classes: KubeObject[] | undefined;
  for (const v of volumes) {
    const name = v?.persistentVolumeClaim?.claimName;
    if (typeof name !== 'string') continue;
    const claim = lookups.claim(name);
    if (!claim) continue; // a missing claim is the kubelet's VolumeBinding pre-check (podVolumesSchedulable)
    const volumeName = claim.spec?.volumeName;
    const phase = claim.status?.phase;
    if (typeof volumeName === 'string' && volumeName !== '' && (phase === 'Bound' || phase === 'Lost')) {
      const pv = lookups.volume(volumeName);
      if (pv && !pv.spec?.nodeAffinity?.required) continue; // fits every node
      (topo ??= { bound: [], delayed: [], volumes: [] }).bound.push({ claim: name, pv });
      continue;
    }
    const className = claimClass(claim);
    if (!className) continue;
    classes ??= lookups.classes();
    const sc = classes.find((c) => c.metadata.name === className);
    if (sc?.volumeBindingMode !== 'WaitForFirstConsumer') continue;
    (topo ??= { bound: [], delayed: [], volumes: [] }).delayed.push({ claim, sc });
  }
  if (topo && topo.delayed.length > 0) topo.volumes = lookups.volumes();
  return topo;
}

/** A static PV the scheduler picked for a WaitForFirstConsumer claim on the chosen node. */
export interface VolumeBinding {
  claim: KubeObject;
  pv: KubeObject;
}

export interface NodeVolumeFit {
  /** Upstream's reasons when the node does not fit (counted per reason in the FailedScheduling message). */
  reasons: string[];
  /** Static PVs to pre-bind (the scheduler's PreBind `BindPodVolumes`) when the node fits. */
  bindings: VolumeBinding[];
}

/** `FindPodVolumes` for one node. */
export function checkNodeVolumes(topo: PodVolumeTopology, node: KubeObject): NodeVolumeFit {
  const labels = node.metadata.labels ?? {};
  const reasons: string[] = [];
  const bindings: VolumeBinding[] = [];
  let nodeConflict = false;
  let pvMissing = false;
  for (const b of topo.bound) {
    if (!b.pv) pvMissing = true;
    else if (!volumeFitsNode(b.pv, labels)) nodeConflict = true;
  }
  let bindConflict = false;
  const taken = new Set<string>();
  for (const { claim, sc } of topo.delayed) {
    // Static binding first: Available volumes whose node affinity allows this node (not one already picked).
    const candidates = topo.volumes.filter((pv) => !taken.has(pv.metadata.name) && volumeFitsNode(pv, labels) && pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed');
    const pv = findMatchingVolume(claim, candidates);
    if (pv) {
      taken.add(pv.metadata.name);
      bindings.push({ claim, pv });
      continue;
    }
    // Then dynamic provisioning: a real provisioner whose allowedTopologies include this node.
    const provisioner = sc.provisioner;
    if (!provisioner || provisioner === NO_PROVISIONER || !allowedTopologiesMatch(sc, labels)) bindConflict = true;
  }
  if (nodeConflict) reasons.push(REASON_NODE_CONFLICT);
  if (bindConflict) reasons.push(REASON_BIND_CONFLICT);
  if (pvMissing) reasons.push(REASON_PV_NOT_EXIST);
  return { reasons, bindings: reasons.length > 0 ? [] : bindings };
}

/**
 * The node affinity a provisioner gives a new volume. WaitForFirstConsumer (`node` set): a local
 * provisioner pins it to the node's hostname; a network-disk provisioner to the node's zone (the
 * disk can attach anywhere in that zone). Immediate with `allowedTopologies`: the first allowed
 * value of each key (a provisioner picks one place). Otherwise none.
 */
export function provisionedNodeAffinity(sc: KubeObject, node: KubeObject | undefined, nodeName: string | undefined): any | undefined {
  const term = (key: string, value: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values: [value] }] }] } });
  if (nodeName) {
    const zone = node?.metadata.labels?.[ZONE_LABEL];
    if (!isLocalProvisioner(sc.provisioner) && zone) return term(ZONE_LABEL, zone);
    return term(HOSTNAME_LABEL, nodeName);
  }
  const allowed = Array.isArray(sc.allowedTopologies) ? sc.allowedTopologies[0] : undefined;
  const exprs: any[] = Array.isArray(allowed?.matchLabelExpressions) ? allowed.matchLabelExpressions : [];
  const picked = exprs.filter((e) => typeof e?.key === 'string' && Array.isArray(e.values) && e.values.length > 0);
  if (picked.length === 0) return undefined;
  return { required: { nodeSelectorTerms: [{ matchExpressions: picked.map((e) => ({ key: e.key, operator: 'In', values: [String(e.values[0])] })) }] } };
}
