// Pure helpers over a Deployment's ReplicaSets (pkg/controller/deployment/util/deployment_util.go).
import type { KubeObject } from '../../api';
import { stableJson } from '../../cluster/objects';
import { desiredReplicas, maxSurge, maxUnavailable, isRollingUpdate } from './fenceposts';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

/** Annotations a Deployment does not copy onto its ReplicaSets (`skipCopyAnnotation`). */
const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

export function specReplicas(rs: KubeObject | undefined): number {
  const r = rs?.spec?.replicas;
  return typeof r === 'number' ? r : 0;
}

function statusNumber(rs: KubeObject | undefined, field: string): number {
  const v = rs?.status?.[field];
  return typeof v === 'number' ? v : 0;
}

const sum = (rss: Array<KubeObject | undefined>, f: (rs: KubeObject) => number) =>
  rss.reduce((acc, rs) => acc + (rs ? f(rs) : 0), 0);

/** `GetReplicaCountForReplicaSets`: the sum of spec.replicas. */
export const replicaCount = (rss: Array<KubeObject | undefined>) => sum(rss, specReplicas);
/** `GetActualReplicaCountForReplicaSets`: the sum of status.replicas. */
export const actualReplicaCount = (rss: Array<KubeObject | undefined>) => sum(rss, (rs) => statusNumber(rs, 'replicas'));
/** `GetReadyReplicaCountForReplicaSets`. */
export const readyReplicaCount = (rss: Array<KubeObject | undefined>) => sum(rss, (rs) => statusNumber(rs, 'readyReplicas'));
/** `GetAvailableReplicaCountForReplicaSets`. */
export const availableReplicaCount = (rss: Array<KubeObject | undefined>) =>
  sum(rss, (rs) => statusNumber(rs, 'availableReplicas'));

export function availableOf(rs: KubeObject | undefined): number {
  return statusNumber(rs, 'availableReplicas');
}

/** `controller.FilterActiveReplicaSets`: ReplicaSets asked to run at least one pod. */
export function filterActive(rss: Array<KubeObject | undefined>): KubeObject[] {
  return rss.filter((rs): rs is KubeObject => !!rs && specReplicas(rs) > 0);
}

function byName(a: KubeObject, b: KubeObject): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** `controller.ReplicaSetsByCreationTimestamp`: oldest first, then by name. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? 0;
  const tb = b.metadata.creationTimestamp ?? 0;
  return ta !== tb ? ta - tb : byName(a, b);
}

/** `controller.ReplicaSetsBySizeNewer`: largest first, ties newest first. */
export function bySizeNewer(a: KubeObject, b: KubeObject): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreation(b, a);
}

/** `controller.ReplicaSetsBySizeOlder`: largest first, ties oldest first. */
export function bySizeOlder(a: KubeObject, b: KubeObject): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreation(a, b);
}

