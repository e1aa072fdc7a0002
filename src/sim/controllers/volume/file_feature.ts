// Cluster.writeFile / readFile: a path in a pod → its mount → the volume's data in the file store.
import { projectedVersion } from '../config/projection';
import type { ControllerContext } from '../../cluster/controller';
import type { ClusterFeature } from '../../cluster/registry';
import { FileStore } from './file_store';
import { resolveMount } from './mounts';

const FILES = 'volume/files';

export function fileStoreOf(ctx: ControllerContext): FileStore {
  let files = ctx.shared.get(FILES) as FileStore | undefined;
  if (!files) ctx.shared.set(FILES, (files = new FileStore()));
  return files;
}

function runningPod(podName: string, ctx: ControllerContext) {
  return ctx.store.get('Pod', ctx.store.defaultNamespace, podName);
}

export const fileFeature: ClusterFeature = {
  writeFile(podName, path, content, ctx) {
    const ns = ctx.store.defaultNamespace;
    const pod = runningPod(podName, ctx);
    if (!pod) throw new Error(`Cannot write ${path}: there is no pod named "${podName}" in namespace "${ns}".`);
    if (pod.status?.phase !== 'Running') {
      throw new Error(`Cannot write ${path}: pod ${podName} is ${pod.status?.phase ?? 'Pending'}, so its containers are not running. Wait until it is Running.`);
    }
    const mount = resolveMount(pod, path, (claim) => ctx.store.get('PersistentVolumeClaim', pod.metadata.namespace, claim), (kind, name, pinned) => projectedVersion(ctx, pod, kind, name, pinned));
    if (!mount.ok) throw new Error(`Cannot write ${path}: ${mount.message}`);
    if (mount.readOnly) throw new Error(`Cannot write ${path}: it is on ${mount.source}, which is mounted read-only.`);
    fileStoreOf(ctx).write(mount.key, mount.path, content);
    return true;
  },
  readFile(podName, path, ctx) {
    const pod = runningPod(podName, ctx);
    if (!pod || pod.status?.phase !== 'Running') return undefined;
    const mount = resolveMount(pod, path, (claim) => ctx.store.get('PersistentVolumeClaim', pod.metadata.namespace, claim), (kind, name, pinned) => projectedVersion(ctx, pod, kind, name, pinned));
    if (!mount.ok) return undefined;
    if (mount.configData) return mount.configData[mount.path];
    return fileStoreOf(ctx).read(mount.key, mount.path);
  },
};
