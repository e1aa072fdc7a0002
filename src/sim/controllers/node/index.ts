// Node verbs of the Cluster facade (stopNode, startNode, cordon, uncordon, drain) and the
// node-lifecycle controller that reacts to Node deletions and the out-of-service taint.
import type { Controller, ControllerContext } from '../../cluster/controller';
import { KUBELET_MODEL, type KubeletModel } from '../kubelet/kubelet';
import { cordon, drain, onNodeDeleted, onNodeTainted, registerNode, startNode, stopNode } from './lifecycle';

export { bootstrapNodes, DEFAULT_NODE_COUNT, NODE_MONITOR_GRACE_MS, DEFAULT_TOLERATION_SECONDS, TAINT_OUT_OF_SERVICE } from './nodes';

export const nodeVerbs = {
  stopNode(ctx: ControllerContext, name: string): void {
    stopNode(ctx, name);
  },
  startNode(ctx: ControllerContext, name: string): void {
    startNode(ctx, name, (node) => (ctx.shared.get(KUBELET_MODEL) as KubeletModel | undefined)?.resume(node, ctx));
  },
  cordon(ctx: ControllerContext, name: string): void {
    cordon(ctx, name, true);
  },
  uncordon(ctx: ControllerContext, name: string): void {
    cordon(ctx, name, false);
  },
  drain(ctx: ControllerContext, name: string): void {
    drain(ctx, name);
  },
};

const NONE: string[] = [];

/** Reacts in the watch callback (no sync of its own): Node deleted → PodGC; out-of-service taint added. */
export function createNodeLifecycleController(): Controller {
  return {
    name: 'node-lifecycle',
    watches: [
      {
        kind: 'Node',
        keys(event, ctx) {
          if (event.type === 'DELETED') onNodeDeleted(ctx, event.object.metadata.name);
          else if (event.type === 'ADDED' && !event.object.status?.conditions) registerNode(ctx, event.object.metadata.name);
          else if (event.type === 'MODIFIED') {
            const had = JSON.stringify(event.old?.spec?.taints ?? []);
            if (had !== JSON.stringify(event.object.spec?.taints ?? [])) onNodeTainted(ctx, event.object);
          }
          return NONE;
        },
      },
    ],
    sync() {},
  };
}
