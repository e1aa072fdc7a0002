// One test (or table row) per rule of shared/reference/statefulset-behaviors.md, run against the
// whole engine (StatefulSet controller + kubelet model + garbage collector).
import { describe, expect, it } from 'vitest';
import { applyOk, cluster, isReady, livePods, podNames, revisionNumber, setImage, statefulSet } from '../helpers';
import { fnv1_32, hashControllerRevision, safeEncodeString } from '../../../src/sim/controllers/statefulset/history';
import { getParentNameAndOrdinal, getStatefulSetMaxUnavailable } from '../../../src/sim/controllers/statefulset/utils';
import type { KubeObject } from '../../../src/sim';

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name } }) as KubeObject;

describe('SS-ID identity', () => {
  it('SS-ID-1 pod names cover [start, start+N-1]', () => {
    for (const [start, expected] of [[undefined, ['web-0', 'web-1', 'web-2']], [5, ['web-5', 'web-6', 'web-7']]] as const) {
      const c = cluster();
      applyOk(c, statefulSet({ ordinalsStart: start, claims: false }));
      c.runUntilStable();
      expect(podNames(c)).toEqual(expected);
    }
  });

  it.each([
    ['web-0', 'web', 0],
    ['web-1-0', 'web-1', 0],
    ['web-12', 'web', 12],
    ['web', '', -1],
    ['web-99999999999', 'web', -1],
  ])('SS-ID-2 %s parses to parent %s ordinal %i', (name, parent, ordinal) => {
    expect(getParentNameAndOrdinal(pod(name))).toEqual({ parent, ordinal });
  });

  it('SS-ID-4/5/6/7 new pods: owner ref, hostname, subdomain, pod-name, pod-index and revision labels', () => {
    const c = cluster();
    applyOk(c, statefulSet({ ordinalsStart: 3, replicas: 1 }));
    c.runUntilStable();
    const p = c.get('Pod', 'web-3')!;
    const set = c.get('StatefulSet', 'web')!;
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(p.spec.hostname).toBe('web-3');
    expect(p.spec.subdomain).toBe('nginx');
    expect(p.metadata.labels?.['statefulset.kubernetes.io/pod-name']).toBe('web-3');
    expect(p.metadata.labels?.['apps.kubernetes.io/pod-index']).toBe('3');
    expect(p.metadata.labels?.['controller-revision-hash']).toBe(set.status.updateRevision);
    expect(c.get('ControllerRevision', set.status.updateRevision)).toBeDefined();
  });

  it('SS-ID-8/9 PVC name, labels (selector wins) and the pod volume pointing at it', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 1 }));
    c.runUntilStable();
    const pvc = c.get('PersistentVolumeClaim', 'www-web-0')!;
    expect(pvc.metadata.labels).toEqual({ app: 'web', tier: 'db' });
    expect(pvc.metadata.ownerReferences).toBeUndefined();
    expect(c.get('Pod', 'web-0')!.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }]);
  });

  it('SS-ID-10 an existing PVC is reused as it is (same uid)', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 1 }));
    c.runUntilStable();
    const uid = c.get('PersistentVolumeClaim', 'www-web-0')!.metadata.uid;
    c.deletePod('web-0');
    c.runUntilStable();
    expect(c.get('PersistentVolumeClaim', 'www-web-0')!.metadata.uid).toBe(uid);
    expect(isReady(c.get('Pod', 'web-0')!)).toBe(true);
  });

  it('SS-ID-12 a pod deleted below the partition comes back at the old revision', () => {
    const c = cluster();
    applyOk(c, statefulSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    c.runUntilStable();
    setImage(c, 'nginx:0.9');
    c.runUntilStable();
    c.deletePod('web-0');
    c.runUntilStable();
    expect(livePods(c).map((p) => [p.metadata.name, revisionNumber(c, p)])).toEqual([['web-0', 1], ['web-1', 1], ['web-2', 2]]);
  });
});

