// The kinds the simulator accepts and the one apiVersion each is served under.

export const SUPPORTED_KINDS: ReadonlyArray<readonly [kind: string, apiVersion: string]> = [
  ['StatefulSet', 'apps/v1'],
  ['Deployment', 'apps/v1'],
  ['ReplicaSet', 'apps/v1'],
  ['Pod', 'v1'],
  ['Service', 'v1'],
  ['PersistentVolumeClaim', 'v1'],
  ['PersistentVolume', 'v1'],
  ['StorageClass', 'storage.k8s.io/v1'],
  ['ConfigMap', 'v1'],
  ['Secret', 'v1'],
  ['Namespace', 'v1'],
  ['PodDisruptionBudget', 'policy/v1'],
  ['Endpoints', 'v1'],
  ['Node', 'v1'],
  ['Ingress', 'networking.k8s.io/v1'],
];

const API_VERSION = new Map<string, string>(SUPPORTED_KINDS.map(([k, v]) => [k, v]));

export function apiVersionOf(kind: string): string | undefined {
  return API_VERSION.get(kind);
}

/** Kinds whose objects live in a namespace. */
const CLUSTER_SCOPED = new Set(['PersistentVolume', 'StorageClass', 'Namespace', 'Node']);

export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED.has(kind);
}

/** Case-insensitive match of a kind, for "did you mean" (`statefulset` → `StatefulSet`). */
export function kindLike(kind: string): string | undefined {
  const lower = kind.toLowerCase().replace(/s$/, '');
  for (const [k] of SUPPORTED_KINDS) if (k.toLowerCase() === lower || k.toLowerCase() === kind.toLowerCase()) return k;
  return undefined;
}
