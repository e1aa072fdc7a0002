// Which volume a path inside a pod lands on: the pod's volumeMounts → volume → claim → PV
// (what the kubelet's volume manager sets up), as a key into the file store.
import type { KubeObject } from '../../api';
import { claimDataKey, volumeDataKey } from './pv_controller';
import { normalizePath } from './file_store';
import { decodeBase64 } from '../config/env';

export type MountResolution =
  | { ok: true; key: string; path: string; readOnly: boolean; source: string; configData?: Record<string, string> }
  | { ok: false; message: string };

/** The container filesystem of a pod: a path outside every mount, gone with the pod. */
export const podRootKey = (podUid: string) => `pod:${podUid}:/`;
export const emptyDirKey = (podUid: string, volume: string) => `pod:${podUid}:emptyDir:${volume}`;

interface Mount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

/**
 * Resolves `path` in `pod` to the file-store key of the volume mounted deepest above it. The
 * longest mountPath wins across all containers, as no two mounts of one container may share a path.
 */
export function resolveMount(
  pod: KubeObject,
  path: string,
  findClaim: (name: string) => KubeObject | undefined,
  /** `pinned`: a subPath mount, a copy taken when the container started. */
  findObject?: (kind: 'ConfigMap' | 'Secret', name: string, pinned: boolean) => KubeObject | undefined,
): MountResolution {
  if (!path.startsWith('/')) return { ok: false, message: `The path "${path}" is not absolute: start it with "/", as in /data/hello.txt.` };
  const uid = pod.metadata.uid ?? pod.metadata.name;
  // Apps resolve a path on every request they serve: the path is normalized once, each mountPath
  // once (what relativeTo does per call), and the first of the longest mount paths wins.
  const target = normalizePath(path);
  let best: { mount: Mount; rel: string } | undefined;
  let bestLength = -1;
  const consider = (containers: unknown): void => {
    if (!Array.isArray(containers)) return;
    for (const c of containers) {
      for (const mount of c?.volumeMounts ?? []) {
        if (!mount || typeof mount.mountPath !== 'string' || typeof mount.name !== 'string') continue;
        const m = normalizePath(mount.mountPath);
        const rel = m === '/' ? target : target === m ? '/' : target.startsWith(m + '/') ? target.slice(m.length) : undefined;
        if (rel === undefined) continue;
        if (m.length > bestLength) {
          best = { mount, rel };
          bestLength = m.length;
        }
      }
    }
  };
  consider(pod.spec?.initContainers);
  consider(pod.spec?.containers);
  if (!best) return { ok: true, key: podRootKey(uid), path: normalizePath(path), readOnly: false, source: 'the container filesystem' };

  const rel = best.mount.subPath ? normalizePath(`${best.mount.subPath}/${best.rel}`) : best.rel;
  const volume = (pod.spec?.volumes ?? []).find((v: any) => v?.name === best!.mount.name);
  const readOnly = best.mount.readOnly === true;
  if (!volume) {
    return { ok: false, message: `Pod ${pod.metadata.name} mounts volume "${best.mount.name}" at ${best.mount.mountPath}, but spec.volumes has no volume of that name.` };
  }
  if (volume.persistentVolumeClaim) {
    const claimName = volume.persistentVolumeClaim.claimName;
    const pvc = findClaim(claimName);
    if (!pvc) return { ok: false, message: `Pod ${pod.metadata.name} mounts PersistentVolumeClaim "${claimName}", which does not exist.` };
    const key = pvc.spec?.volumeName && pvc.status?.phase === 'Bound' ? volumeDataKey(pvc.spec.volumeName) : claimDataKey(pvc.metadata.uid ?? pvc.metadata.name);
    return { ok: true, key, path: rel, readOnly: readOnly || volume.persistentVolumeClaim.readOnly === true, source: `PersistentVolumeClaim ${claimName}` };
  }
  if (volume.emptyDir) return { ok: true, key: emptyDirKey(uid, volume.name), path: rel, readOnly, source: `emptyDir ${volume.name}` };
  if (volume.configMap || volume.secret) {
    const kind = volume.configMap ? 'ConfigMap' : 'Secret';
    const name = volume.configMap ? volume.configMap.name : volume.secret.secretName;
    const obj = findObject?.(kind, name, Boolean(best.mount.subPath));
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj?.data ?? {})) data[`/${k}`] = kind === 'Secret' ? decodeBase64(String(v)) : String(v);
    for (const [k, v] of Object.entries(obj?.stringData ?? {})) data[`/${k}`] = String(v);
    return { ok: true, key: `${kind}:${name}`, path: rel, readOnly: true, source: `${kind} ${name}`, configData: data };
  }
  // hostPath and other volume types: data lives with the volume name on the (single) node.
  if (volume.hostPath) return { ok: true, key: `host:${normalizePath(String(volume.hostPath.path ?? '/'))}`, path: rel, readOnly, source: `hostPath ${volume.hostPath.path}` };
  return { ok: true, key: emptyDirKey(uid, volume.name), path: rel, readOnly, source: `volume ${volume.name}` };
}
