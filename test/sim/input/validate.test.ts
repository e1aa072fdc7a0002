// Structural and API-server validation: each bad input with its exact message and position.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests, validateObject } from '../../../src/sim/input';
import type { KubeObject } from '../../../src/sim/api';

const GOOD = readFileSync(join(__dirname, '../../fixtures/manifests/a-ordered-create.yaml'), 'utf8');

/** The good Service + StatefulSet with one textual change (which must apply). */
function edit(from: string, to: string): string {
  expect(GOOD).toContain(from);
  return GOOD.replace(from, to);
}

function errors(text: string): Array<[string, number, number, string]> {
  return parseManifests(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => [d.code, d.line, d.column, d.message]);
}

describe('the good manifest', () => {
  it('has no diagnostics at all', () => {
    expect(parseManifests(GOOD).diagnostics).toEqual([]);
  });
});

describe('bad inputs', () => {
  const cases: Array<[string, string, Array<[string, number, number, string]>]> = [
    [
      'wrong type: replicas "three"',
      edit('replicas: 3', 'replicas: "three"'),
      [['schema-type', 24, 3, 'spec.replicas: expected an integer, got the string "three".']],
    ],
    [
      'quoted number',
      edit('replicas: 3', 'replicas: "3"'),
      [['schema-type', 24, 3, 'spec.replicas: expected an integer, got the string "3". Remove the quotes: 3.']],
    ],
    [
      'fractional replicas',
      edit('replicas: 3', 'replicas: 1.5'),
      [['schema-type', 24, 3, 'spec.replicas: expected an integer, got the number 1.5.']],
    ],
    [
      'missing selector',
      edit('  selector:\n    matchLabels:\n      app: nginx\n  serviceName', '  serviceName'),
      [['selector-missing', 19, 1, 'spec.selector: required field is missing. A StatefulSet finds its pods by label: add `selector: {matchLabels: ...}` with the labels of spec.template.metadata.labels.']],
    ],
    [
      'label mismatch',
      edit('      labels:\n        app: nginx', '      labels:\n        app: web'),
      [[
        'selector-mismatch', 27, 7,
        'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`. The selector asks for app=nginx, but the pod template has app=web; the template\'s labels must include everything the selector asks for.',
      ]],
    ],
    [
      'empty selector',
      edit('  selector:\n    matchLabels:\n      app: nginx\n', '  selector: {}\n'),
      [['selector-empty', 20, 3, 'spec.selector: Invalid value: {}: empty selector is invalid for statefulset. Put at least one label under matchLabels.']],
    ],
    [
      'unknown field with suggestion',
      edit('        image: registry', '        imagee: registry'),
      [
        ['image-missing', 32, 9, 'spec.template.spec.containers[0].image: required field is missing. Say which container image to run, for example `image: nginx:1.25`.'],
        ['schema-unknown-field', 33, 9, 'spec.template.spec.containers[0]: unknown field "imagee". Did you mean "image"?'],
      ],
    ],
    [
      'field at the wrong level',
      edit('  replicas: 3\n', '  replicas: 3\n  restartPolicy: Always\n'),
      [['schema-unknown-field', 25, 3, 'spec: unknown field "restartPolicy". "restartPolicy" belongs under spec.template.spec: check its indentation.']],
    ],
    [
      'unknown kind',
      edit('kind: StatefulSet', 'kind: Statefulset'),
      [[
        'unknown-kind', 16, 1,
        'kind: "Statefulset" is not a kind the simulator supports. Did you mean "StatefulSet"? Supported kinds: StatefulSet, Deployment, ReplicaSet, Pod, Service, PersistentVolumeClaim, PersistentVolume, StorageClass, ConfigMap, Secret, Namespace, PodDisruptionBudget, Endpoints, Node, Ingress.',
      ]],
    ],
    [
      'apiVersion apps/v1beta1',
      edit('apiVersion: apps/v1', 'apiVersion: apps/v1beta1'),
      [['wrong-apiVersion', 15, 1, 'apiVersion: no matches for kind "StatefulSet" in version "apps/v1beta1". A StatefulSet uses `apiVersion: apps/v1` (older tutorials show versions that Kubernetes has removed).']],
    ],
    [
      'apiVersion extensions/v1beta1',
      edit('apiVersion: apps/v1', 'apiVersion: extensions/v1beta1'),
      [['wrong-apiVersion', 15, 1, 'apiVersion: no matches for kind "StatefulSet" in version "extensions/v1beta1". A StatefulSet uses `apiVersion: apps/v1` (older tutorials show versions that Kubernetes has removed).']],
    ],
    [
      'HTML in a name',
      edit('  name: web\nspec', '  name: "<script>alert(1)</script>"\nspec'),
      [[
        'invalid-name', 18, 3,
        'metadata.name: "<script>alert(1)</script>" is not a valid StatefulSet name: it contains \'<\'. It must be a DNS-1123 label: at most 63 characters, only lowercase letters, digits and \'-\', starting and ending with a letter or digit.',
      ]],
    ],
    [
      'uppercase StatefulSet name',
      edit('  name: web\nspec', '  name: Web\nspec'),
      [[
        'invalid-name', 18, 3,
        "metadata.name: \"Web\" is not a valid StatefulSet name: it contains uppercase letters. It must be a DNS-1123 label: at most 63 characters, only lowercase letters, digits and '-', starting and ending with a letter or digit.",
      ]],
    ],
    [
      'dotted StatefulSet name (a subdomain, not a label)',
      edit('  name: web\nspec', '  name: web.v2\nspec'),
      [[
        'invalid-name', 18, 3,
        "metadata.name: \"web.v2\" is not a valid StatefulSet name: it contains '.'. It must be a DNS-1123 label: at most 63 characters, only lowercase letters, digits and '-', starting and ending with a letter or digit.",
      ]],
    ],
    [
      'Service name starting with a digit',
      edit('  name: nginx\n  labels', '  name: 1nginx\n  labels'),
      [[
        'invalid-name', 4, 3,
        "metadata.name: \"1nginx\" is not a valid Service name: it does not start with a letter. It must be a DNS-1035 label: at most 63 characters, only lowercase letters, digits and '-', starting with a letter and ending with a letter or digit.",
      ]],
    ],
    [
      'duplicate container names',
      edit('          mountPath: /usr/share/nginx/html\n', '          mountPath: /usr/share/nginx/html\n      - name: nginx\n        image: busybox\n'),
      [['duplicate-container-name', 40, 9, 'spec.template.spec.containers[1].name: Duplicate value: "nginx". Each container in a pod needs its own name.']],
    ],
    [
      'volumeMount naming no volume',
      edit('        - name: www\n', '        - name: data\n'),
      [['volume-not-found', 38, 11, 'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data". No volume has this name: add one under spec.template.spec.volumes or spec.volumeClaimTemplates, or fix the spelling.']],
    ],
    [
      'restartPolicy Never in a workload',
      edit('      terminationGracePeriodSeconds: 10\n', '      terminationGracePeriodSeconds: 10\n      restartPolicy: Never\n'),
      [['unsupported-value', 31, 7, 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always". The pods of a StatefulSet always restart; remove restartPolicy or set it to Always.']],
    ],
    [
      'podManagementPolicy misspelt',
      edit('  replicas: 3\n', '  replicas: 3\n  podManagementPolicy: Serial\n'),
      [['invalid-value', 25, 3, "spec.podManagementPolicy: Invalid value: \"Serial\": must be 'OrderedReady' or 'Parallel'."]],
    ],
    [
      'OnDelete with rollingUpdate and a negative partition',
      edit('  replicas: 3\n', '  replicas: 3\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: -1\n'),
      [
        ['invalid-value', 27, 5, 'spec.updateStrategy.rollingUpdate: Invalid value: {"partition":-1}: only allowed for updateStrategy \'RollingUpdate\'. Remove rollingUpdate or use type RollingUpdate.'],
        ['invalid-value', 28, 7, 'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0.'],
      ],
    ],
    [
      'maxUnavailable 0',
      edit('  replicas: 3\n', '  replicas: 3\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 0\n'),
      [['invalid-value', 27, 7, 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0.']],
    ],
    [
      'retention policy value',
      edit('  replicas: 3\n', '  replicas: 3\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Keep\n'),
      [['unsupported-value', 26, 5, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Delete", "Retain".']],
    ],
    [
      'negative replicas',
      edit('replicas: 3', 'replicas: -1'),
      [['invalid-value', 24, 3, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0.']],
    ],
    [
      'container port out of range',
      edit('        - containerPort: 80', '        - containerPort: 80000'),
      [['invalid-port', 35, 11, 'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 80000: must be between 1 and 65535, inclusive.']],
    ],
    [
      'label value that is a number',
      edit('  labels:\n    app: nginx\nspec:\n  ports', '  labels:\n    version: 2\nspec:\n  ports'),
      [['schema-type', 6, 5, 'metadata.labels.version: expected a string, got the number 2. Put it in quotes: "2".']],
    ],
    [
      'Service without ports',
      edit('  ports:\n  - port: 80\n    name: web\n  clusterIP: None\n', ''),
      [['ports-missing', 7, 1, 'spec.ports: Required value. A Service needs at least one port, for example `- port: 80` (only a headless Service, clusterIP: None, may have none).']],
    ],
    [
      'headless NodePort Service',
      edit('  clusterIP: None\n', '  clusterIP: None\n  type: NodePort\n'),
      [['invalid-value', 11, 3, "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services. A headless Service has no virtual IP for a NodePort to forward to."]],
    ],
    [
      'storage request written in GB',
      edit('storage: 1Gi', 'storage: 1GB'),
      [['invalid-quantity', 47, 11, 'spec.volumeClaimTemplates[0].spec.resources.requests.storage: "1GB" is not a valid quantity. Write a number with an optional unit, such as 1Gi, 512Mi or 250m (Ki, Mi, Gi are powers of 1024; k, M, G powers of 1000; there is no "GB").']],
    ],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it('quotes names as plain text and never adds markup of its own', () => {
    const text = edit('  name: web\nspec', '  name: "<b>web</b>"\nspec');
    for (const d of parseManifests(text).diagnostics) {
      expect(d.message.replace('"<b>web</b>"', '')).not.toMatch(/<[a-z/]/i);
    }
  });
});

describe('claim templates (checked later by the controller)', () => {
  it('warns, not errors, when a claim template lacks accessModes', () => {
    const text = edit('      accessModes: [ "ReadWriteOnce" ]\n', '');
    const r = parseManifests(text);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line, d.column, d.message])).toEqual([
      ['warning', 'claim-template-invalid', 43, 5, 'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required. A disk used by one pod at a time is [ReadWriteOnce]. The StatefulSet is accepted, but creating each claim will fail (FailedCreate events).'],
    ]);
  });
});

describe('other kinds', () => {
  const cases: Array<[string, string, Array<[string, number, number, string]>]> = [
    [
      'PVC without accessModes and storage',
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  resources: {}\n',
      [
        ['access-modes-missing', 5, 1, 'spec.accessModes: Required value: at least 1 access mode is required. A disk used by one pod at a time is [ReadWriteOnce].'],
        ['storage-request-missing', 6, 3, 'spec.resources[storage]: Required value. Say how much storage to ask for, under resources.requests, for example `storage: 1Gi`.'],
      ],
    ],
    [
      'Secret with plain text under data and a bad key',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: hunter2!\n  "bad key": eA==\n',
      [
        ['invalid-base64', 6, 3, 'data.password: the value is not valid base64. Values under data must be base64-encoded; put plain text under stringData instead.'],
        ['invalid-key', 7, 3, 'data: "bad key" is not a valid key: use only letters, digits, \'-\', \'_\' and \'.\'.'],
      ],
    ],
    [
      'ConfigMap key with a slash',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  conf/app.ini: x\n',
      [['invalid-key', 6, 3, 'data: "conf/app.ini" is not a valid key: use only letters, digits, \'-\', \'_\' and \'.\'.']],
    ],
    [
      'Deployment with both rollout limits at 0',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n',
      [['invalid-value', 9, 34, 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0. The rollout could never replace a pod.']],
    ],
    [
      'typo at the top level',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas:\n  a: b\n',
      [['schema-unknown-field', 5, 1, 'ConfigMap: unknown field "datas". Did you mean "data"?']],
    ],
    [
      'a list where a mapping belongs, and an env value that is a number',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n  - app: web\nspec:\n  containers:\n  - name: db\n    image: mysql:8\n    env:\n    - name: PORT\n      value: 3306\n',
      [
        ['schema-type', 5, 3, 'metadata.labels: expected a mapping (key: value pairs), got a list. Remove the "- " in front of the fields.'],
        ['schema-type', 13, 7, 'spec.containers[0].env[0].value: expected a string, got the number 3306. Put it in quotes: "3306".'],
      ],
    ],
    [
      'Pod without containers',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n',
      [['containers-missing', 6, 3, 'spec.containers: required field is missing. A pod needs at least one container with a name and an image.']],
    ],
    [
      'object without a name',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n',
      [['name-missing', 3, 1, 'metadata.name: required field is missing. Give the ConfigMap a name, for example `name: web`.']],
    ],
    [
      'object without kind',
      'apiVersion: v1\nmetadata:\n  name: x\n',
      [['kind-missing', 1, 1, 'kind: required field is missing. Say what this object is, for example `kind: StatefulSet`.']],
    ],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});

describe('validateObject', () => {
  it('validates a programmatic object with line and column 0', () => {
    const obj = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { replicas: -2 } } as KubeObject;
    expect(validateObject(obj).map((d) => [d.code, d.line, d.column, d.path])).toEqual([
      ['invalid-value', 0, 0, 'spec.replicas'],
      ['service-name-missing', 0, 0, 'spec.serviceName'],
      ['selector-missing', 0, 0, 'spec.selector'],
      ['template-missing', 0, 0, 'spec.template'],
    ]);
  });

  it('accepts the fields the cluster writes (simulated-ms timestamps, uid, status)', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'c', uid: 'u-1', resourceVersion: '7', generation: 1, creationTimestamp: 1500, deletionTimestamp: 2500 },
      spec: { clusterIP: '10.96.0.7', clusterIPs: ['10.96.0.7'], ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
      status: { loadBalancer: {} },
    } as KubeObject;
    expect(validateObject(obj)).toEqual([]);
  });

  it('reports the owning object', () => {
    const obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: {} } as KubeObject;
    expect(validateObject(obj, undefined, 3)[0].object).toEqual({ kind: 'Service', name: 'db', document: 3 });
  });
});
