// Scale-down victim choice: upstream ActivePodsWithRanks.Less / getPodsToDelete.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/sim/api';
import { getPodsToDelete, preferForDeletion } from '../../../../src/sim/controllers/replicaset/pod_ranking';

interface PodSpec {
  name: string;
  node?: string;
  phase?: string;
  readySince?: number;
  restarts?: number;
  created?: number;
  cost?: string;
}

function pod(p: PodSpec): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      creationTimestamp: p.created ?? 0,
      ...(p.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': p.cost } } : {}),
    },
    spec: { nodeName: p.node ?? 'node-a' },
    status: {
      phase: p.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: p.readySince !== undefined ? 'True' : 'False', lastTransitionTime: p.readySince ?? 0 }],
      containerStatuses: [{ name: 'c', restartCount: p.restarts ?? 0 }],
    },
  };
}

const rank = (p: PodSpec, r = 1) => ({ pod: pod(p), rank: r });

describe('ActivePodsWithRanks.Less (preferForDeletion)', () => {
  const cases: Array<{ rule: string; first: ReturnType<typeof rank>; second: ReturnType<typeof rank> }> = [
    { rule: 'unassigned before assigned', first: rank({ name: 'a', node: '' }), second: rank({ name: 'b', readySince: 1 }) },
    { rule: 'Pending before Unknown', first: rank({ name: 'a', phase: 'Pending' }), second: rank({ name: 'b', phase: 'Unknown' }) },
    { rule: 'Unknown before Running', first: rank({ name: 'a', phase: 'Unknown' }), second: rank({ name: 'b', phase: 'Running' }) },
    { rule: 'not ready before ready', first: rank({ name: 'a' }), second: rank({ name: 'b', readySince: 5 }) },
    { rule: 'lower pod-deletion-cost first', first: rank({ name: 'a', readySince: 1, cost: '-5' }), second: rank({ name: 'b', readySince: 9 }) },
    { rule: 'more co-located pods first', first: rank({ name: 'a', readySince: 1 }, 3), second: rank({ name: 'b', readySince: 9 }, 1) },
    { rule: 'ready more recently first', first: rank({ name: 'a', readySince: 4000 }), second: rank({ name: 'b', readySince: 1000 }) },
    { rule: 'more restarts first', first: rank({ name: 'a', readySince: 1, restarts: 3 }), second: rank({ name: 'b', readySince: 1, restarts: 1 }) },
    { rule: 'newer creation first', first: rank({ name: 'a', readySince: 1, created: 50 }), second: rank({ name: 'b', readySince: 1, created: 10 }) },
  ];
  for (const c of cases) {
    it(`prefers ${c.rule}`, () => {
      expect(preferForDeletion(c.first, c.second)).toBe(true);
      expect(preferForDeletion(c.second, c.first)).toBe(false);
    });
  }

  it('is false both ways for indistinguishable pods', () => {
    expect(preferForDeletion(rank({ name: 'a' }), rank({ name: 'b' }))).toBe(false);
    expect(preferForDeletion(rank({ name: 'b' }), rank({ name: 'a' }))).toBe(false);
  });
});

describe('getPodsToDelete', () => {
  it('deletes the two pods Ready most recently, as in the k-deployment-scale trace', () => {
    const pods = [pod({ name: 'zb9dp', readySince: 1631 }), pod({ name: 'x659w', readySince: 3134 }), pod({ name: '597zh', readySince: 4640 })];
    expect(getPodsToDelete(pods, pods, 2).map((p) => p.metadata.name)).toEqual(['597zh', 'x659w']);
  });

  it('ranks by pods of the related ReplicaSets on the same node', () => {
    const mine = [pod({ name: 'lonely', node: 'n1', readySince: 9 }), pod({ name: 'crowded', node: 'n2', readySince: 1 })];
    const related = [...mine, pod({ name: 'other-rs-1', node: 'n2', readySince: 1 }), pod({ name: 'other-rs-2', node: 'n2', readySince: 1 })];
    expect(getPodsToDelete(mine, related, 1).map((p) => p.metadata.name)).toEqual(['crowded']);
  });

  it('returns nothing for a non-positive diff and everything when diff covers all', () => {
    const pods = [pod({ name: 'a' }), pod({ name: 'b' })];
    expect(getPodsToDelete(pods, pods, 0)).toEqual([]);
    expect(getPodsToDelete(pods, pods, 5).map((p) => p.metadata.name)).toEqual(['a', 'b']);
  });
});
