// Every controller of the simulated control plane, and the cluster features that answer
// Cluster.resolve / writeFile / readFile. Add a controller with one line here.
import type { ControllerContext, ControllerFactory } from './controller';
import { createStatefulSetController } from '../controllers/statefulset/stateful-set';
import { createKubelet } from '../controllers/kubelet/kubelet';
import { createGarbageCollector } from '../controllers/garbage-collector/garbage-collector';
import { createDeploymentController } from '../controllers/deployment';
import { createReplicaSetController } from '../controllers/replicaset';
import { createEndpointsController, dnsFeature, type DnsRecord } from '../controllers/endpoints';
import { createVolumeController, fileFeature } from '../controllers/volume';
import { createAppsController } from '../apps/controller';
import { createContainerEnvController } from '../controllers/config/env';
import { createNodeLifecycleController } from '../controllers/node';

/** Order matters only for syncs due at the same ms (earlier factories first). */
export const CONTROLLERS: ControllerFactory[] = [
  createStatefulSetController,
  createDeploymentController,
  createReplicaSetController,
  createEndpointsController,
  createVolumeController,
  createGarbageCollector,
  createKubelet,
  createAppsController,
  createContainerEnvController,
  createNodeLifecycleController,
];

/** Optional cluster services implemented next to their controllers (DNS, volume data). */
export interface ClusterFeature {
  resolve?(name: string, ctx: ControllerContext): string[] | undefined;
  dnsRecords?(ctx: ControllerContext): DnsRecord[] | undefined;
  writeFile?(pod: string, path: string, content: string, ctx: ControllerContext): boolean;
  readFile?(pod: string, path: string, ctx: ControllerContext): string | undefined;
}

export const FEATURES: ClusterFeature[] = [dnsFeature, fileFeature];
