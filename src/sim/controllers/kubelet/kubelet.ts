// The scripted kubelet of the traces' README, as data-driven stages (like kwok): bind a new pod
// after bindDelayMs, start it (Running, Ready unless neverReady/unready) readyDelayMs later (plus
// n × staggerMs for the n-th pod started under the current model), and on a graceful delete wait
// terminateDelayMs (capped by the grace period), mark it NotReady, then remove it.
import type { KubeObject } from '../../api';
import type { Controller, ControllerContext } from '../../cluster/controller';
import { KUBELET_REMOVE_DELAY_MS, KUBELET_WATCH_DELAY_MS, KUBELET_WRITE_DELAY_MS } from '../../cluster/latency';
import { ApiError } from '../../cluster/store';
import { podVolumesSchedulable } from '../volume';

export const NODE_NAME = 'fake-node';
export const HOST_IP = '10.0.0.10';

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
    this.blocked.delete(uid);
    this.reported.delete(uid);
    guarded(() => {
      const bound = ctx.store.update({ ...live, spec: { ...live.spec, nodeName: NODE_NAME } });
      ctx.store.updateStatus({ ...bound, status: { ...bound.status, conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: ctx.now() }] } });
    });
    ctx.after(readyDelay + KUBELET_WRITE_DELAY_MS, () => this.start(pod, ctx, plan));
  }

  private start(pod: KubeObject, ctx: ControllerContext, plan: PodPlan): void {
    const live = current(ctx, pod);
    if (!live || live.metadata.deletionTimestamp !== undefined || live.status?.phase !== 'Pending') return;
    const t = ctx.now();
    const containers: any[] = live.spec?.containers ?? [];
    guarded(() => {
      ctx.store.updateStatus({
        ...live,
        status: {
          ...live.status,
          phase: 'Running',
          hostIP: HOST_IP,
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
          if (e.type === 'ADDED') model.onPodAdded(e.object, ctx);
          else if (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp !== undefined && e.old?.metadata.deletionTimestamp === undefined) {
            model.onPodDeleting(e.object, ctx);
          }
          return [];
        },
      },
      { kind: 'PersistentVolumeClaim', keys: (_e, ctx) => (model.retryBlocked(ctx), []) },
      { kind: 'StorageClass', keys: (_e, ctx) => (model.retryBlocked(ctx), []) },
    ],
    sync() {},
  };
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
