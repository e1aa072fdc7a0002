// The committed Kubernetes JSON Schema: its shape (one schema dispatching on kind), its fixes
// (integers, quantities), its size budget, and that the correct manifests pass it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/sim/api';
import { parseManifests, SUPPORTED_KINDS, validateObject } from '../../../src/sim/input';

const SCHEMA_PATH = join(__dirname, '../../../src/sim/schema/kubernetes.schema.json');
const text = readFileSync(SCHEMA_PATH, 'utf8');
const schema = JSON.parse(text);

/** Budget for shipping the schema to the browser (engine worker and editor). */
const RAW_BUDGET = 240 * 1024;
const GZIP_BUDGET = 52 * 1024;

function visit(node: unknown, fn: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => visit(n, fn));
  else if (node && typeof node === 'object') {
    fn(node as Record<string, unknown>);
    Object.values(node).forEach((n) => visit(n, fn));
  }
}

describe('kubernetes.schema.json', () => {
  it('stays within its size budget', () => {
    expect(text.length).toBeLessThan(RAW_BUDGET);
    expect(gzipSync(text).length).toBeLessThan(GZIP_BUDGET);
  });

  it('is one draft-07 schema that dispatches on kind', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.properties.kind.enum).toEqual(SUPPORTED_KINDS.map(([k]) => k));
    for (const [kind, apiVersion] of SUPPORTED_KINDS) {
      const branch = schema.allOf.find((b: any) => b.if.properties.kind.const === kind);
      expect(branch.then.$ref).toBe(`#/definitions/${kind}`);
      expect(schema['x-kinds'][kind]).toEqual({ apiVersion, $ref: `#/definitions/${kind}` });
      expect(schema.definitions[kind].properties.apiVersion.const).toBe(apiVersion);
      expect(schema.definitions[kind].additionalProperties).toBe(false);
    }
  });

  it('resolves every $ref and has no plain numbers left', () => {
    const refs: string[] = [];
    const types = new Set<string>();
    visit(schema, (n) => {
      if (typeof n.$ref === 'string') refs.push(n.$ref);
      if (typeof n.type === 'string') types.add(n.type);
    });
    for (const ref of refs) expect(schema.definitions[ref.replace('#/definitions/', '')], ref).toBeDefined();
    expect(types.has('number')).toBe(false);
    expect(schema.definitions.Quantity.type).toEqual(['string', 'number']);
    expect(schema.definitions.ServicePort.properties.targetPort.type).toEqual(['integer', 'string']);
    expect(schema.definitions.StatefulSetSpec.properties.replicas.type).toBe('integer');
  });

  it('keeps short descriptions for hover text', () => {
    const description = schema.definitions.StatefulSetSpec.properties.serviceName.description as string;
    expect(description.length).toBeGreaterThan(40);
    expect(text).not.toContain('More info:');
  });

  it('accepts every tutorial manifest', () => {
    const dir = join(__dirname, '../../fixtures/manifests');
    for (const file of readdirSync(dir)) {
      for (const { object } of parseManifests(readFileSync(join(dir, file), 'utf8')).objects) {
        expect([file, validateObject(object)]).toEqual([file, []]);
      }
    }
  });

  it('accepts numeric quantities and rejects fractional integers', () => {
    const pod = (cpu: unknown, grace: unknown): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { terminationGracePeriodSeconds: grace, containers: [{ name: 'a', image: 'nginx', resources: { requests: { cpu } } }] },
    });
    expect(validateObject(pod(1, 30))).toEqual([]);
    expect(validateObject(pod('500m', 30))).toEqual([]);
    expect(validateObject(pod('1', 2.5)).map((d) => d.message)).toEqual([
      'spec.terminationGracePeriodSeconds: expected an integer, got the number 2.5.',
    ]);
  });
});
