// Storage topology in the scheduler. Upstream sources:
// - kube-scheduler VolumeBinding plugin, pkg/scheduler/framework/plugins/volumebinding/binder.go
//   `FindPodVolumes` (ErrReasonNodeConflict "node(s) had volume node affinity conflict",
//   ErrReasonBindConflict "node(s) didn't find available persistent volumes to bind") and PreBind
//   `BindPodVolumes`; FitError.Error() for the "0/N nodes are available: …" message.
// - kubernetes.io/docs/concepts/storage/volumes/#local (a local PV's nodeAffinity pins its pods) and
//   /storage-classes/#volume-binding-mode, #allowed-topologies.
// - PV controller `syncUnboundClaim` (WaitForFirstConsumer event "waiting for first consumer to be
//   created before binding").
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type KubeObject } from '../../../src/sim';
import {
  allowedTopologiesMatch,
  checkNodeVolumes,
  provisionedNodeAffinity,
  REASON_BIND_CONFLICT,
  REASON_NODE_CONFLICT,
  REASON_PV_NOT_EXIST,
  volumeFitsNode,
} from '../../../src/sim/controllers/volume/topology';

const PREEMPTION = (n: number) => ` preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;

const localClass = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local-ssd}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
`;

const localPv = (name: string, node: string, cls = 'local-ssd') => `---
apiVersion: v1
kind: PersistentVolume
metadata: {name: ${name}}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  ${cls ? `storageClassName: ${cls}` : ''}
  local: {path: /mnt/disks/ssd1}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [${node}]}
`;

