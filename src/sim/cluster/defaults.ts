// API-server defaulting on create and update (pkg/apis/apps/v1/defaults.go, pkg/apis/core/v1/defaults.go).
// Kinds register a defaulter here; the cluster runs it before validation and storage.
import type { KubeObject } from '../api';
import { defaultDeployment, defaultReplicaSet } from '../controllers/deployment/defaults';
import { defaultService } from '../controllers/endpoints/service_defaults';

export type Defaulter = (obj: KubeObject) => void;

/** `SetDefaults_Container` (the parts that show in `kubectl get -o yaml`). */
function defaultContainer(c: any): void {
  if (!c || typeof c !== 'object') return;
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
    const tagged = /:[^/]+$/.test(c.image.split('@')[0]) && !c.image.endsWith(':latest');
    c.imagePullPolicy = tagged || c.image.includes('@') ? 'IfNotPresent' : 'Always';
  }
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  if (Array.isArray(c.ports)) for (const p of c.ports) if (p && typeof p === 'object') p.protocol ??= 'TCP';
}

/** `SetDefaults_PodSpec` plus container defaults. */
export function defaultPodSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const list of [spec.containers, spec.initContainers]) if (Array.isArray(list)) list.forEach(defaultContainer);
}

/** `SetDefaults_PersistentVolumeClaim`. */
export function defaultClaimSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return;
  spec.volumeMode ??= 'Filesystem';
}

/** `SetDefaults_StatefulSet` with the 1.35 gates on (MaxUnavailableStatefulSet: maxUnavailable 1). */
export function defaultStatefulSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.updateStrategy ??= {};
  const strategy = spec.updateStrategy;
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) {
    strategy.rollingUpdate.partition ??= 0;
    strategy.rollingUpdate.maxUnavailable ??= 1;
  }
  spec.persistentVolumeClaimRetentionPolicy ??= {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
  spec.revisionHistoryLimit ??= 10;
  spec.replicas ??= 1;
  spec.template ??= {};
  spec.template.metadata ??= {};
  defaultPodSpec((spec.template.spec ??= {}));
  if (Array.isArray(spec.volumeClaimTemplates)) {
    for (const t of spec.volumeClaimTemplates) {
      if (!t || typeof t !== 'object') continue;
      t.apiVersion ??= 'v1';
      t.kind ??= 'PersistentVolumeClaim';
      defaultClaimSpec((t.spec ??= {}));
      t.status ??= { phase: 'Pending' };
    }
  }
}

function defaultPod(obj: KubeObject): void {
  defaultPodSpec((obj.spec ??= {}));
  obj.status ??= { phase: 'Pending' };
  if (!obj.status.phase) obj.status.phase = 'Pending';
}

function defaultClaim(obj: KubeObject): void {
  defaultClaimSpec((obj.spec ??= {}));
  obj.status ??= { phase: 'Pending' };
  if (!obj.status.phase) obj.status.phase = 'Pending';
}

/** Per-kind defaulters; other kinds (Deployment, Service, ...) register theirs with one line. */
export const DEFAULTERS: Record<string, Defaulter> = {
  StatefulSet: defaultStatefulSet,
  Pod: defaultPod,
  PersistentVolumeClaim: defaultClaim,
  Deployment: (o) => (defaultDeployment(o), defaultPodSpec(o.spec.template.spec)),
  ReplicaSet: (o) => (defaultReplicaSet(o), defaultPodSpec(o.spec.template.spec)),
  Service: defaultService,
};

export function applyDefaults(obj: KubeObject): void {
  DEFAULTERS[obj.kind]?.(obj);
}