describe('SS-REC reconcile', () => {
  it('SS-REC-5 a Failed pod is deleted and recreated under the same name (RecreatingFailedPod)', () => {
    const c = cluster();
    applyOk(c, statefulSet());
    c.runUntilStable();
    const uid = c.get('Pod', 'web-1')!.metadata.uid;
    c.failPod('web-1');
    c.runUntilStable();
    const again = c.get('Pod', 'web-1')!;
    expect(again.metadata.uid).not.toBe(uid);
    expect(isReady(again)).toBe(true);
    expect(c.events().map((e) => e.reason)).toContain('RecreatingFailedPod');
  });

  it('SS-REC-6 OrderedReady: web-1 is not created while web-0 is not Ready', () => {
    const c = cluster({ kubelet: { unready: ['web-0'] } });
    applyOk(c, statefulSet());
    c.advance(20_000);
    expect(podNames(c)).toEqual(['web-0']);
    c.setReady('web-0', true);
    c.runUntilStable();
    expect(podNames(c)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('SS-REC-6 a missing middle pod is recreated before anything else', () => {
    const c = cluster();
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    c.deletePod('web-1', { force: true });
    c.scale('StatefulSet', 'web', 4);
    c.runUntilStable();
    const created = c.timeline().filter((e) => e.event === 'created' && e.kind === 'pod').map((e) => e.name);
    expect(created.slice(-2)).toEqual(['web-1', 'web-3']);
  });

  it('SS-REC-7 Parallel creates all pods at once, even when none becomes Ready', () => {
    const c = cluster({ kubelet: { neverReady: true } });
    applyOk(c, statefulSet({ policy: 'Parallel' }));
    c.advance(50);
    expect(podNames(c)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('SS-REC-10 OrderedReady scale-down deletes one pod at a time, highest first, waiting for each to go', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 4, claims: false }));
    c.runUntilStable();
    c.scale('StatefulSet', 'web', 1);
    c.runUntilStable();
    const tl = c.timeline().filter((e) => e.kind === 'pod' && (e.event === 'deleting' || e.event === 'gone')).map((e) => `${e.name} ${e.event}`);
    expect(tl).toEqual(['web-3 deleting', 'web-3 gone', 'web-2 deleting', 'web-2 gone', 'web-1 deleting', 'web-1 gone']);
  });

  it('SS-REC-10 Parallel scale-down deletes every condemned pod at once', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 3, policy: 'Parallel', claims: false }));
    c.runUntilStable();
    c.scale('StatefulSet', 'web', 1);
    c.advance(100);
    expect(livePods(c).map((p) => p.metadata.name)).toEqual(['web-0']);
  });

  // §9 folklore 1: the exact scale-down gate.
  it.each([
    ['an unready pod that is about to be removed does not block', ['web-2'], 2, ['web-0', 'web-1']],
    ['an unready pod that stays blocks', ['web-0'], 2, ['web-0', 'web-1', 'web-2']],
    ['two unhealthy condemned pods block', ['web-1', 'web-2'], 1, ['web-0', 'web-1', 'web-2']],
    ['scale 1 → 0 with an unready pod-0 works', ['web-0'], 0, []],
  ])('SS-REC-11 %s', (_title, unready, target, expected) => {
    const c = cluster();
    const replicas = target === 0 ? 1 : 3;
    applyOk(c, statefulSet({ replicas, claims: false }));
    c.runUntilStable();
    for (const p of unready) c.setReady(p, false);
    c.scale('StatefulSet', 'web', target);
    c.advance(30_000);
    expect(podNames(c)).toEqual(expected);
  });

  it('SS-REC-13 OrderedReady: updates wait until scaling is done', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 2, claims: false }));
    c.runUntilStable();
    c.scale('StatefulSet', 'web', 3);
    setImage(c, 'nginx:0.9');
    c.runUntilStable();
    const tl = c.timeline().filter((e) => e.kind === 'pod' && (e.event === 'created' || e.event === 'deleting')).map((e) => e.text);
    const firstDelete = tl.findIndex((t) => t.endsWith('deleting'));
    expect(tl.indexOf('pod/web-2 created rev=2')).toBeLessThan(firstDelete);
  });
});

