// Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch): maps merge recursively,
// `null` deletes a field, lists with a merge key (containers by name, ...) merge item by item,
// other lists are replaced; `$patch: replace` replaces a map, `$patch: delete` removes a list item.

/** Upstream `patchMergeKey` tags of the fields learners patch. */
function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'conditions':
      return 'type';
    case 'ownerReferences':
      return 'uid';
    case 'hostAliases':
      return 'ip';
    case 'ports': {
      const first = items.find((i) => i && typeof i === 'object') as Record<string, unknown> | undefined;
      return first && 'containerPort' in first ? 'containerPort' : 'port';
    }
    default:
      return undefined;
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isMap(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (k !== '$patch' && x !== null) out[k] = stripDirectives(x);
  return out;
}

function mergeList(field: string, base: unknown[], patch: unknown[]): unknown[] {
  const key = mergeKeyFor(field, [...patch, ...base]);
  if (!key) return stripDirectives(patch) as unknown[];
  const out = base.map((x) => x);
  for (const item of patch) {
    if (!isMap(item) || !(key in item)) {
      out.push(stripDirectives(item));
      continue;
    }
    const idx = out.findIndex((x) => isMap(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = mergeValue(field, out[idx], item);
    else out.push(stripDirectives(item));
  }
  return out;
}

function mergeValue(field: string, base: unknown, patch: unknown): unknown {
  if (isMap(patch)) {
    if (patch.$patch === 'replace' || !isMap(base)) return stripDirectives(patch);
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (k === '$patch') continue;
      if (v === null) delete out[k];
      else out[k] = mergeValue(k, base[k], v);
    }
    return out;
  }
  if (Array.isArray(patch)) return Array.isArray(base) ? mergeList(field, base, patch) : stripDirectives(patch);
  return patch;
}

/** Returns a new object: `base` with `patch` applied; `base` is not modified. */
export function strategicMerge<T>(base: T, patch: unknown): T {
  return mergeValue('', base, patch) as T;
}
