// What the simulator view shows at one moment of a run: nodes and the pods on each, pods, claims,
// DNS records, requests served and the events so far, derived from one ClusterSnapshot. Pure, so
// Node tests can pin it.
import type { AppStatus, GradeResult, TrafficStats } from '../../worker/protocol';

/** A recorded run (the grader's, or a session's extended one), with traffic and app statuses when it has them. */
export type Run = NonNullable<GradeResult['run']> & { traffic?: TrafficStats; apps?: AppStatus[] };
type Snapshot = Run['history'][number];
type KubeObject = Snapshot['objects'][number];

export type NodeStatus = 'Ready' | 'NotReady' | 'Unknown';

/** One node and the pods bound to it (`spec.nodeName`), as `kubectl get nodes` and `-o wide` would show them. */
export interface NodeColumn {
  name: string;
  status: NodeStatus;
  /** `spec.unschedulable` (kubectl shows `Ready,SchedulingDisabled`). */
  cordoned: boolean;
  /** `key=value:Effect`, as `kubectl describe node` prints them. */
  taints: string[];
  /** False for a node name pods point at that is not (or no longer) a Node object. */
  known: boolean;
  /** Why it is not Ready, for the learner: `the kubelet stopped reporting (Ready condition Unknown)`; '' when Ready. */
  reason: string;
  pods: PodRow[];
}

export interface PodRow {
  name: string;
  ordinal: string;
  phase: string;
  /** kubectl get pods' STATUS column: `Terminating` once deleted, else the phase. */
  status: string;
  ready: 'Ready' | 'Not ready';
  revision: string;
  deleting: boolean;
  /** `spec.nodeName`, or '' while unscheduled. */
  node: string;
  /** Requests this pod served up to this moment; undefined when the run has no traffic. */
  requests?: number;
  /** The app model's role and whether it serves, e.g. `primary, serving` (only at the run's last moment). */
  app?: string;
  /** What the app model says beyond that, e.g. `has a majority: 3 of 3 members reachable (needs 2)`. */
  appDetail?: string;
}

/** One pod's line in the app status panel. */
export interface AppRow {
  pod: string;
  model: string;
  role: string;
  serving: boolean;
  detail: string;
  /** Serving, but something the lesson is about has gone wrong: replication stopped, no majority, session store unreachable. */
  warning: boolean;
}

/** Requests served per pod up to a moment, for the traffic panel. */
export interface TrafficRow {
  pod: string;
  requests: number;
  /** Share of all requests served up to this moment, 0–1. */
  share: number;
}

export interface ClaimRow {
  name: string;
  phase: string;
  volume: string;
}

export interface SimMoment {
  t: number;
  pods: PodRow[];
  claims: ClaimRow[];
  dns: string[];
  events: string[];
  /** Empty when the snapshot holds no Node objects (then the view shows no node columns). */
  nodes: NodeColumn[];
  /** Pods no node has taken yet (Pending, no `spec.nodeName`). */
  unscheduled: PodRow[];
  /** Requests that reached no pod in the whole run, when the run has traffic. */
  failedRequests?: number;
  /** Per-pod request counts up to this moment (most first); undefined when the run has no traffic. */
  traffic?: TrafficRow[];
  /** The app models' statuses (only at the run's last moment, which is what they describe). */
  apps: AppRow[];
}

function ordinalOf(pod: KubeObject): string {
  const label = pod.metadata.labels?.['apps.kubernetes.io/pod-index'];
  if (label !== undefined) return label;
  const m = /-(\d+)$/.exec(pod.metadata.name);
  return m && pod.metadata.ownerReferences?.some((o) => o.kind === 'StatefulSet') ? m[1] : '–';
}

function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status?.conditions ?? []) as Array<{ type?: string; status?: string }>;
  return Array.isArray(conditions) && conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function readyCondition(node: KubeObject): { status?: string; message?: string } | undefined {
  const conditions = (node.status?.conditions ?? []) as Array<{ type?: string; status?: string; message?: string }>;
  return Array.isArray(conditions) ? conditions.find((c) => c.type === 'Ready') : undefined;
}

// The printer's status column (pkg/printers/internalversion printNode): a Ready condition that is
// not True (False or Unknown) prints NotReady; no Ready condition at all prints Unknown.
export function nodeStatus(node: KubeObject): NodeStatus {
  const ready = readyCondition(node);
  if (!ready) return 'Unknown';
  return ready.status === 'True' ? 'Ready' : 'NotReady';
}

/** Why a node is not Ready, in the learner's words ('' when it is Ready). */
export function nodeReason(node: KubeObject): string {
  const ready = readyCondition(node);
  if (!ready) return 'no Ready condition reported yet';
  if (ready.status === 'True') return '';
  if (ready.status === 'Unknown') return 'the kubelet stopped reporting (Ready condition Unknown)';
  return ready.message ? `Ready condition False: ${ready.message}` : 'Ready condition False';
}

