// API-server defaulting of Deployments and ReplicaSets (pkg/apis/apps/v1/defaults.go). The pod
// template's own defaults come from cluster/defaults.ts `defaultPodSpec`, which calls these (no import
// back, so the two modules do not form a cycle).
import type { KubeObject } from '../../api';

/** `SetDefaults_Deployment`. */
export function defaultDeployment(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  spec.strategy ??= {};
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.spec ??= {};
}

/** `SetDefaults_ReplicaSet`. */
export function defaultReplicaSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.spec ??= {};
}
