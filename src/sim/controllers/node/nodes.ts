// Node objects and the facts every node-aware piece shares: which nodes exist, which are Ready,
// which kubelets have stopped reporting, and the upstream timings of node failure.
import type { KubeObject, NodeOptions, Taint } from '../../api';
import type { ControllerContext } from '../../cluster/controller';
import type { ObjectStore } from '../../cluster/store';
import { SeededRandom } from '../../cluster/random';

/** kube-controller-manager `--node-monitor-grace-period`: 50 s in current releases (40 s before). */
export const NODE_MONITOR_GRACE_MS = 50_000;
/** DefaultTolerationSeconds admission plugin: pods tolerate not-ready/unreachable for 300 s. */
export const DEFAULT_TOLERATION_SECONDS = 300;
/** `kubectl drain` retries a refused eviction every 5 s. */
export const DRAIN_RETRY_MS = 5_000;
/** PodGC's period (`gcCheckPeriod`, 20 s): orphaned pods of a deleted node go at the next pass. */
export const POD_GC_PERIOD_MS = 20_000;

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
/** Non-graceful node shutdown (KEP-2268): the operator's word that the node is really off. */
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export const DEFAULT_NODE_COUNT = 3;
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const STOPPED = 'nodes/stopped';

export function nodeSpecs(option: number | NodeOptions[] | undefined): NodeOptions[] {
  if (Array.isArray(option)) return option.filter((n) => n && typeof n.name === 'string' && n.name !== '');
  const count = typeof option === 'number' && Number.isInteger(option) && option >= 1 ? Math.min(option, 1000) : DEFAULT_NODE_COUNT;
  return Array.from({ length: count }, (_, i) => ({ name: `node-${i + 1}` }));
}

/** Creates the cluster's nodes at start. Their uids come from a stream of their own (see store.create). */
export function bootstrapNodes(store: ObjectStore, option: number | NodeOptions[] | undefined, seed: number): void {
  const random = new SeededRandom((seed ^ 0x6e6f6465) >>> 0);
  nodeSpecs(option).forEach((spec, i) => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: spec.name,
        labels: {
          'kubernetes.io/hostname': spec.name,
          'kubernetes.io/os': 'linux',
          'topology.kubernetes.io/zone': ZONES[i % ZONES.length],
          ...(spec.labels ?? {}),
        },
      },
      spec: spec.taints?.length ? { taints: spec.taints.map((t) => ({ ...t })) } : {},
    };
    const created = store.create(node, { uid: random.uid() });
    store.updateStatus({
      ...created,
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: 0 }],
        allocatable: { pods: String(spec.maxPods ?? 110) },
        capacity: { pods: String(spec.maxPods ?? 110) },
        addresses: [{ type: 'InternalIP', address: `10.0.0.${10 + i}` }, { type: 'Hostname', address: spec.name }],
      },
    });
  });
}

export function stoppedNodes(ctx: ControllerContext): Set<string> {
  let set = ctx.shared.get(STOPPED) as Set<string> | undefined;
  if (!set) ctx.shared.set(STOPPED, (set = new Set()));
  return set;
}

/** The kubelet of `node` is running and reporting (a node that does not exist has no kubelet). */
export function kubeletRunning(ctx: ControllerContext, node: string | undefined): boolean {
  if (!node) return false;
  return !stoppedNodes(ctx).has(node) && ctx.store.get('Node', '', node) !== undefined;
}

export function nodeReady(node: KubeObject): boolean {
  return (node.status?.conditions ?? []).some((c: any) => c?.type === 'Ready' && c.status === 'True');
}

export function nodeIP(ctx: ControllerContext, name: string): string | undefined {
  return ctx.store.get('Node', '', name)?.status?.addresses?.find((a: any) => a?.type === 'InternalIP')?.address;
}

export function taints(node: KubeObject): Taint[] {
  return Array.isArray(node.spec?.taints) ? node.spec.taints : [];
}

/** `v1helper.TolerationsTolerateTaint`: Exists matches any value; an empty key with Exists matches all. */
export function tolerates(pod: KubeObject, taint: Taint): boolean {
  for (const t of pod.spec?.tolerations ?? []) {
    if (t?.effect && t.effect !== taint.effect) continue;
    if (t?.operator === 'Exists') {
      if (!t.key || t.key === taint.key) return true;
    } else if (t?.key === taint.key && (t?.value ?? '') === (taint.value ?? '')) return true;
  }
  return false;
}

/** How long the pod stays on a node tainted NoExecute with `key`: its own toleration, else the 300 s default. */
export function tolerationSeconds(pod: KubeObject, key: string): number | undefined {
  for (const t of pod.spec?.tolerations ?? []) {
    if (t?.key === key && (t.effect === 'NoExecute' || !t.effect)) {
      return typeof t.tolerationSeconds === 'number' ? t.tolerationSeconds : undefined; // no seconds: forever
    }
  }
  return DEFAULT_TOLERATION_SECONDS;
}