export function revisionOf(obj: KubeObject | undefined): number {
  const raw = obj?.metadata.annotations?.[REVISION_ANNOTATION];
  const n = raw === undefined ? 0 : Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** `deploymentutil.ReplicaSetsByRevision`: lowest revision first, ties by creation. */
export function byRevision(a: KubeObject, b: KubeObject): number {
  const d = revisionOf(a) - revisionOf(b);
  return d !== 0 ? d : byCreation(a, b);
}

export function maxRevision(rss: KubeObject[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

function templateWithoutHash(template: any): unknown {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

// The canonical text of a template without its hash label, per template object: stored templates
// are frozen and replaced on change, and every Deployment sync compares each ReplicaSet's template.
const canonicalText = new WeakMap<object, string>();

function templateText(template: unknown): string {
  if (template === null || typeof template !== 'object' || !Object.isFrozen(template)) return stableJson(templateWithoutHash(template));
  let text = canonicalText.get(template);
  if (text === undefined) canonicalText.set(template, (text = stableJson(templateWithoutHash(template))));
  return text;
}

/** `EqualIgnoreHash`: the templates are equal once the pod-template-hash label is ignored. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return templateText(a) === templateText(b);
}

/** `FindNewReplicaSet`: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: KubeObject, rsList: KubeObject[]): KubeObject | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** `FindOldReplicaSets`: every other ReplicaSet. */
export function findOldReplicaSets(newRS: KubeObject | undefined, rsList: KubeObject[]): KubeObject[] {
  return rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
}

/** `FindActiveOrLatest`: the only active ReplicaSet, or the newest when none is active. */
export function findActiveOrLatest(newRS: KubeObject | undefined, oldRSs: KubeObject[]): KubeObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** `NewRSNewReplicas`: how large the new ReplicaSet may be right now. */
export function newRSNewReplicas(d: KubeObject, allRSs: Array<KubeObject | undefined>, newRS: KubeObject): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d)) return replicas;
  const current = replicaCount(allRSs);
  const maxTotal = replicas + maxSurge(d);
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, replicas - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** `IsSaturated`: the new ReplicaSet runs every desired replica, all available. */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
  const replicas = desiredReplicas(d);
  return specReplicas(rs) === replicas && Number(desired) === replicas && availableOf(rs) === replicas;
}

/** `SetReplicasAnnotations`; returns whether anything changed. */
export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsFor(d: KubeObject): { desired: number; max: number } {
  const desired = desiredReplicas(d);
  return { desired, max: desired + maxSurge(d) };
}

/**
 * `SetNewReplicaSetAnnotations`: copy the Deployment's own annotations, raise the revision (never
 * lower it, remembering the old one in revision-history), and, only for a ReplicaSet about to be
 * created, record the replica annotations. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: KubeObject, rs: KubeObject, newRevision: number, exists: boolean): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED_ANNOTATIONS.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = revisionOf(rs);
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevision > 0) {
      const history = annotations[REVISION_HISTORY_ANNOTATION];
      annotations[REVISION_HISTORY_ANNOTATION] = history ? `${history},${oldRevision}` : String(oldRevision);
    }
  }
  if (!exists) {
    const { desired, max } = replicasAnnotationsFor(d);
    if (setReplicasAnnotations(rs, desired, max)) changed = true;
  }
  return changed;
}

export interface DeploymentStatus {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  collisionCount?: number;
  conditions: DeploymentCondition[];
}

export interface DeploymentCondition {
  type: 'Available' | 'Progressing' | 'ReplicaFailure';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: number;
  lastTransitionTime: number;
}

/** `SetDeploymentCondition`: replace a condition of that type, keeping its transition time when the status holds. */
export function setCondition(conditions: DeploymentCondition[], next: DeploymentCondition): DeploymentCondition[] {
  const current = conditions.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason) return conditions;
  const merged = current && current.status === next.status ? { ...next, lastTransitionTime: current.lastTransitionTime } : next;
  return [...conditions.filter((c) => c.type !== next.type), merged];
}

/** `calculateStatus` of the deployment sync. */
export function calculateStatus(d: KubeObject, allRSs: Array<KubeObject | undefined>, newRS: KubeObject | undefined, now: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const unavailable = Math.max(0, replicaCount(allRSs) - available);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    conditions: Array.isArray(d.status?.conditions) ? [...d.status.conditions] : [],
  };
  if (typeof d.status?.collisionCount === 'number') status.collisionCount = d.status.collisionCount;
  const minimum = desiredReplicas(d) - maxUnavailable(d);
  status.conditions = setCondition(
    status.conditions,
    available >= minimum
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: now, lastTransitionTime: now }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: now, lastTransitionTime: now },
  );
  return status;
}

/** `DeploymentComplete`. */
export function deploymentComplete(d: KubeObject, status: DeploymentStatus): boolean {
  const replicas = desiredReplicas(d);
  return (
    status.updatedReplicas === replicas &&
    status.replicas === replicas &&
    status.availableReplicas === replicas &&
    status.observedGeneration >= (d.metadata.generation ?? 1)
  );
}

/** `DeploymentProgressing`: more updated, fewer old, more ready or more available pods than before. */
export function deploymentProgressing(d: KubeObject, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldUpdated = old.updatedReplicas ?? 0;
  const oldOld = (old.replicas ?? 0) - oldUpdated;
  const newOld = status.replicas - status.updatedReplicas;
  return (
    status.updatedReplicas > oldUpdated ||
    newOld < oldOld ||
    status.readyReplicas > (old.readyReplicas ?? 0) ||
    status.availableReplicas > (old.availableReplicas ?? 0)
  );
}

/** `getReplicaSetFraction` + `GetProportion` of proportional scaling. */
export function getProportion(rs: KubeObject, d: KubeObject, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  const replicas = desiredReplicas(d);
  if (replicas === 0) fraction = -specReplicas(rs);
  else {
    const deploymentReplicas = replicas + maxSurge(d);
    const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]);
    const base = Number.isFinite(annotated) && annotated > 0 ? annotated : d.status?.replicas ?? 0;
    fraction = base > 0 ? Math.round((specReplicas(rs) * deploymentReplicas) / base) - specReplicas(rs) : 0;
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