describe('SS-UPD updates and revisions', () => {
  it('SS-UPD-2 FNV-1 (not 1a) and SafeEncodeString', () => {
    expect(fnv1_32('')).toBe(0x811c9dc5);
    expect(fnv1_32('a')).toBe(0x050c5d7e);
    expect(safeEncodeString('0123456789')).toBe('456789bcdf'); // char code mod 27
    expect(hashControllerRevision('a')).toBe(safeEncodeString(String(0x050c5d7e)));
    expect(hashControllerRevision('a', 1)).toBe(safeEncodeString(String(fnv1_32('a1'))));
  });

  it('SS-UPD-1 only the template makes a revision', () => {
    const c = cluster();
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    c.scale('StatefulSet', 'web', 4);
    c.patch('StatefulSet', 'web', { spec: { minReadySeconds: 1 } });
    c.runUntilStable();
    expect(c.list('ControllerRevision')).toHaveLength(1);
  });

  it('SS-UPD-3 rolling back reuses the old revision with a bumped number', () => {
    const c = cluster();
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    const first = c.get('StatefulSet', 'web')!.status.updateRevision;
    setImage(c, 'nginx:0.9');
    c.runUntilStable();
    setImage(c, 'nginx:0.8');
    c.runUntilStable();
    const set = c.get('StatefulSet', 'web')!;
    expect(c.list('ControllerRevision')).toHaveLength(2);
    expect(set.status.updateRevision).toBe(first);
    expect((c.get('ControllerRevision', first) as any).revision).toBe(3);
  });

  it('SS-UPD-4/5 rolling update replaces pods highest ordinal first, one at a time', () => {
    const c = cluster();
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    setImage(c, 'nginx:0.9');
    c.runUntilStable();
    const order = c.timeline().filter((e) => e.event === 'deleting').map((e) => e.name);
    expect(order).toEqual(['web-2', 'web-1', 'web-0']);
    expect(livePods(c).every((p) => revisionNumber(c, p) === 2)).toBe(true);
  });

  it('SS-UPD-6 the partition is an index from ordinals.start', () => {
    const c = cluster();
    applyOk(c, statefulSet({ ordinalsStart: 5, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }, claims: false }));
    c.runUntilStable();
    setImage(c, 'nginx:0.9');
    c.runUntilStable();
    expect(livePods(c).map((p) => [p.metadata.name, revisionNumber(c, p)])).toEqual([['web-5', 1], ['web-6', 1], ['web-7', 2]]);
  });

  it.each([
    [undefined, 10, 1],
    [2, 10, 2],
    ['25%', 10, 2],
    ['5%', 10, 1],
    [0, 10, 1],
  ])('SS-UPD-7 maxUnavailable %s of %i replicas → %i', (value, replicas, expected) => {
    expect(getStatefulSetMaxUnavailable(value, replicas)).toBe(expected);
  });

  it('SS-UPD-9 maxUnavailable 2 with OrderedReady deletes two pods together', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 4, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } }, claims: false }));
    c.runUntilStable();
    setImage(c, 'nginx:0.9');
    c.runUntilStable();
    const deletes = c.timeline().filter((e) => e.event === 'deleting');
    expect(deletes.map((e) => e.name)).toEqual(['web-3', 'web-2', 'web-1', 'web-0']);
    expect(deletes[0].t).toBe(deletes[1].t);
    expect(deletes[2].t).toBe(deletes[3].t);
    expect(deletes[2].t).toBeGreaterThan(deletes[1].t);
  });

  it('SS-UPD-10 OnDelete changes nothing until a pod is deleted', () => {
    const c = cluster();
    applyOk(c, statefulSet({ updateStrategy: { type: 'OnDelete' }, claims: false }));
    c.runUntilStable();
    setImage(c, 'nginx:0.9');
    c.runUntilStable();
    expect(livePods(c).map((p) => revisionNumber(c, p))).toEqual([1, 1, 1]);
    c.deletePod('web-1');
    c.runUntilStable();
    expect(livePods(c).map((p) => revisionNumber(c, p))).toEqual([1, 2, 1]);
  });

  it('SS-UPD-11 history keeps live revisions plus revisionHistoryLimit others', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 1, revisionHistoryLimit: 1, claims: false }));
    c.runUntilStable();
    for (const image of ['nginx:0.9', 'nginx:1.0', 'nginx:1.1']) {
      setImage(c, image);
      c.runUntilStable();
    }
    expect(c.list('ControllerRevision').map((r) => (r as any).revision).sort()).toEqual([3, 4]);
  });
});

