// The data-directory lock (lesson 15's "lock file"): PostgreSQL docs, "Starting the Database
// Server" (postmaster.pid: a second server on the same data directory refuses to start; a stale
// file whose process is gone is taken over). Two replicas of a Deployment sharing one claim
// (ReadWriteMany, as on NFS: a ReadWriteOnce volume would not even attach on a second node).
import { describe, expect, it } from 'vitest';
import { applyOk, newCluster, podNames, send } from './helpers';

const SHARED = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteMany]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kv
spec:
  replicas: 2
  selector:
    matchLabels: {app: kv}
  template:
    metadata:
      labels: {app: kv}
      annotations:
        sim.k8s.course/app: kv
    spec:
      containers:
      - name: kv
        image: kv:1
        volumeMounts:
        - name: data
          mountPath: /data
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: data
`;

describe('kv: one process per data directory (PostgreSQL postmaster.pid)', () => {
  it('the second replica on a shared claim refuses the locked data directory', () => {
    const c = newCluster();
    applyOk(c, SHARED);
    c.runUntilStable();
    const pods = podNames(c, { app: 'kv' });
    const statuses = pods.map((p) => c.appStatus(p)!);
    const holder = statuses.find((s) => s.serving)!.pod;
    const other = pods.find((p) => p !== holder)!;
    expect(c.appStatus(other)).toEqual({ pod: other, model: 'kv', serving: false, detail: { lockedBy: holder } });
    expect(c.readFile(holder, '/data/.lock')).toBe(JSON.stringify({ pod: holder, uid: c.get('Pod', holder)!.metadata.uid }));
    expect(send(c, holder, 'PUT', '/kv/a', { body: '1' }).status).toBe(200);
    expect(send(c, other, 'PUT', '/kv/a', { body: '2' })).toEqual({
      status: 503,
      body: `${other} cannot use its data directory /data: /data/.lock is held by pod ${holder}, which is still running on the same volume. Two processes writing one data directory corrupt it; give each replica its own volume (a StatefulSet's volumeClaimTemplates).`,
    });
    expect(send(c, holder, 'GET', '/kv/a').body).toBe('1');
  });

  it('a lock whose holder is gone is stale: the next pod to start takes it over', () => {
    const c = newCluster();
    applyOk(c, SHARED);
    c.runUntilStable();
    const pods = podNames(c, { app: 'kv' });
    const holder = pods.find((p) => c.appStatus(p)!.serving)!;
    const other = pods.find((p) => p !== holder)!;
    c.deletePod(holder);
    c.runUntilStable();
    // The replacement locks the directory as it starts; the replica that lost the race earlier
    // stays refused (a real one would have exited and be restarting).
    const replacement = podNames(c, { app: 'kv' }).find((p) => p !== other)!;
    expect(c.appStatus(replacement)?.serving).toBe(true);
    expect(c.appStatus(other)?.detail).toEqual({ lockedBy: replacement });
    expect(send(c, other, 'GET', '/kv/b').status).toBe(503);
    // Once nothing holds it, the first pod to ask takes it.
    c.scale('Deployment', 'kv', 1);
    c.runUntilStable();
    const [last] = podNames(c, { app: 'kv' });
    expect(send(c, last, 'PUT', '/kv/b', { body: '2' }).status).toBe(200);
  });
});
