// What the simulator view shows at one moment of a run: pods, claims, DNS records and the events so
// far, derived from one ClusterSnapshot. Pure, so Node tests can pin it.
import type { GradeResult } from '../../worker/protocol';

type Run = NonNullable<GradeResult['run']>;
type Snapshot = Run['history'][number];
type KubeObject = Snapshot['objects'][number];

export interface PodRow {
  name: string;
  ordinal: string;
  phase: string;
  ready: 'Ready' | 'Not ready';
  revision: string;
  deleting: boolean;
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

export function describeMoment(run: Run, index: number): SimMoment {
  const snapshot = run.history[Math.max(0, Math.min(index, run.history.length - 1))];
  if (!snapshot) return { t: 0, pods: [], claims: [], dns: [], events: [] };
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
    }),
  );
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
  return { t: snapshot.t, pods, claims, dns, events };
}
