// The scripted kubelet of the traces' README, as data-driven stages (like kwok): bind a new pod
// after bindDelayMs to the node the scheduler picks (controllers/node/scheduler.ts), start it (Running, Ready unless neverReady/unready) readyDelayMs later (plus
// n × staggerMs for the n-th pod started under the current model), and on a graceful delete wait
// terminateDelayMs (capped by the grace period), mark it NotReady, then remove it.
import type { KubeObject } from '../../api';
import type { Controller, ControllerContext } from '../../cluster/controller';
import { KUBELET_REMOVE_DELAY_MS, KUBELET_WATCH_DELAY_MS, KUBELET_WRITE_DELAY_MS } from '../../cluster/latency';
import { ApiError } from '../../cluster/store';
import { podVolumesSchedulable } from '../volume';
import { chooseNode, NodeIndex } from '../node/scheduler';
import { kubeletRunning, nodeIP } from '../node/nodes';

/** Per-pod decisions taken when the kubelet first sees the pod (later model changes do not apply). */
interface PodPlan {
  ready: boolean;
  extraDelayMs: number;
}

function current(ctx: ControllerContext, pod: KubeObject): KubeObject | undefined {
  const now = ctx.store.get('Pod', pod.metadata.namespace, pod.metadata.name);
  return now && now.metadata.uid === pod.metadata.uid ? now : undefined;
}

function guarded(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err; // the pod went away or changed under us: nothing to do
  }
}

function conditions(ready: boolean, t: number): any[] {
  const s = ready ? 'True' : 'False';
  return [
    { type: 'Initialized', status: 'True', lastTransitionTime: t },
    { type: 'Ready', status: s, lastTransitionTime: t },
    { type: 'ContainersReady', status: s, lastTransitionTime: t },
    { type: 'PodScheduled', status: 'True', lastTransitionTime: t },
  ];
}

export class KubeletModel {
  private started = 0;
  private terminating = new Set<string>();
  /** Pods whose binding waits for their claims (uid → retry), and the last FailedScheduling message per pod. */
  private blocked = new Map<string, () => void>();
  private reported = new Map<string, string>();
  /** Pods per node for the scheduler, kept from the Pod watch. */
  readonly index = new NodeIndex();
  /** Work a stopped node's kubelet could not do (start, finish a deletion), by node, redone when it returns. */
  private parked = new Map<string, Map<string, () => void>>();

  private park(node: string, uid: string, fn: () => void): void {
    let m = this.parked.get(node);
    if (!m) this.parked.set(node, (m = new Map()));
    m.set(uid, fn);
  }

  /** The node's kubelet reports again: it starts and finishes what it missed. */
  resume(node: string, ctx: ControllerContext): void {
    const work = this.parked.get(node);
    if (!work) return;
    this.parked.delete(node);
    for (const fn of work.values()) ctx.after(KUBELET_WATCH_DELAY_MS, fn);
  }

  /** A new pod: schedule bind then start. */
  onPodAdded(pod: KubeObject, ctx: ControllerContext): void {
    if (pod.metadata.deletionTimestamp !== undefined || pod.spec?.nodeName) return;
    const config = ctx.kubelet;
    const plan: PodPlan = {
      ready: !config.neverReady && !config.unready.includes(pod.metadata.name),
      extraDelayMs: this.started++ * Math.max(0, config.staggerMs),
    };
    const bindDelay = Math.max(0, config.bindDelayMs);
    const readyDelay = Math.max(0, config.readyDelayMs) + plan.extraDelayMs;
    ctx.after(KUBELET_WATCH_DELAY_MS + bindDelay, () => this.bind(pod, ctx, readyDelay, plan));
  }

  /** Resets the stagger count (a new kubelet model applies to pods started from now on). */
  resetStagger(): void {
    this.started = 0;
  }

