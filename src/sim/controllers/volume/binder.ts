// Matching claims to volumes: upstream's pv controller `findMatchingVolume` / `syncUnboundClaim`.
import type { KubeObject } from '../../api';
import { parseQuantity } from './quantity';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

/** `GetPersistentVolumeClaimClass`: the class a claim asks for ('' = only class-less volumes). */
export function claimClass(pvc: KubeObject): string {
  const c = pvc.spec?.storageClassName;
  if (typeof c === 'string') return c;
  const beta = pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  return typeof beta === 'string' ? beta : '';
}

/** `GetPersistentVolumeClass`. */
export function volumeClass(pv: KubeObject): string {
  const c = pv.spec?.storageClassName;
  return typeof c === 'string' ? c : '';
}

export function isDefaultClass(sc: KubeObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/** The default StorageClass admission picks: the newest of those marked default (`GetDefaultClass`). */
export function defaultClass(classes: KubeObject[]): KubeObject | undefined {
  const defaults = classes.filter(isDefaultClass);
  defaults.sort((a, b) => (b.metadata.creationTimestamp ?? 0) - (a.metadata.creationTimestamp ?? 0) || (a.metadata.name < b.metadata.name ? -1 : 1));
  return defaults[0];
}

export function requestedBytes(pvc: KubeObject): number {
  return parseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0;
}

export function capacityBytes(pv: KubeObject): number {
  return parseQuantity(pv.spec?.capacity?.storage) ?? 0;
}

/** `CheckAccessModes`: the volume offers every mode the claim asks for. */
export function accessModesMatch(pvc: KubeObject, pv: KubeObject): boolean {
  const offered: unknown[] = Array.isArray(pv.spec?.accessModes) ? pv.spec.accessModes : [];
  const wanted: unknown[] = Array.isArray(pvc.spec?.accessModes) ? pvc.spec.accessModes : [];
  return wanted.every((m) => offered.includes(m));
}

function labelsMatch(selector: any, labels: Record<string, string> | undefined): boolean {
  if (!selector || typeof selector !== 'object') return true;
  const ml = selector.matchLabels ?? {};
  return Object.entries(ml).every(([k, v]) => labels?.[k] === v);
}

/** `IsVolumeBoundToClaim`: the volume's claimRef names this claim (and its uid, when set). */
export function isVolumeBoundToClaim(pv: KubeObject, pvc: KubeObject): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== pvc.metadata.name || (ref.namespace ?? 'default') !== (pvc.metadata.namespace ?? 'default')) return false;
  return !ref.uid || ref.uid === pvc.metadata.uid;
}

/**
 * `findMatchingVolume`: a volume pre-bound to the claim wins; otherwise the smallest Available
 * volume of the claim's class, access modes, volume mode and selector that is large enough.
 */
export function findMatchingVolume(pvc: KubeObject, volumes: KubeObject[]): KubeObject | undefined {
  const wantedClass = claimClass(pvc);
  const wanted = requestedBytes(pvc);
  const wantedMode = pvc.spec?.volumeMode ?? 'Filesystem';
  let best: KubeObject | undefined;
  const sorted = [...volumes].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const pv of sorted) {
    if (pv.metadata.deletionTimestamp !== undefined) continue;
    if ((pv.spec?.volumeMode ?? 'Filesystem') !== wantedMode) continue;
    if (capacityBytes(pv) < wanted) continue;
    if (isVolumeBoundToClaim(pv, pvc)) return pv;
    if (pv.spec?.claimRef) continue;
    if (pvc.spec?.volumeName && pvc.spec.volumeName !== pv.metadata.name) continue;
    if (volumeClass(pv) !== wantedClass) continue;
    if (!labelsMatch(pvc.spec?.selector, pv.metadata.labels)) continue;
    if (!accessModesMatch(pvc, pv)) continue;
    if (!best || capacityBytes(pv) < capacityBytes(best)) best = pv;
  }
  return best;
}
