// Generates src/sim/schema/kubernetes.schema.json: one JSON Schema (draft-07) for every kind the
// simulator accepts, from kubernetes-types 1.30.0 (TypeScript types generated from the official
// Kubernetes OpenAPI spec) through ts-json-schema-generator 2.4.0.
//
//   npx tsx scripts/generate-k8s-schema.ts           (writes the file)
//   npx tsx scripts/generate-k8s-schema.ts --check   (exits 1 when the committed file is stale)
//
// Post-processing (see src/sim/schema/README.md):
// - every `number` becomes `integer`: all numeric fields of these kinds are int32/int64 upstream;
//   `number | string` (IntOrString) becomes `integer | string`;
// - Quantity accepts a string or a number (`cpu: 1` is valid YAML for the API server);
// - `status` is written by the cluster, so each kind's `status` becomes a free-form object and the
//   status definitions are pruned; unreachable definitions are dropped;
// - descriptions keep their first paragraph without the "More info:" links (hover text).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createGenerator } from 'ts-json-schema-generator';
import { SUPPORTED_KINDS } from '../src/sim/input/kinds';

type Json = any;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src/sim/schema/kubernetes.schema.json');

/** kind → apiVersion, in the order the editor offers them: the engine's own list. */
const KINDS = SUPPORTED_KINDS;

const generated = createGenerator({
  path: join(root, 'scripts/kubernetes-kinds.ts'),
  type: 'SupportedKinds',
  expose: 'all',
  topRef: true,
  jsDoc: 'extended',
  skipTypeCheck: true,
  additionalProperties: false,
  sortProps: true,
}).createSchema('SupportedKinds');

const definitions: Record<string, Json> = generated.definitions as Record<string, Json>;
delete definitions.SupportedKinds;

function trimDescription(text: string): string {
  const first = text.split('\n\n')[0] ?? text;
  return first.replace(/\s*More info: \S+/g, '').replace(/\s+/g, ' ').trim();
}

function fix(node: Json): void {
  if (Array.isArray(node)) {
    for (const item of node) fix(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (node.type === 'number') node.type = 'integer';
  if (Array.isArray(node.type)) node.type = node.type.map((t: string) => (t === 'number' ? 'integer' : t));
  if (typeof node.description === 'string') {
    node.description = trimDescription(node.description);
    if (node.description === '') delete node.description;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const prop of Object.values(value as Record<string, Json>)) fix(prop);
    } else if (typeof value === 'object') fix(value);
  }
}

for (const def of Object.values(definitions)) fix(def);

// Quantity: "1Gi" or a plain number (`cpu: 1`, `storage: 1073741824`).
definitions.Quantity = {
  type: ['string', 'number'],
  description:
    'A quantity such as 1Gi, 500Mi, 250m or 2: a number with an optional suffix (Ki, Mi, Gi, Ti, Pi, Ei, k, M, G, T, P, E, m).',
};

// status is the cluster's to write: accept anything, prune the status types.
for (const [kind] of KINDS) {
  const props = definitions[kind].properties;
  if (props.status) {
    props.status = { type: 'object', description: 'Written by the cluster; whatever a manifest puts here is ignored.' };
  }
}

// Keep only what the kinds reach.
const reachable = new Set<string>();
function mark(node: Json): void {
  if (Array.isArray(node)) {
    for (const item of node) mark(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (typeof node.$ref === 'string') {
    const name = decodeURIComponent(node.$ref.replace('#/definitions/', ''));
    if (!reachable.has(name)) {
      reachable.add(name);
      mark(definitions[name]);
    }
  }
  for (const value of Object.values(node)) if (typeof value === 'object') mark(value);
}
for (const [kind] of KINDS) {
  reachable.add(kind);
  mark(definitions[kind]);
}
const pruned: Record<string, Json> = {};
for (const name of Object.keys(definitions).sort()) if (reachable.has(name)) pruned[name] = definitions[name];

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://stateful-k8s-course.invalid/kubernetes.schema.json',
  title: 'Kubernetes objects accepted by the course simulator (Kubernetes 1.30 API)',
  description: 'One document of a manifest: its kind chooses the schema (see allOf).',
  type: 'object',
  required: ['apiVersion', 'kind'],
  properties: {
    apiVersion: { type: 'string', enum: [...new Set(KINDS.map(([, v]) => v))] },
    kind: { type: 'string', enum: KINDS.map(([k]) => k) },
  },
  'x-kinds': Object.fromEntries(KINDS.map(([k, v]) => [k, { apiVersion: v, $ref: `#/definitions/${k}` }])),
  allOf: KINDS.map(([kind]) => ({
    if: { properties: { kind: { const: kind } }, required: ['kind'] },
    then: { $ref: `#/definitions/${kind}` },
  })),
  definitions: pruned,
};

const text = JSON.stringify(schema) + '\n';
if (process.argv.includes('--check')) {
  const current = readFileSync(out, 'utf8');
  if (current !== text) {
    console.error(`${out} is stale: run npx tsx scripts/generate-k8s-schema.ts`);
    process.exit(1);
  }
  console.log(`${out} is up to date`);
  process.exit(0);
}
writeFileSync(out, text);
console.log(
  `wrote ${out}: ${Object.keys(pruned).length} definitions, ${text.length} bytes raw, ${gzipSync(text).length} bytes gzipped`,
);