const sts = (opts: { replicas?: number; cls?: string; parallel?: boolean } = {}) => `---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: ${opts.replicas ?? 1}
  ${opts.parallel ? 'podManagementPolicy: Parallel' : ''}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: postgres:16
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      storageClassName: ${opts.cls ?? 'local-ssd'}
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;

const dynamicClass = (name: string, provisioner: string, mode: string, hosts?: string[]) => `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: ${name}}
provisioner: ${provisioner}
volumeBindingMode: ${mode}
${hosts ? `allowedTopologies:\n- matchLabelExpressions:\n  - {key: kubernetes.io/hostname, values: [${hosts.join(', ')}]}\n` : ''}`;

function run(yaml: string, setup?: (c: Cluster) => void): Cluster {
  const c = createCluster({ seed: 1 });
  setup?.(c);
  const r = c.apply(yaml);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  c.runUntilStable();
  return c;
}

const nodeOf = (c: Cluster, pod: string) => c.get('Pod', pod)?.spec?.nodeName;
const lastScheduling = (c: Cluster, pod: string) => c.events().filter((e) => e.reason === 'FailedScheduling' && e.object.name === pod).at(-1)?.message;
const ready = (p: KubeObject | undefined) => (p?.status?.conditions ?? []).some((x: any) => x.type === 'Ready' && x.status === 'True');

describe('VolumeBinding filter helpers (volumebinding/binder.go, v1helper.MatchNodeSelectorTerms)', () => {
  const node = (name: string, zone = 'zone-a'): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } }, spec: {} });
  const pv = (name: string, expr?: any, extra: any = {}): KubeObject => ({
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'local-ssd', ...(expr ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [expr] }] } } } : {}), ...extra },
    status: { phase: 'Available' },
  });
  const claim: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default', uid: 'u1' }, spec: { storageClassName: 'local-ssd', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } };
  const cls = (provisioner: string, hosts?: string[]): KubeObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local-ssd' }, provisioner, volumeBindingMode: 'WaitForFirstConsumer', ...(hosts ? { allowedTopologies: [{ matchLabelExpressions: [{ key: 'kubernetes.io/hostname', values: hosts }] }] } : {}) });
  const hostIn = (...v: string[]) => ({ key: 'kubernetes.io/hostname', operator: 'In', values: v });

  it.each([
    ['no nodeAffinity fits every node', pv('a'), 'node-1', true],
    ['hostname In [node-2] fits node-2', pv('a', hostIn('node-2')), 'node-2', true],
    ['hostname In [node-2] does not fit node-1', pv('a', hostIn('node-2')), 'node-1', false],
    ['zone In [zone-b] fits a node in zone-b', pv('a', { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-b'] }), 'node-9', true],
    ['NotIn excludes the named node', pv('a', { key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['node-1'] }), 'node-1', false],
    ['empty nodeSelectorTerms match no node', { ...pv('a'), spec: { nodeAffinity: { required: { nodeSelectorTerms: [] } } } } as KubeObject, 'node-1', false],
  ])('CheckNodeAffinity: %s', (_name, volume, nodeName, expected) => {
    expect(volumeFitsNode(volume, node(nodeName, nodeName === 'node-9' ? 'zone-b' : 'zone-a').metadata.labels!)).toBe(expected);
  });

  it.each([
    ['bound PV pinned elsewhere', { bound: [{ claim: 'data', pv: pv('a', hostIn('node-2')) }], delayed: [], volumes: [] }, 'node-1', [REASON_NODE_CONFLICT]],
    ['bound PV pinned here', { bound: [{ claim: 'data', pv: pv('a', hostIn('node-1')) }], delayed: [], volumes: [] }, 'node-1', []],
    ['bound claim whose PV is gone', { bound: [{ claim: 'data', pv: undefined }], delayed: [], volumes: [] }, 'node-1', [REASON_PV_NOT_EXIST]],
    ['WFFC, no-provisioner, local PV on another node', { bound: [], delayed: [{ claim, sc: cls('kubernetes.io/no-provisioner') }], volumes: [pv('a', hostIn('node-2'))] }, 'node-1', [REASON_BIND_CONFLICT]],
    ['WFFC, no-provisioner, local PV on this node', { bound: [], delayed: [{ claim, sc: cls('kubernetes.io/no-provisioner') }], volumes: [pv('a', hostIn('node-1'))] }, 'node-1', []],
    ['WFFC, no-provisioner, local PV here but too small', { bound: [], delayed: [{ claim, sc: cls('kubernetes.io/no-provisioner') }], volumes: [pv('a', hostIn('node-1'), { capacity: { storage: '500Mi' } })] }, 'node-1', [REASON_BIND_CONFLICT]],
    ['WFFC, provisioner, no allowedTopologies', { bound: [], delayed: [{ claim, sc: cls('rancher.io/local-path') }], volumes: [] }, 'node-1', []],
    ['WFFC, provisioner, allowedTopologies exclude the node', { bound: [], delayed: [{ claim, sc: cls('rancher.io/local-path', ['node-3']) }], volumes: [] }, 'node-1', [REASON_BIND_CONFLICT]],
    ['both a bound conflict and a bind conflict', { bound: [{ claim: 'x', pv: pv('b', hostIn('node-2')) }], delayed: [{ claim, sc: cls('kubernetes.io/no-provisioner') }], volumes: [] }, 'node-1', [REASON_NODE_CONFLICT, REASON_BIND_CONFLICT]],
  ])('FindPodVolumes: %s', (_name, topo, nodeName, reasons) => {
    expect(checkNodeVolumes(topo as any, node(nodeName)).reasons).toEqual(reasons);
  });

  it('FindPodVolumes picks the static PV to pre-bind on the node that fits', () => {
    const fit = checkNodeVolumes({ bound: [], delayed: [{ claim, sc: cls('kubernetes.io/no-provisioner') }], volumes: [pv('on-2', hostIn('node-2')), pv('on-1', hostIn('node-1'))] }, node('node-1'));
    expect(fit.bindings.map((b) => b.pv.metadata.name)).toEqual(['on-1']);
  });

  it.each([
    ['no allowedTopologies allow every node', cls('x'), 'node-1', true],
    ['hostname values include the node', cls('x', ['node-1', 'node-2']), 'node-2', true],
    ['hostname values exclude the node', cls('x', ['node-3']), 'node-1', false],
  ])('MatchTopologySelectorTerms (allowedTopologies): %s', (_name, sc, nodeName, expected) => {
    expect(allowedTopologiesMatch(sc, node(nodeName).metadata.labels!)).toBe(expected);
  });

  it.each([
    ['WaitForFirstConsumer, local provisioner: the node', cls('rancher.io/local-path'), node('node-2', 'zone-b'), 'node-2', { key: 'kubernetes.io/hostname', operator: 'In', values: ['node-2'] }],
    ['WaitForFirstConsumer, network disk: the node\'s zone', cls('ebs.csi.aws.com'), node('node-2', 'zone-b'), 'node-2', { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-b'] }],
    ['Immediate with allowedTopologies: the first allowed host', cls('rancher.io/local-path', ['node-3', 'node-1']), undefined, undefined, { key: 'kubernetes.io/hostname', operator: 'In', values: ['node-3'] }],
    ['Immediate without allowedTopologies: none', cls('ebs.csi.aws.com'), undefined, undefined, undefined],
  ])('provisioned PV node affinity: %s', (_name, sc, n, nodeName, expr) => {
    const affinity = provisionedNodeAffinity(sc, n, nodeName);
    expect(affinity?.required.nodeSelectorTerms[0].matchExpressions[0]).toEqual(expr);
  });
});

describe('local PersistentVolumes pin their pods (VolumeBinding filter in the scheduler)', () => {
  it('WaitForFirstConsumer + no-provisioner: the pod goes to the node of the only local PV and the claim binds to it', () => {
    const c = run(localClass + localPv('ssd-node-2', 'node-2') + sts());
    expect(nodeOf(c, 'db-0')).toBe('node-2');
    expect(c.get('PersistentVolumeClaim', 'data-db-0')?.spec.volumeName).toBe('ssd-node-2');
    expect(c.get('PersistentVolumeClaim', 'data-db-0')?.status.phase).toBe('Bound');
  });

  it('a claim of a WaitForFirstConsumer class stays Pending with the WaitForFirstConsumer event until its pod is scheduled', () => {
    const c = run(localClass + localPv('ssd-node-2', 'node-2') + `---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {storageClassName: local-ssd, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`);
    expect(c.get('PersistentVolumeClaim', 'data')?.status.phase).toBe('Pending');
    expect(c.events().find((e) => e.reason === 'WaitForFirstConsumer')?.message).toBe('waiting for first consumer to be created before binding');
    expect(c.get('PersistentVolume', 'ssd-node-2')?.spec.claimRef).toBeUndefined();
  });

  it('a bound local PV without a StorageClass also pins the pod (static PV, no class anywhere)', () => {
    const c = run(localPv('disk-3', 'node-3', '') + `---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-db-0}