export function taintText(taint: { key?: string; value?: string; effect?: string }): string {
  return `${taint.key ?? ''}${taint.value ? `=${taint.value}` : ''}:${taint.effect ?? ''}`;
}

/** Requests served per pod in the buckets that began at or before `t`. */
function requestsUpTo(traffic: TrafficStats, t: number): { perPod: Map<string, number>; failed: number } {
  const perPod = new Map<string, number>();
  const bucket = traffic.bucketMs > 0 ? traffic.bucketMs : 1000;
  const last = Math.floor(t / bucket);
  for (const [pod, counts] of Object.entries(traffic.perPod ?? {})) {
    let sum = 0;
    for (let i = 0; i < counts.length && i <= last; i++) sum += counts[i] ?? 0;
    perPod.set(pod, sum);
  }
  return { perPod, failed: traffic.failed ?? 0 };
}

function appText(status: AppStatus): string {
  return [status.role, status.serving ? 'serving' : 'not serving'].filter(Boolean).join(', ');
}

/** The replicated-db model's replication-stopped reasons (src/sim/apps/README.md), explained. */
const REPLICATION_REASONS: Record<string, string> = {
  unresolvable: 'the name does not resolve (the primary is not Ready)',
  unreachable: 'no Ready pod answers there',
  'no-pod-at-ip': 'no pod has that IP any more (use a DNS name)',
  'not-the-primary': 'the name reaches other pods too, not the primary alone',
  'no-primary-host': 'PRIMARY_HOST is not set',
  diverged: 'the primary holds fewer writes than this replica (it lost its data)',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The facts of an app model's `detail` that matter to the lesson, as one sentence for the learner:
 * a quorum's majority, a replica's replication, where web sessions live, whether kv data persists.
 * Unknown keys are listed as `key=value`, so a new model still shows something.
 */
/** True when the app serves but the model reports trouble the learner should notice. */
export function appWarning(status: AppStatus): boolean {
  const d = status.detail ?? {};
  if (typeof d.error === 'string' || typeof d.lockedBy === 'string') return true;
  if (status.model === 'replicated-db' && d.replication === 'stopped') return true;
  if (status.model === 'quorum' && typeof d.reachable === 'number' && typeof d.majority === 'number' && d.reachable < d.majority) return true;
  if (status.model === 'web' && d.sessions === 'external' && d.storeReachable === false) return true;
  return false;
}

export function appDetailText(status: AppStatus): string {
  const d = status.detail ?? {};
  const num = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : undefined);
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  if (typeof d.error === 'string') return d.error;
  if (typeof d.lockedBy === 'string') return `cannot use its data directory: held by pod ${d.lockedBy}`;
  switch (status.model) {
    case 'quorum': {
      if (str('reason')) return str('reason');
      const members = num('members') ?? 0;
      const reachable = num('reachable') ?? 0;
      const majority = num('majority') ?? 0;
      const has = reachable >= majority && members > 0;
      const parts = [`${has ? 'has a majority' : 'no majority'}: ${reachable} of ${members} members reachable (needs ${majority})`];
      if (str('leader')) parts.push(`leader ${str('leader')}`);
      else parts.push('no leader');
      if (num('term') !== undefined) parts.push(`term ${num('term')}`);
      if (num('commitIndex') !== undefined) parts.push(`${plural(num('commitIndex')!, 'write')} stored`);
      return parts.join(', ');
    }
    case 'replicated-db': {
      const position = num('position');
      const writes = position !== undefined ? plural(position, 'write') : '';
      if (status.role === 'primary') return writes ? `holds ${writes}` : '';
      const replication = str('replication');
      if (!replication) return Object.entries(d).map(([k, v]) => `${k}=${v}`).join(', ');
      const host = str('primaryHost') || 'the primary';
      const behind = num('behind') !== undefined ? `, ${plural(num('behind')!, 'write')} behind` : '';
      if (replication === 'streaming') return `replicating from ${host}${behind}`;
      const reason = str('reason');
      if (replication === 'stopped') return `replication from ${host} stopped${reason ? `: ${REPLICATION_REASONS[reason] ?? reason}` : ''}${behind}`;
      return `replication ${replication} (from ${host})${behind}`;
    }
    case 'web': {
      if (d.sessions === 'memory') {
        const active = num('activeSessions') ?? 0;
        return `${plural(active, 'session')} in this pod's memory (lost when the pod goes, or when a request reaches another pod)`;
      }
      if (d.sessions === 'external') {
        return `sessions kept in ${str('store') || 'an external store'} (${d.storeReachable === true ? 'reachable' : 'unreachable: logins fail'})`;
      }
      break;
    }
    case 'kv': {
      const keys = num('keys') ?? 0;
      const where = str('storage') || str('dataPath');
      return `${plural(keys, 'key')} in ${where || 'its data directory'} (${d.persistent === true ? 'kept when the pod is replaced' : 'lost with the pod'})`;
    }
  }
  return Object.entries(d).map(([k, v]) => `${k}=${v}`).join(', ');
}

const byNumericName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en', { numeric: true });

