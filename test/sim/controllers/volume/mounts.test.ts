// A path in a pod → the volume it lands on (the kubelet's volume manager, as file-store keys).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/sim/api';
import { resolveMount } from '../../../../src/sim/controllers/volume/mounts';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', uid: 'p1' },
  spec: {
    containers: [
      {
        name: 'app',
        volumeMounts: [
          { name: 'www', mountPath: '/data' },
          { name: 'cache', mountPath: '/data/cache' },
          { name: 'conf', mountPath: '/etc/app', readOnly: true },
          { name: 'logs', mountPath: '/var/log/app', subPath: 'web-1' },
        ],
      },
    ],
    volumes: [
      { name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } },
      { name: 'cache', emptyDir: {} },
      { name: 'conf', configMap: { name: 'app-config' } },
      { name: 'logs', persistentVolumeClaim: { claimName: 'logs' } },
    ],
  },
};

const claims: Record<string, KubeObject> = {
  'www-web-1': { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-web-1', uid: 'c1' }, status: { phase: 'Pending' } },
  logs: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'logs', uid: 'c2' }, spec: { volumeName: 'pv-logs' }, status: { phase: 'Bound' } },
};
const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { 'app.conf': 'debug=1' } };

describe('resolveMount', () => {
  const cases: Array<[string, string, string, boolean]> = [
    ['an unbound claim keeps data with the claim uid', '/data/index.html', 'pvc:c1 /index.html', false],
    ['the longest mountPath wins', '/data/cache/x', 'pod:p1:emptyDir:cache /x', false],
    ['a bound claim keeps data with its PV, under the subPath', '/var/log/app/today.log', 'pv:pv-logs /web-1/today.log', false],
    ['a path outside every mount is the container filesystem', '/etc/motd', 'pod:p1:/ /etc/motd', false],
    ['a mount path itself normalizes', '/data//./a/../b', 'pvc:c1 /b', false],
    ['a ConfigMap mount is read-only', '/etc/app/app.conf', 'ConfigMap:app-config /app.conf', true],
  ];
  for (const [rule, path, expected, readOnly] of cases) {
    it(rule, () => {
      const r = resolveMount(pod, path, (n) => claims[n], () => config);
      if (!r.ok) throw new Error(r.message);
      expect(`${r.key} ${r.path}`).toBe(expected);
      expect(r.readOnly).toBe(readOnly);
    });
  }

  it('serves ConfigMap keys as files', () => {
    const r = resolveMount(pod, '/etc/app/app.conf', (n) => claims[n], () => config);
    expect(r.ok && r.configData?.[r.path]).toBe('debug=1');
  });

  it('explains a missing claim and a relative path', () => {
    expect(resolveMount(pod, '/data/x', () => undefined)).toEqual({ ok: false, message: 'Pod web-1 mounts PersistentVolumeClaim "www-web-1", which does not exist.' });
    expect(resolveMount(pod, 'data/x', () => undefined)).toEqual({ ok: false, message: 'The path "data/x" is not absolute: start it with "/", as in /data/hello.txt.' });
  });
});
