// The side effects the ReplicaSet algorithm needs, as a narrow interface (tests pass a fake).
import type { KubeObject, OwnerReference } from '../../api';

export interface ReplicaSetControl {
  now(): number;
  /** Every pod in the ReplicaSet's namespace. */
  pods(): KubeObject[];
  /** Pods of the ReplicaSets that share this one's controller (a Deployment's other ReplicaSets), for ranking. */
  relatedPods(): KubeObject[];
  /** Creates a pod from `pod` (metadata.generateName set, no name); false when the API refused it. */
  createPod(pod: KubeObject): boolean;
  deletePod(pod: KubeObject): void;
  setOwnerReferences(pod: KubeObject, ownerReferences: OwnerReference[]): void;
  updateStatus(rs: KubeObject, status: Record<string, unknown>): void;
  event(rs: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Sync this ReplicaSet again `ms` from now (minReadySeconds). */
  requeueAfter(ms: number): void;
}
