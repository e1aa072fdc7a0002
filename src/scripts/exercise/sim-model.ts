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
  pods: PodRow[];
}

export interface PodRow {
  name: string;
  ordinal: string;
  phase: string;
  ready: 'Ready' | 'Not ready';
  revision: string;
  deleting: boolean;
  /** `spec.nodeName`, or '' while unscheduled. */
  node: string;
  /** Requests this pod served up to this moment; undefined when the run has no traffic. */
  requests?: number;
  /** The app model's role and whether it serves, e.g. `primary, serving` (only at the run's last moment). */
  app?: string;
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
  /** Requests that reached no pod up to this moment, when the run has traffic. */
  failedRequests?: number;
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

// nodeutil.GetNodeCondition + the printer's status column (pkg/printers/internalversion printNode).
export function nodeStatus(node: KubeObject): NodeStatus {
  const conditions = (node.status?.conditions ?? []) as Array<{ type?: string; status?: string }>;
  const ready = Array.isArray(conditions) ? conditions.find((c) => c.type === 'Ready') : undefined;
  return ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
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

const byNumericName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en', { numeric: true });

export function describeMoment(run: Run, index: number): SimMoment {
  const at = Math.max(0, Math.min(index, run.history.length - 1));
  const snapshot = run.history[at];
  if (!snapshot) return { t: 0, pods: [], claims: [], dns: [], events: [], nodes: [], unscheduled: [] };
  const objects = snapshot.objects ?? [];
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name, 'en', { numeric: true }));
  const pods = byKind('Pod').map(
    (pod): PodRow => ({
      name: pod.metadata.name,
      ordinal: ordinalOf(pod),
      phase: String(pod.status?.phase ?? 'Pending'),
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
    if (app) pod.app = appText(app);
  }
  const nodes: NodeColumn[] = byKind('Node').map((n) => ({
    name: n.metadata.name,
    status: nodeStatus(n),
    cordoned: n.spec?.unschedulable === true,
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
        column = { name: pod.node, status: 'Unknown', cordoned: false, taints: [], known: false, pods: [] };
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
  return { t: snapshot.t, pods, claims, dns, events, nodes, unscheduled, ...(traffic ? { failedRequests: traffic.failed } : {}) };
}
