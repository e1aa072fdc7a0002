// What a program inside a pod can use: its own memory (dies with the pod), files on its volumes
// (the per-volume file store), the cluster DNS and the network (which pods it can reach), and the
// timeline where the models report what they did.
import type { KubeObject, TimelineEntry } from '../api';
import type { ControllerContext } from '../cluster/controller';
import { SeededRandom } from '../cluster/random';
import { dnsRecords, resolveName } from '../controllers/endpoints/dns';
import { fileStoreOf } from '../controllers/volume/file_feature';
import { resolveMount } from '../controllers/volume/mounts';

// ---------------------------------------------------------------------------------------------
// Memory: per pod uid and container restart count, so it is lost when the pod is recreated or its
// container restarts (a process's heap does not survive either).

const MEMORY = 'apps/memory';

function memoryMap(ctx: ControllerContext): Map<string, Map<string, unknown>> {
  let m = ctx.shared.get(MEMORY) as Map<string, Map<string, unknown>> | undefined;
  if (!m) ctx.shared.set(MEMORY, (m = new Map()));
  return m;
}

function restarts(pod: KubeObject): number {
  let n = 0;
  for (const s of pod.status?.containerStatuses ?? []) n += Number(s?.restartCount ?? 0) || 0;
  return n;
}

/** The pod process's in-memory state for `slot`, created by `init` on first use. */
export function podMemory<T>(ctx: ControllerContext, pod: KubeObject, slot: string, init: () => T): T {
  const key = `${pod.metadata.uid ?? pod.metadata.name}#${restarts(pod)}`;
  const all = memoryMap(ctx);
  let mine = all.get(key);
  if (!mine) all.set(key, (mine = new Map()));
  if (!mine.has(slot)) mine.set(slot, init());
  return mine.get(slot) as T;
}

/** The pod's in-memory state for `slot` if it has any, without creating it (for appStatus). */
export function peekMemory<T>(ctx: ControllerContext, pod: KubeObject, slot: string): T | undefined {
  return memoryMap(ctx).get(`${pod.metadata.uid ?? pod.metadata.name}#${restarts(pod)}`)?.get(slot) as T | undefined;
}

/** Frees the memory of a pod that is gone (called when its DELETED watch event arrives). */
export function forgetPod(ctx: ControllerContext, uid: string): void {
  const all = memoryMap(ctx);
  for (const key of [...all.keys()]) if (key.startsWith(`${uid}#`)) all.delete(key);
}

// ---------------------------------------------------------------------------------------------
// Randomness for the apps (session ids): a stream of its own, never the cluster's main generator,
// so pod names, uids and IPs do not shift when an app model runs.

const RANDOM = 'apps/random';
const APPS_SEED = 0x5e551011;

export function appRandom(ctx: ControllerContext): SeededRandom {
  let r = ctx.shared.get(RANDOM) as SeededRandom | undefined;
  if (!r) ctx.shared.set(RANDOM, (r = new SeededRandom(APPS_SEED)));
  return r;
}

// ---------------------------------------------------------------------------------------------
// Files: the data an app keeps on its volumes, through the same mount resolution as writeFile.

export interface DataLocation {
  ok: boolean;
  /** Where the path lands: `PersistentVolumeClaim data-db-0`, `emptyDir cache`, `the container filesystem`. */
  source: string;
  /** True when the data lives with the pod (emptyDir, container filesystem): lost when it is recreated. */
  ephemeral: boolean;
  message?: string;
}

function mountOf(ctx: ControllerContext, pod: KubeObject, path: string) {
  const ns = pod.metadata.namespace ?? ctx.store.defaultNamespace;
  return resolveMount(
    pod,
    path,
    (claim) => ctx.store.get('PersistentVolumeClaim', ns, claim),
    (kind, name) => ctx.store.get(kind, ns, name),
  );
}

export function dataLocation(ctx: ControllerContext, pod: KubeObject, path: string): DataLocation {
  const m = mountOf(ctx, pod, path);
  if (!m.ok) return { ok: false, source: 'nowhere', ephemeral: true, message: m.message };
  return { ok: true, source: m.source, ephemeral: m.key.startsWith('pod:') };
}

export function readData(ctx: ControllerContext, pod: KubeObject, path: string): string | undefined {
  const m = mountOf(ctx, pod, path);
  if (!m.ok) return undefined;
  if (m.configData) return m.configData[m.path];
  return fileStoreOf(ctx).read(m.key, m.path);
}

/** Writes a file as the app would; the error names the path and why (read-only, missing claim). */
export function writeData(ctx: ControllerContext, pod: KubeObject, path: string, content: string): { ok: true } | { ok: false; message: string } {
  const m = mountOf(ctx, pod, path);
  if (!m.ok) return { ok: false, message: `cannot write ${path}: ${m.message}` };
  if (m.readOnly) return { ok: false, message: `cannot write ${path}: it is on ${m.source}, which is mounted read-only.` };
  fileStoreOf(ctx).write(m.key, m.path, content);
  return { ok: true };
}

// Parsed JSON per file, reused while the file holds the very string that was parsed (the file
// store hands back the string it was given, so the check is a pointer comparison). Callers treat
// the parsed value as read-only and write a new object back.
const PARSED = 'apps/parsed';

function parsedCache(ctx: ControllerContext): Map<string, { text: string; value: unknown }> {
  let m = ctx.shared.get(PARSED) as Map<string, { text: string; value: unknown }> | undefined;
  if (!m) ctx.shared.set(PARSED, (m = new Map()));
  return m;
}

