// The side effects the Deployment algorithm needs, as a narrow interface (tests pass a fake).
import type { KubeObject } from '../../api';

export interface DeploymentControl {
  now(): number;
  /** The ReplicaSets this Deployment owns right now (after adoption and release). */
  replicaSets(): KubeObject[];
  /** Creates the ReplicaSet; returns the stored copy, or 'exists' when the name is taken. */
  createReplicaSet(rs: KubeObject): KubeObject | 'exists';
  /** Writes spec.replicas, template, minReadySeconds and annotations; returns the stored copy. */
  updateReplicaSet(rs: KubeObject): KubeObject;
  deleteReplicaSet(rs: KubeObject): void;
  /** Writes the Deployment's annotations (revision). */
  updateDeploymentAnnotations(d: KubeObject, annotations: Record<string, string>): void;
  /** Writes the status; returns false when nothing changed. */
  updateDeploymentStatus(d: KubeObject, status: Record<string, unknown>): void;
  event(d: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Sync this Deployment again `ms` from now (a stuck rollout's progress deadline). */
  requeueAfter(ms: number): void;
  /** Pods owned by the given ReplicaSets (for Recreate's "old pods running" wait). */
  podsOwnedBy(rs: KubeObject): KubeObject[];
}
