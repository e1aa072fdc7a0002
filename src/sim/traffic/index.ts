// Traffic verbs of the Cluster facade (request, clients, stats) and container environments.
// Routing rules are in router.ts (kube-proxy and L7 proxies), names in targets.ts, clients in
// clients.ts; the pods' answers come from the app models (src/sim/apps).
import type { ClientSpec, RequestOptions, RequestResult, TrafficStats } from '../api';
import type { ControllerContext } from '../cluster/controller';
import { containerEnv } from '../controllers/config/env';
import { sendRequest } from './router';
import { startClient, stopClient } from './clients';
import { trafficStats } from './stats';

export const trafficVerbs = {
  request(ctx: ControllerContext, target: string, options: RequestOptions = {}): RequestResult {
    return sendRequest(ctx, target, options);
  },
  startClient(ctx: ControllerContext, spec: ClientSpec): void {
    startClient(ctx, spec);
  },
  stopClient(ctx: ControllerContext, name: string): void {
    stopClient(ctx, name);
  },
  trafficStats(ctx: ControllerContext, options: { bucketMs?: number } = {}): TrafficStats {
    return trafficStats(ctx, options);
  },
  env(ctx: ControllerContext, pod: string, container?: string): Record<string, string> | undefined {
    return containerEnv(ctx, pod, container);
  },
};