describe('SS-STAT status', () => {
  it('SS-STAT-2/5 a terminating pod counts in replicas but not in current/updated', () => {
    const c = cluster();
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    c.scale('StatefulSet', 'web', 2);
    c.advance(500);
    const s = c.get('StatefulSet', 'web')!.status;
    expect(c.get('Pod', 'web-2')!.metadata.deletionTimestamp).toBeDefined();
    expect([s.replicas, s.readyReplicas, s.currentReplicas, s.updatedReplicas]).toEqual([3, 3, 2, 2]);
  });

  it('SS-STAT-4 availableReplicas waits for minReadySeconds', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 1, minReadySeconds: 5, claims: false }));
    c.advance(2_000);
    expect(c.get('StatefulSet', 'web')!.status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    c.advance(6_000);
    expect(c.get('StatefulSet', 'web')!.status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
  });

  it('SS-STAT-4/SS-REC-6 minReadySeconds also paces OrderedReady creation', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 2, minReadySeconds: 5, claims: false }));
    c.advance(4_000);
    expect(podNames(c)).toEqual(['web-0']);
    c.runUntilStable();
    expect(podNames(c)).toEqual(['web-0', 'web-1']);
  });

  it.each([
    ['OnDelete', { type: 'OnDelete' }],
    ['partition 1', { type: 'RollingUpdate', rollingUpdate: { partition: 1 } }],
  ])('SS-STAT-9 currentRevision never advances under %s', (_t, updateStrategy) => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 2, updateStrategy, claims: false }));
    c.runUntilStable();
    setImage(c, 'nginx:0.9');
    c.runUntilStable();
    if (updateStrategy.type === 'OnDelete') for (const p of livePods(c)) c.deletePod(p.metadata.name);
    c.runUntilStable();
    const s = c.get('StatefulSet', 'web')!.status;
    expect(s.currentRevision).not.toBe(s.updateRevision);
  });

  it('SS-STAT-7/9 after a full rolling update currentRevision = updateRevision and observedGeneration follows', () => {
    const c = cluster();
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    setImage(c, 'nginx:0.9');
    c.runUntilStable();
    const set = c.get('StatefulSet', 'web')!;
    expect(set.status).toMatchObject({ observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, collisionCount: 0 });
    expect(set.status.currentRevision).toBe(set.status.updateRevision);
  });
});

