// Container environments: what `env` and `envFrom` resolve to when the kubelet starts a container
// (kubelet `makeEnvironmentVariables`). The values are fixed from then on: a later change to the
// ConfigMap or Secret never reaches a running container's environment, only a new pod does.
import type { KubeObject } from '../../api';
import type { Controller, ControllerContext, WatchSpec } from '../../cluster/controller';
import { recordConfigVersion } from './projection';

const KEY = 'config/env';
const NONE: string[] = [];

type EnvByContainer = Map<string, Record<string, string>>;

function table(ctx: ControllerContext): Map<string, EnvByContainer> {
  let t = ctx.shared.get(KEY) as Map<string, EnvByContainer> | undefined;
  if (!t) ctx.shared.set(KEY, (t = new Map()));
  return t;
}

/** Secret `data` is base64 (decoded for the container); `stringData` is merged in by the API server. */
function secretValues(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((secret.data as Record<string, string>) ?? {})) {
    out[k] = decodeBase64(String(v));
  }
  for (const [k, v] of Object.entries((secret.stringData as Record<string, string>) ?? {})) out[k] = String(v);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Plain base64 decoding (no DOM `atob`, no Node `Buffer` in the engine); invalid input stays as it is. */
export function decodeBase64(text: string): string {
  const clean = text.replace(/\s+/g, '').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean)) return text;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    buffer = (buffer << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  try {
    return new TextDecoder().decode(new Uint8Array(bytes));
  } catch {
    return text;
  }
}

function sourceValues(ctx: ControllerContext, kind: 'ConfigMap' | 'Secret', ns: string, name: unknown): Record<string, string> | undefined {
  if (typeof name !== 'string') return undefined;
  const obj = ctx.store.get(kind, ns, name);
  if (!obj) return undefined;
  return kind === 'Secret' ? secretValues(obj) : { ...((obj.data as Record<string, string>) ?? {}) };
}

function fieldRef(pod: KubeObject, path: unknown): string | undefined {
  switch (path) {
    case 'metadata.name': return pod.metadata.name;
    case 'metadata.namespace': return pod.metadata.namespace;
    case 'metadata.uid': return pod.metadata.uid;
    case 'spec.nodeName': return pod.spec?.nodeName;
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName;
    case 'status.podIP': return pod.status?.podIP;
    case 'status.hostIP': return pod.status?.hostIP;
    default: return undefined;
  }
}

/** `envFrom` first, then `env` (later entries win), like the kubelet. Missing optional sources are skipped. */
export function resolveEnv(ctx: ControllerContext, pod: KubeObject, container: any): Record<string, string> {
  const ns = pod.metadata.namespace ?? ctx.store.defaultNamespace;
  const env: Record<string, string> = {};
  for (const from of container?.envFrom ?? []) {
    const values = from?.configMapRef ? sourceValues(ctx, 'ConfigMap', ns, from.configMapRef.name) : sourceValues(ctx, 'Secret', ns, from?.secretRef?.name);
    for (const [k, v] of Object.entries(values ?? {})) env[`${from?.prefix ?? ''}${k}`] = v;
  }
  for (const e of container?.env ?? []) {
    if (typeof e?.name !== 'string') continue;
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.configMapKeyRef) {
      const v = sourceValues(ctx, 'ConfigMap', ns, e.valueFrom.configMapKeyRef.name)?.[e.valueFrom.configMapKeyRef.key];
      if (v !== undefined) env[e.name] = v;
    } else if (e.valueFrom?.secretKeyRef) {
      const v = sourceValues(ctx, 'Secret', ns, e.valueFrom.secretKeyRef.name)?.[e.valueFrom.secretKeyRef.key];
      if (v !== undefined) env[e.name] = v;
    } else if (e.valueFrom?.fieldRef) {
      const v = fieldRef(pod, e.valueFrom.fieldRef.fieldPath);
      if (v !== undefined) env[e.name] = v;
    } else env[e.name] = '';
  }
  return env;
}

