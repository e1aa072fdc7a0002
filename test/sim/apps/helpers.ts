// Builders for the app-model tests: clusters with app-annotated workloads, and a way to send a
// request straight to one pod's app (what the traffic layer does once it has picked the pod).
import { SimCluster } from '../../../src/sim/cluster/cluster';
import { handleAppRequest, type AppResponse } from '../../../src/sim/apps';
import type { KubeObject } from '../../../src/sim';

export function newCluster(seed = 1): SimCluster {
  return new SimCluster({ seed });
}

export function send(
  cluster: SimCluster,
  pod: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { body?: string; cookie?: string } = {},
): AppResponse {
  const obj = cluster.engine.store.get('Pod', cluster.namespace, pod);
  if (!obj) throw new Error(`test: no pod ${pod}`);
  return handleAppRequest(cluster.engine.context(), obj, {
    client: 'client-1',
    connection: 'client-1#1',
    method,
    path,
    ...(options.body !== undefined ? { body: options.body } : {}),
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
}

export function applyOk(cluster: SimCluster, yaml: string): void {
  const r = cluster.apply(yaml);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
}

export function podNames(cluster: SimCluster, labels: Record<string, string>): string[] {
  return cluster
    .list('Pod', labels)
    .filter((p: KubeObject) => p.metadata.deletionTimestamp === undefined)
    .map((p: KubeObject) => p.metadata.name)
    .sort();
}

/** Lines of the timeline that start with `prefix` (e.g. `app/`), without the time. */
export function lines(cluster: SimCluster, prefix = 'app/'): string[] {
  return cluster.timeline().filter((e) => e.text.startsWith(prefix)).map((e) => e.text);
}

function indent(text: string, n: number): string {
  return text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
}

export interface SetSpec {
  name: string;
  replicas?: number;
  model: string;
  params?: Record<string, string>;
  env?: Record<string, string>;
  /** `pvc` (volumeClaimTemplates), `emptyDir`, or `none` (container filesystem). */
  storage?: 'pvc' | 'emptyDir' | 'none';
  mountPath?: string;
  policy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: string;
}

/** A headless Service + StatefulSet whose pods run `model`. */
export function statefulApp(s: SetSpec): string {
  const annotations = { 'sim.k8s.course/app': s.model, ...Object.fromEntries(Object.entries(s.params ?? {}).map(([k, v]) => [`sim.k8s.course/${k}`, v])) };
  const ann = Object.entries(annotations).map(([k, v]) => `${k}: "${v}"`).join('\n');
  const env = Object.entries(s.env ?? {}).map(([k, v]) => `- name: ${k}\n  value: "${v}"`).join('\n');
  const storage = s.storage ?? 'pvc';
  const mountPath = s.mountPath ?? '/data';
  const mounts = storage === 'none' ? '' : `volumeMounts:\n- name: data\n  mountPath: ${mountPath}`;
  const volumes = storage === 'emptyDir' ? `volumes:\n- name: data\n  emptyDir: {}` : '';
  const claims =
    storage === 'pvc'
      ? `  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi`
      : '';
  return `apiVersion: v1
kind: Service
metadata:
  name: ${s.name}
spec:
  clusterIP: None
  selector:
    app: ${s.name}
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${s.name}
spec:
  serviceName: ${s.name}
  replicas: ${s.replicas ?? 3}
${s.policy ? `  podManagementPolicy: ${s.policy}\n` : ''}${s.updateStrategy ? indent(s.updateStrategy, 2) + '\n' : ''}  selector:
    matchLabels:
      app: ${s.name}
  template:
    metadata:
      labels:
        app: ${s.name}
      annotations:
${indent(ann, 8)}
    spec:
      terminationGracePeriodSeconds: 10
${indent(volumes, 6)}
      containers:
      - name: app
        image: app:1
${env ? indent('env:\n' + env, 8) : ''}
${indent(mounts, 8)}
${claims}
`;
}

/** A Deployment (+ ClusterIP Service) whose pods run `model`. */
export function deploymentApp(name: string, replicas: number, model: string | undefined, params: Record<string, string> = {}): string {
  const annotations = model ? { 'sim.k8s.course/app': model, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [`sim.k8s.course/${k}`, v])) } : {};
  const ann = Object.entries(annotations).map(([k, v]) => `${k}: "${v}"`).join('\n');
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
${ann ? `      annotations:\n${indent(ann, 8)}\n` : ''}    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: app
        image: app:1
`;
}
