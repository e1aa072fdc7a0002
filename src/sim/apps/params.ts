// Which app model a pod runs and with what parameters: the pod-template annotation
// `sim.k8s.course/app: <model>` and further `sim.k8s.course/<param>` annotations (pods copy their
// template's annotations), plus the container environment where a real program would read it.
import type { KubeObject } from '../api';
import { controllerRef } from '../cluster/objects';

export const APP_ANNOTATION = 'sim.k8s.course/app';
export const PARAM_PREFIX = 'sim.k8s.course/';

export const MODELS = ['web', 'kv', 'replicated-db', 'quorum'] as const;
export type ModelName = (typeof MODELS)[number];

/** The model a pod declares (possibly unknown), or undefined when it declares none. */
export function declaredModel(pod: KubeObject | undefined): string | undefined {
  const value = pod?.metadata?.annotations?.[APP_ANNOTATION];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function isModel(name: string | undefined): name is ModelName {
  return (MODELS as readonly string[]).includes(name ?? '');
}

/** `sim.k8s.course/<name>` on the pod, trimmed; undefined when absent or empty. */
export function param(pod: KubeObject, name: string): string | undefined {
  const value = pod.metadata?.annotations?.[PARAM_PREFIX + name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A whole-number parameter within [min, max]; the default when absent or not a number. */
export function intParam(pod: KubeObject, name: string, fallback: number, min: number, max: number): number {
  const raw = param(pod, name);
  if (raw === undefined || !/^\d+$/.test(raw)) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}

/**
 * A literal environment variable of the pod's first container that sets it (`env[].value`);
 * values from ConfigMaps/Secrets come through `resolvedEnv` when the configuration layer provides it.
 */
export function envVar(pod: KubeObject, name: string, resolvedEnv?: Record<string, string>): string | undefined {
  if (resolvedEnv && typeof resolvedEnv[name] === 'string' && resolvedEnv[name] !== '') return resolvedEnv[name];
  for (const c of pod.spec?.containers ?? []) {
    for (const e of c?.env ?? []) {
      if (e?.name === name && typeof e.value === 'string' && e.value.trim() !== '') return e.value.trim();
    }
  }
  return undefined;
}

/** The pod's hostname (`spec.hostname`, set by the StatefulSet to the pod name; else the pod name). */
export function hostnameOf(pod: KubeObject): string {
  const h = pod.spec?.hostname;
  return typeof h === 'string' && h !== '' ? h : pod.metadata.name;
}

/** The ordinal at the end of the hostname (`db-2` → 2), as a StatefulSet member reads it. */
export function ordinalOf(pod: KubeObject): number | undefined {
  const m = /-(\d+)$/.exec(hostnameOf(pod));
  return m ? Number(m[1]) : undefined;
}

/**
 * The group a pod belongs to (the app instances that cooperate): its controller's name
 * (StatefulSet, or the Deployment behind a ReplicaSet's `<deploy>-<hash>` name), else the pod's own name.
 */
export function groupOf(pod: KubeObject): { kind: string; name: string } {
  const ref = controllerRef(pod);
  if (!ref) return { kind: 'Pod', name: pod.metadata.name };
  if (ref.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && ref.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: ref.name.slice(0, -hash.length - 1) };
  }
  return { kind: ref.kind, name: ref.name };
}

/** `namespace/model/group`: the key of a group's state and of the apps controller's queue. */
export function groupKey(pod: KubeObject, model: string): string {
  return `${pod.metadata.namespace ?? ''}/${model}/${groupOf(pod).name}`;
}

export function splitGroupKey(key: string): { namespace: string; model: string; group: string } {
  const [namespace = '', model = '', ...rest] = key.split('/');
  return { namespace, model, group: rest.join('/') };
}

/** Keys of the kv API: `/kv/<key>` with letters, digits, `.`, `_`, `-` (1–128 characters). */
export function kvKey(path: string): { key?: string; error?: string } | undefined {
  if (!path.startsWith('/kv/')) return undefined;
  const key = decodeURIComponentSafe(path.slice(4));
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(key)) {
    return { error: `"${key}" is not a valid key: use 1–128 letters, digits, ".", "_" or "-", as in /kv/greeting.` };
  }
  return { key };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
