// The YAML reader: syntax errors, limits, alias guards and field positions.
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../../src/sim/input';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';

function billionLaughs(levels: number): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

describe('syntax errors', () => {
  it('reports bad indentation with js-yaml reason, a nudge and the position', () => {
    const r = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   labels: {}\n');
    expect(r.objects).toEqual([]);
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'yaml-syntax',
        message: 'YAML syntax error: bad indentation of a mapping entry. Check that this line lines up with the keys above it, and quote values that contain ": ".',
        line: 5,
        column: 10,
      },
    ]);
  });

  it('reports tab indentation', () => {
    const r = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n');
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'yaml-syntax',
        message: 'YAML syntax error: tab characters must not be used in indentation. Indent with spaces only; replace the tab with spaces.',
        line: 4,
        column: 1,
      },
    ]);
  });

  it('reports a duplicated key from the constructor with its position', () => {
    const r = parseManifests('apiVersion: v1\nkind: ConfigMap\nkind: Secret\n');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['yaml-syntax', 3, 1, 'YAML syntax error: duplicated mapping key. A key may appear only once in the same mapping: remove or merge the repeated one.'],
    ]);
  });

  it('keeps no code snippet in the message', () => {
    const r = parseManifests('a: [1, 2\n');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].message).not.toContain('\n');
    expect(r.diagnostics[0].message).not.toContain('^');
  });
});

describe('limits', () => {
  it('refuses a nine-level billion laughs before building it', () => {
    const r = parseManifests(billionLaughs(9));
    expect(r.objects).toEqual([]);
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'yaml-alias-bomb',
        message: "This document expands to more than 100000 nodes through aliases (a 'billion laughs' document); write the values out instead.",
        line: 6,
        column: 8,
        object: { document: 0 },
      },
    ]);
  });

  it('accepts a few harmless aliases and a lower expansion limit trips earlier', () => {
    expect(parseManifests(billionLaughs(3)).diagnostics.filter((d) => d.code.startsWith('yaml'))).toEqual([]);
    const r = parseManifests(billionLaughs(3), { maxExpandedNodes: 50 });
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml-alias-bomb', 2]]);
    expect(r.diagnostics[0].message).toContain('more than 50 nodes');
  });

  it('refuses an alias that contains itself', () => {
    const r = parseManifests('a: &x [1, *x]\n');
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'yaml-alias-cycle',
        message: 'The alias *x refers to the node that contains it, so the document would never end. Write the values out instead.',
        line: 1,
        column: 11,
        object: { document: 0 },
      },
    ]);
  });

  it('refuses a 1 MB document, naming its size and the limit', () => {
    const text = CONFIG_MAP + `  big: "${'x'.repeat(1024 * 1024)}"\n`;
    const r = parseManifests(text);
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'input-too-large',
        message: `The input is 1.0 MiB (${text.length} bytes); the limit is 256 KiB (262144 bytes). Keep only the objects this exercise needs.`,
        line: 1,
        column: 1,
      },
    ]);
  });

  it('counts bytes, not characters', () => {
    const text = CONFIG_MAP + '  word: "' + 'é'.repeat(600) + '"\n';
    expect(parseManifests(text, { maxBytes: 1000 }).diagnostics[0].message).toBe(
      `The input is 1 KiB (${text.length + 600} bytes); the limit is 1000 bytes (1000 bytes). Keep only the objects this exercise needs.`,
    );
  });

  it('refuses nesting deeper than the limit', () => {
    const r = parseManifests('a: ' + '['.repeat(70) + ']'.repeat(70) + '\n');
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'yaml-too-deep',
        message: 'The YAML nests deeper than 64 levels. A Kubernetes manifest needs far fewer: look for runaway indentation or unclosed brackets.',
        line: 1,
        column: 67,
      },
    ]);
  });

  it('refuses more documents than the limit, at the first one too many', () => {
    const text = Array(60).fill(CONFIG_MAP).join('---\n');
    const r = parseManifests(text);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['too-many-documents', 1 + 50 * 7, 1, 'The input has more than 50 YAML documents (separated by ---). Keep only the objects this exercise needs.'],
    ]);
    expect(parseManifests(Array(50).fill(CONFIG_MAP).join('---\n')).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('documents', () => {
  it('skips empty documents but keeps their index', () => {
    const r = parseManifests('---\n---\n' + CONFIG_MAP + '---\n# only a comment\n---\n' + CONFIG_MAP.replace('settings', 'other'));
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => [o.document, o.object.metadata.name])).toEqual([
      [1, 'settings'],
      [3, 'other'],
    ]);
    expect(r.objects[1].position('data.mode')).toEqual({ line: 17, column: 3 });
  });

  it('returns the object exactly as written, without defaults', () => {
    const r = parseManifests(CONFIG_MAP);
    expect(r.objects[0].object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } });
  });

  it('rejects documents that are not mappings', () => {
    expect(parseManifests('- a\n- b\n').diagnostics).toEqual([
      {
        severity: 'error',
        code: 'not-an-object',
        message: 'This document is a list, not a Kubernetes object. Each document needs apiVersion, kind and metadata as key: value pairs.',
        line: 1,
        column: 1,
        object: { document: 0 },
      },
    ]);
  });
});