spec: {storageClassName: "", accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
` + sts().replace(/  volumeClaimTemplates:[\s\S]*$/, '').replace('      containers:\n', '      volumes: [{name: data, persistentVolumeClaim: {claimName: data-db-0}}]\n      containers:\n'));
    expect(c.get('PersistentVolumeClaim', 'data-db-0')?.spec.volumeName).toBe('disk-3');
    expect(nodeOf(c, 'db-0')).toBe('node-3');
  });

  it('Parallel StatefulSet, local PVs on node-2 and node-3 only: both pods start at once, each on a PV node with its own PV (PreBind reserves the PV)', () => {
    const c = run(localClass + localPv('ssd-2', 'node-2') + localPv('ssd-3', 'node-3') + sts({ replicas: 2, parallel: true }));
    const placed = ['db-0', 'db-1'].map((p) => [nodeOf(c, p), c.get('PersistentVolumeClaim', `data-${p}`)?.spec.volumeName]);
    expect(placed.map(([n]) => n).sort()).toEqual(['node-2', 'node-3']);
    for (const [n, pv] of placed) expect(pv).toBe(`ssd-${n!.slice('node-'.length)}`);
    expect(['db-0', 'db-1'].every((p) => ready(c.get('Pod', p)))).toBe(true);
  });

  it.each([
    ['cordoned', (c: Cluster) => c.cordon('node-2'), `0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't find available persistent volumes to bind.`, (c: Cluster) => c.uncordon('node-2')],
    [
      'tainted NoSchedule',
      (c: Cluster) => c.patch('Node', 'node-2', { spec: { taints: [{ key: 'maintenance', value: 'true', effect: 'NoSchedule' }] } }),
      `0/3 nodes are available: 1 node(s) had untolerated taint {maintenance: true}, 2 node(s) didn't find available persistent volumes to bind.`,
      (c: Cluster) => c.patch('Node', 'node-2', { spec: { taints: [] } }),
    ],
  ])('the only node with a fitting local PV is %s: the pod stays Pending with upstream\'s message until it is back', (_name, block, message, unblock) => {
    const c = run(localClass + localPv('ssd-node-2', 'node-2') + sts(), block);
    expect(c.get('Pod', 'db-0')?.status.phase).toBe('Pending');
    expect(lastScheduling(c, 'db-0')).toBe(message + PREEMPTION(3));
    expect(c.get('PersistentVolumeClaim', 'data-db-0')?.status.phase).toBe('Pending');
    unblock(c);
    c.runUntilStable();
    expect(nodeOf(c, 'db-0')).toBe('node-2');
    expect(c.get('PersistentVolumeClaim', 'data-db-0')?.spec.volumeName).toBe('ssd-node-2');
  });

  it('lesson 14: a StatefulSet pod with a local PV on a stopped node is NOT rescheduled elsewhere after force deletion; it runs again when the node returns', () => {
    const c = run(localClass + localPv('ssd-node-2', 'node-2') + sts());
    expect(nodeOf(c, 'db-0')).toBe('node-2');
    c.writeFile('db-0', '/var/lib/postgresql/data/PG_VERSION', '16');
    c.stopNode('node-2');
    c.advance(400_000); // NotReady after 50 s, evicted after 300 s more: Terminating on the lost node
    expect(c.get('Pod', 'db-0')?.metadata.deletionTimestamp).toBeDefined();
    c.deletePod('db-0', { force: true });
    c.advance(120_000);
    const pod = c.get('Pod', 'db-0')!;
    expect(pod.metadata.deletionTimestamp).toBeUndefined(); // a new db-0 exists…
    expect(pod.spec.nodeName).toBeUndefined(); // …but no node can take it
    expect(pod.status.phase).toBe('Pending');
    expect(lastScheduling(c, 'db-0')).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 node(s) had volume node affinity conflict.' + PREEMPTION(3),
    );
    c.startNode('node-2');
    c.advance(120_000);
    expect(nodeOf(c, 'db-0')).toBe('node-2');
    expect(ready(c.get('Pod', 'db-0'))).toBe(true);
    expect(c.readFile('db-0', '/var/lib/postgresql/data/PG_VERSION')).toBe('16');
  });
});

