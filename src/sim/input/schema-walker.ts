// Structural validation against src/sim/schema/kubernetes.schema.json: a small walker for the few
// keywords that file uses (type, properties, additionalProperties, items, required, enum, const,
// $ref), with messages for a learner. It plays the part of the API server's strict decoding
// (`kubectl apply --validate=strict`: unknown and mistyped fields are errors).
import schemaFile from '../schema/kubernetes.schema.json';
import { childPath, indexPath } from './paths';
import { describeValue, isRecord, quote, type Report } from './report';
import { nearest } from './suggest';

export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  description?: string;
}

interface SchemaFile {
  definitions: Record<string, SchemaNode>;
}

const DEFINITIONS = (schemaFile as unknown as SchemaFile).definitions;
/** Written by the cluster, in simulated milliseconds (see ObjectMeta in src/sim/api.ts), not RFC 3339 text. */
const CLUSTER_TIMES = new Set(['creationTimestamp', 'deletionTimestamp']);
const MAX_DEPTH = 100;

export function kindSchema(kind: string): SchemaNode | undefined {
  return Object.prototype.hasOwnProperty.call(DEFINITIONS, kind) ? DEFINITIONS[kind] : undefined;
}

function resolve(node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; hops < 10 && current.$ref; hops++) {
    const name = decodeURIComponent(current.$ref.replace('#/definitions/', ''));
    const target = DEFINITIONS[name];
    if (!target) break;
    current = target.description || !current.description ? target : { ...target, description: current.description };
  }
  return current;
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    default:
      return true;
  }
}

function expectedText(types: string[]): string {
  const key = [...types].sort().join(',');
  if (key === 'integer,string') return 'a number or a string (such as 80 or "http")';
  if (key === 'number,string') return 'a quantity (such as 1Gi, 500m or 2)';
  const one = (t: string): string =>
    t === 'integer' ? 'an integer' : t === 'number' ? 'a number' : t === 'string' ? 'a string' : t === 'boolean' ? 'true or false' : t === 'object' ? 'a mapping (key: value pairs)' : t === 'array' ? 'a list' : t;
  return types.map(one).join(' or ');
}

function typeNudge(value: unknown, types: string[]): string {
  if (typeof value === 'string' && (types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return ` Remove the quotes: ${value.trim()}.`;
  }
  if ((typeof value === 'number' || typeof value === 'boolean') && types.includes('string')) {
    return ` Put it in quotes: "${String(value)}".`;
  }
  if (isRecord(value) && types.includes('array')) return ' List items start with "- ".';
  if (Array.isArray(value) && types.includes('object')) return ' Remove the "- " in front of the fields.';
  return '';
}

const fieldHomes = new Map<string, Map<string, string>>();

/** Where `field` is a known property in the kind's schema (shortest path), e.g. spec.template.spec.
 * One breadth-first walk per kind, visiting each definition once, then cached. */
function whereFieldBelongs(kind: string, field: string): string | null {
  let homes = fieldHomes.get(kind);
  if (!homes) {
    homes = new Map();
    const root = kindSchema(kind);
    const queue: Array<[SchemaNode, string]> = root ? [[root, '']] : [];
    const seen = new Set<string>();
    for (let i = 0; i < queue.length && i < 20_000; i++) {
      const [raw, path] = queue[i];
      if (raw.$ref) {
        if (seen.has(raw.$ref)) continue;
        seen.add(raw.$ref);
      }
      const node = resolve(raw);
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        if (path === '' && name === 'status') continue;
        if (!homes.has(name)) homes.set(name, path);
        queue.push([child, path === '' ? name : `${path}.${name}`]);
      }
      if (node.items) queue.push([node.items, `${path}[*]`]);
    }
    fieldHomes.set(kind, homes);
  }
  return homes.get(field) ?? null;
}

/** Shows a field path in text; the object's root reads as the kind. */
function shown(path: string, kind: string): string {
  return path === '' ? kind : path;
}

/** Validates `value` against the kind's schema; `skip` lists root fields checked elsewhere. */
export function validateStructure(value: unknown, kind: string, report: Report, skip: ReadonlySet<string>): void {
  const root = kindSchema(kind);
  if (!root) return;
  walk(value, root, '', 0, kind, report, skip);
}

function walk(value: unknown, raw: SchemaNode, path: string, depth: number, kind: string, report: Report, skip?: ReadonlySet<string>): void {
  if (depth > MAX_DEPTH || value === null || value === undefined) return;
  const node = resolve(raw);
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  if (types.length > 0 && !types.some((t) => matchesType(value, t))) {
    report.error('schema-type', path, `${shown(path, kind)}: expected ${expectedText(types)}, got ${describeValue(value)}.${typeNudge(value, types)}`);
    return;
  }
  if (node.const !== undefined && value !== node.const) {
    report.error('schema-enum', path, `${shown(path, kind)}: must be ${quote(node.const)}, got ${quote(value)}.`);
    return;
  }
  if (node.enum && !node.enum.includes(value)) {
    const options = node.enum.map((v) => quote(v)).join(', ');
    report.error('schema-enum', path, `${shown(path, kind)}: ${quote(value)} is not one of the supported values: ${options}.`);
    return;
  }
  if (Array.isArray(value)) {
    if (node.items) for (let i = 0; i < value.length; i++) walk(value[i], node.items, indexPath(path, i), depth + 1, kind, report);
    return;
  }
  if (!isRecord(value)) return;
  for (const field of node.required ?? []) {
    if (value[field] === undefined || value[field] === null) {
      report.error('schema-required', childPath(path, field), `${childPath(path, field)}: required field is missing.`);
    }
  }
  const properties = node.properties ?? {};
  for (const key of Object.keys(value)) {
    if (skip?.has(key) || (path === 'metadata' && CLUSTER_TIMES.has(key))) continue;
    const child = childPath(path, key);
    if (Object.prototype.hasOwnProperty.call(properties, key)) {
      walk(value[key], properties[key], child, depth + 1, kind, report);
    } else if (typeof node.additionalProperties === 'object') {
      walk(value[key], node.additionalProperties, child, depth + 1, kind, report);
    } else if (node.additionalProperties === false || node.properties) {
      const guess = nearest(key, Object.keys(properties));
      let hint = '';
      if (guess !== undefined) hint = ` Did you mean "${guess}"?`;
      else {
        const home = whereFieldBelongs(kind, key);
        if (home !== null && home !== path) hint = ` "${key}" belongs under ${shown(home, kind)}: check its indentation.`;
      }
      report.error('schema-unknown-field', child, `${shown(path, kind)}: unknown field ${quote(key)}.${hint}`);
    }
  }
}
