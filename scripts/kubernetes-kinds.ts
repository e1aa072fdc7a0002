// The entry type for scripts/generate-k8s-schema.ts: every kind the simulator accepts, taken from
// kubernetes-types (generated from the official Kubernetes OpenAPI spec). Not compiled into the app.
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type {
  ConfigMap,
  Endpoints,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Secret,
  Service,
} from 'kubernetes-types/core/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';

export interface SupportedKinds {
  StatefulSet: StatefulSet;
  Deployment: Deployment;
  ReplicaSet: ReplicaSet;
  Pod: Pod;
  Service: Service;
  PersistentVolumeClaim: PersistentVolumeClaim;
  PersistentVolume: PersistentVolume;
  StorageClass: StorageClass;
  ConfigMap: ConfigMap;
  Secret: Secret;
  Namespace: Namespace;
  PodDisruptionBudget: PodDisruptionBudget;
  Ingress: Ingress;
  Endpoints: Endpoints;
  Node: Node;
}