describe('dynamic provisioning topology (StorageClass allowedTopologies, volumeBindingMode)', () => {
  it.each([
    ['WaitForFirstConsumer + allowedTopologies [node-3]: the pod is scheduled there and the PV pinned to it', dynamicClass('local', 'rancher.io/local-path', 'WaitForFirstConsumer', ['node-3']), 'node-3', { key: 'kubernetes.io/hostname', operator: 'In', values: ['node-3'] }],
    ['Immediate + allowedTopologies [node-3]: the PV is provisioned there and pins the pod to it', dynamicClass('local', 'rancher.io/local-path', 'Immediate', ['node-3']), 'node-3', { key: 'kubernetes.io/hostname', operator: 'In', values: ['node-3'] }],
  ])('%s', (_name, cls, node, expr) => {
    const c = run(cls + sts({ cls: 'local' }));
    expect(nodeOf(c, 'db-0')).toBe(node);
    const pv = c.get('PersistentVolume', c.get('PersistentVolumeClaim', 'data-db-0')?.spec.volumeName);
    expect(pv?.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions).toEqual([expr]);
  });

  it('WaitForFirstConsumer + allowedTopologies on a cordoned node: Pending with the bind conflict', () => {
    const c = run(dynamicClass('local', 'rancher.io/local-path', 'WaitForFirstConsumer', ['node-3']) + sts({ cls: 'local' }), (c) => c.cordon('node-3'));
    expect(c.get('Pod', 'db-0')?.status.phase).toBe('Pending');
    expect(lastScheduling(c, 'db-0')).toBe(`0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't find available persistent volumes to bind.` + PREEMPTION(3));
    expect(c.list('PersistentVolume')).toEqual([]);
  });

  it('WaitForFirstConsumer with a network-disk provisioner: the PV follows the zone of the chosen node', () => {
    const c = run(dynamicClass('fast-ssd', 'ebs.csi.aws.com', 'WaitForFirstConsumer') + sts({ cls: 'fast-ssd' }));
    const node = c.get('Node', nodeOf(c, 'db-0'))!;
    const pv = c.get('PersistentVolume', c.get('PersistentVolumeClaim', 'data-db-0')?.spec.volumeName);
    expect(pv?.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions).toEqual([
      { key: 'topology.kubernetes.io/zone', operator: 'In', values: [node.metadata.labels!['topology.kubernetes.io/zone']] },
    ]);
  });
});
