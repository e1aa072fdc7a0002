// Every behavioural claim of content/lessons/04-configuration-state.mdx, checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { deployment } from '../fixtures/k8s';

function started(yaml: string): Cluster {
  const c = createCluster({ seed: 4 });
  const result = c.apply(yaml);
  expect(result.diagnostics).toEqual([]);
  c.runUntilStable();
  return c;
}

const podNames = (c: Cluster) => c.list('Pod').map((p) => p.metadata.name).sort();

const config = `apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data:
  LOG_LEVEL: info
  app.properties: |
    db.host=db-0.db
    pool.size=20
---
apiVersion: v1
kind: Secret
metadata: {name: web-secret}
stringData:
  DB_PASSWORD: s3cret
data:
  API_KEY: a2V5LTEyMw==
---
`;

const web = (replicas = 2) =>
  deployment('web', {
    replicas,
    image: 'shop/web:2.3',
    podExtra: `        volumeMounts:
        - {name: config, mountPath: /etc/app}
        - {name: secret, mountPath: /etc/secret}
      volumes:
      - {name: config, configMap: {name: web-config}}
      - {name: secret, secret: {secretName: web-secret}}
`,
  });

/** The Deployment `web` reading LOG_LEVEL from web-config: `optional` marks the reference optional. */
const webEnv = (optional = false) =>
  deployment('web', {
    replicas: 1,
    image: 'shop/web:2.3',
    podExtra: `        env:
        - name: LOG_LEVEL
          valueFrom: {configMapKeyRef: {name: web-config, key: LOG_LEVEL${optional ? ', optional: true' : ''}}}
`,
  });

describe('04-configuration-state claims', () => {
  it('04-configuration-state: a file edited inside one container is not seen by the other replica and is gone when its pod is replaced', () => {
    const c = started(config + web());
    const [a, b] = podNames(c);
    c.writeFile(a, '/etc/nginx/conf.d/timeouts.conf', 'proxy_read_timeout 300s;');
    expect(c.readFile(a, '/etc/nginx/conf.d/timeouts.conf')).toBe('proxy_read_timeout 300s;');
    expect(c.readFile(b, '/etc/nginx/conf.d/timeouts.conf')).toBeUndefined();
    c.deletePod(a);
    c.runUntilStable();
    for (const pod of podNames(c)) expect(c.readFile(pod, '/etc/nginx/conf.d/timeouts.conf')).toBeUndefined();
  });

  it('04-configuration-state: every key of a mounted ConfigMap is a file with the key\'s value, in every replica', () => {
    const c = started(config + web(3));
    for (const pod of podNames(c)) {
      expect(c.readFile(pod, '/etc/app/app.properties')).toBe('db.host=db-0.db\npool.size=20\n');
      expect(c.readFile(pod, '/etc/app/LOG_LEVEL')).toBe('info');
    }
  });

  it('04-configuration-state: a mounted ConfigMap is read-only', () => {
    const c = started(config + web());
    const [pod] = podNames(c);
    expect(() => c.writeFile(pod, '/etc/app/app.properties', 'db.host=10.244.1.7')).toThrow(/mounted read-only/);
    expect(c.readFile(pod, '/etc/app/app.properties')).toBe('db.host=db-0.db\npool.size=20\n');
  });

  it('04-configuration-state: a Secret mounts its values decoded, whether written under data (base64) or stringData', () => {
    const c = started(config + web());
    const [pod] = podNames(c);
    expect(c.readFile(pod, '/etc/secret/API_KEY')).toBe('key-123');
    expect(c.readFile(pod, '/etc/secret/DB_PASSWORD')).toBe('s3cret');
  });

  it('04-configuration-state: a replacement pod reads the same configuration from the object', () => {
    const c = started(config + web());
    const [a] = podNames(c);
    c.deletePod(a);
    c.runUntilStable();
    for (const pod of podNames(c)) expect(c.readFile(pod, '/etc/app/app.properties')).toBe('db.host=db-0.db\npool.size=20\n');
  });
  it('04-configuration-state: a container whose env refers to a ConfigMap that does not exist does not start: the pod stays Pending with CreateContainerConfigError and a Warning event until the ConfigMap appears', () => {
    const c = started(webEnv());
    const [pod] = podNames(c);
    const status = c.get('Pod', pod)!.status;
    expect(status.phase).toBe('Pending');
    expect(status.containerStatuses[0].state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "web-config" not found' });
    const warnings = c.events().filter((e) => e.object.name === pod && e.type === 'Warning');
    expect(warnings.map((e) => [e.reason, e.message])).toEqual([['Failed', 'Error: configmap "web-config" not found']]);
    expect(c.env(pod)).toBeUndefined();

    expect(c.apply(config).diagnostics).toEqual([]);
    c.runUntilStable();
    expect(podNames(c)).toEqual([pod]); // the same pod starts: nothing replaced it
    expect(c.get('Pod', pod)!.status.phase).toBe('Running');
    expect(c.env(pod)).toEqual({ LOG_LEVEL: 'info' });
  });

  it('04-configuration-state: a ConfigMap that lacks the referenced key also gives CreateContainerConfigError', () => {
    const c = started(config.replace('  LOG_LEVEL: info\n', '') + webEnv());
    const [pod] = podNames(c);
    expect(c.get('Pod', pod)!.status.phase).toBe('Pending');
    expect(c.get('Pod', pod)!.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: "couldn't find key LOG_LEVEL in ConfigMap default/web-config",
    });
  });

  it('04-configuration-state: a reference marked optional: true lets the container start without the ConfigMap', () => {
    const c = started(webEnv(true));
    const [pod] = podNames(c);
    expect(c.get('Pod', pod)!.status.phase).toBe('Running');
    expect(c.env(pod)).toEqual({});
    expect(c.events().filter((e) => e.object.name === pod && e.type === 'Warning')).toEqual([]);
  });
});
