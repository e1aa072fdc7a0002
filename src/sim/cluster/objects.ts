// Small helpers over plain Kubernetes objects: deep copy, deep freeze, stable JSON, equality.
import type { KubeObject, OwnerReference } from '../api';

export function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => deepCopy(v)) as unknown as T;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) {
    const v = src[k];
    if (v !== undefined) out[k] = deepCopy(v);
  }
  return out as T;
}

/**
 * deepCopy that shares frozen subtrees (stored versions, immutable) instead of copying them.
 * The top level is always a fresh object so the caller may set its own fields.
 */
export function copySharingFrozen<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(shareOrCopy) as unknown as T;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in src) {
    if (!Object.prototype.hasOwnProperty.call(src, k)) continue;
    const v = src[k];
    if (v !== undefined) out[k] = shareOrCopy(v);
  }
  return out as T;
}

function shareOrCopy(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
  return copySharingFrozen(v);
}

/** Freezes what is not frozen yet; frozen subtrees (shared with older versions) are skipped. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    // An indexed loop: for-in over an array enumerates its indexes as new strings.
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) deepFreeze(v);
    }
    return value;
  }
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) deepFreeze(v);
  }
  return value;
}

/** JSON with object keys sorted (Go's encoding/json sorts map keys). */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v === undefined ? null : v)).join(',')}]`;
  const keys = Object.keys(value as object).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Keys holding undefined count as absent. for-in builds no key arrays (this runs on every store
  // write); stored objects are plain JSON-like records, so it sees exactly their own keys.
  let defined = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    defined++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) defined--;
  return defined === 0;
}

/** deepEqual of two records, ignoring the key `skip` (no stripped copies built). */
export function deepEqualExcept(a: Record<string, unknown>, b: Record<string, unknown>, skip: string): boolean {
  let defined = 0;
  for (const k in a) {
    if (k === skip || a[k] === undefined) continue;
    defined++;
    if (!deepEqual(a[k], b[k])) return false;
  }
  for (const k in b) if (k !== skip && b[k] !== undefined) defined--;
  return defined === 0;
}

/** `metav1.GetControllerOf`. */
export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function isTerminating(obj: KubeObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined;
}
