// The Deployment controller (pkg/controller/deployment).
export { createDeploymentController } from './deployment_controller';
export { defaultDeployment, defaultReplicaSet } from './defaults';
export { computeHash } from './hash';
