// The data-directory lock a database takes when it starts (PostgreSQL's postmaster.pid, MySQL's
// InnoDB file locks, etcd's flock on its db file): `<data-path>/.lock` names the pod holding it.
// A second live pod on the same volume (a Deployment's replicas sharing one claim) refuses to use
// it instead of corrupting it; a lock whose holder is gone (pod deleted or finished) is stale and
// taken over, as PostgreSQL does when the PID in postmaster.pid no longer runs.
import type { KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import { dataPathOf } from './kv';
import { joinPath, readJson, writeJson } from './runtime';

export const LOCK_FILE = '.lock';

interface LockFile {
  pod: string;
  uid: string;
}

/** Models that keep a data directory and lock it when they start. */
export const LOCKING_MODELS = new Set(['kv', 'replicated-db', 'quorum']);

export type LockResult = { ok: true } | { ok: false; holder: string; message: string };

function alive(ctx: ControllerContext, uid: string): KubeObject | undefined {
  const pod = ctx.store.getByUid(uid);
  if (!pod || pod.kind !== 'Pod') return undefined;
  const phase = pod.status?.phase;
  return phase === 'Failed' || phase === 'Succeeded' ? undefined : pod;
}

/** Takes (or confirms) the lock on the pod's data directory; with `look`, only checks it. */
export function acquireLock(ctx: ControllerContext, pod: KubeObject, look = false): LockResult {
  const path = joinPath(dataPathOf(pod), LOCK_FILE);
  const uid = pod.metadata.uid ?? pod.metadata.name;
  const held = readJson<LockFile>(ctx, pod, path);
  if (held && typeof held.uid === 'string' && held.uid !== uid && alive(ctx, held.uid)) {
    return {
      ok: false,
      holder: held.pod,
      message: `${pod.metadata.name} cannot use its data directory ${dataPathOf(pod)}: ${path} is held by pod ${held.pod}, which is still running on the same volume. Two processes writing one data directory corrupt it; give each replica its own volume (a StatefulSet's volumeClaimTemplates).`,
    };
  }
  if (!look && (!held || held.uid !== uid)) writeJson(ctx, pod, path, { pod: pod.metadata.name, uid });
  return { ok: true };
}
