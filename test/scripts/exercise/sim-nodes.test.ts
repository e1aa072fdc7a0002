import { describe, expect, it } from 'vitest';
import { appDetailText, appWarning, describeMoment, nodeReason, nodeStatus, taintText, type Run } from '../../../src/scripts/exercise/sim-model';
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
  it('prints the STATUS column like kubectl get nodes (a Ready condition Unknown is NotReady), and says why', () => {
    const nodes = [node('a', 'True'), node('b', 'False'), node('c', 'Unknown'), node('d', undefined)];
    expect(nodes.map(nodeStatus)).toEqual(['Ready', 'NotReady', 'NotReady', 'Unknown']);
    expect(nodes.map(nodeReason)).toEqual(['', 'Ready condition False', 'the kubelet stopped reporting (Ready condition Unknown)', 'no Ready condition reported yet']);
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
    expect(m.nodes.find((n) => n.name === 'gone-node')?.reason).toBe('there is no Node object with this name');
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

describe('a stopped node in the view', () => {
  it('shows the node NotReady with the reason, and its deleted pod Terminating, still on that node', () => {
    const stopped: KubeObject = {
      ...node('node-2', 'Unknown', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }),
    };
    const stuck = { ...pod('web-1', 'node-2', false), metadata: { ...pod('web-1', 'node-2', false).metadata, deletionTimestamp: 300_000 } };
    const m = describeMoment(runOf([[node('node-1', 'True'), stopped, stuck, pod('web-0', 'node-1', true)]]), 0);
    const column = m.nodes.find((n) => n.name === 'node-2')!;
    expect([column.status, column.reason]).toEqual(['NotReady', 'the kubelet stopped reporting (Ready condition Unknown)']);
    expect(column.pods.map((p) => [p.name, p.status, p.phase, p.ready, p.deleting])).toEqual([['web-1', 'Terminating', 'Running', 'Not ready', true]]);
    expect(m.pods.find((p) => p.name === 'web-0')?.status).toBe('Running');
  });
});

describe('traffic and app status panels', () => {
  const objects = [node('node-1', 'True'), pod('web-0', 'node-1', true), pod('web-1', 'node-1', true), pod('web-2', 'node-1', true)];
  const traffic = { bucketMs: 1000, perPod: { 'web-0': [1, 1, 1], 'web-1': [3, 3, 3], 'web-2': [0, 0, 0] }, totals: { 'web-0': 3, 'web-1': 9, 'web-2': 0 }, failed: 2 };

  it('lists pods that served requests up to the moment, most first, with their share', () => {
    const run = runOf([objects, objects, objects], { traffic });
    expect(describeMoment(run, 0).traffic).toEqual([
      { pod: 'web-1', requests: 3, share: 0.75 },
      { pod: 'web-0', requests: 1, share: 0.25 },
    ]);
    expect(describeMoment(run, 2).traffic?.map((r) => [r.pod, r.requests])).toEqual([['web-1', 9], ['web-0', 3]]);
    expect(describeMoment(run, 2).failedRequests).toBe(2);
    expect(describeMoment(runOf([objects]), 0).traffic).toBeUndefined();
  });

  it('gives app rows (by pod, numeric order) only at the last moment', () => {
    const apps = [
      { pod: 'web-10', model: 'web', serving: true, detail: { sessions: 'memory', activeSessions: 1 } },
      { pod: 'web-2', model: 'web', serving: true, detail: { sessions: 'memory', activeSessions: 3 } },
    ];
    const run = runOf([objects, objects], { apps });
    expect(describeMoment(run, 0).apps).toEqual([]);
    expect(describeMoment(run, 1).apps).toEqual([
      { pod: 'web-2', model: 'web', role: '', serving: true, warning: false, detail: "3 sessions in this pod's memory (lost when the pod goes, or when a request reaches another pod)" },
      { pod: 'web-10', model: 'web', role: '', serving: true, warning: false, detail: "1 session in this pod's memory (lost when the pod goes, or when a request reaches another pod)" },
    ]);
    expect(describeMoment(run, 1).pods.find((p) => p.name === 'web-2')?.appDetail).toMatch(/^3 sessions/);
  });

  it('says whether a quorum has its majority, and who leads', () => {
    const detail = { term: 2, leader: 'etcd-0', members: 3, reachable: 3, majority: 2, faultTolerance: 1, commitIndex: 7 };
    expect(appDetailText({ pod: 'etcd-1', model: 'quorum', role: 'follower', serving: true, detail })).toBe('has a majority: 3 of 3 members reachable (needs 2), leader etcd-0, term 2, 7 writes stored');
    expect(appDetailText({ pod: 'etcd-1', model: 'quorum', role: 'follower', serving: false, detail: { ...detail, reachable: 1, leader: '' } })).toBe(
      'no majority: 1 of 3 members reachable (needs 2), no leader, term 2, 7 writes stored',
    );
    expect(appDetailText({ pod: 'etcd-x', model: 'quorum', role: 'not-a-member', serving: false, detail: { members: 3, reason: 'not in the member list' } })).toBe('not in the member list');
  });

  it('says where a replica replicates from and why it stopped', () => {
    expect(appDetailText({ pod: 'db-0', model: 'replicated-db', role: 'primary', serving: true, detail: { ordinal: 0, position: 4 } })).toBe('holds 4 writes');
    expect(appDetailText({ pod: 'db-1', model: 'replicated-db', role: 'replica', serving: true, detail: { ordinal: 1, position: 3, replication: 'streaming', primaryHost: 'db-0.db', behind: 1 } })).toBe(
      'replicating from db-0.db, 1 write behind',
    );
    expect(appDetailText({ pod: 'db-1', model: 'replicated-db', role: 'replica', serving: true, detail: { ordinal: 1, position: 3, replication: 'stopped', primaryHost: '10.244.1.5', reason: 'no-pod-at-ip' } })).toBe(
      'replication from 10.244.1.5 stopped: no pod has that IP any more (use a DNS name)',
    );
  });

  it('flags trouble the learner should notice even while the app serves', () => {
    const quorum = { term: 2, leader: 'etcd-0', members: 3, reachable: 3, majority: 2, faultTolerance: 1, commitIndex: 7 };
    expect(appWarning({ pod: 'etcd-0', model: 'quorum', role: 'leader', serving: true, detail: quorum })).toBe(false);
    expect(appWarning({ pod: 'etcd-0', model: 'quorum', role: 'leader', serving: false, detail: { ...quorum, reachable: 1 } })).toBe(true);
    expect(appWarning({ pod: 'db-1', model: 'replicated-db', role: 'replica', serving: true, detail: { replication: 'streaming' } })).toBe(false);
    expect(appWarning({ pod: 'db-1', model: 'replicated-db', role: 'replica', serving: true, detail: { replication: 'stopped', reason: 'unreachable' } })).toBe(true);
    expect(appWarning({ pod: 'web-0', model: 'web', serving: false, detail: { sessions: 'external', store: 'redis', storeReachable: false } })).toBe(true);
    expect(appWarning({ pod: 'kv-1', model: 'kv', serving: false, detail: { lockedBy: 'kv-0' } })).toBe(true);
    const run = runOf([[node('node-1', 'True'), pod('db-1', 'node-1', true)]], { apps: [{ pod: 'db-1', model: 'replicated-db', role: 'replica', serving: true, detail: { replication: 'stopped', primaryHost: 'db-0.db', reason: 'unreachable' } }] });
    expect(describeMoment(run, 0).apps).toEqual([
      { pod: 'db-1', model: 'replicated-db', role: 'replica', serving: true, warning: true, detail: 'replication from db-0.db stopped: no Ready pod answers there' },
    ]);
  });

  it('says whether sessions and data survive the pod, and names a lock holder', () => {
    expect(appDetailText({ pod: 'web-0', model: 'web', serving: true, detail: { sessions: 'external', store: 'redis', storeReachable: true } })).toBe('sessions kept in redis (reachable)');
    expect(appDetailText({ pod: 'web-0', model: 'web', serving: false, detail: { sessions: 'external', store: 'redis', storeReachable: false } })).toBe('sessions kept in redis (unreachable: logins fail)');
    expect(appDetailText({ pod: 'kv-0', model: 'kv', serving: true, detail: { keys: 2, dataPath: '/data', storage: 'PersistentVolumeClaim data-kv-0', persistent: true } })).toBe(
      '2 keys in PersistentVolumeClaim data-kv-0 (kept when the pod is replaced)',
    );
    expect(appDetailText({ pod: 'kv-0', model: 'kv', serving: true, detail: { keys: 1, dataPath: '/data', storage: 'emptyDir data', persistent: false } })).toBe('1 key in emptyDir data (lost with the pod)');
    expect(appDetailText({ pod: 'db-1', model: 'kv', serving: false, detail: { lockedBy: 'db-0' } })).toBe('cannot use its data directory: held by pod db-0');
    expect(appDetailText({ pod: 'x', model: 'future', serving: true, detail: { a: 1, b: 'two' } })).toBe('a=1, b=two');
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
