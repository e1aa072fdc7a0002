// Soft scheduling rules and topology spread. Upstream sources (kube-scheduler default plugins,
// pkg/scheduler/framework/plugins/…):
// - NodeAffinity Score (nodeaffinity/node_affinity.go): sum of the weights of the matching
//   `preferredDuringSchedulingIgnoredDuringExecution` terms, `DefaultNormalizeScore`.
// - InterPodAffinity Score (interpodaffinity/scoring.go `processExistingPod`, `NormalizeScore`):
//   preferred (anti-)affinity of the incoming pod, and the placed pods' own preferred terms.
// - PodTopologySpread (podtopologyspread/filtering.go, scoring.go): DoNotSchedule filters with
//   "node(s) didn't match pod topology spread constraints", ScheduleAnyway scores; minDomains,
//   nodeTaintsPolicy. Docs: kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
//   (#node-affinity-weight, #inter-pod-affinity-and-anti-affinity) and /topology-spread-constraints/.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCluster, type Cluster, type NodeOptions } from '../../../src/sim';
import { defaultNormalize, minMaxNormalize } from '../../../src/sim/controllers/node/scoring';

/** A Deployment; `spec` is extra pod-spec YAML indented by 6 spaces. */
const deploy = (name: string, replicas: number, spec = '', namespace?: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${spec}      containers: [{name: c, image: nginx}]
`;
const pin = (node: string) => `      nodeSelector: {kubernetes.io/hostname: ${node}}\n`;

function run(setup: string[], nodes?: NodeOptions[], before?: (c: Cluster) => void): Cluster {
  const c = createCluster({ seed: 1, ...(nodes ? { nodes } : {}) });
  before?.(c);
  for (const yaml of setup) {
    const r = c.apply(yaml);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    c.runUntilStable();
  }
  return c;
}

/** Node of each pod of `app`, in pod creation order (Pending pods: '-'). */
function placement(c: Cluster, app: string): string[] {
  return c
    .timeline()
    .filter((e) => e.kind === 'pod' && e.event === 'created')
    .map((e) => c.get('Pod', e.name))
    .filter((p) => p?.metadata.labels?.app === app)
    .map((p) => p?.spec?.nodeName ?? '-');
}
const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
const lastFailedScheduling = (c: Cluster) => c.events().filter((e) => e.reason === 'FailedScheduling').at(-1)?.message;

const zones = (...z: string[]): NodeOptions[] => z.map((zone, i) => ({ name: `n${i + 1}`, labels: { 'topology.kubernetes.io/zone': zone } }));

describe('the default nodes carry zones (zone spread works without Nodes from YAML)', () => {
  it('node-1..3 are in zone-a, zone-b, zone-c', () => {
    expect(createCluster().list('Node').map((n) => n.metadata.labels?.['topology.kubernetes.io/zone'])).toEqual(['zone-a', 'zone-b', 'zone-c']);
  });
});

describe('NodeAffinity score: preferredDuringSchedulingIgnoredDuringExecution', () => {
  const prefer = (...terms: [number, string, string][]) =>
    `      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n` +
    terms.map(([w, k, v]) => `          - weight: ${w}\n            preference: {matchExpressions: [{key: ${k}, operator: In, values: [${v}]}]}\n`).join('');
  const Z = 'topology.kubernetes.io/zone';
  const H = 'kubernetes.io/hostname';
  it.each([
    { what: 'one preferred zone wins over the spread order', replicas: 1, spec: prefer([1, Z, 'zone-b']), expected: ['node-2'] },
    { what: 'the heavier of two terms wins', replicas: 1, spec: prefer([20, Z, 'zone-c'], [80, Z, 'zone-b']), expected: ['node-2'] },
    { what: 'weights of the terms a node matches add up (30 + 30 > 50)', replicas: 1, spec: prefer([30, Z, 'zone-c'], [30, H, 'node-3'], [50, Z, 'zone-b']), expected: ['node-3'] },
    { what: 'a preference no node matches changes nothing: the spread decides', replicas: 3, spec: prefer([100, 'disktype', 'ssd']), expected: ['node-1', 'node-2', 'node-3'] },
    { what: 'a strong preference beats spreading (all replicas on the preferred node)', replicas: 3, spec: prefer([100, Z, 'zone-a']), expected: ['node-1', 'node-1', 'node-1'] },
    { what: 'matchFields metadata.name works like a hostname preference', replicas: 1, spec: `      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 5\n            preference: {matchFields: [{key: metadata.name, operator: In, values: [node-3]}]}\n`, expected: ['node-3'] },
  ])('$what', ({ replicas, spec, expected }) => {
    expect(placement(run([deploy('web', replicas, spec)]), 'web')).toEqual(expected);
  });

  it('a preference is never a reason to stay Pending: the preferred node is cordoned, the pod runs elsewhere', () => {
    const c = run([deploy('web', 1, prefer([100, Z, 'zone-b']))], undefined, (c) => c.cordon('node-2'));
    expect(placement(c, 'web')).toEqual(['node-1']);
    expect(c.list('Pod').map((p) => p.status?.phase)).toEqual(['Running']);
    expect(lastFailedScheduling(c)).toBeUndefined();
  });
});

describe('InterPodAffinity score: preferred pod affinity and anti-affinity', () => {
  const term = (kind: 'podAffinity' | 'podAntiAffinity', app: string, key: string, extra = '') =>
    `      affinity:\n        ${kind}:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n            podAffinityTerm:\n              labelSelector: {matchLabels: {app: ${app}}}\n              topologyKey: ${key}\n${extra}`;
  const H = 'kubernetes.io/hostname';
  const Z = 'topology.kubernetes.io/zone';
  const fill = (node: string, n: number, name = `fill-${node}`) => deploy(name, n, pin(node));
  it.each([
    {
      what: 'without a preference the web pod goes to the emptiest node (control row)',
      setup: [deploy('cache', 1, pin('node-1'))], spec: '', expected: ['node-2'],
    },
    {
      what: 'affinity on hostname: next to the cache pod, though node-1 is fuller',
      setup: [deploy('cache', 1, pin('node-1'))], spec: term('podAffinity', 'cache', H), expected: ['node-1'],
    },
    {
      what: 'anti-affinity on hostname: away from the cache pod, though node-1 is emptier',
      setup: [deploy('cache', 1, pin('node-1')), fill('node-2', 2), fill('node-3', 2)], spec: term('podAntiAffinity', 'cache', H), expected: ['node-2'],
    },
    {
      what: 'anti-affinity on zone: n2 shares zone-a with the cache pod, so only n3 (zone-b) scores',
      nodes: zones('zone-a', 'zone-a', 'zone-b'),
      setup: [deploy('cache', 1, pin('n1')), fill('n3', 2)], spec: term('podAntiAffinity', 'cache', Z), expected: ['n3'],
    },
    {
      what: 'the same rule on hostname prefers the emptiest other node, n2 (control row)',
      nodes: zones('zone-a', 'zone-a', 'zone-b'),
      setup: [deploy('cache', 1, pin('n1')), fill('n3', 2)], spec: term('podAntiAffinity', 'cache', H), expected: ['n2'],
    },
    {
      what: 'affinity on zone: any node of the cache zone scores; the emptier one of them wins',
      nodes: zones('zone-a', 'zone-a', 'zone-b'),
      setup: [deploy('cache', 1, pin('n1'))], spec: term('podAffinity', 'cache', Z), expected: ['n2'],
    },
    {
      what: 'symmetry: a placed pod\'s own preferred anti-affinity keeps the new pod away',
      setup: [deploy('cache', 1, pin('node-1') + term('podAntiAffinity', 'web', H)), fill('node-2', 2), fill('node-3', 2)], spec: '', expected: ['node-2'],
    },
    {
      what: 'terms look in the pod\'s own namespace: a cache in another namespace does not attract',
      setup: ['apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n', deploy('cache', 1, pin('node-1'), 'other')], spec: term('podAffinity', 'cache', H), expected: ['node-2'],
    },
    {
      what: '…unless the term names that namespace',
      setup: ['apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n', deploy('cache', 1, pin('node-1'), 'other')], spec: term('podAffinity', 'cache', H, '              namespaces: [other]\n'), expected: ['node-1'],
    },
    {
      what: '…or selects it with namespaceSelector (labels of the Namespace)',
      setup: ['apiVersion: v1\nkind: Namespace\nmetadata: {name: other, labels: {team: data}}\n', deploy('cache', 1, pin('node-1'), 'other')], spec: term('podAffinity', 'cache', H, '              namespaceSelector: {matchLabels: {team: data}}\n'), expected: ['node-1'],
    },
    {
      what: '…and a namespaceSelector that matches no label of it does not attract',
      setup: ['apiVersion: v1\nkind: Namespace\nmetadata: {name: other, labels: {team: data}}\n', deploy('cache', 1, pin('node-1'), 'other')], spec: term('podAffinity', 'cache', H, '              namespaceSelector: {matchLabels: {team: web}}\n'), expected: ['node-2'],
    },
  ])('$what', ({ setup, spec, expected, nodes }: { setup: string[]; spec: string; expected: string[]; nodes?: NodeOptions[] }) => {
    expect(placement(run([...setup, deploy('web', 1, spec)], nodes), 'web')).toEqual(expected);
  });

  it('scores combine: a preferred zone plus anti-affinity to itself spreads the replicas, each plugin alone does not', () => {
    const zone = `      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n            preference: {matchExpressions: [{key: ${Z}, operator: In, values: [zone-a]}]}\n`;
    const anti = `        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n            podAffinityTerm: {labelSelector: {matchLabels: {app: web}}, topologyKey: ${H}}\n`;
    expect(placement(run([deploy('web', 3, zone)]), 'web')).toEqual(['node-1', 'node-1', 'node-1']);
    // Second pod: node-1 200 (zone) + 0 (anti), node-2 0 + 200: a tie, broken by the spread (fewest of its pods).
    expect(placement(run([deploy('web', 3, zone + anti)]), 'web')).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('preferred anti-affinity never leaves a replica Pending: a fourth replica on three nodes runs', () => {
    const c = run([deploy('web', 4, term('podAntiAffinity', 'web', H))]);
    expect(Object.values(countBy(placement(c, 'web'))).sort()).toEqual([1, 1, 2]);
    expect(c.list('Pod').every((p) => p.status?.phase === 'Running')).toBe(true);
  });
});

describe('PodTopologySpread: topologySpreadConstraints', () => {
  const spread = (key: string, when: 'DoNotSchedule' | 'ScheduleAnyway', extra = '') =>
    `      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: ${key}\n        whenUnsatisfiable: ${when}\n        labelSelector: {matchLabels: {app: web}}\n${extra}`;
  const H = 'kubernetes.io/hostname';
  const Z = 'topology.kubernetes.io/zone';
  const zoneOf = (nodes: NodeOptions[]) => (n: string) => nodes.find((x) => x.name === n)?.labels?.[Z] ?? '-';
  const threeAndOne = zones('zone-a', 'zone-a', 'zone-a', 'zone-b');

  it.each([
    { what: 'no constraint: two replicas land on n1 and n2, both in zone-a (control row)', replicas: 2, spec: '', zonesSeen: { 'zone-a': 2 } },
    { what: 'ScheduleAnyway on zone: the second replica goes to zone-b', replicas: 2, spec: spread(Z, 'ScheduleAnyway'), zonesSeen: { 'zone-a': 1, 'zone-b': 1 } },
    { what: 'DoNotSchedule on zone: four replicas split 2/2, so n4 alone takes two', replicas: 4, spec: spread(Z, 'DoNotSchedule'), zonesSeen: { 'zone-a': 2, 'zone-b': 2 } },
    { what: 'ScheduleAnyway on zone, four replicas: zone-b is preferred, not forced', replicas: 4, spec: spread(Z, 'ScheduleAnyway'), zonesSeen: { 'zone-a': 2, 'zone-b': 2 } },
  ])('$what', ({ replicas, spec, zonesSeen }) => {
    const c = run([deploy('web', replicas, spec)], threeAndOne);
    expect(countBy(placement(c, 'web').map(zoneOf(threeAndOne)))).toEqual(zonesSeen);
    expect(c.list('Pod').every((p) => p.status?.phase === 'Running')).toBe(true);
  });

  it('DoNotSchedule on hostname, maxSkew 1: four replicas on three nodes are 2/1/1, none Pending', () => {
    const c = run([deploy('web', 4, spread(H, 'DoNotSchedule'))]);
    expect(Object.values(countBy(placement(c, 'web'))).sort()).toEqual([1, 1, 2]);
  });

  it('DoNotSchedule: cordoned nodes still count as empty domains, so the second replica stays Pending (upstream message), and runs after uncordon', () => {
    const c = run([deploy('web', 2, spread(Z, 'DoNotSchedule'))], undefined, (c) => {
      c.cordon('node-2');
      c.cordon('node-3');
    });
    expect(placement(c, 'web').sort()).toEqual(['-', 'node-1']);
    expect(lastFailedScheduling(c)).toBe(
      "0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
    c.uncordon('node-3');
    c.runUntilStable();
    expect(placement(c, 'web').sort()).toEqual(['node-1', 'node-3']);
  });

  it('nodeTaintsPolicy: Honor leaves the cordoned (tainted) nodes out of the domains: both replicas run on node-1', () => {
    const c = run([deploy('web', 2, spread(Z, 'DoNotSchedule', '        nodeTaintsPolicy: Honor\n'))], undefined, (c) => {
      c.cordon('node-2');
      c.cordon('node-3');
    });
    expect(placement(c, 'web')).toEqual(['node-1', 'node-1']);
  });

  it('ScheduleAnyway never leaves a pod Pending: with the other nodes cordoned, all three replicas run on node-1', () => {
    const c = run([deploy('web', 3, spread(Z, 'ScheduleAnyway'))], undefined, (c) => {
      c.cordon('node-2');
      c.cordon('node-3');
    });
    expect(placement(c, 'web')).toEqual(['node-1', 'node-1', 'node-1']);
    expect(lastFailedScheduling(c)).toBeUndefined();
  });

  it('minDomains 5 with three nodes: the global minimum counts as 0, so each node takes one replica and the rest wait', () => {
    const c = run([deploy('web', 5, spread(H, 'DoNotSchedule', '        minDomains: 5\n'))]);
    expect(placement(c, 'web').sort()).toEqual(['-', '-', 'node-1', 'node-2', 'node-3']);
    expect(lastFailedScheduling(c)).toContain("3 node(s) didn't match pod topology spread constraints.");
  });

  it('a node without the topology key fails the filter with "(missing required label)"', () => {
    const c = run(['apiVersion: v1\nkind: Node\nmetadata:\n  name: node-4\n  labels: {disktype: ssd}\n', deploy('web', 1, '      nodeSelector: {disktype: ssd}\n' + spread(Z, 'DoNotSchedule'))]);
    expect(placement(c, 'web')).toEqual(['-']);
    expect(lastFailedScheduling(c)).toBe(
      "0/4 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label), 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    );
  });

  it('counts only pods the selector matches: another app on n4 does not push web away from zone-b', () => {
    const c = run([deploy('other', 3, pin('n4')), deploy('web', 2, spread(Z, 'DoNotSchedule'))], threeAndOne);
    expect(countBy(placement(c, 'web').map(zoneOf(threeAndOne)))).toEqual({ 'zone-a': 1, 'zone-b': 1 });
  });
});

describe('score normalization (upstream NormalizeScore)', () => {
  it.each([
    { scores: [0, 50, 100], def: [0, 50, 100], minmax: [0, 50, 100] },
    { scores: [10, 30], def: [33, 100], minmax: [0, 100] },
    { scores: [-100, 0, 0], def: [0, 0, 0], minmax: [0, 100, 100] },
    { scores: [7, 7], def: [100, 100], minmax: [0, 0] },
    { scores: [0, 0], def: [0, 0], minmax: [0, 0] },
  ])('$scores → DefaultNormalizeScore $def, InterPodAffinity $minmax', ({ scores, def, minmax }) => {
    expect(defaultNormalize(scores)).toEqual(def);
    expect(minMaxNormalize(scores)).toEqual(minmax);
  });
});

describe('property: preferences only order the nodes a pod may use', () => {
  const Z = 'topology.kubernetes.io/zone';
  const H = 'kubernetes.io/hostname';
  const soft = fc.record({
    zone: fc.option(fc.constantFrom('zone-a', 'zone-b', 'zone-c'), { nil: undefined }),
    weight: fc.integer({ min: 1, max: 100 }),
    podTerm: fc.option(fc.record({ anti: fc.boolean(), key: fc.constantFrom(H, Z), app: fc.constantFrom('web', 'cache') }), { nil: undefined }),
    anyway: fc.option(fc.constantFrom(H, Z), { nil: undefined }),
  });
  const softYaml = (s: { zone?: string; weight: number; podTerm?: { anti: boolean; key: string; app: string }; anyway?: string }) => {
    let y = '';
    if (s.zone || s.podTerm) y += '      affinity:\n';
    if (s.zone) y += `        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: ${s.weight}\n            preference: {matchExpressions: [{key: ${Z}, operator: In, values: [${s.zone}]}]}\n`;
    if (s.podTerm) y += `        ${s.podTerm.anti ? 'podAntiAffinity' : 'podAffinity'}:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: ${s.weight}\n            podAffinityTerm: {labelSelector: {matchLabels: {app: ${s.podTerm.app}}}, topologyKey: ${s.podTerm.key}}\n`;
    if (s.anyway) y += `      topologySpreadConstraints:\n      - {maxSkew: 1, topologyKey: ${s.anyway}, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}\n`;
    return y;
  };
  it('the same pods run with and without the preferences (none is left Pending by one), and every run is deterministic', () => {
    fc.assert(
      fc.property(soft, fc.integer({ min: 1, max: 7 }), fc.subarray(['node-1', 'node-2', 'node-3']), fc.integer({ min: 0, max: 3 }), (s, replicas, cordoned, maxPods) => {
        const nodes = ['node-1', 'node-2', 'node-3'].map((name, i) => ({ name, labels: { [Z]: `zone-${'abc'[i]}` }, ...(maxPods ? { maxPods: maxPods + 1 } : {}) }));
        const go = (spec: string) =>
          placement(run([deploy('cache', 1, pin('node-2')), deploy('web', replicas, spec)], nodes, (c) => cordoned.forEach((n) => c.cordon(n))), 'web');
        const plain = go('');
        const preferred = go(softYaml(s));
        expect(preferred.filter((n) => n === '-').length).toBe(plain.filter((n) => n === '-').length);
        expect(go(softYaml(s))).toEqual(preferred);
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
