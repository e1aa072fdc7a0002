// The PersistentVolume controller, the pvc-protection controller and the volume data lifecycle,
// wired to the engine. Keys: `pvc:<ns>/<name>`, `pv:<name>`, `pod-gone:<uid>`, `pvc-gone:<uid>`.
import type { KubeObject } from '../../api';
import type { Controller, ControllerContext } from '../../cluster/controller';
import { ApiError } from '../../cluster/store';
import { deepEqual } from '../../cluster/objects';
import type { VolumeControl } from './volume_control';
import { claimDataKey, syncClaim, syncVolume } from './pv_controller';
import { fileStoreOf } from './file_feature';
import { podRootKey } from './mounts';

const claimKey = (namespace: string | undefined, name: string) => `pvc:${namespace ?? ''}/${name}`;

function claimNamesOf(pod: KubeObject | undefined): string[] {
  if (!pod || !Array.isArray(pod.spec?.volumes)) return [];
  return pod.spec.volumes.map((v: any) => v?.persistentVolumeClaim?.claimName).filter((n: unknown): n is string => typeof n === 'string');
}

/** ctx.shared key: the last event text per object and reason, so a resync does not repeat it. */
const LAST_EVENTS = 'volume/last-events';

function control(ctx: ControllerContext): VolumeControl {
  const { store } = ctx;
  const files = fileStoreOf(ctx);
  let lastEvents = ctx.shared.get(LAST_EVENTS) as Map<string, string> | undefined;
  if (!lastEvents) ctx.shared.set(LAST_EVENTS, (lastEvents = new Map()));
  const seen = lastEvents;
  /** Writes metadata/spec, then status: the two API calls a controller makes. */
  const write = (obj: KubeObject) => {
    const current = store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (!current) return;
    const updated = store.update({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } });
    const after = store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (after && after === updated && obj.status !== undefined && !deepEqual(after.status, obj.status)) store.updateStatus({ ...after, status: obj.status });
  };
  return {
    now: () => ctx.now(),
    claims: () => store.list('PersistentVolumeClaim'),
    volumes: () => store.list('PersistentVolume'),
    storageClasses: () => store.list('StorageClass'),
    pods: () => store.list('Pod'),
    node: (name) => store.get('Node', undefined, name),
    createVolume: (pv) => {
      try {
        const created = store.create(pv);
        return pv.status ? store.updateStatus({ ...created, status: pv.status }) : created;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return undefined;
      }
    },
    updateVolume: write,
    deleteVolume: (pv) => {
      try {
        store.delete('PersistentVolume', undefined, pv.metadata.name);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
    },
    updateClaim: write,
    event: (obj, type, reason, message) => {
      const k = `${obj.metadata.uid}/${reason}`;
      if (seen.get(k) === message) return;
      seen.set(k, message);
      ctx.event(obj, type, reason, message);
    },
    moveData: (from, to) => files.move(from, to),
    dropData: (key) => files.drop(key),
  };
}

export function createVolumeController(): Controller {
  return {
    name: 'volume',
    watches: [
      {
        kind: 'PersistentVolumeClaim',
        keys: (e) => {
          const keys = [claimKey(e.object.metadata.namespace, e.object.metadata.name)];
          // A claim gone: its volume is reclaimed, and an unbound claim's data has nowhere to live.
          if (e.type === 'DELETED') {
            keys.push(`pvc-gone:${e.object.metadata.uid}`);
            if (e.object.spec?.volumeName) keys.push(`pv:${e.object.spec.volumeName}`);
          }
          return keys;
        },
      },
      {
        kind: 'PersistentVolume',
        keys: (e) => {
          const keys = [`pv:${e.object.metadata.name}`];
          const ref = e.object.spec?.claimRef;
          if (ref?.name) keys.push(claimKey(ref.namespace, ref.name));
          return keys;
        },
      },
      {
        kind: 'StorageClass',
        keys: (_e, ctx) => ctx.store.list('PersistentVolumeClaim').filter((c) => c.status?.phase !== 'Bound').map((c) => claimKey(c.metadata.namespace, c.metadata.name)),
      },
      {
        kind: 'Pod',
        // A scheduled consumer unblocks WaitForFirstConsumer claims; a pod gone may free a protected claim.
        keys: (e) => {
          const keys = claimNamesOf(e.object).map((n) => claimKey(e.object.metadata.namespace, n));
          if (e.type === 'DELETED') keys.push(`pod-gone:${e.object.metadata.uid}`);
          return keys;
        },
      },
    ],
    sync(key, ctx) {
      const { store } = ctx;
      if (key.startsWith('pod-gone:')) {
        // emptyDir volumes and the container filesystem die with the pod.
        const uid = key.slice('pod-gone:'.length);
        const files = fileStoreOf(ctx);
        for (const k of files.keysWithPrefix(podRootKey(uid).slice(0, -1))) files.drop(k);
        return;
      }
      if (key.startsWith('pvc-gone:')) {
        // An unbound claim's data had nowhere else to live.
        fileStoreOf(ctx).drop(claimDataKey(key.slice('pvc-gone:'.length)));
        return;
      }
      if (key.startsWith('pv:')) {
        const pv = store.get('PersistentVolume', undefined, key.slice(3));
        if (pv) syncVolume(control(ctx), pv);
        return;
      }
      const rest = key.slice(4);
      const slash = rest.indexOf('/');
      const pvc = store.get('PersistentVolumeClaim', rest.slice(0, slash), rest.slice(slash + 1));
      if (pvc) syncClaim(control(ctx), pvc);
    },
  };
}
