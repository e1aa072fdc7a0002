// ReplicaSet sync rules over a fake control: upstream syncReplicaSet, claimPods (ClaimPods),
// manageReplicas and calculateStatus.
import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../../../src/sim/api';
import type { ReplicaSetControl } from '../../../../src/sim/controllers/replicaset/replica_set_control';
import { BURST_REPLICAS, calculateStatus, syncReplicaSet } from '../../../../src/sim/controllers/replicaset/replica_set';

const rs = (replicas: number, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-abc', namespace: 'default', uid: 'rs-uid', generation: 3 },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'c', image: 'x' }] } }, ...extra },
});

const mine: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true };

function pod(name: string, opts: { labels?: Record<string, string>; owner?: OwnerReference | null; readySince?: number; deleting?: boolean; phase?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: opts.labels ?? { app: 'web', tier: 'fe' },
      ...(opts.owner === null ? {} : { ownerReferences: [opts.owner ?? mine] }),
      ...(opts.deleting ? { deletionTimestamp: 1 } : {}),
    },
    spec: { nodeName: 'n1' },
    status: { phase: opts.phase ?? 'Running', conditions: [{ type: 'Ready', status: opts.readySince !== undefined ? 'True' : 'False', lastTransitionTime: opts.readySince ?? 0 }] },
  };
}

class FakeControl implements ReplicaSetControl {
  created: KubeObject[] = [];
  deleted: string[] = [];
  owners = new Map<string, OwnerReference[]>();
  status: Record<string, unknown> = {};
  requeued: number[] = [];
  failAfter = Infinity;
  constructor(private readonly all: KubeObject[], private readonly time = 10_000) {}
  now = () => this.time;
  pods = () => this.all;
  relatedPods = () => this.all;
  createPod = (p: KubeObject) => {
    if (this.created.length >= this.failAfter) return false;
    this.created.push(p);
    return true;
  };
  deletePod = (p: KubeObject) => void this.deleted.push(p.metadata.name);
  setOwnerReferences = (p: KubeObject, refs: OwnerReference[]) => void this.owners.set(p.metadata.name, refs);
  updateStatus = (_rs: KubeObject, s: Record<string, unknown>) => void (this.status = s);
  event = () => {};
  requeueAfter = (ms: number) => void this.requeued.push(ms);
}

describe('manageReplicas', () => {
  it('creates the missing pods from the template with generateName and a controller reference', () => {
    const c = new FakeControl([pod('a', { readySince: 1 })]);
    syncReplicaSet(rs(3), c);
    expect(c.created.length).toBe(2);
    expect(c.created[0].metadata).toMatchObject({ name: '', generateName: 'web-abc-', labels: { app: 'web', tier: 'fe' } });
    expect(c.created[0].metadata.ownerReferences).toEqual([{ ...mine, blockOwnerDeletion: true }]);
  });

  it(`creates at most ${BURST_REPLICAS} pods per sync (burstReplicas)`, () => {
    const c = new FakeControl([]);
    syncReplicaSet(rs(1200), c);
    expect(c.created.length).toBe(BURST_REPLICAS);
  });

  it('stops creating after a failed slow-start batch', () => {
    const c = new FakeControl([]);
    c.failAfter = 4; // batches 1, 2, 4: the third batch fails part-way and nothing more is tried
    syncReplicaSet(rs(20), c);
    expect(c.created.length).toBe(4);
  });

  it('deletes the surplus, least valuable pods first', () => {
    const pods = [pod('old-ready', { readySince: 100 }), pod('new-ready', { readySince: 900 }), pod('unready')];
    const c = new FakeControl(pods);
    syncReplicaSet(rs(1), c);
    expect(c.deleted).toEqual(['unready', 'new-ready']);
  });

  it('ignores terminating and finished pods and replaces them', () => {
    const c = new FakeControl([pod('going', { deleting: true, readySince: 1 }), pod('done', { phase: 'Failed' }), pod('ok', { readySince: 1 })]);
    syncReplicaSet(rs(2), c);
    expect(c.created.length).toBe(1);
    expect(c.status.replicas).toBe(1);
  });

  it('does nothing to pods while the ReplicaSet is being deleted', () => {
    const c = new FakeControl([pod('a', { readySince: 1 })]);
    syncReplicaSet({ ...rs(3), metadata: { ...rs(3).metadata, deletionTimestamp: 5 } }, c);
    expect(c.created).toEqual([]);
  });
});

describe('claimPods (ClaimPods)', () => {
  it('adopts a matching orphan, releases an owned pod that no longer matches, leaves others’ pods alone', () => {
    const foreign: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'other', uid: 'other-uid', controller: true };
    const pods = [
      pod('orphan', { owner: null, readySince: 1 }),
      pod('relabelled', { labels: { app: 'debug' }, readySince: 1 }),
      pod('foreign', { owner: foreign, readySince: 1 }),
    ];
    const c = new FakeControl(pods);
    syncReplicaSet(rs(1), c);
    expect(c.owners.get('orphan')).toEqual([{ ...mine, blockOwnerDeletion: true }]);
    expect(c.owners.get('relabelled')).toEqual([]);
    expect(c.owners.has('foreign')).toBe(false);
    expect(c.created).toEqual([]);
    expect(c.deleted).toEqual([]);
  });
});

describe('calculateStatus', () => {
  it('counts replicas, fully labelled, ready and available (minReadySeconds) pods, and the generation', () => {
    const pods = [pod('a', { readySince: 1000 }), pod('b', { readySince: 9500 }), pod('c'), pod('d', { labels: { app: 'web' }, readySince: 1000 })];
    expect(calculateStatus(rs(4, { minReadySeconds: 1 }), pods, 10_000)).toEqual({
      replicas: 4,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 2,
      observedGeneration: 3,
    });
  });

  it('requeues after minReadySeconds while every pod is ready but not all available', () => {
    const c = new FakeControl([pod('a', { readySince: 9900 })]);
    syncReplicaSet(rs(1, { minReadySeconds: 5 }), c);
    expect(c.requeued).toEqual([5000]);
  });
});
