// ControllerRevisions of a StatefulSet (pkg/controller/history and stateful_set_control.go
// getStatefulSetRevisions / truncateHistory; stateful_set_utils.go getPatch / newRevision).
import type { KubeObject } from '../../api';
import { controllerRef, deepCopy, deepEqual, deepFreeze, stableJson } from '../../cluster/objects';
import { defaultPodSpec } from '../../cluster/defaults';
import { SUFFIX_ALPHABET } from '../../cluster/random';
import { newControllerRef } from './utils';

export const CONTROLLER_REVISION_HASH_KEY = 'controller.kubernetes.io/hash';

/** Go `hash/fnv` New32 (FNV-1, not 1a) over the UTF-8 bytes. */
export function fnv1_32(text: string): number {
  const bytes = new TextEncoder().encode(text);
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h >>> 0;
}

/** `rand.SafeEncodeString`: each character → alphabet[charCode mod 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SUFFIX_ALPHABET[s.charCodeAt(i) % SUFFIX_ALPHABET.length];
  return out;
}

/** `HashControllerRevision`: FNV-1 of the data, then the collision count's decimal text. */
export function hashControllerRevision(data: string, collisionCount?: number): string {
  const text = collisionCount === undefined ? data : data + String(collisionCount);
  return safeEncodeString(String(fnv1_32(text)));
}

/** `ControllerRevisionName`: prefix cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** `getPatch`: `{"spec":{"template":{...,"$patch":"replace"}}}` with sorted keys. */
const patchByTemplate = new WeakMap<object, string>();

export function getPatch(set: KubeObject): string {
  const source = set.spec?.template;
  const cached = source && typeof source === 'object' ? patchByTemplate.get(source) : undefined;
  if (cached !== undefined) return cached;
  const template = { ...deepCopy(source ?? {}), $patch: 'replace' };
  const patch = stableJson({ spec: { template } });
  if (source && typeof source === 'object' && Object.isFrozen(source)) patchByTemplate.set(source, patch);
  return patch;
}

const dataText = new WeakMap<object, string>();

export function revisionData(rev: KubeObject): string {
  const data = (rev as any).data ?? {};
  const cached = dataText.get(data);
  if (cached !== undefined) return cached;
  const text = stableJson(data);
  if (Object.isFrozen(data)) dataText.set(data, text);
  return text;
}

export function revisionNumber(rev: KubeObject): number {
  return Number((rev as any).revision ?? 0);
}

// The parsed patch (frozen, so revisionData memoizes its text) and hashes, per patch text: every
// sync builds the candidate revision, but the template rarely changes.
const parsedPatch = new Map<string, { data: unknown; hashes: Map<number, string> }>();

function patchFacts(patch: string): { data: unknown; hashes: Map<number, string> } {
  let facts = parsedPatch.get(patch);
  if (!facts) {
    if (parsedPatch.size > 1000) parsedPatch.clear(); // bounded memo
    facts = { data: deepFreeze(JSON.parse(patch)), hashes: new Map() };
    parsedPatch.set(patch, facts);
  }
  return facts;
}

/** `newRevision`. */
export function newRevision(set: KubeObject, revision: number, collisionCount: number): KubeObject {
  const patch = getPatch(set);
  const facts = patchFacts(patch);
  let hash = facts.hashes.get(collisionCount);
  if (hash === undefined) facts.hashes.set(collisionCount, (hash = hashControllerRevision(patch, collisionCount)));
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(set.metadata.name, hash),
      namespace: set.metadata.namespace,
      labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_KEY]: hash },
      ...(set.metadata.annotations ? { annotations: { ...set.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(set)],
    },
    data: facts.data,
    revision,
  } as KubeObject;
}

/** `ApplyRevision`: the set with the revision's template. */
const templateByRevision = new WeakMap<object, any>();

export function applyRevision(set: KubeObject, revision: KubeObject): KubeObject {
  let template = templateByRevision.get(revision);
  if (!template) {
    const data = (revision as any).data ?? {};
    template = { ...deepCopy(data.spec?.template ?? {}) };
    delete template.$patch;
    if (Object.isFrozen(revision)) {
      templateByRevision.set(revision, template);
      // Frozen, pods built from it share its parts (newStatefulSetPod): safe only when the API
      // server's pod defaulting would write nothing into them (true for any template the
      // controller stored itself; a hand-written revision may lack defaults).
      const probe = deepCopy(template.spec ?? {});
      defaultPodSpec(probe);
      if (deepEqual(probe, template.spec ?? {})) deepFreeze(template);
    }
  }
  return { ...set, spec: { ...set.spec, template } };
}

/** `history.SortControllerRevisions`: by revision, then creation time, then name. */
export function sortControllerRevisions(revisions: KubeObject[]): KubeObject[] {
  // An insertion sort of a copy: a set has a handful of revisions and every sync sorts them, so this
  // avoids Array.prototype.sort's scratch allocations (same order: the sort is stable either way).
  const out = revisions.slice();
  for (let i = 1; i < out.length; i++) {
    const item = out[i];
    let j = i - 1;
    while (j >= 0 && compareRevisions(out[j], item) > 0) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = item;
  }
  return out;
}

function compareRevisions(a: KubeObject, b: KubeObject): number {
  return (
    revisionNumber(a) - revisionNumber(b) ||
    (a.metadata.creationTimestamp ?? 0) - (b.metadata.creationTimestamp ?? 0) ||
    (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0)
  );
}

/** `history.EqualRevision`: same hash label and same data. */
export function equalRevision(a: KubeObject, b: KubeObject): boolean {
  const ha = a.metadata.labels?.[CONTROLLER_REVISION_HASH_KEY];
  const hb = b.metadata.labels?.[CONTROLLER_REVISION_HASH_KEY];
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return revisionData(a) === revisionData(b);
}

/** `nextRevision`. */
export function nextRevision(sorted: KubeObject[]): number {
  return sorted.length === 0 ? 1 : revisionNumber(sorted[sorted.length - 1]) + 1;
}

export function isOwnedBy(rev: KubeObject, set: KubeObject): boolean {
  return controllerRef(rev)?.uid === set.metadata.uid;
}