export function describeMoment(run: Run, index: number): SimMoment {
  const at = Math.max(0, Math.min(index, run.history.length - 1));
  const snapshot = run.history[at];
  if (!snapshot) return { t: 0, pods: [], claims: [], dns: [], events: [], nodes: [], unscheduled: [], apps: [] };
  const objects = snapshot.objects ?? [];
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name, 'en', { numeric: true }));
  const pods = byKind('Pod').map(
    (pod): PodRow => ({
      name: pod.metadata.name,
      ordinal: ordinalOf(pod),
      phase: String(pod.status?.phase ?? 'Pending'),
      status: pod.metadata.deletionTimestamp !== undefined ? 'Terminating' : String(pod.status?.phase ?? 'Pending'),
      ready: isReady(pod) ? 'Ready' : 'Not ready',
      revision: pod.metadata.labels?.['controller-revision-hash'] ?? '–',
      deleting: pod.metadata.deletionTimestamp !== undefined,
      node: typeof pod.spec?.nodeName === 'string' ? pod.spec.nodeName : '',
    }),
  );
  const traffic = run.traffic ? requestsUpTo(run.traffic, snapshot.t) : undefined;
  // App statuses describe the cluster now, which is the last recorded moment only.
  const apps = at === run.history.length - 1 ? new Map((run.apps ?? []).map((a) => [a.pod, a])) : new Map<string, AppStatus>();
  for (const pod of pods) {
    if (traffic) pod.requests = traffic.perPod.get(pod.name) ?? 0;
    const app = apps.get(pod.name);
    if (app) {
      pod.app = appText(app);
      pod.appDetail = appDetailText(app);
    }
  }
  const appRows: AppRow[] = [...apps.values()]
    .map((a) => ({ pod: a.pod, model: a.model, role: a.role ?? '', serving: a.serving, detail: appDetailText(a), warning: !a.serving || appWarning(a) }))
    .sort((a, b) => a.pod.localeCompare(b.pod, 'en', { numeric: true }));
  let trafficRows: TrafficRow[] | undefined;
  if (traffic) {
    const total = [...traffic.perPod.values()].reduce((a, b) => a + b, 0);
    trafficRows = [...traffic.perPod]
      .filter(([, n]) => n > 0)
      .map(([name, n]) => ({ pod: name, requests: n, share: total > 0 ? n / total : 0 }))
      .sort((a, b) => b.requests - a.requests || a.pod.localeCompare(b.pod, 'en', { numeric: true }));
  }
  const nodes: NodeColumn[] = byKind('Node').map((n) => ({
    name: n.metadata.name,
    status: nodeStatus(n),
    cordoned: n.spec?.unschedulable === true,
    reason: nodeReason(n),
    taints: Array.isArray(n.spec?.taints) ? (n.spec.taints as Array<{ key?: string; value?: string; effect?: string }>).map(taintText) : [],
    known: true,
    pods: [],
  }));
  const unscheduled: PodRow[] = [];
  if (nodes.length > 0) {
    const byName = new Map(nodes.map((n) => [n.name, n]));
    for (const pod of pods) {
      if (!pod.node) {
        unscheduled.push(pod);
        continue;
      }
      let column = byName.get(pod.node);
      if (!column) {
        column = { name: pod.node, status: 'Unknown', cordoned: false, reason: 'there is no Node object with this name', taints: [], known: false, pods: [] };
        byName.set(pod.node, column);
        nodes.push(column);
      }
      column.pods.push(pod);
    }
    nodes.sort(byNumericName);
  }
  const claims = byKind('PersistentVolumeClaim').map(
    (pvc): ClaimRow => ({ name: pvc.metadata.name, phase: String(pvc.status?.phase ?? 'Pending'), volume: String(pvc.spec?.volumeName ?? '–') }),
  );
  // Per-pod records of a headless Service (what the cluster DNS would answer for the pod's hostname).
  const headless = new Set(byKind('Service').filter((s) => s.spec?.clusterIP === 'None').map((s) => s.metadata.name));
  const dns: string[] = [];
  for (const pod of byKind('Pod')) {
    const sub = pod.spec?.subdomain;
    const ip = pod.status?.podIP;
    if (typeof sub === 'string' && headless.has(sub) && ip && isReady(pod)) {
      dns.push(`${pod.spec?.hostname ?? pod.metadata.name}.${sub}.${pod.metadata.namespace ?? 'default'}.svc.cluster.local → ${ip}`);
    }
  }
  const events = run.events
    .filter((e) => e.t <= snapshot.t)
    .slice(-200)
    .map((e) => `${seconds(e.t)}  ${e.type === 'Warning' ? 'Warning ' : ''}${e.reason}  ${e.object.kind.toLowerCase()}/${e.object.name}: ${e.message}`);
  return { t: snapshot.t, pods, claims, dns, events, nodes, unscheduled, apps: appRows, ...(traffic ? { failedRequests: traffic.failed, traffic: trafficRows } : {}) };
}
