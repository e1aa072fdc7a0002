// Binding claims to volumes, dynamic provisioning and reclaiming: upstream's PersistentVolume
// controller (pkg/controller/volume/persistentvolume/pv_controller.go syncClaim / syncVolume) and
// the pvc-protection controller.
import type { KubeObject } from '../../api';
import type { VolumeControl } from './volume_control';
import { deepCopy } from '../../cluster/objects';
import { claimClass, defaultClass, findMatchingVolume } from './binder';
import { NO_PROVISIONER, provisionedNodeAffinity, volumeFitsNode } from './topology';

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
export const PROVISIONED_BY_ANNOTATION = 'pv.kubernetes.io/provisioned-by';
export const BIND_COMPLETED_ANNOTATION = 'pv.kubernetes.io/bind-completed';
export const BOUND_BY_CONTROLLER_ANNOTATION = 'pv.kubernetes.io/bound-by-controller';

/** Where a volume's files live in the file store: with the PV once bound, with the claim before. */
export const volumeDataKey = (pvName: string) => `pv:${pvName}`;
export const claimDataKey = (pvcUid: string) => `pvc:${pvcUid}`;

/** A writable copy of a stored (frozen, plain JSON) object; deepCopy is several times faster than structuredClone. */
function clone<T>(v: T): T {
  return deepCopy(v);
}

function findClass(control: VolumeControl, name: string): KubeObject | undefined {
  return control.storageClasses().find((sc) => sc.metadata.name === name);
}

/** Pods that mount the claim through `persistentVolumeClaim.claimName`. */
export function podsUsingClaim(pods: KubeObject[], pvc: KubeObject): KubeObject[] {
  return pods.filter(
    (pod) =>
      (pod.metadata.namespace ?? '') === (pvc.metadata.namespace ?? '') &&
      Array.isArray(pod.spec?.volumes) &&
      pod.spec.volumes.some((v: any) => v?.persistentVolumeClaim?.claimName === pvc.metadata.name),
  );
}

/** `podUsesPVC` of the pvc-protection controller: only scheduled pods hold a claim. */
function claimInUse(control: VolumeControl, pvc: KubeObject): boolean {
  return podsUsingClaim(control.pods(), pvc).some((pod) => !!pod.spec?.nodeName);
}

/** The node a WaitForFirstConsumer claim may bind on: the first scheduled pod using it. */
function selectedNode(control: VolumeControl, pvc: KubeObject): string | undefined {
  const annotated = pvc.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
  if (annotated) return annotated;
  const pod = podsUsingClaim(control.pods(), pvc).find((p) => !!p.spec?.nodeName && p.metadata.deletionTimestamp === undefined);
  return pod?.spec?.nodeName;
}