  private bind(pod: KubeObject, ctx: ControllerContext, readyDelay: number, plan: PodPlan): void {
    const live = current(ctx, pod);
    if (!live || live.metadata.deletionTimestamp !== undefined || live.status?.phase !== 'Pending') return;
    // The scheduler's VolumeBinding filter (only on clusters with a StorageClass; see controllers/volume).
    const uid = live.metadata.uid ?? '';
    const classes = ctx.store.list('StorageClass');
    // Only the pod's own claims matter (no StorageClass: none at all), so fetch those, not every claim.
    const claims = classes.length === 0 ? [] : podClaims(live, ctx);
    const volumes = podVolumesSchedulable(live, claims, classes);
    if (!volumes.ok) {
      if (this.reported.get(uid) !== volumes.message) ctx.event(live, 'Warning', 'FailedScheduling', volumes.message);
      this.reported.set(uid, volumes.message);
      this.blocked.set(uid, () => this.bind(pod, ctx, readyDelay, plan));
      return;
    }
    const placement = chooseNode(ctx, live, this.index);
    if (!placement.node) {
      const message = placement.message ?? 'no node fits this pod';
      if (this.reported.get(uid) !== message) ctx.event(live, 'Warning', 'FailedScheduling', message);
      this.reported.set(uid, message);
      this.blocked.set(uid, () => this.bind(pod, ctx, readyDelay, plan));
      return;
    }
    this.blocked.delete(uid);
    this.reported.delete(uid);
    const nodeName = placement.node;
    guarded(() => {
      const bound = ctx.store.update({ ...live, spec: { ...live.spec, nodeName } });
      ctx.store.updateStatus({ ...bound, status: { ...bound.status, conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: ctx.now() }] } });
    });
    ctx.after(readyDelay + KUBELET_WRITE_DELAY_MS, () => this.start(pod, ctx, plan));
  }

  private start(pod: KubeObject, ctx: ControllerContext, plan: PodPlan): void {
    const live = current(ctx, pod);
    if (!live || live.metadata.deletionTimestamp !== undefined || live.status?.phase !== 'Pending') return;
    const node = live.spec?.nodeName as string | undefined;
    if (!kubeletRunning(ctx, node)) {
      if (node) this.park(node, live.metadata.uid ?? '', () => this.start(pod, ctx, plan));
      return;
    }
    // The attach/detach controller: a ReadWriteOnce volume still attached to another node (its pod
    // is not gone yet, e.g. Terminating on an unreachable node) cannot attach here.
    const conflict = multiAttachConflict(ctx, live, node!);
    if (conflict) {
      const uid = live.metadata.uid ?? '';
      if (this.reported.get(uid) !== conflict) ctx.event(live, 'Warning', 'FailedAttachVolume', conflict);
      this.reported.set(uid, conflict);
      this.blocked.set(uid, () => this.start(pod, ctx, plan));
      return;
    }
    const t = ctx.now();
    const containers: any[] = live.spec?.containers ?? [];
    guarded(() => {
      ctx.store.updateStatus({
        ...live,
        status: {
          ...live.status,
          phase: 'Running',
          hostIP: nodeIP(ctx, node!) ?? '10.0.0.10',
          podIP: ctx.random.podIp(),
          startTime: t,
          conditions: conditions(plan.ready, t),
          containerStatuses: containers.map((c) => ({
            name: c?.name,
            image: c?.image,
            ready: plan.ready,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: t } },
          })),
        },
      });
    });
  }

  /** Claims or classes changed: retry the pods waiting for them (the scheduler requeues on PVC events). */
  retryBlocked(ctx: ControllerContext): void {
    for (const [uid, retry] of [...this.blocked]) {
      this.blocked.delete(uid);
      ctx.after(KUBELET_WATCH_DELAY_MS, retry);
    }
  }

  /** A graceful deletion: terminate after min(terminateDelayMs, grace), NotReady, then remove. */
  onPodDeleting(pod: KubeObject, ctx: ControllerContext): void {
    const uid = pod.metadata.uid ?? '';
    const node = pod.spec?.nodeName as string | undefined;
    // Nobody is there to stop the containers: the pod stays Terminating until the node returns,
    // the node is deleted (PodGC) or someone force-deletes it.
    if (node && !kubeletRunning(ctx, node)) {
      if (ctx.store.get('Node', '', node)) this.park(node, uid, () => this.onPodDeleting(current(ctx, pod) ?? pod, ctx));
      return;
    }
    if (this.terminating.has(uid)) return;
    this.terminating.add(uid);
    const graceMs = Math.max(0, (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000);
    const wait = Math.min(Math.max(0, ctx.kubelet.terminateDelayMs), graceMs);
    ctx.after(KUBELET_WATCH_DELAY_MS + wait, () => {
      const live = current(ctx, pod);
      if (!live) {
        this.terminating.delete(uid);
        return;
      }
      const wasRunning = live.status?.phase === 'Running';
      if (wasRunning) {
        const t = ctx.now();
        const conds = (live.status?.conditions ?? []).map((c: any) =>
          (c.type === 'Ready' || c.type === 'ContainersReady') && c.status !== 'False' ? { ...c, status: 'False', lastTransitionTime: t } : c,
        );
        guarded(() => {
          ctx.store.updateStatus({ ...live, status: { ...live.status, conditions: conds, containerStatuses: (live.status?.containerStatuses ?? []).map((s: any) => ({ ...s, ready: false })) } });
        });
      }
      ctx.after(KUBELET_REMOVE_DELAY_MS, () => {
        this.terminating.delete(uid);
        const again = current(ctx, pod);
        if (!again) return;
        guarded(() => {
          ctx.store.delete('Pod', again.metadata.namespace, again.metadata.name, { gracePeriodSeconds: 0, uid: again.metadata.uid });
        });
      });
    });
  }
}

