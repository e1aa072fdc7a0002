// Lint warnings for the course's classic mistakes, and their absence once corrected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintManifests, parseManifests } from '../../../src/sim/input';

const GOOD = readFileSync(join(__dirname, '../../fixtures/manifests/a-ordered-create.yaml'), 'utf8');
const STATEFULSET_ONLY = GOOD.slice(GOOD.indexOf('---\n') + 4);

function warnings(text: string): Array<[string, number, number, string]> {
  const r = parseManifests(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.code, d.line, d.column, d.message]);
}

const DATABASE = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: postgres
        image: postgres:16
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
`;

const CLAIM_SECTION = `  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;

describe('lint warnings', () => {
  it('the tutorial manifest has none', () => {
    expect(warnings(GOOD)).toEqual([]);
  });

  it('serviceName naming no Service in the input', () => {
    expect(warnings(STATEFULSET_ONLY)).toEqual([
      [
        'statefulset-service-missing', 9, 3,
        'spec.serviceName: no Service named "nginx" is in this input. Pod DNS names such as web-0.nginx only exist once that Service does; which kind of Service gives each pod its own DNS record?',
      ],
    ]);
  });

  it('serviceName naming a Service that is not headless', () => {
    expect(warnings(GOOD.replace('  clusterIP: None\n', ''))).toEqual([
      [
        'statefulset-service-not-headless', 22, 3,
        'spec.serviceName: the Service "nginx" is not headless, so it answers with one virtual IP instead of one DNS record per pod. Look at its clusterIP.',
      ],
    ]);
  });

  it('a Service whose selector matches no pod template', () => {
    const text = GOOD.replace('  clusterIP: None\n  selector:\n    app: nginx', '  clusterIP: None\n  selector:\n    app: web');
    expect(warnings(text)).toEqual([
      [
        'service-selects-nothing', 12, 3,
        'spec.selector: no pod template in this input has the labels app=web, so the Service "nginx" would have no endpoints. Compare it with the labels under spec.template.metadata.labels.',
      ],
    ]);
  });

  it('no selector warning for a Service alone (its pods may already run)', () => {
    expect(warnings(GOOD.slice(0, GOOD.indexOf('---\n')).replace('  selector:\n    app: nginx', '  selector:\n    app: web'))).toEqual([]);
  });

  it('a database StatefulSet without volumeClaimTemplates', () => {
    expect(warnings(DATABASE)).toEqual([
      [
        'database-without-claims', 15, 9,
        'spec.template.spec.containers[0].image: "postgres:16" looks like a database, but this StatefulSet has no volumeClaimTemplates. Where will each replica keep its data when its pod is replaced?',
      ],
    ]);
    const fixed = DATABASE.replace('        image: postgres:16\n', '        image: postgres:16\n        volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]\n' + CLAIM_SECTION);
    expect(warnings(fixed)).toEqual([]);
  });

  it('a StatefulSet sharing one claim through its pod template', () => {
    const shared = DATABASE.replace(
      '        image: postgres:16\n',
      '        image: busybox\n        volumeMounts: [{name: data, mountPath: /data}]\n      volumes:\n      - name: data\n        persistentVolumeClaim:\n          claimName: shared-data\n',
    );
    expect(warnings(shared)).toEqual([
      [
        'shared-claim-in-template', 19, 9,
        'spec.template.spec.volumes[0]: every replica mounts the same claim "shared-data", so the pods share one disk instead of having one each. Which StatefulSet field creates a claim per pod?',
      ],
    ]);
    const fixed = DATABASE.replace('        image: postgres:16\n', '        image: busybox\n        volumeMounts: [{name: data, mountPath: /data}]\n' + CLAIM_SECTION);
    expect(warnings(fixed)).toEqual([]);
  });

  it('a Deployment with a database image gets no StatefulSet warnings', () => {
    const text = DATABASE.replace('kind: StatefulSet', 'kind: Deployment').replace('  serviceName: db\n', '');
    expect(warnings(text)).toEqual([]);
  });

  it('lintManifests works on the parsed objects directly', () => {
    const { objects } = parseManifests(STATEFULSET_ONLY);
    expect(lintManifests(objects).map((d) => d.code)).toEqual(['statefulset-service-missing']);
  });
});
