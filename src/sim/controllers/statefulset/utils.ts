// Pure helpers of the StatefulSet controller (pkg/controller/statefulset/stateful_set_utils.go).
import type { KubeObject, OwnerReference } from '../../api';
import { copySharingFrozen, deepCopy } from '../../cluster/objects';

export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

const PARENT_AND_ORDINAL = /^(.*)-([0-9]+)$/;

/** `getParentNameAndOrdinal`: greedy "anything, dash, digits"; ordinal −1 when it does not parse as int32. */
const parsedNames = new Map<string, { parent: string; ordinal: number }>();

export function getParentNameAndOrdinal(pod: KubeObject): { parent: string; ordinal: number } {
  const name = pod.metadata.name;
  let parsed = parsedNames.get(name);
  if (!parsed) {
    parsed = parseParentAndOrdinal(name);
    if (parsedNames.size > 100_000) parsedNames.clear(); // bounded memo
    parsedNames.set(name, parsed);
  }
  return parsed;
}

function parseParentAndOrdinal(name: string): { parent: string; ordinal: number } {
  const m = PARENT_AND_ORDINAL.exec(name);
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  if (!Number.isSafeInteger(ordinal) || ordinal > 2147483647) return { parent: m[1], ordinal: -1 };
  return { parent: m[1], ordinal };
}

/** `getOrdinal`. */
export function getOrdinal(pod: KubeObject): number {
  return getParentNameAndOrdinal(pod).ordinal;
}

/** `getStartOrdinal`: spec.ordinals.start, 0 when unset. */
export function getStartOrdinal(set: KubeObject): number {
  const start = set.spec?.ordinals?.start;
  return typeof start === 'number' && start >= 0 ? start : 0;
}

export function replicasOf(set: KubeObject): number {
  const r = set.spec?.replicas;
  return typeof r === 'number' && r >= 0 ? r : 1;
}

/** `getEndOrdinal`. */
export function getEndOrdinal(set: KubeObject): number {
  return getStartOrdinal(set) + replicasOf(set) - 1;
}

/** `podInOrdinalRange`. */
export function podInOrdinalRange(pod: KubeObject, set: KubeObject): boolean {
  const ordinal = getOrdinal(pod);
  return ordinal >= getStartOrdinal(set) && ordinal <= getEndOrdinal(set);
}

