// The claims of content/lessons/16-cloud-native-state.mdx that the engine models. The lesson is about
// actor runtimes, which the simulator does not run; what it can check is the Kubernetes side of the
// division of labour (pods replaced by controllers, found by Service and DNS), what happens to state
// kept in a process (lost on restart unless it is persisted) and the majority rule of consensus.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { webSet } from './statefulset-manifests';
import { appAnnotations, deployment, docs, mountedVolume, service, statefulSet } from '../fixtures/k8s';

/** A Deployment `app` of `replicas` pods running `model` (web: in-memory sessions; kv: data in /data on an emptyDir). */
function app(replicas: number, model: 'web' | 'kv' | 'quorum', volume = ''): string {
  return docs(deployment('app', { replicas, image: 'app:1.0', annotations: appAnnotations(model), podExtra: volume }), service('app'));
}

const emptyDir = mountedVolume('data', '/data', 'emptyDir: {}');

/** A `quorum` (Raft-like) group of three StatefulSet members `kv-0..2`, each with its own claim. */
const quorumSet = statefulSet('kv', { image: 'etcd:3.5', port: 2379, annotations: appAnnotations('quorum', '/var/lib/kv'), dataPath: '/var/lib/kv' });

function started(yaml: string, seed = 16): Cluster {
  const c = createCluster({ seed });
  const result = c.apply(yaml);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  c.runUntilStable();
  return c;
}

const live = (c: Cluster, app: string) =>
  c.list('Pod', { app }).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();
const isReady = (c: Cluster, pod: string) =>
  (c.get('Pod', pod)?.status?.conditions ?? []).some((x: any) => x.type === 'Ready' && x.status === 'True');

describe('16-cloud-native-state claims', () => {
  it('16-cloud-native-state: Kubernetes replaces a failed pod rather than repairing it (a new pod, a new name)', () => {
    const c = started(app(3, 'web'));
    const before = live(c, 'app');
    c.failPod(before[0]);
    c.runUntilStable();
    expect(c.get('Pod', before[0])?.status.phase).toBe('Failed'); // not restarted in place
    const after = live(c, 'app').filter((p) => c.get('Pod', p)?.status.phase !== 'Failed');
    expect(after).toHaveLength(3);
    expect(after).not.toContain(before[0]);
    expect(after.every((p) => isReady(c, p))).toBe(true);
  });

  it('16-cloud-native-state: a Deployment\'s pod on a failed node gets a replacement with a new name elsewhere', () => {
    const c = started(app(3, 'web'));
    const victim = live(c, 'app')[0];
    const node = c.get('Pod', victim)!.spec.nodeName;
    c.stopNode(node);
    c.advance(400_000);
    const after = live(c, 'app');
    expect(after).toHaveLength(3);
    expect(after).not.toContain(victim);
    expect(after.every((p) => c.get('Pod', p)!.spec.nodeName !== node && isReady(c, p))).toBe(true);
  });

  it('16-cloud-native-state: Kubernetes finds pods by Service and DNS', () => {
    const c = started(app(2, 'web'));
    const ip = c.get('Service', 'app')!.spec.clusterIP;
    expect(c.resolve('app.default.svc.cluster.local')).toEqual([ip]);
    expect(live(c, 'app')).toContain(c.request('app').pod);
  });

  it('16-cloud-native-state: state kept in a process\'s memory is gone when it restarts (restarted processes start empty)', () => {
    const c = started(app(1, 'web'));
    const login = c.request('app', { method: 'POST', path: '/login', body: 'user=alice' });
    const cookie = /^session=[^;]+/.exec(login.headers?.['set-cookie'] ?? '')![0];
    expect(c.request('app', { path: '/profile', headers: { cookie } }).status).toBe(200);
    c.deletePod(login.pod!);
    c.runUntilStable();
    expect(c.request('app', { path: '/profile', headers: { cookie } }).status).toBe(401);
  });

  it('16-cloud-native-state: without a durable store, an entity\'s data is lost with the pod that held it', () => {
    const c = started(app(1, 'kv', emptyDir));
    expect(c.request('app', { method: 'PUT', path: '/kv/cart-17', body: '3 items' }).status).toBe(200);
    const [pod] = live(c, 'app');
    c.deletePod(pod);
    c.runUntilStable();
    expect(c.request('app', { path: '/kv/cart-17' }).status).toBe(404);
  });

  it('16-cloud-native-state: a StatefulSet gives a pod a name and a disk: the recreated pod has both back', () => {
    const c = started(webSet());
    c.writeFile('web-1', '/usr/share/nginx/html/journal', 'cart-17 +1 item');
    const uid = c.get('Pod', 'web-1')!.metadata.uid;
    c.deletePod('web-1');
    c.runUntilStable();
    expect(c.get('Pod', 'web-1')!.metadata.uid).not.toBe(uid);
    expect(c.readFile('web-1', '/usr/share/nginx/html/journal')).toBe('cart-17 +1 item');
  });

  it('16-cloud-native-state: consensus needs a majority: with two of three members cut off, the survivor refuses writes', () => {
    const c = started(quorumSet);
    expect(c.request('kv-0.kv', { method: 'PUT', path: '/kv/leader-test', body: 'ok' }).status).toBe(200);
    const nodes = ['kv-1', 'kv-2'].map((p) => c.get('Pod', p)!.spec.nodeName);
    expect(new Set([...nodes, c.get('Pod', 'kv-0')!.spec.nodeName]).size).toBe(3);
    for (const n of nodes) c.stopNode(n);
    c.advance(60_000);
    const refused = c.request('kv-0.kv', { method: 'PUT', path: '/kv/x', body: 'split-brain?' });
    expect(refused.status).toBe(503);
    expect(refused.body).toContain('no quorum');
    expect(c.appStatus('kv-0')?.serving).toBe(false);
  });

  it('16-cloud-native-state: membership is the runtime\'s job, not Kubernetes\': a Deployment\'s new pod is not a member by itself', () => {
    const c = started(app(3, 'quorum'));
    const before = live(c, 'app');
    c.deletePod(before[0]);
    c.runUntilStable();
    const newcomer = live(c, 'app').find((p) => !before.includes(p))!;
    expect(newcomer).toBeDefined();
    expect(c.appStatus(newcomer)).toMatchObject({ role: 'not-a-member', serving: false });
  });
});
