// validateUpdate: the immutable-field rules of the API server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/sim/api';
import { parseManifests, validateUpdate } from '../../../src/sim/input';

const GOOD = readFileSync(join(__dirname, '../../fixtures/manifests/a-ordered-create.yaml'), 'utf8');

function statefulSet(text: string) {
  const parsed = parseManifests(text).objects.find((o) => o.object.kind === 'StatefulSet');
  if (!parsed) throw new Error('no StatefulSet in the text');
  return parsed;
}

const SS_FORBIDDEN =
  "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden.";

describe('StatefulSet updates', () => {
  const old = statefulSet(GOOD).object;

  it('forbids changing serviceName, pointing at the changed field', () => {
    const next = statefulSet(GOOD.replace('serviceName: "nginx"', 'serviceName: "web"'));
    expect(validateUpdate(old, next.object, next.position, next.document)).toEqual([
      {
        severity: 'error',
        code: 'immutable-field',
        message: `${SS_FORBIDDEN} This change touches spec.serviceName. To change it, delete the StatefulSet and create it again (\`kubectl delete statefulset web --cascade=orphan\` keeps its pods and claims).`,
        line: 23,
        column: 3,
        path: 'spec.serviceName',
        object: { kind: 'StatefulSet', name: 'web', document: 1 },
      },
    ]);
  });

  it('forbids changing volumeClaimTemplates', () => {
    const next = statefulSet(GOOD.replace('storage: 1Gi', 'storage: 2Gi'));
    const diagnostics = validateUpdate(old, next.object, next.position, next.document);
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.path])).toEqual([
      ['immutable-field', 47, 11, 'spec.volumeClaimTemplates[0].spec.resources.requests.storage'],
    ]);
    expect(diagnostics[0].message).toBe(
      `${SS_FORBIDDEN} This change touches spec.volumeClaimTemplates[0].spec.resources.requests.storage. To change it, delete the StatefulSet and create it again (\`kubectl delete statefulset web --cascade=orphan\` keeps its pods and claims).`,
    );
  });

  it('forbids adding a podManagementPolicy the set did not have', () => {
    const next = statefulSet(GOOD.replace('  replicas: 3\n', '  replicas: 3\n  podManagementPolicy: Parallel\n'));
    expect(validateUpdate(old, next.object).map((d) => d.path)).toEqual(['spec.podManagementPolicy']);
  });

  it('allows replicas, template, updateStrategy, minReadySeconds, ordinals and the retention policy', () => {
    const text = GOOD.replace('replicas: 3', 'replicas: 5')
      .replace('nginx-slim:0.8', 'nginx-slim:0.9')
      .replace('  serviceName: "nginx"\n', '  serviceName: "nginx"\n  minReadySeconds: 5\n  ordinals: {start: 1}\n  updateStrategy: {type: OnDelete}\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n');
    expect(validateUpdate(old, statefulSet(text).object)).toEqual([]);
  });

  it('treats fields the cluster defaulted, and the new object leaves out, as unchanged', () => {
    const stored = JSON.parse(JSON.stringify(old)) as KubeObject;
    stored.spec.podManagementPolicy = 'OrderedReady';
    stored.spec.revisionHistoryLimit = 10;
    stored.spec.volumeClaimTemplates[0].spec.volumeMode = 'Filesystem';
    stored.spec.volumeClaimTemplates[0].status = { phase: 'Pending' };
    expect(validateUpdate(stored, old)).toEqual([]);
    const changed = JSON.parse(JSON.stringify(old)) as KubeObject;
    changed.spec.podManagementPolicy = 'Parallel';
    expect(validateUpdate(stored, changed).map((d) => d.path)).toEqual(['spec.podManagementPolicy']);
  });
});

describe('other kinds', () => {
  const deployment = (app: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } } },
  });

  it('Deployment selector is immutable', () => {
    expect(validateUpdate(deployment('web'), deployment('web'))).toEqual([]);
    expect(validateUpdate(deployment('web'), deployment('api')).map((d) => [d.code, d.path, d.message])).toEqual([
      [
        'immutable-field',
        'spec.selector',
        'spec.selector: Invalid value: {"matchLabels":{"app":"api"}}: field is immutable. A Deployment\'s selector cannot change after creation; to select other labels, delete the Deployment and create it again.',
      ],
    ]);
  });

  it('Service clusterIP cannot become None', () => {
    const svc = (clusterIP?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP, ports: [{ port: 80 }] } });
    expect(validateUpdate(svc('10.96.0.12'), svc(undefined))).toEqual([]);
    expect(validateUpdate(svc('10.96.0.12'), svc('None')).map((d) => d.message)).toEqual([
      'spec.clusterIPs[0]: Invalid value: "None": field is immutable (it was "10.96.0.12"). A Service cannot switch between headless (clusterIP: None) and a virtual IP in place: delete it and create it again.',
    ]);
  });

  it('PVC: storage may grow but not shrink; access modes are fixed', () => {
    const pvc = (storage: string, mode = 'ReadWriteOnce'): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: [mode], resources: { requests: { storage } } },
    });
    const bound = pvc('1Gi');
    bound.spec.volumeName = 'pv-1';
    expect(validateUpdate(bound, pvc('2Gi'))).toEqual([]);
    expect(validateUpdate(bound, pvc('512Mi')).map((d) => [d.path, d.message])).toEqual([
      ['spec.resources.requests.storage', 'spec.resources.requests.storage: Forbidden: field can not be less than previous value ("1Gi"). A claim can grow but never shrink.'],
    ]);
    expect(validateUpdate(bound, pvc('1Gi', 'ReadWriteMany')).map((d) => [d.path, d.message])).toEqual([
      ['spec.accessModes[0]', 'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims. This change touches spec.accessModes[0]; create a new claim instead.'],
    ]);
  });

  it('Pod: the image may change, the ports may not', () => {
    const pod = (image: string, port: number): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image, ports: [{ containerPort: port }] }] },
    });
    expect(validateUpdate(pod('nginx:1', 80), pod('nginx:2', 80))).toEqual([]);
    expect(validateUpdate(pod('nginx:1', 80), pod('nginx:1', 81)).map((d) => d.path)).toEqual(['spec.containers[0].ports[0].containerPort']);
  });

  it('immutable ConfigMap data cannot change', () => {
    const cm = (value: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, immutable: true, data: { k: value } });
    expect(validateUpdate(cm('a'), cm('a'))).toEqual([]);
    expect(validateUpdate(cm('a'), cm('b')).map((d) => d.message)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set. Create a ConfigMap with a new name instead.',
    ]);
  });
});