/** `getPodName`. */
export function getPodName(set: KubeObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`. */
export function getPersistentVolumeClaimName(set: KubeObject, claimName: string, ordinal: number): string {
  return `${claimName}-${set.metadata.name}-${ordinal}`;
}

/** `isMemberOf`. */
export function isMemberOf(set: KubeObject, pod: KubeObject): boolean {
  return getParentNameAndOrdinal(pod).parent === set.metadata.name;
}

/** `identityMatches`. */
export function identityMatches(set: KubeObject, pod: KubeObject): boolean {
  const { parent, ordinal } = getParentNameAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    set.metadata.name === parent &&
    pod.metadata.name === getPodName(set, ordinal) &&
    (pod.metadata.namespace ?? '') === (set.metadata.namespace ?? '') &&
    pod.metadata.labels?.[STATEFULSET_POD_NAME_LABEL] === pod.metadata.name
  );
}

export function claimTemplates(set: KubeObject): any[] {
  return Array.isArray(set.spec?.volumeClaimTemplates) ? set.spec.volumeClaimTemplates.filter((t: any) => t?.metadata?.name) : [];
}

/** `storageMatches`: every claim template has a same-named volume pointing at the expected PVC. */
export function storageMatches(set: KubeObject, pod: KubeObject): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes: any[] = pod.spec?.volumes ?? [];
  for (const t of claimTemplates(set)) {
    const v = volumes.find((x) => x?.name === t.metadata.name);
    if (!v || v.persistentVolumeClaim?.claimName !== getPersistentVolumeClaimName(set, t.metadata.name, ordinal)) return false;
  }
  return true;
}

/** The names of the claims a pod needs, keyed by template name (no objects built). */
export function claimNamesFor(set: KubeObject, pod: KubeObject): string[] {
  const ordinal = getOrdinal(pod);
  return claimTemplates(set).map((t) => getPersistentVolumeClaimName(set, t.metadata.name, ordinal));
}

/** `getPersistentVolumeClaims`: the PVC objects a pod of `ordinal` needs, keyed by template name. */
export function getPersistentVolumeClaims(set: KubeObject, pod: KubeObject): Map<string, KubeObject> {
  const ordinal = getOrdinal(pod);
  const claims = new Map<string, KubeObject>();
  for (const t of claimTemplates(set)) {
    const labels = { ...(t.metadata.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    const claim: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: getPersistentVolumeClaimName(set, t.metadata.name, ordinal),
        namespace: set.metadata.namespace,
        labels,
        ...(t.metadata.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      },
      spec: deepCopy(t.spec ?? {}),
      status: { phase: 'Pending' },
    };
    claims.set(t.metadata.name, claim);
  }
  return claims;
}

/** `updateStorage`: claim-template volumes replace same-named template volumes. */
export function updateStorage(set: KubeObject, pod: KubeObject): void {
  const ordinal = getOrdinal(pod);
  const templates = claimTemplates(set);
  // No templates: the volumes stay as they are. Returning early also keeps `delete` below off the
  // common path (a deleted property turns the spec into a slow dictionary-mode object).
  if (templates.length === 0 && (pod.spec?.volumes === undefined || pod.spec.volumes.length > 0)) return;
  const names = new Set(templates.map((t) => t.metadata.name));
  const volumes: any[] = (pod.spec?.volumes ?? []).filter((v: any) => !names.has(v?.name));
  for (const t of templates) {
    volumes.push({ name: t.metadata.name, persistentVolumeClaim: { claimName: getPersistentVolumeClaimName(set, t.metadata.name, ordinal) } });
  }
  pod.spec = { ...(pod.spec ?? {}), volumes };
  if (volumes.length === 0) delete pod.spec.volumes;
}

/** `initIdentity`: hostname and subdomain, set once at creation. */
export function initIdentity(set: KubeObject, pod: KubeObject): void {
  updateIdentity(set, pod);
  pod.spec = { ...(pod.spec ?? {}), hostname: pod.metadata.name };
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
}

/** `updateIdentity`: name, namespace and the pod-name / pod-index labels. */
export function updateIdentity(set: KubeObject, pod: KubeObject): void {
  const ordinal = getOrdinal(pod);
  pod.metadata.name = getPodName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinal) };
}

/** `newControllerRef`. */
export function newControllerRef(set: KubeObject): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/**
 * `newStatefulSetPod`: template copy + owner ref + identity + storage. The spec is a fresh object;
 * frozen parts of the template (a revision's template, already defaulted: see applyRevision)
 * are shared, not copied, as the store shares them between versions.
 */
export function newStatefulSetPod(set: KubeObject, ordinal: number, revision?: string): KubeObject {
  const template = set.spec?.template ?? {};
  const name = getPodName(set, ordinal);
  // Labels in the order initIdentity/updateIdentity and setPodRevision give them.
  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
  labels[STATEFULSET_POD_NAME_LABEL] = name;
  labels[POD_INDEX_LABEL] = String(ordinal);
  if (revision !== undefined) labels[CONTROLLER_REVISION_HASH_LABEL] = revision;
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${set.metadata.name}-`,
      namespace: set.metadata.namespace,
      labels,
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(set)],
    },
    spec: copySharingFrozen(template.spec ?? {}),
  };
  // initIdentity: hostname and subdomain.
  pod.spec.hostname = name;
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  return pod;
}

export function getPodRevision(pod: KubeObject): string {
  return pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
}

/** `setPodRevision`: the full ControllerRevision name. */
export function setPodRevision(pod: KubeObject, revision: string): void {
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: revision };
}

/**
 * `newVersionedStatefulSetPod`: below the partition (or, without rollingUpdate, below
 * start + status.currentReplicas) a new pod gets the current revision, else the update revision.
 */