function bind(control: VolumeControl, pvc: KubeObject, pv: KubeObject): void {
  const volume = clone(pv);
  if (!volume.spec.claimRef) {
    volume.metadata.annotations = { ...(volume.metadata.annotations ?? {}), [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' };
  }
  volume.spec.claimRef = {
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    namespace: pvc.metadata.namespace,
    name: pvc.metadata.name,
    uid: pvc.metadata.uid,
  };
  volume.status = { ...(volume.status ?? {}), phase: 'Bound' };
  control.updateVolume(volume);

  const claim = clone(pvc);
  claim.metadata.annotations = {
    ...(claim.metadata.annotations ?? {}),
    [BIND_COMPLETED_ANNOTATION]: 'yes',
    ...(claim.spec?.volumeName ? {} : { [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' }),
  };
  claim.spec = { ...(claim.spec ?? {}), volumeName: pv.metadata.name };
  claim.status = { phase: 'Bound', accessModes: pv.spec?.accessModes ?? [], capacity: { ...(pv.spec?.capacity ?? {}) } };
  control.updateClaim(claim);
  control.moveData(claimDataKey(pvc.metadata.uid ?? ''), volumeDataKey(pv.metadata.name));
}

/** `provisionClaimOperation`: a new PV named `pvc-<claim uid>` sized and shaped like the claim. */
function provision(control: VolumeControl, pvc: KubeObject, sc: KubeObject, node: string | undefined): KubeObject | undefined {
  const name = `pvc-${pvc.metadata.uid ?? pvc.metadata.name}`;
  // Topology: the chosen node's hostname (local provisioner) or zone (network disk), or allowedTopologies.
  const affinity = provisionedNodeAffinity(sc, node ? control.node?.(node) : undefined, node);
  const pv: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [PROVISIONED_BY_ANNOTATION]: String(sc.provisioner ?? '') } },
    spec: {
      capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '0' },
      accessModes: [...(pvc.spec?.accessModes ?? [])],
      persistentVolumeReclaimPolicy: (sc.reclaimPolicy as string | undefined) ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      // Where a local-path-style provisioner keeps the directory on the node.
      hostPath: { path: `/opt/local-path-provisioner/${name}_${pvc.metadata.namespace ?? 'default'}_${pvc.metadata.name}`, type: 'DirectoryOrCreate' },
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid },
      ...(affinity ? { nodeAffinity: affinity } : {}),
    },
    status: { phase: 'Pending' },
  };
  const created = control.createVolume(pv);
  if (created) {
    control.event(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
  }
  return created;
}

/** `syncUnboundClaim`: bind to a matching volume, or provision one, or say why the claim waits. */
function syncUnboundClaim(control: VolumeControl, claim: KubeObject): void {
  let pvc = claim;
  // DefaultStorageClass admission (and, since 1.28, retroactive assignment): a claim with no class field gets the default.
  if (pvc.spec?.storageClassName === undefined && !pvc.spec?.volumeName) {
    const def = defaultClass(control.storageClasses());
    if (def) {
      pvc = clone(pvc);
      pvc.spec = { ...(pvc.spec ?? {}), storageClassName: def.metadata.name };
      control.updateClaim(pvc);
    }
  }
  const className = claimClass(pvc);
  const sc = className ? findClass(control, className) : undefined;
  const waitForConsumer = sc?.volumeBindingMode === 'WaitForFirstConsumer';
  const node = waitForConsumer ? selectedNode(control, pvc) : undefined;
  if (waitForConsumer && !node) {
    control.event(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    return;
  }
  // WaitForFirstConsumer: only a volume the selected node can reach (its node affinity allows the node).
  const nodeLabels = node ? control.node?.(node)?.metadata.labels : undefined;
  const volumes = nodeLabels ? control.volumes().filter((pv) => volumeFitsNode(pv, nodeLabels)) : control.volumes();
  const match = findMatchingVolume(pvc, volumes);
  if (match) return bind(control, pvc, match);
  if (pvc.spec?.volumeName) {
    control.event(pvc, 'Normal', 'FailedBinding', `volume "${pvc.spec.volumeName}" not found or not available for this claim`);
    return;
  }
  if (!className) {
    control.event(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    return;
  }
  if (!sc) {
    control.event(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
    return;
  }
  if (!sc.provisioner || sc.provisioner === NO_PROVISIONER) {
    control.event(pvc, 'Normal', 'FailedBinding', `no persistent volumes available for this claim and storage class "${className}" has no provisioner`);
    return;
  }
  if (node && pvc.metadata.annotations?.[SELECTED_NODE_ANNOTATION] !== node) {
    pvc = clone(pvc);
    pvc.metadata.annotations = { ...(pvc.metadata.annotations ?? {}), [SELECTED_NODE_ANNOTATION]: node };
    control.updateClaim(pvc);
  }
  const pv = provision(control, pvc, sc, node);
  if (pv) bind(control, pvc, pv);
}

/** `syncClaim` plus the pvc-protection controller. */
export function syncClaim(control: VolumeControl, pvc: KubeObject): void {
  const finalizers = pvc.metadata.finalizers ?? [];
  if (pvc.metadata.deletionTimestamp !== undefined) {
    // pvc-protection: let the claim go once no scheduled pod mounts it.
    if (finalizers.includes(PVC_PROTECTION_FINALIZER) && !claimInUse(control, pvc)) {
      const claim = clone(pvc);
      claim.metadata.finalizers = finalizers.filter((f) => f !== PVC_PROTECTION_FINALIZER);
      control.updateClaim(claim);
    }
    return;
  }
  if (!finalizers.includes(PVC_PROTECTION_FINALIZER)) {
    // Added by the StorageObjectInUseProtection admission plugin on creation.
    const claim = clone(pvc);
    claim.metadata.finalizers = [...finalizers, PVC_PROTECTION_FINALIZER];
    control.updateClaim(claim);
    pvc = claim;
  }
  const phase = pvc.status?.phase;
  if (phase === 'Bound' || phase === 'Lost') {
    const pv = control.volumes().find((v) => v.metadata.name === pvc.spec?.volumeName);
    if (!pv && phase === 'Bound') {
      const claim = clone(pvc);
      claim.status = { ...(claim.status ?? {}), phase: 'Lost' };
      control.updateClaim(claim);
      control.event(pvc, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
    }
    return;
  }
  if (phase !== 'Pending') {
    const claim = clone(pvc);
    claim.status = { ...(claim.status ?? {}), phase: 'Pending' };
    control.updateClaim(claim);
    pvc = claim;
  }
  syncUnboundClaim(control, pvc);
}

/** `syncVolume` / `reclaimVolume`: Available when free, Released or deleted when its claim is gone. */
export function syncVolume(control: VolumeControl, pv: KubeObject): void {
  if (pv.metadata.deletionTimestamp !== undefined) return;
  const ref = pv.spec?.claimRef;
  const phase = pv.status?.phase;
  if (!ref) {
    if (phase !== 'Available') control.updateVolume({ ...clone(pv), status: { phase: 'Available' } });
    return;
  }
  const claim = control
    .claims()
    .find((c) => c.metadata.name === ref.name && (c.metadata.namespace ?? 'default') === (ref.namespace ?? 'default'));
  const claimGone = !claim || (ref.uid && claim.metadata.uid !== ref.uid);
  if (!claimGone) {
    // Pre-bound by the user, or provisioned and not yet bound: syncClaim completes it.
    return;
  }
  if (!ref.uid) return; // pre-bound to a claim that does not exist yet: wait for it.
  if (phase === 'Released' || phase === 'Failed') return;
  const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Delete' && pv.metadata.annotations?.[PROVISIONED_BY_ANNOTATION]) {
    control.deleteVolume(pv);
    control.dropData(volumeDataKey(pv.metadata.name));
    return;
  }
  if (policy === 'Delete') {
    control.updateVolume({ ...clone(pv), status: { phase: 'Failed', message: 'no volume plugin can delete this statically created volume' } });
    control.event(pv, 'Warning', 'VolumeFailedDelete', 'error getting deleter volume plugin for volume: no deletable volume plugin matched');
    return;
  }
  if (policy === 'Recycle') {
    const volume = clone(pv);
    delete volume.spec.claimRef;
    volume.status = { phase: 'Available' };
    control.dropData(volumeDataKey(pv.metadata.name));
    control.updateVolume(volume);
    control.event(pv, 'Normal', 'RecyclerPod', 'Recycler pod: Successfully assigned recycler pod');
    return;
  }
  control.updateVolume({ ...clone(pv), status: { phase: 'Released' } });
}

/**
 * Whether a pod may be scheduled, given its claims (the scheduler's VolumeBinding plugin). Only
 * enforced on clusters that configure storage (at least one StorageClass): the v1.20 traces had
 * no provisioner, and their pods ran with Pending claims because the driver played the scheduler.
 */
export function podVolumesSchedulable(pod: KubeObject, claims: KubeObject[], classes: KubeObject[]): { ok: true } | { ok: false; message: string } {
  if (classes.length === 0) return { ok: true };
  const volumes: any[] = Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : [];
  for (const v of volumes) {
    const claimName = v?.persistentVolumeClaim?.claimName;
    if (typeof claimName !== 'string') continue;
    const pvc = claims.find((c) => c.metadata.name === claimName && (c.metadata.namespace ?? '') === (pod.metadata.namespace ?? ''));
    if (!pvc) return { ok: false, message: `0/1 nodes are available: persistentvolumeclaim "${claimName}" not found.` };
    if (pvc.metadata.deletionTimestamp !== undefined) {
      return { ok: false, message: `0/1 nodes are available: persistentvolumeclaim "${claimName}" is being deleted.` };
    }
    if (pvc.status?.phase === 'Bound') continue;
    const sc = classes.find((c) => c.metadata.name === claimClass(pvc));
    if (sc?.volumeBindingMode === 'WaitForFirstConsumer') continue;
    return { ok: false, message: '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.' };
  }
  return { ok: true };
}