/**
 * Why the kubelet cannot build the container's environment, as upstream's `makeEnvironmentVariables`
 * (pkg/kubelet/kubelet_pods.go) words it, or undefined when it can. Order as upstream: `envFrom`
 * first, then `env`. A missing object is `configmap "x" not found` / `secret "x" not found` (the
 * kubelet's watch-based configmap/secret managers); a missing key is `couldn't find key K in
 * ConfigMap ns/x`. `optional: true` skips either. The container then waits with reason
 * CreateContainerConfigError (kuberuntime_container.go `startContainer`).
 */
export function containerConfigError(ctx: ControllerContext, pod: KubeObject, container: any): string | undefined {
  const ns = pod.metadata.namespace ?? ctx.store.defaultNamespace;
  const notFound = (kind: 'ConfigMap' | 'Secret', name: unknown) => `${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${String(name ?? '')}" not found`;
  for (const from of Array.isArray(container?.envFrom) ? container.envFrom : []) {
    const ref = from?.configMapRef ?? from?.secretRef;
    if (!ref) continue;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    if (!sourceValues(ctx, kind, ns, ref.name) && ref.optional !== true) return notFound(kind, ref.name);
  }
  for (const e of Array.isArray(container?.env) ? container.env : []) {
    if (e?.value !== undefined) continue;
    const ref = e?.valueFrom?.configMapKeyRef ?? e?.valueFrom?.secretKeyRef;
    if (!ref) continue;
    const kind = e.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret';
    const optional = ref.optional === true;
    const values = sourceValues(ctx, kind, ns, ref.name);
    if (!values) {
      if (optional) continue;
      return notFound(kind, ref.name);
    }
    if (!Object.prototype.hasOwnProperty.call(values, ref.key) && !optional) return `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`;
  }
  return undefined;
}

/** Per container of the pod (spec.containers) that cannot start: its configuration error; undefined when all can. */
export function podConfigErrors(ctx: ControllerContext, pod: KubeObject): Map<string, string> | undefined {
  let errors: Map<string, string> | undefined;
  for (const c of Array.isArray(pod.spec?.containers) ? pod.spec.containers : []) {
    if (!c?.env && !c?.envFrom) continue;
    const error = containerConfigError(ctx, pod, c);
    if (error) (errors ??= new Map()).set(c.name, error);
  }
  return errors;
}

/** The environment `container` (default: the first) of `podName` started with; undefined before it started. */
export function containerEnv(ctx: ControllerContext, podName: string, container?: string): Record<string, string> | undefined {
  const pod = ctx.store.get('Pod', ctx.store.defaultNamespace, podName);
  if (!pod?.metadata.uid) return undefined;
  const byContainer = table(ctx).get(pod.metadata.uid);
  if (!byContainer) return undefined;
  const name = container ?? pod.spec?.containers?.[0]?.name;
  const env = byContainer.get(name);
  return env ? { ...env } : undefined;
}

/**
 * Records each container's environment at the write that makes the pod Running: that is when the
 * kubelet created the containers. The work is done in the watch callback, so it costs no engine step.
 */
export function createContainerEnvController(): Controller {
  const watches: WatchSpec[] = [
    {
      kind: 'Pod',
      keys(event, ctx) {
        const pod = event.object;
        if (event.type === 'DELETED') {
          if (pod.metadata.uid) table(ctx).delete(pod.metadata.uid);
          return NONE;
        }
        if (pod.status?.phase !== 'Running' || event.old?.status?.phase === 'Running' || !pod.metadata.uid) return NONE;
        const byContainer: EnvByContainer = new Map();
        for (const c of pod.spec?.containers ?? []) byContainer.set(c?.name, resolveEnv(ctx, pod, c));
        table(ctx).set(pod.metadata.uid, byContainer);
        return NONE;
      },
    },
    { kind: 'ConfigMap', keys: (event, ctx) => (recordConfigVersion(ctx, event.object, event.type === 'DELETED'), NONE) },
    { kind: 'Secret', keys: (event, ctx) => (recordConfigVersion(ctx, event.object, event.type === 'DELETED'), NONE) },
  ];
  return { name: 'container-env', watches, sync() {} };
}