describe('SS-PVC retention policy', () => {
  const owners = (c: ReturnType<typeof cluster>, name: string) =>
    (c.get('PersistentVolumeClaim', name)?.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`);

  it.each([
    ['Retain', 'Retain', [], []],
    ['Delete', 'Retain', ['StatefulSet/web'], ['StatefulSet/web']],
    ['Retain', 'Delete', [], ['Pod/web-1']],
    ['Delete', 'Delete', ['StatefulSet/web'], ['Pod/web-1']],
  ])('SS-PVC-2 whenDeleted=%s whenScaled=%s: in range %j, condemned %j', (whenDeleted, whenScaled, inRange, condemned) => {
    const c = cluster({ kubelet: { terminateDelayMs: 5_000 } });
    applyOk(c, statefulSet({ replicas: 2, retention: { whenDeleted, whenScaled } }));
    c.runUntilStable();
    expect(owners(c, 'www-web-1')).toEqual(inRange);
    c.setReady('web-0', true);
    c.scale('StatefulSet', 'web', 1);
    c.advance(1_000); // web-1 is condemned and terminating: its claim was fixed first (fixPodClaim)
    expect(owners(c, 'www-web-1')).toEqual(condemned);
  });

  it('SS-PVC-3 refs are controller refs with blockOwnerDeletion', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 1, retention: { whenDeleted: 'Delete' } }));
    c.runUntilStable();
    expect(c.get('PersistentVolumeClaim', 'www-web-0')!.metadata.ownerReferences?.[0]).toMatchObject({ controller: true, blockOwnerDeletion: true });
  });

  it.each([
    ['Delete', ['www-web-0']],
    ['Retain', ['www-web-0', 'www-web-1', 'www-web-2']],
  ])('SS-PVC-7 whenScaled=%s: after scale-down the claims left are %j', (whenScaled, expected) => {
    const c = cluster();
    applyOk(c, statefulSet({ retention: { whenScaled } }));
    c.runUntilStable();
    c.scale('StatefulSet', 'web', 1);
    c.runUntilStable();
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name).sort()).toEqual(expected);
  });

  it('SS-PVC-9 scaling back up after Delete-on-scale gives a fresh claim', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 2, retention: { whenScaled: 'Delete' } }));
    c.runUntilStable();
    const uid = c.get('PersistentVolumeClaim', 'www-web-1')!.metadata.uid;
    c.scale('StatefulSet', 'web', 1);
    c.runUntilStable();
    c.scale('StatefulSet', 'web', 2);
    c.runUntilStable();
    const pvc = c.get('PersistentVolumeClaim', 'www-web-1')!;
    expect(pvc.metadata.uid).not.toBe(uid);
    expect(isReady(c.get('Pod', 'web-1')!)).toBe(true);
  });

  it('SS-PVC-10 deleting an in-range pod never deletes its claim', () => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 2, retention: { whenScaled: 'Delete', whenDeleted: 'Delete' } }));
    c.runUntilStable();
    const uid = c.get('PersistentVolumeClaim', 'www-web-1')!.metadata.uid;
    c.deletePod('web-1');
    c.runUntilStable();
    expect(c.get('PersistentVolumeClaim', 'www-web-1')!.metadata.uid).toBe(uid);
  });

  it.each([
    ['Delete', 'Background', []],
    ['Retain', 'Background', ['www-web-0', 'www-web-1']],
    ['Delete', 'Orphan', ['www-web-0', 'www-web-1']],
  ] as const)('SS-PVC-11 whenDeleted=%s, %s deletion of the set leaves claims %j', (whenDeleted, propagationPolicy, expected) => {
    const c = cluster();
    applyOk(c, statefulSet({ replicas: 2, retention: { whenDeleted } }));
    c.runUntilStable();
    c.deleteObject('StatefulSet', 'web', { propagationPolicy });
    c.runUntilStable();
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name).sort()).toEqual(expected);
    expect(c.get('StatefulSet', 'web')).toBeUndefined();
  });
});

describe('SS-INT cascading deletion (garbage collector)', () => {
  it('SS-INT-6 background: the set goes at once, pods and revisions follow', () => {
    const c = cluster();
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    c.deleteObject('StatefulSet', 'web');
    expect(c.get('StatefulSet', 'web')).toBeUndefined();
    c.runUntilStable();
    expect(c.list('Pod')).toEqual([]);
    expect(c.list('ControllerRevision')).toEqual([]);
  });

  it('SS-INT-6 foreground: the set stays (deletionTimestamp) until its pods are gone', () => {
    const c = cluster();
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    c.deleteObject('StatefulSet', 'web', { propagationPolicy: 'Foreground' });
    c.advance(500);
    const set = c.get('StatefulSet', 'web')!;
    expect(set.metadata.deletionTimestamp).toBeDefined();
    expect(set.metadata.finalizers).toEqual(['foregroundDeletion']);
    c.runUntilStable();
    expect(c.get('StatefulSet', 'web')).toBeUndefined();
    expect(c.list('Pod')).toEqual([]);
  });

  it('SS-INT-6 orphan: pods keep running and a new set adopts them', () => {
    const c = cluster();
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    const uids = c.list('Pod').map((p) => p.metadata.uid);
    c.deleteObject('StatefulSet', 'web', { propagationPolicy: 'Orphan' });
    c.runUntilStable();
    expect(c.list('Pod').every((p) => !p.metadata.ownerReferences?.length)).toBe(true);
    applyOk(c, statefulSet({ claims: false }));
    c.runUntilStable();
    const set = c.get('StatefulSet', 'web')!;
    expect(c.list('Pod').map((p) => p.metadata.uid)).toEqual(uids);
    expect(c.list('Pod').every((p) => p.metadata.ownerReferences?.[0]?.uid === set.metadata.uid)).toBe(true);
  });
});
