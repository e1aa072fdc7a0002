import { describe, expect, it } from 'vitest';
import { drainLines, getTable, nodeStatusColumn, plan, type View } from '../../../src/scripts/playground/kubectl';
import type { KubeObject } from '../../../src/worker/protocol';

const node = (name: string, ready: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, creationTimestamp: 0, labels },
  spec,
  status: { conditions: [{ type: 'Ready', status: ready }], nodeInfo: { kubeletVersion: 'v1.20.2' } },
});
const pod = (name: string, nodeName: string, ip: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', creationTimestamp: 0, ...extra },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }], nodeName },
  status: { phase: 'Running', podIP: ip, containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0 }] },
});
const view: View = {
  now: 90_000,
  events: [],
  objects: [
    node('node-1', 'True', {}, { 'node-role.kubernetes.io/control-plane': '' }),
    node('node-2', 'Unknown', { unschedulable: true }),
    node('node-3', 'False'),
    pod('web-0', 'node-1', '10.244.1.2'),
    pod('web-1', 'node-2', '10.244.2.2'),
  ],
};

describe('kubectl and nodes', () => {
  it('get nodes prints STATUS with SchedulingDisabled, ROLES, AGE and VERSION', () => {
    expect(plan('get nodes', view).lines).toEqual([
      'NAME     STATUS                        ROLES           AGE   VERSION',
      'node-1   Ready                         control-plane   90s   v1.20.2',
      // printNode: a Ready condition of Unknown (the node stopped reporting) prints NotReady, as False does.
      'node-2   NotReady,SchedulingDisabled   <none>          90s   v1.20.2',
      'node-3   NotReady                      <none>          90s   v1.20.2',
    ]);
    // Only a node with no Ready condition at all prints Unknown.
    expect(nodeStatusColumn({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'new' }, status: {} })).toBe('Unknown');
    expect(plan('get no node-3', view).lines[1]).toMatch(/^node-3 {3}NotReady/);
    expect(plan('get nodes node-9', view)).toEqual({ lines: ['Error from server (NotFound): nodes "node-9" not found'], watch: false, error: true });
    expect(getTable('nodes', { now: 0, events: [], objects: [] })).toEqual(['No resources found']);
    expect(nodeStatusColumn(node('x', 'True', { unschedulable: true }))).toBe('Ready,SchedulingDisabled');
  });

  it('get pods -o wide adds IP, NODE, NOMINATED NODE and READINESS GATES; other outputs are refused', () => {
    const expected = [
      'NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
      'web-0   1/1     Running   0          90s   10.244.1.2   node-1   <none>           <none>',
      'web-1   1/1     Running   0          90s   10.244.2.2   node-2   <none>           <none>',
    ];
    expect(plan('get pods -o wide', view).lines).toEqual(expected);
    expect(plan('kubectl get pods -owide', view).lines).toEqual(expected);
    expect(plan('get pods --output=wide', view).lines).toEqual(expected);
    expect(plan('get pods -o json', view)).toEqual({ lines: ['error: the playground prints tables only: "-o json" is not supported, "-o wide" is.'], error: true });
    expect(plan('get pvc -o wide', view).error).toBe(true);
    expect(plan('get pods -w -o wide', view).error).toBe(true);
  });

  it('cordon, uncordon and drain become node actions with kubectl’s messages', () => {
    expect(plan('cordon node-1', view)).toEqual({ lines: [], action: { type: 'cordon', node: 'node-1' }, success: ['node/node-1 cordoned'] });
    expect(plan('kubectl cordon node/node-2', view).success).toEqual(['node/node-2 already cordoned']);
    expect(plan('uncordon node-2', view).success).toEqual(['node/node-2 uncordoned']);
    expect(plan('uncordon node-1', view).success).toEqual(['node/node-1 already uncordoned']);
    expect(plan('drain node-1 --ignore-daemonsets', view)).toEqual({
      lines: [],
      action: { type: 'drain', node: 'node-1' },
      success: ['node/node-1 cordoned', 'evicting pod default/web-0'],
      drain: { node: 'node-1', pods: ['web-0'] },
    });
    expect(plan('cordon node-9', view)).toEqual({ lines: ['Error from server (NotFound): nodes "node-9" not found'], error: true });
    expect(plan('drain', view).lines[0]).toBe('error: USAGE: drain NODE [flags]. Try "kubectl get nodes" for the names.');
    expect(plan('cordon pod/web-0', view).lines[0]).toBe('error: cordon works on nodes only: "kubectl cordon node-1".');
  });

  it('drainLines reports each evicted pod, then drained; or what is still there', () => {
    const before = { t: 0, objects: view.objects };
    const evicted = { t: 1000, objects: view.objects.filter((o) => o.metadata.name !== 'web-0') };
    const back = { t: 5000, objects: [...evicted.objects, pod('web-0', 'node-3', '10.244.3.2')] };
    expect(drainLines('node-1', ['web-0'], [before, evicted, back], back.objects)).toEqual(['pod/web-0 evicted', 'node/node-1 drained']);
    expect(drainLines('node-1', ['web-0'], [before], before.objects)).toEqual([
      'error: the drain of node/node-1 has not finished: pod/web-0 still there (a PodDisruptionBudget may be refusing the eviction; advance time and check again).',
    ]);
  });
});
