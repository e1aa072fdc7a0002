// Issue 7: the replay output (shared/reference/k8s-traces/README.md "The replay contract") extended
// with node, scheduling and app events as NEW line kinds; the traces' own lines keep their format
// (test/sim/traces.test.ts replays the eight recorded traces against it).
// Upstream behaviour named per line: `kubectl drain` + Eviction API (evicted … drain), kube-scheduler
// FailedScheduling (unschedulable …), node lifecycle controller monitorNodeHealth (not-ready), the
// NoExecute taint manager (evicted … unreachable), PodGC gcOrphaned (force-deleted … gone).
import { describe, expect, it } from 'vitest';
import { replayScenario } from '../../../src/sim';

const db = `apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 2379}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata:
      labels: {app: db}
      annotations: {sim.k8s.course/app: quorum}
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: db}}
            topologyKey: kubernetes.io/hostname
      containers: [{name: db, image: registry.k8s.io/etcd:3.5.12-0}]
`;

const scenario = `name: node-events
manifests: ["db.yaml"]
until: 420000
steps:
  - {"at": 0, "apply": "db.yaml"}
  - {"at": 10000, "drain": "node-1"}
  - {"at": 20000, "uncordon": "node-1"}
  - {"at": 30000, "stopNode": "node-3"}
  - {"at": 390000, "delete": {"kind": "Node", "name": "node-3"}}
`;

/** The traces' vocabulary (expected.txt) and the lines appended beside it. */
const TRACE_LINE = /^\d+ (revision\/\S+ created rev=\d+|pvc\/\S+ (created|deleting|gone)|pod\/\S+ (created (rev|rs)=\d+|ready|notready|failed|deleting|gone)|rs\/\d+ (created|scaled) replicas=\d+)$/;
const NEW_LINE = /^\d+ (node\/\S+ (stopped|not-ready|ready|cordoned|uncordoned|drain-started|drain-waiting|drained|deleted)\b.*|pod\/\S+ (evicted|force-deleted|unschedulable|scheduled) .+|app\/\S+ \S+.*|traffic\/\S+ connected .+)$/;

describe('replay: node, scheduling and app lines', () => {
  const out = replayScenario(scenario, () => db);
  const events = out.split('\n# final\n')[0].split('\n');
  const texts = events.map((l) => l.replace(/^\d+ /, ''));
  const at = (text: string) => Number(events.find((l) => l.endsWith(` ${text}`))?.split(' ')[0]);

  it.each([
    ['node/node-1 drain-started', 10_000],
    ['pod/db-0 evicted node node-1 drain', 10_000],
    ['node/node-1 drained', 10_000],
    ['pod/db-0 unschedulable 0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn\'t match pod anti-affinity rules.', NaN],
    ['node/node-1 uncordoned', 20_000],
    ['pod/db-0 scheduled node-1', NaN],
    ['node/node-3 stopped kubelet stopped reporting', 30_000],
    ['node/node-3 not-ready', 80_000],
    ['pod/db-2 evicted node node-3 unreachable', 380_000],
    ['node/node-3 deleted', 390_000],
    ['pod/db-2 force-deleted node node-3 gone', 410_000],
  ])('prints %s (at %d ms)', (text, t) => {
    expect(texts).toContain(text);
    if (!Number.isNaN(t)) expect(at(text)).toBe(t);
  });

  it('the recreated pod is unschedulable between the drain and the uncordon, then scheduled back', () => {
    const unsched = events.findIndex((l) => l.includes('pod/db-0 unschedulable'));
    expect(at('pod/db-0 unschedulable 0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn\'t match pod anti-affinity rules.')).toBeGreaterThan(10_000);
    expect(unsched).toBeLessThan(events.indexOf(events.find((l) => l.endsWith('node/node-1 uncordoned'))!));
    expect(at('pod/db-0 scheduled node-1')).toBeGreaterThan(20_000);
  });

  it('prints the app model\'s events (quorum leader)', () => {
    expect(texts.some((t) => /^app\/db-\d leader term=1$/.test(t))).toBe(true);
  });

  it('every line is either in the traces\' vocabulary or one of the appended kinds, in time order', () => {
    expect(events.filter((l) => !TRACE_LINE.test(l) && !NEW_LINE.test(l))).toEqual([]);
    const times = events.map((l) => Number(l.split(' ')[0]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The traces' own lines are still there in their format.
    expect(texts).toEqual(expect.arrayContaining(['revision/db created rev=1', 'pod/db-0 created rev=1', 'pod/db-0 deleting', 'pod/db-0 gone', 'pod/db-2 deleting']));
  });
});
