// Claims made in content/lessons/02-kinds-of-state.mdx, each checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/sim';
import { deployment, docs, mountedVolume, statefulSet } from '../fixtures/k8s';

const webWithConfig = docs(
  `apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data:
  app.properties: |
    db.host=db-0.db
`,
  deployment('web', { podExtra: mountedVolume('config', '/etc/app', 'configMap: {name: web-config}') }),
);

const db = statefulSet('db', { replicas: 2, dataPath: '/var/lib/postgresql/data' });

function started(yaml: string) {
  const cluster = createCluster({ seed: 2 });
  const result = cluster.apply(yaml);
  expect(result.ok).toBe(true);
  expect(cluster.runUntilStable().stable).toBe(true);
  return cluster;
}

describe('02-kinds-of-state claims', () => {
  it('02-kinds-of-state: a file on a pod\'s own filesystem is gone when the pod is replaced', () => {
    const cluster = started(webWithConfig);
    const [first, second] = cluster.list('Pod').map((p) => p.metadata.name);
    cluster.writeFile(first, '/tmp/results/thumb.png', 'png');
    expect(cluster.readFile(second, '/tmp/results/thumb.png')).toBeUndefined();
    cluster.deletePod(first);
    cluster.runUntilStable();
    const pods = cluster.list('Pod').map((p) => p.metadata.name);
    expect(pods).not.toContain(first);
    for (const pod of pods) expect(cluster.readFile(pod, '/tmp/results/thumb.png')).toBeUndefined();
  });

  it('02-kinds-of-state: a StatefulSet pod finds its own files on its own claim after it is recreated', () => {
    const cluster = started(db);
    expect(cluster.list('PersistentVolumeClaim').map((c) => c.metadata.name).sort()).toEqual(['data-db-0', 'data-db-1']);
    cluster.writeFile('db-1', '/var/lib/postgresql/data/PG_VERSION', '16');
    cluster.deletePod('db-1');
    cluster.runUntilStable();
    expect(cluster.get('Pod', 'db-1')?.status?.phase).toBe('Running');
    expect(cluster.readFile('db-1', '/var/lib/postgresql/data/PG_VERSION')).toBe('16');
    expect(cluster.readFile('db-0', '/var/lib/postgresql/data/PG_VERSION')).toBeUndefined();
  });

  it('02-kinds-of-state: every replica reads the same ConfigMap, and the mount is read-only', () => {
    const cluster = started(webWithConfig);
    const pods = cluster.list('Pod').map((p) => p.metadata.name);
    for (const pod of pods) expect(cluster.readFile(pod, '/etc/app/app.properties')).toBe('db.host=db-0.db\n');
    expect(() => cluster.writeFile(pods[0], '/etc/app/app.properties', 'db.host=10.244.1.7')).toThrow(
      'Cannot write /etc/app/app.properties: it is on ConfigMap web-config, which is mounted read-only.',
    );
  });

  it('02-kinds-of-state: a member can read its ordinal from its hostname and reach its peers by name', () => {
    const cluster = started(db);
    for (const pod of cluster.list('Pod')) {
      expect(pod.spec.hostname).toBe(pod.metadata.name);
      expect(pod.spec.hostname).toMatch(/^db-\d+$/);
    }
    const primaryIP = cluster.get('Pod', 'db-0')?.status?.podIP;
    expect(cluster.resolve('db-0.db.default.svc.cluster.local')).toEqual([primaryIP]);
    cluster.deletePod('db-0');
    cluster.runUntilStable();
    const newIP = cluster.get('Pod', 'db-0')?.status?.podIP;
    expect(newIP).not.toBe(primaryIP);
    expect(cluster.resolve('db-0.db.default.svc.cluster.local')).toEqual([newIP]);
  });

  it('02-kinds-of-state: sticky sessions are the Service field sessionAffinity: ClientIP', () => {
    const cluster = createCluster();
    const result = cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports: [{port: 80}]
`);
    expect(result.ok).toBe(true);
    expect(cluster.get('Service', 'web')?.spec.sessionAffinity).toBe('ClientIP');
    const sticky = createCluster().apply(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  sessionAffinity: Sticky
  ports: [{port: 80}]
`);
    expect(sticky.ok).toBe(false);
    expect(sticky.diagnostics[0].message).toBe(
      'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None".',
    );
  });
});