/** A JSON file the app owns; a missing or unreadable file gives undefined (as a fresh start). */
export function readJson<T>(ctx: ControllerContext, pod: KubeObject, path: string): T | undefined {
  const m = mountOf(ctx, pod, path);
  if (!m.ok) return undefined;
  const text = m.configData ? m.configData[m.path] : fileStoreOf(ctx).read(m.key, m.path);
  if (text === undefined) return undefined;
  const id = `${m.key}|${m.path}`;
  const cache = parsedCache(ctx);
  const hit = cache.get(id);
  if (hit && hit.text === text) return hit.value as T;
  try {
    const value = JSON.parse(text) as T;
    cache.set(id, { text, value });
    return value;
  } catch {
    return undefined;
  }
}

export function writeJson(ctx: ControllerContext, pod: KubeObject, path: string, value: unknown): { ok: true } | { ok: false; message: string } {
  const m = mountOf(ctx, pod, path);
  if (!m.ok) return { ok: false, message: `cannot write ${path}: ${m.message}` };
  if (m.readOnly) return { ok: false, message: `cannot write ${path}: it is on ${m.source}, which is mounted read-only.` };
  const text = JSON.stringify(value);
  fileStoreOf(ctx).write(m.key, m.path, text);
  parsedCache(ctx).set(`${m.key}|${m.path}`, { text, value });
  return { ok: true };
}

export function joinPath(dir: string, file: string): string {
  return `${dir.replace(/\/+$/, '')}/${file}`;
}

// ---------------------------------------------------------------------------------------------
// Reachability and the network as seen from inside a pod.

function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c?.type === 'Ready' && c?.status === 'True');
}

/**
 * A node is up unless its Node object says otherwise (Ready False/Unknown) or the node model marks
 * it stopped (its kubelet stopped reporting: the machine is gone before the Node turns NotReady).
 */
export function nodeUp(ctx: ControllerContext, nodeName: string | undefined): boolean {
  if (!nodeName) return true;
  const stopped = ctx.shared.get('nodes/stopped');
  if (stopped instanceof Set && stopped.has(nodeName)) return false;
  const node = ctx.store.get('Node', '', nodeName);
  if (!node) return true;
  const ready = (node.status?.conditions ?? []).find((c: any) => c?.type === 'Ready');
  return !ready || ready.status === 'True';
}

/** The pod answers on the network: Running, Ready, not shutting down, on a node that is up. */
export function reachable(ctx: ControllerContext, pod: KubeObject | undefined): pod is KubeObject {
  return (
    pod !== undefined &&
    pod.status?.phase === 'Running' &&
    isReady(pod) &&
    pod.metadata.deletionTimestamp === undefined &&
    nodeUp(ctx, pod.spec?.nodeName)
  );
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export interface Resolution {
  /** The addresses the name stands for (the name itself for an IP). */
  addresses: string[];
  /** The pods behind those addresses right now (a Service IP → its ready endpoints). */
  pods: KubeObject[];
  /** True when `host` was an IP address rather than a name. */
  literalIp: boolean;
}

/** What a program in `from` reaches when it connects to `host`: cluster DNS, then IPs to pods. */
export function resolveHost(ctx: ControllerContext, from: KubeObject, host: string): Resolution {
  const ns = from.metadata.namespace ?? ctx.store.defaultNamespace;
  const name = host.trim().replace(/:\d+$/, '');
  const literalIp = IPV4.test(name);
  const addresses = literalIp ? [name] : resolveName(name, ns, dnsRecords(ctx.store.list('Service'), ctx.store.list('Endpoints')));
  const pods: KubeObject[] = [];
  const seen = new Set<string>();
  const add = (p: KubeObject | undefined) => {
    if (p && !seen.has(p.metadata.uid ?? p.metadata.name)) {
      seen.add(p.metadata.uid ?? p.metadata.name);
      pods.push(p);
    }
  };
  if (addresses.length === 0) return { addresses, pods, literalIp };
  const allPods = ctx.store.list('Pod');
  for (const ip of addresses) {
    const byIp = allPods.filter((p) => p.status?.podIP === ip && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
    if (byIp.length > 0) {
      byIp.forEach(add);
      continue;
    }
    // A Service cluster IP: the connection lands on one of its ready endpoints.
    const svc = ctx.store.list('Service').find((s) => s.spec?.clusterIP === ip);
    if (!svc) continue;
    const ep = ctx.store.get('Endpoints', svc.metadata.namespace, svc.metadata.name);
    for (const subset of (ep?.subsets as any[] | undefined) ?? []) {
      for (const a of subset?.addresses ?? []) {
        const target = a?.targetRef?.name ? ctx.store.get('Pod', svc.metadata.namespace, a.targetRef.name) : undefined;
        add(target);
      }
    }
  }
  return { addresses, pods, literalIp };
}

// ---------------------------------------------------------------------------------------------
// Reporting: timeline lines (appended; no existing line changes) and kubectl-style Events.

/** Appends `app/<name> <event> <detail>` to the cluster's timeline, when there is one. */
export function appendTimeline(ctx: ControllerContext, kind: string, name: string, event: string, detail = ''): void {
  const rec = ctx.shared.get('timeline/recorder') as { entries: TimelineEntry[] } | undefined;
  if (!rec || !Array.isArray(rec.entries)) return;
  rec.entries.push({ t: ctx.now(), text: `${kind}/${name} ${event}${detail ? ` ${detail}` : ''}`, kind, name, event });
}
