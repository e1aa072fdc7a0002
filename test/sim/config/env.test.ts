// Container environments (kubelet `makeEnvironmentVariables`; kubernetes.io "Configure a Pod to Use
// a ConfigMap": environment variables are not updated when the ConfigMap changes, a new pod is).
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/sim';
import { statefulSet } from '../../fixtures/k8s';
import { decodeBase64 } from '../../../src/sim/controllers/config/env';

const config = (level: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {LOG_LEVEL: ${level}, MODE: fast}
---
apiVersion: v1
kind: Secret
metadata: {name: db}
data: {password: czNjcjN0}
stringData: {user: admin}
`;

const pod = `---\n${statefulSet('app', {
  withService: false,
  replicas: 1,
  container: 'main',
  image: 'app:1',
  containerExtra: `        envFrom:
        - configMapRef: {name: app-config}
          prefix: CFG_
        env:
        - {name: GREETING, value: hello}
        - name: LOG_LEVEL
          valueFrom: {configMapKeyRef: {name: app-config, key: LOG_LEVEL}}
        - name: DB_PASSWORD
          valueFrom: {secretKeyRef: {name: db, key: password}}
        - name: DB_USER
          valueFrom: {secretKeyRef: {name: db, key: user}}
        - name: POD_NAME
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
`,
})}`;

describe('container environment', () => {
  it('resolves value, configMapKeyRef, secretKeyRef (base64 data and stringData), envFrom with prefix and fieldRef', () => {
    const c = createCluster();
    c.apply(config('info') + pod);
    c.runUntilStable();
    expect(c.env('app-0')).toEqual({
      CFG_LOG_LEVEL: 'info',
      CFG_MODE: 'fast',
      GREETING: 'hello',
      LOG_LEVEL: 'info',
      DB_PASSWORD: 's3cr3t',
      DB_USER: 'admin',
      POD_NAME: 'app-0',
    });
  });

  it('a ConfigMap update never reaches a running container; the recreated pod sees it', () => {
    const c = createCluster();
    c.apply(config('info') + pod);
    c.runUntilStable();
    c.apply(config('debug'));
    c.advance(300_000);
    expect(c.env('app-0')?.LOG_LEVEL).toBe('info');
    c.deletePod('app-0');
    c.runUntilStable();
    expect(c.env('app-0')?.LOG_LEVEL).toBe('debug');
  });

  it('is undefined for a pod that has not started or does not exist', () => {
    const c = createCluster();
    c.apply(config('info') + pod);
    expect(c.env('app-0')).toBeUndefined();
    expect(c.env('nope')).toBeUndefined();
  });

  it.each([
    ['czNjcjN0', 's3cr3t'],
    ['aGVsbG8gd29ybGQ=', 'hello world'],
    ['w6l0w6k=', 'été'],
    ['not base64!', 'not base64!'],
  ])('decodeBase64(%s) = %s', (input, output) => {
    expect(decodeBase64(input)).toBe(output);
  });
});
