// ConfigMaps as files (kubernetes.io "Configure a Pod to Use a ConfigMap": mounted ConfigMaps are
// updated automatically, within the kubelet sync period plus cache delay; a subPath mount never
// is) and the container's own filesystem, which dies with the pod.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../src/sim';
import { statefulSet } from '../../fixtures/k8s';

const config = (level: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {app.conf: "level=${level}"}
`;

const app = `---\n${statefulSet('app', {
  withService: false,
  replicas: 1,
  container: 'main',
  image: 'app:1',
  containerExtra: `        volumeMounts:
        - {name: config, mountPath: /etc/app}
        - {name: config, mountPath: /etc/pinned.conf, subPath: app.conf}
`,
  podExtra: `      volumes:
      - name: config
        configMap: {name: app-config}
`,
})}`;

function running(): Cluster {
  const c = createCluster();
  c.apply(config('info') + app);
  c.runUntilStable();
  return c;
}

describe('ConfigMap volumes', () => {
  it('a mounted file shows the update only after the kubelet sync period (60 s)', () => {
    const c = running();
    expect(c.readFile('app-0', '/etc/app/app.conf')).toBe('level=info');
    c.apply(config('debug'));
    c.advance(59_000);
    expect(c.readFile('app-0', '/etc/app/app.conf')).toBe('level=info');
    c.advance(2_000);
    expect(c.readFile('app-0', '/etc/app/app.conf')).toBe('level=debug');
  });

  it('a subPath mount never sees the update; a recreated pod does', () => {
    const c = running();
    c.apply(config('debug'));
    c.advance(600_000);
    expect(c.readFile('app-0', '/etc/pinned.conf')).toBe('level=info');
    c.deletePod('app-0');
    c.runUntilStable();
    expect(c.readFile('app-0', '/etc/pinned.conf')).toBe('level=debug');
  });

  it('the mounted files are read-only', () => {
    const c = running();
    expect(() => c.writeFile('app-0', '/etc/app/app.conf', 'x')).toThrow('mounted read-only');
  });
});

describe('the container filesystem', () => {
  it('config written into the container itself is lost when the pod is recreated', () => {
    const c = running();
    c.writeFile('app-0', '/opt/app/local.conf', 'tuned=yes');
    expect(c.readFile('app-0', '/opt/app/local.conf')).toBe('tuned=yes');
    c.deletePod('app-0');
    c.runUntilStable();
    expect(c.get('Pod', 'app-0')?.status?.phase).toBe('Running');
    expect(c.readFile('app-0', '/opt/app/local.conf')).toBeUndefined();
  });
});
