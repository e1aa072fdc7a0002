// Small read-only helpers over plain Kubernetes objects, shared by the expectation evaluators.
import type { KubeObject, TimelineEntry } from '../sim';
import type { ClusterView } from './context';

/** `spec.template.spec.containers[0].image` → the value at that path, or undefined. */
export function getPath(obj: unknown, path: string): unknown {
  const parts = path.match(/[^.[\]]+/g) ?? [];
  let cur: unknown = obj;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Structural equality for JSON values (key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bkeys = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return keys.length === bkeys.length && keys.every((k) => deepEqual(ao[k], bo[k]));
}

/** How a value reads in feedback: strings quoted, absent values named. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing (the field is not set)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `isRunningAndReady` in upstream stateful_set_utils.go. */
export function isRunningAndReady(pod: KubeObject): boolean {
  if (pod.status?.phase !== 'Running') return false;
  const conditions: Array<{ type?: string; status?: string }> = pod.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function isTerminating(obj: KubeObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null;
}

function controllerOf(obj: KubeObject): { kind: string; name: string } | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller) ?? obj.metadata.ownerReferences?.[0];
}

/** The pods of a StatefulSet, or of a Deployment (through its ReplicaSets), sorted by name. */
export function podsOfSet(view: ClusterView, set: string): KubeObject[] {
  const pods = view.list('Pod');
  const owners = new Set<string>([`StatefulSet/${set}`, `ReplicaSet/${set}`]);
  for (const rs of view.list('ReplicaSet')) {
    const owner = controllerOf(rs);
    if (owner && owner.kind === 'Deployment' && owner.name === set) owners.add(`ReplicaSet/${rs.metadata.name}`);
  }
  return pods
    .filter((pod) => {
      const owner = controllerOf(pod);
      return owner !== undefined && owners.has(`${owner.kind}/${owner.name}`);
    })
    .sort((a, b) => compareNames(a.metadata.name, b.metadata.name));
}

// One collator for every comparison: `localeCompare` with a locale and options builds a new one
// on each call, which made sorting pod names a hot spot of grading. Same order as before.
const NAME_COLLATOR = new Intl.Collator('en', { numeric: true });

/** Orders `web-2` before `web-10`. */
export function compareNames(a: string, b: string): number {
  return NAME_COLLATOR.compare(a, b);
}

export function listNames(names: string[]): string {
  return names.length ? names.join(', ') : 'none';
}

/** The verb of a timeline entry (`created`, `ready`, `deleting`, `gone`, ...). */
export function entryEvent(entry: TimelineEntry): string {
  if (entry.event) return entry.event;
  return entry.text.split(/\s+/)[1] ?? '';
}

export function isPodEntry(entry: TimelineEntry): boolean {
  if (entry.kind) return entry.kind.toLowerCase() === 'pod';
  return entry.text.startsWith('pod/');
}

export function entryName(entry: TimelineEntry): string {
  if (entry.name) return entry.name;
  return (entry.text.split(/\s+/)[0] ?? '').replace(/^[a-z]+\//, '');
}

/** Index in the timeline of the first entry for this pod with this verb, or -1. */
export function firstPodEntry(timeline: TimelineEntry[], pod: string, event: string, from = 0): number {
  for (let i = from; i < timeline.length; i++) {
    const e = timeline[i];
    if (isPodEntry(e) && entryName(e) === pod && entryEvent(e) === event) return i;
  }
  return -1;
}
