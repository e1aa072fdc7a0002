// The ReplicaSet controller (pkg/controller/replicaset) and the pod predicates the workload controllers share.
export { createReplicaSetController } from './replica_set_controller';
export { isPodReady, isPodAvailable, isPodActive } from './pod_state';
export { getPodsToDelete } from './pod_ranking';
export { claimObjects } from './controller_ref_manager';
