import { describe, expect, it } from 'vitest';
import { describeMoment, nodeStatus, taintText, type Run } from '../../../src/scripts/exercise/sim-model';
import { actionNote, targetsOf } from '../../../src/scripts/exercise/sim-actions';
import type { KubeObject } from '../../../src/worker/protocol';

const node = (name: string, ready: 'True' | 'False' | 'Unknown' | undefined, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, namespace: '' },
  spec,
  status: ready === undefined ? {} : { conditions: [{ type: 'Ready', status: ready }] },
});
const pod = (name: string, nodeName: string | undefined, ready: boolean, phase = 'Running'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...(nodeName ? { nodeName } : {}) },
  status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

function runOf(objects: KubeObject[][], extra: Partial<Run> = {}): Run {
  return { timeline: [], events: [], history: objects.map((o, i) => ({ t: i * 1000, objects: o })), ...extra };
}

describe('nodes in the simulator view', () => {
  it('reads Ready / NotReady / Unknown from the Ready condition, and prints taints like kubectl describe', () => {
    expect([node('a', 'True'), node('b', 'False'), node('c', 'Unknown'), node('d', undefined)].map(nodeStatus)).toEqual(['Ready', 'NotReady', 'Unknown', 'Unknown']);
    expect(taintText({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' })).toBe('node.kubernetes.io/unreachable:NoExecute');
    expect(taintText({ key: 'dedicated', value: 'db', effect: 'NoSchedule' })).toBe('dedicated=db:NoSchedule');
  });

  it('groups pods under their node (numeric order), keeps unscheduled pods apart, and marks cordoned nodes', () => {
    const objects = [
      node('node-10', 'True'),
      node('node-2', 'False', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }),
      node('node-1', 'True'),
      pod('web-1', 'node-2', false),
      pod('web-0', 'node-1', true),
      pod('web-2', undefined, false, 'Pending'),
      pod('web-3', 'gone-node', true),
    ];
    const m = describeMoment(runOf([objects]), 0);
    expect(m.nodes.map((n) => [n.name, n.status, n.cordoned, n.known, n.pods.map((p) => p.name)])).toEqual([
      ['gone-node', 'Unknown', false, false, ['web-3']],
      ['node-1', 'Ready', false, true, ['web-0']],
      ['node-2', 'NotReady', true, true, ['web-1']],
      ['node-10', 'Ready', false, true, []],
    ]);
    expect(m.nodes[2].taints).toEqual(['node.kubernetes.io/unreachable:NoExecute']);
    expect(m.unscheduled.map((p) => p.name)).toEqual(['web-2']);
    expect(m.pods.find((p) => p.name === 'web-1')?.node).toBe('node-2');
  });

  it('shows no node columns when the snapshot has no Node objects (an engine without nodes)', () => {
    const m = describeMoment(runOf([[pod('web-0', 'fake-node', true)]]), 0);
    expect(m.nodes).toEqual([]);
    expect(m.unscheduled).toEqual([]);
    expect(m.pods[0].node).toBe('fake-node');
  });

  it('counts requests per pod up to the moment shown, and app status only at the last moment', () => {
    const objects = [node('node-1', 'True'), pod('web-0', 'node-1', true), pod('web-1', 'node-1', true)];
    const run = runOf([objects, objects, objects], {
      traffic: { bucketMs: 1000, perPod: { 'web-0': [3, 4, 5], 'web-1': [0, 2] }, totals: { 'web-0': 12, 'web-1': 2 }, failed: 1 },
      apps: [{ pod: 'web-0', model: 'replicated-db', role: 'primary', serving: true, detail: {} }, { pod: 'web-1', model: 'replicated-db', role: 'replica', serving: false, detail: {} }],
    });
    const first = describeMoment(run, 0);
    expect(first.pods.map((p) => [p.name, p.requests, p.app])).toEqual([
      ['web-0', 3, undefined],
      ['web-1', 0, undefined],
    ]);
    const last = describeMoment(run, 2);
    expect(last.pods.map((p) => [p.name, p.requests, p.app])).toEqual([
      ['web-0', 12, 'primary, serving'],
      ['web-1', 2, 'replica, not serving'],
    ]);
    expect(last.failedRequests).toBe(1);
    expect(describeMoment(runOf([objects]), 0).pods[0].requests).toBeUndefined();
  });
});

describe('the actions panel', () => {
  it('offers live workloads, pods and nodes by name, in numeric order', () => {
    const objects: KubeObject[] = [
      node('node-2', 'True'),
      node('node-1', 'True'),
      pod('web-10', 'node-1', true),
      pod('web-9', 'node-1', true),
      { ...pod('web-1', 'node-1', true), metadata: { name: 'web-1', deletionTimestamp: 5 } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: {} },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: {} },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: {} },
    ];
    expect(targetsOf(objects)).toEqual({ workloads: ['Deployment/api', 'StatefulSet/web'], pods: ['web-9', 'web-10'], nodes: ['node-1', 'node-2'] });
  });

  it('says what each action did, in the learner’s words', () => {
    expect(actionNote({ type: 'scale', kind: 'StatefulSet', name: 'web', replicas: 4 })).toBe('Scaled StatefulSet web to 4.');
    expect(actionNote({ type: 'deletePod', name: 'web-1' })).toBe('Deleted pod web-1.');
    expect(actionNote({ type: 'setReady', pod: 'web-1', ready: false })).toBe('Pod web-1 is held unready (its readiness probe fails from now on).');
    expect(actionNote({ type: 'drain', node: 'node-2' })).toBe('Draining node node-2: cordoned, its pods evicted.');
    expect(actionNote({ type: 'advance', ms: 30_000 })).toBe('Waited 30 s.');
  });
});
