// The apps controller: re-evaluates the app groups whose instances depend on each other (database
// replication, quorum elections) when their pods, the cluster DNS (Endpoints) or nodes change, and
// frees a pod's app memory once the pod is gone. Pods without the `sim.k8s.course/app` annotation
// enqueue nothing, so clusters without app models (the traces) run exactly as before.
import type { Controller, ControllerContext } from '../cluster/controller';
import { declaredModel, groupKey, splitGroupKey } from './params';
import { forgetPod } from './runtime';
import { MODEL_TABLE } from './registry';
import { LOCKING_MODELS, acquireLock } from './lock';

const KNOWN = 'apps/groups';
const FORGET = 'forget/';
const START = 'start/';

function knownGroups(ctx: ControllerContext): Set<string> {
  let s = ctx.shared.get(KNOWN) as Set<string> | undefined;
  if (!s) ctx.shared.set(KNOWN, (s = new Set()));
  return s;
}

export function createAppsController(): Controller {
  return {
    name: 'apps',
    watches: [
      {
        kind: 'Pod',
        keys(event, ctx) {
          const model = declaredModel(event.object);
          if (model === undefined) return [];
          const keys: string[] = [];
          if (MODEL_TABLE[model]?.syncGroup) {
            const key = groupKey(event.object, model);
            knownGroups(ctx).add(key);
            keys.push(key);
          }
          const uid = event.object.metadata.uid;
          if (event.type === 'DELETED' && uid) keys.push(FORGET + uid);
          // A data-keeping app locks its data directory when its container starts.
          if (uid && LOCKING_MODELS.has(model) && event.object.status?.phase === 'Running' && event.old?.status?.phase !== 'Running') keys.push(START + uid);
          return keys;
        },
      },
      // DNS answers (a replica's PRIMARY_HOST) and node health change who can reach whom.
      { kind: 'Endpoints', keys: (_e, ctx) => [...knownGroups(ctx)] },
      { kind: 'Node', keys: (_e, ctx) => [...knownGroups(ctx)] },
    ],
    sync(key, ctx) {
      if (key.startsWith(FORGET)) {
        forgetPod(ctx, key.slice(FORGET.length));
        return;
      }
      if (key.startsWith(START)) {
        const pod = ctx.store.getByUid(key.slice(START.length));
        if (pod?.status?.phase === 'Running' && pod.metadata.deletionTimestamp === undefined) acquireLock(ctx, pod);
        return;
      }
      const { namespace, model, group } = splitGroupKey(key);
      const after = MODEL_TABLE[model]?.syncGroup?.(ctx, namespace, group);
      return after !== undefined ? { requeueAfterMs: after } : undefined;
    },
  };
}