export const KUBELET_MODEL = 'kubelet-model';

export function createKubelet(): Controller {
  const model = new KubeletModel();
  let registered = false;
  return {
    name: 'kubelet',
    watches: [
      {
        kind: 'Pod',
        keys: (e, ctx) => {
          if (!registered) {
            ctx.shared.set(KUBELET_MODEL, model);
            registered = true;
          }
          model.index.onPod(e.type, e.object);
          if (e.type === 'DELETED') model.retryBlocked(ctx);
          if (e.type === 'ADDED') model.onPodAdded(e.object, ctx);
          else if (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp !== undefined && e.old?.metadata.deletionTimestamp === undefined) {
            model.onPodDeleting(e.object, ctx);
          }
          return [];
        },
      },
      { kind: 'PersistentVolumeClaim', keys: (_e, ctx) => (model.retryBlocked(ctx), []) },
      { kind: 'StorageClass', keys: (_e, ctx) => (model.retryBlocked(ctx), []) },
      { kind: 'Node', keys: (_e, ctx) => (model.retryBlocked(ctx), []) },
    ],
    sync() {},
  };
}

/**
 * `Multi-Attach error for volume …`: a ReadWriteOnce claim of `pod` is used by a pod (Running or
 * Terminating) that is bound to another node, so its volume is still attached there.
 */
export function multiAttachConflict(ctx: ControllerContext, pod: KubeObject, node: string): string | undefined {
  for (const claim of podClaims(pod, ctx)) {
    const modes: string[] = claim.spec?.accessModes ?? [];
    if (!modes.includes('ReadWriteOnce') || modes.includes('ReadWriteMany') || modes.includes('ReadOnlyMany')) continue;
    for (const other of ctx.store.list('Pod', pod.metadata.namespace)) {
      if (other.metadata.uid === pod.metadata.uid || !other.spec?.nodeName || other.spec.nodeName === node) continue;
      if (other.status?.phase !== 'Running') continue;
      const uses = (other.spec?.volumes ?? []).some((v: any) => v?.persistentVolumeClaim?.claimName === claim.metadata.name);
      if (!uses) continue;
      const volume = claim.spec?.volumeName ?? claim.metadata.name;
      return `Multi-Attach error for volume "${volume}" Volume is already used by pod(s) ${other.metadata.name}`;
    }
  }
  return undefined;
}

/** The PersistentVolumeClaims the pod's volumes name that exist in its namespace. */
function podClaims(pod: KubeObject, ctx: ControllerContext): KubeObject[] {
  const out: KubeObject[] = [];
  for (const v of Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : []) {
    const name = v?.persistentVolumeClaim?.claimName;
    if (typeof name !== 'string') continue;
    const claim = ctx.store.get('PersistentVolumeClaim', pod.metadata.namespace, name);
    if (claim) out.push(claim);
  }
  return out;
}
