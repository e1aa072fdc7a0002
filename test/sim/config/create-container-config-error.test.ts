// CreateContainerConfigError. Upstream sources: kubelet pkg/kubelet/kubelet_pods.go
// `makeEnvironmentVariables` (messages `couldn't find key K in ConfigMap ns/name`, `... in Secret
// ns/name`; a missing object is the configmap/secret manager's NotFound `configmap "x" not found`;
// `optional: true` skips a missing object or key), pkg/kubelet/kuberuntime/kuberuntime_container.go
// `startContainer` (container waiting reason CreateContainerConfigError, Warning event `Failed`
// "Error: <err>"), and kubelet_pods.go `getPhase` (a waiting container keeps the pod Pending).
// The kubelet retries the pod; the simulator retries every 10 s of simulated time (CONFIG_RETRY_MS).
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../src/sim';
import { statefulSet } from '../../fixtures/k8s';
import { CONFIG_RETRY_MS } from '../../../src/sim/controllers/kubelet/kubelet';

const configMap = (data = '{LOG_LEVEL: info}') => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: ${data}
`;
const secret = (data = '{password: czNjcjN0}') => `---
apiVersion: v1
kind: Secret
metadata: {name: db}
data: ${data}
`;

/** A StatefulSet `app` (no Service) whose container `main` has the extra lines `container`. */
const app = (container: string, replicas = 1) =>
  `---\n${statefulSet('app', { withService: false, replicas, container: 'main', image: 'app:1', containerExtra: container })}`;

const envFromCm = (optional = false) => `        envFrom:\n        - configMapRef: {name: app-config${optional ? ', optional: true' : ''}}\n`;
const envFromSecret = (optional = false) => `        envFrom:\n        - secretRef: {name: db${optional ? ', optional: true' : ''}}\n`;
const cmKey = (key = 'LOG_LEVEL', optional = false) => `        env:\n        - name: LOG_LEVEL\n          valueFrom: {configMapKeyRef: {name: app-config, key: ${key}${optional ? ', optional: true' : ''}}}\n`;
const secretKey = (key = 'password', optional = false) => `        env:\n        - name: DB_PASSWORD\n          valueFrom: {secretKeyRef: {name: db, key: ${key}${optional ? ', optional: true' : ''}}}\n`;

function run(yaml: string): Cluster {
  const c = createCluster({ seed: 1 });
  const r = c.apply(yaml);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  c.runUntilStable();
  return c;
}

const waiting = (c: Cluster, pod: string) => c.get('Pod', pod)?.status?.containerStatuses?.[0]?.state?.waiting;
const failed = (c: Cluster, pod: string) => c.events().filter((e) => e.reason === 'Failed' && e.object.name === pod);

describe('CreateContainerConfigError (kubelet makeEnvironmentVariables)', () => {
  it.each([
    ['envFrom configMapRef to a missing ConfigMap', '', envFromCm(), 'configmap "app-config" not found'],
    ['envFrom secretRef to a missing Secret', '', envFromSecret(), 'secret "db" not found'],
    ['configMapKeyRef to a missing ConfigMap', '', cmKey(), 'configmap "app-config" not found'],
    ['secretKeyRef to a missing Secret', '', secretKey(), 'secret "db" not found'],
    ['configMapKeyRef to a missing key', configMap('{OTHER: x}'), cmKey(), "couldn't find key LOG_LEVEL in ConfigMap default/app-config"],
    ['secretKeyRef to a missing key', secret('{user: YWRtaW4=}'), secretKey(), "couldn't find key password in Secret default/db"],
  ])('%s: the pod stays Pending, its container waits with CreateContainerConfigError, Warning Failed "Error: …"', (_name, objects, container, message) => {
    const c = run(objects + app(container));
    const pod = c.get('Pod', 'app-0')!;
    expect(pod.spec.nodeName).toBeTruthy(); // scheduled: the kubelet is the one refusing
    expect(pod.status.phase).toBe('Pending');
    expect(waiting(c, 'app-0')).toEqual({ reason: 'CreateContainerConfigError', message });
    expect(pod.status.containerStatuses[0].ready).toBe(false);
    expect(failed(c, 'app-0').map((e) => [e.type, e.message])).toEqual([['Warning', `Error: ${message}`]]);
    expect(c.env('app-0')).toBeUndefined();
    expect(c.get('Pod', 'app-1')).toBeUndefined(); // OrderedReady: the next ordinal waits for a Ready app-0
  });

  it.each([
    ['envFrom configMapRef, optional, ConfigMap missing', envFromCm(true), {}],
    ['envFrom secretRef, optional, Secret missing', envFromSecret(true), {}],
    ['configMapKeyRef, optional, ConfigMap missing', cmKey('LOG_LEVEL', true), {}],
    ['configMapKeyRef, optional, key missing', configMap('{OTHER: x}') + '@' + cmKey('LOG_LEVEL', true), {}],
    ['secretKeyRef, optional, key missing', secret('{user: YWRtaW4=}') + '@' + secretKey('password', true), {}],
  ])('optional: true — %s: the container starts without the variable', (_name, part, env) => {
    const [objects, container] = part.includes('@') ? part.split('@') : ['', part];
    const c = run(objects + app(container));
    expect(c.get('Pod', 'app-0')?.status.phase).toBe('Running');
    expect(c.env('app-0')).toEqual(env);
    expect(failed(c, 'app-0')).toEqual([]);
  });

  it('another container of the pod runs, but the pod stays Pending until every container could be created (getPhase)', () => {
    const c = run(app(cmKey() + '      - name: sidecar\n        image: proxy:1\n'));
    const statuses = c.get('Pod', 'app-0')!.status.containerStatuses;
    expect(c.get('Pod', 'app-0')!.status.phase).toBe('Pending');
    expect(statuses.map((s: any) => [s.name, Object.keys(s.state)[0]])).toEqual([['main', 'waiting'], ['sidecar', 'running']]);
  });

  it('creating the ConfigMap later: the kubelet retries every 10 s and the container starts at the next retry with the values', () => {
    const c = run(app(envFromCm()));
    const since = c.get('Pod', 'app-0')!.status.startTime as number;
    const ip = c.get('Pod', 'app-0')!.status.podIP;
    expect(ip).toBeTruthy(); // the sandbox exists: the pod has its IP while the container cannot start
    c.advance(since + 35_000 - c.now()); // three retries with nothing to find: still failing, no new events
    expect(waiting(c, 'app-0')?.reason).toBe('CreateContainerConfigError');
    c.apply(configMap('{LOG_LEVEL: debug}'));
    c.advance(since + 39_000 - c.now());
    expect(c.get('Pod', 'app-0')?.status.phase).toBe('Pending'); // not before the next 10 s tick…
    c.advance(since + 4 * CONFIG_RETRY_MS + 100 - c.now());
    const pod = c.get('Pod', 'app-0')!;
    expect(pod.status.phase).toBe('Running'); // …but at it
    expect(pod.status.containerStatuses[0].state.running.startedAt).toBe(since + 4 * CONFIG_RETRY_MS);
    expect(pod.status.podIP).toBe(ip);
    expect(c.env('app-0')).toEqual({ LOG_LEVEL: 'debug' });
    expect(failed(c, 'app-0')).toHaveLength(1);
    c.runUntilStable();
    expect(c.get('Pod', 'app-1')).toBeUndefined(); // one replica only
  });

  it('a ConfigMap that still lacks the key keeps the error, now with the missing-key message', () => {
    const c = run(app(cmKey()));
    c.apply(configMap('{OTHER: x}'));
    c.advance(CONFIG_RETRY_MS * 2);
    expect(waiting(c, 'app-0')).toEqual({ reason: 'CreateContainerConfigError', message: "couldn't find key LOG_LEVEL in ConfigMap default/app-config" });
    expect(failed(c, 'app-0').map((e) => e.message)).toEqual(['Error: configmap "app-config" not found', "Error: couldn't find key LOG_LEVEL in ConfigMap default/app-config"]);
    c.apply(configMap('{OTHER: x, LOG_LEVEL: warn}'));
    c.advance(CONFIG_RETRY_MS * 2);
    expect(c.env('app-0')).toEqual({ LOG_LEVEL: 'warn' });
  });

  it('the Secret appears: a StatefulSet then rolls on to its next ordinals', () => {
    const c = run(app(secretKey(), 2));
    expect(c.get('Pod', 'app-1')).toBeUndefined();
    c.apply(secret());
    c.runUntilStable();
    expect(['app-0', 'app-1'].map((p) => c.get('Pod', p)?.status.phase)).toEqual(['Running', 'Running']);
    expect(c.env('app-1')).toEqual({ DB_PASSWORD: 's3cr3t' });
  });

  it('a waiting pod can be deleted like any Pending pod, and its replacement waits the same way', () => {
    const c = run(app(envFromCm()));
    const uid = c.get('Pod', 'app-0')!.metadata.uid;
    c.deletePod('app-0');
    c.runUntilStable();
    expect(c.get('Pod', 'app-0')?.metadata.uid).not.toBe(uid);
    expect(waiting(c, 'app-0')?.reason).toBe('CreateContainerConfigError');
  });
});