export function newVersionedStatefulSetPod(currentSet: KubeObject, updateSet: KubeObject, currentRevision: string, updateRevision: string, ordinal: number): KubeObject {
  const strategy = currentSet.spec?.updateStrategy ?? {};
  const start = getStartOrdinal(currentSet);
  const useCurrent =
    (strategy.type === 'RollingUpdate' && !strategy.rollingUpdate && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (strategy.rollingUpdate && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  return newStatefulSetPod(useCurrent ? currentSet : updateSet, ordinal, useCurrent ? currentRevision : updateRevision);
}

// Pod state predicates (stateful_set_utils.go and pkg/api/v1/pod).
export function isCreated(pod: KubeObject): boolean {
  return !!pod.status?.phase;
}
export function isPending(pod: KubeObject): boolean {
  return pod.status?.phase === 'Pending';
}
export function isFailed(pod: KubeObject): boolean {
  return pod.status?.phase === 'Failed';
}
export function isSucceeded(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded';
}
export function isTerminating(pod: KubeObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** The Ready condition (a plain loop: cheaper than a memo keyed by status, which costs the GC). */
function readyCondition(pod: KubeObject): any {
  const conditions = pod.status?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  for (let i = 0; i < conditions.length; i++) if (conditions[i]?.type === 'Ready') return conditions[i];
  return undefined;
}

/** `podutil.IsPodReady`. */
export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** `isRunningAndReady`. */
export function isRunningAndReady(pod: KubeObject): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** `isRunningAndAvailable` (`podutil.IsPodAvailable`): Ready for longer than minReadySeconds, strictly. */
export function isRunningAndAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  if (!isRunningAndReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = readyCondition(pod)?.lastTransitionTime;
  return typeof since === 'number' && since + minReadySeconds * 1000 < now;
}

/** `isHealthy`: Running, Ready and not terminating. */
export function isHealthy(pod: KubeObject): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** `isUnavailable` (1.34+): not available under minReadySeconds, or terminating. */
export function isUnavailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
}

/** `allowsBurst`. */
export function allowsBurst(set: KubeObject): boolean {
  return set.spec?.podManagementPolicy === 'Parallel';
}

export function minReadySeconds(set: KubeObject): number {
  const m = set.spec?.minReadySeconds;
  return typeof m === 'number' && m > 0 ? m : 0;
}

/** `getStatefulSetMaxUnavailable`: int or percent of replicas, rounded down, at least 1. */
export function getStatefulSetMaxUnavailable(value: unknown, replicas: number): number {
  let n = 1;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+%$/.test(value)) n = Math.floor((Number(value.slice(0, -1)) * replicas) / 100);
  else if (typeof value === 'string' && /^\d+$/.test(value)) n = Number(value);
  return n < 1 ? 1 : n;
}

export type RetentionPolicy = { whenDeleted: 'Retain' | 'Delete'; whenScaled: 'Retain' | 'Delete' };

/** `getPersistentVolumeClaimRetentionPolicy`: nil fields mean Retain. */
export function getPersistentVolumeClaimRetentionPolicy(set: KubeObject): RetentionPolicy {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted === 'Delete' ? 'Delete' : 'Retain', whenScaled: p.whenScaled === 'Delete' ? 'Delete' : 'Retain' };
}

function refTo(owner: KubeObject, kind: string, apiVersion: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

function matchesRef(ref: OwnerReference, owner: KubeObject, kind: string): boolean {
  return ref.kind === kind && ref.name === owner.metadata.name && ref.uid === owner.metadata.uid;
}

/** `hasStaleOwnerRef`: a ref with the owner's kind and name but another uid. */
export function hasStaleOwnerRef(target: KubeObject, owner: KubeObject, kind: string): boolean {
  return (target.metadata.ownerReferences ?? []).some((r) => r.kind === kind && r.name === owner.metadata.name && r.uid !== owner.metadata.uid);
}

/** `hasUnexpectedController`: a controller ref that is neither the set nor the pod. */
export function hasUnexpectedController(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  return (claim.metadata.ownerReferences ?? []).some(
    (r) => r.controller === true && !matchesRef(r, set, 'StatefulSet') && !matchesRef(r, pod, 'Pod'),
  );
}

/**
 * `updateClaimOwnerRefForSetAndPod` (1.31+: controller refs). Returns the wanted ownerReferences
 * of the claim; table SS-PVC-2.
 */
export function claimOwnerRefsFor(claim: KubeObject, set: KubeObject, pod: KubeObject): OwnerReference[] {
  const refs = (claim.metadata.ownerReferences ?? []).filter(
    (r) => !(r.kind === 'StatefulSet' && r.uid === set.metadata.uid) && !(r.kind === 'Pod' && r.uid === pod.metadata.uid),
  );
  if (hasUnexpectedController(claim, set, pod)) return refs;
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const wantSet = policy.whenDeleted === 'Delete' && !(policy.whenScaled === 'Delete' && scaledDown);
  const wantPod = policy.whenScaled === 'Delete' && scaledDown;
  if (wantSet) refs.push(refTo(set, 'StatefulSet', 'apps/v1'));
  if (wantPod && pod.metadata.uid) refs.push(refTo(pod, 'Pod', 'v1'));
  return refs;
}

/** `isClaimOwnerUpToDate`. Stale refs leave the claim alone (counted as up to date). */
export function isClaimOwnerUpToDate(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  if (hasStaleOwnerRef(claim, set, 'StatefulSet') || hasStaleOwnerRef(claim, pod, 'Pod')) return true;
  const want = claimOwnerRefsFor(claim, set, pod);
  const have = claim.metadata.ownerReferences ?? [];
  if (want.length !== have.length) return false;
  return want.every((w) => have.some((h) => h.uid === w.uid && h.kind === w.kind && h.name === w.name && !!h.controller === !!w.controller && !!h.blockOwnerDeletion === !!w.blockOwnerDeletion));
}