describe('positions', () => {
  const STATEFULSET = [
    'apiVersion: apps/v1', //  1
    'kind: StatefulSet', //  2
    'metadata:', //  3
    '  name: web', //  4
    '  labels:', //  5
    '    app.kubernetes.io/name: web', //  6
    'spec:', //  7
    '  selector:', //  8
    '    matchLabels:', //  9
    '      app: nginx', // 10
    '  serviceName: "nginx"', // 11
    '  replicas: 3', // 12
    '  template:', // 13
    '    metadata:', // 14
    '      labels:', // 15
    '        app: nginx', // 16
    '    spec:', // 17
    '      containers:', // 18
    '      - name: nginx', // 19
    '        image: registry.k8s.io/nginx-slim:0.8', // 20
    '        ports:', // 21
    '        - containerPort: 80', // 22
    '          name: web', // 23
    '        volumeMounts:', // 24
    '        - name: www', // 25
    '          mountPath: /usr/share/nginx/html', // 26
    '  volumeClaimTemplates:', // 27
    '  - metadata:', // 28
    '      name: www', // 29
    '    spec:', // 30
    '      accessModes: [ "ReadWriteOnce" ]', // 31
    '      resources:', // 32
    '        requests:', // 33
    '          storage: 1Gi', // 34
  ].join('\n') + '\n';

  it('maps every field path to its key', () => {
    const [parsed] = parseManifests(STATEFULSET).objects;
    const expected: Array<[string, number, number]> = [
      ['', 1, 1],
      ['apiVersion', 1, 1],
      ['kind', 2, 1],
      ['metadata', 3, 1],
      ['metadata.name', 4, 3],
      ['metadata.labels', 5, 3],
      ['metadata.labels[app.kubernetes.io/name]', 6, 5],
      ['spec', 7, 1],
      ['spec.selector', 8, 3],
      ['spec.selector.matchLabels', 9, 5],
      ['spec.selector.matchLabels.app', 10, 7],
      ['spec.serviceName', 11, 3],
      ['spec.replicas', 12, 3],
      ['spec.template', 13, 3],
      ['spec.template.metadata.labels.app', 16, 9],
      ['spec.template.spec', 17, 5],
      ['spec.template.spec.containers', 18, 7],
      ['spec.template.spec.containers[0]', 19, 9],
      ['spec.template.spec.containers[0].name', 19, 9],
      ['spec.template.spec.containers[0].image', 20, 9],
      ['spec.template.spec.containers[0].ports[0]', 22, 11],
      ['spec.template.spec.containers[0].ports[0].containerPort', 22, 11],
      ['spec.template.spec.containers[0].ports[0].name', 23, 11],
      ['spec.template.spec.containers[0].volumeMounts[0].mountPath', 26, 11],
      ['spec.volumeClaimTemplates[0].metadata.name', 29, 7],
      ['spec.volumeClaimTemplates[0].spec.accessModes', 31, 7],
      ['spec.volumeClaimTemplates[0].spec.accessModes[0]', 31, 22],
      ['spec.volumeClaimTemplates[0].spec.resources.requests.storage', 34, 11],
    ];
    for (const [path, line, column] of expected) {
      expect([path, parsed.position(path)]).toEqual([path, { line, column }]);
    }
  });

  it('falls back to the nearest existing ancestor, then to the document start', () => {
    const r = parseManifests('---\n' + STATEFULSET);
    const [parsed] = r.objects;
    expect(parsed.position('spec.template.spec.containers[0].resources.limits.cpu')).toEqual({ line: 20, column: 9 });
    expect(parsed.position('spec.minReadySeconds')).toEqual({ line: 8, column: 1 });
    expect(parsed.position('status.replicas')).toEqual({ line: 2, column: 1 });
  });

  it('points through anchors and aliases to where the alias is written', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &l {app: web}\n  annotations: *l\n';
    const [parsed] = parseManifests(text).objects;
    expect(parsed.position('metadata.labels.app')).toEqual({ line: 5, column: 15 });
    expect(parsed.position('metadata.annotations.app')).toEqual({ line: 6, column: 3 });
  });
});

describe('a syntax error in one document of several', () => {
  it('still returns the other documents, with their own diagnostics and positions', () => {
    const text = [
      'apiVersion: v1', //  1
      'kind: ConfigMap', //  2
      'metadata:', //  3
      '  name: first', //  4
      '---', //  5
      'apiVersion: v1', //  6
      'kind: ConfigMap', //  7
      'metadata:', //  8
      '  name: broken', //  9
      '   labels: {}', // 10
      '---', // 11
      'apiVersion: v1', // 12
      'kind: Service', // 13
      'metadata:', // 14
      '  name: Third', // 15
      '',
    ].join('\n');
    const r = parseManifests(text);
    expect(r.objects.map((o) => [o.document, o.object.metadata.name])).toEqual([
      [0, 'first'],
      [2, 'Third'],
    ]);
    expect(r.objects[1].position('metadata.name')).toEqual({ line: 15, column: 3 });
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.object?.document])).toEqual([
      ['yaml-syntax', 10, 10, 1],
      ['spec-missing', 12, 1, 2],
      ['invalid-name', 15, 3, 2],
    ]);
  });
});
