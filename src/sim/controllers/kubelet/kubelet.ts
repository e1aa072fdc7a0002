// The scripted kubelet of the traces' README, as data-driven stages (like kwok): bind a new pod
// after bindDelayMs to the node the scheduler picks (controllers/node/scheduler.ts), start it (Running, Ready unless neverReady/unready) readyDelayMs later (plus
// n × staggerMs for the n-th pod started under the current model), and on a graceful delete wait
// terminateDelayMs (capped by the grace period), mark it NotReady, then remove it.
import type { KubeObject } from '../../api';
import type { Controller, ControllerContext } from '../../cluster/controller';
import { KUBELET_REMOVE_DELAY_MS, KUBELET_WATCH_DELAY_MS, KUBELET_WRITE_DELAY_MS } from '../../cluster/latency';
import { ApiError } from '../../cluster/store';
import { podVolumesSchedulable } from '../volume';
import { chooseNode, NodeIndex, preBindVolumes } from '../node/scheduler';
import { kubeletRunning, nodeIP } from '../node/nodes';
import { podConfigErrors } from '../config/env';
import { deepEqual } from '../../cluster/objects';

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
  /**
   * Pods whose containers cannot be created for a missing ConfigMap/Secret or key
   * (CreateContainerConfigError): uid → first failure time and the retry. The kubelet retries every
   * CONFIG_RETRY_MS; as only a ConfigMap/Secret change can end the error, the retry is scheduled on
   * such a change, at the next multiple of the period after the first failure (same observable times,
   * and an idle cluster stays idle).
   */
  private configWaiting = new Map<string, { since: number; retry: () => void; scheduled: boolean }>();
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
    // VolumeBinding PreBind: the static PVs picked for WaitForFirstConsumer claims (rarely lost to a race: retry).
    if (placement.volumeBindings && !preBindVolumes(ctx, placement.volumeBindings)) {
      ctx.after(KUBELET_WATCH_DELAY_MS, () => this.bind(pod, ctx, readyDelay, plan));
      return;
    }
    this.blocked.delete(uid);
    this.reported.delete(uid);
    const nodeName = placement.node;
    // The scheduler's Bind: spec.nodeName and PodScheduled=True in one write (store.bindPod).
    guarded(() => ctx.store.bindPod(live.metadata.namespace, live.metadata.name, nodeName, live.metadata.uid));
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
    // kubelet makeEnvironmentVariables: a missing ConfigMap/Secret or key keeps the container from being created.
    const configErrors = podConfigErrors(ctx, live);
    if (configErrors) {
      this.configError(pod, live, ctx, plan, node!, configErrors);
      return;
    }
    if (this.configWaiting.delete(live.metadata.uid ?? '')) this.reported.delete(live.metadata.uid ?? '');
    const t = ctx.now();
    const containers: any[] = live.spec?.containers ?? [];
    // A pod that waited for its configuration already has its sandbox (IP, start time) and may have running containers.
    const previous = (name: unknown) => (live.status?.containerStatuses ?? []).find((s: any) => s?.name === name)?.state?.running?.startedAt;
    guarded(() => {
      ctx.store.updateStatus({
        ...live,
        status: {
          ...live.status,
          phase: 'Running',
          hostIP: nodeIP(ctx, node!) ?? '10.0.0.10',
          podIP: live.status?.podIP ?? ctx.random.podIp(),
          startTime: live.status?.startTime ?? t,
          conditions: conditions(plan.ready, t),
          containerStatuses: containers.map((c) => ({
            name: c?.name,
            image: c?.image,
            ready: plan.ready,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: previous(c?.name) ?? t } },
          })),
        },
      });
    });
  }

  /**
   * CreateContainerConfigError: the pod keeps its sandbox (node, IP) but stays Pending; each failing
   * container waits with that reason and the upstream message; the others run. One Warning `Failed`
   * event `Error: <message>` per distinct message (upstream repeats it at every retry).
   */
  private configError(pod: KubeObject, live: KubeObject, ctx: ControllerContext, plan: PodPlan, node: string, errors: Map<string, string>): void {
    const uid = live.metadata.uid ?? '';
    const t = ctx.now();
    const since = this.configWaiting.get(uid)?.since ?? t;
    this.configWaiting.set(uid, { since, retry: () => this.start(pod, ctx, plan), scheduled: false });
    const message = `Error: ${errors.values().next().value}`;
    if (this.reported.get(uid) !== message) ctx.event(live, 'Warning', 'Failed', message);
    this.reported.set(uid, message);
    const containers: any[] = live.spec?.containers ?? [];
    const old: any[] = live.status?.containerStatuses ?? [];
    const scheduled = (live.status?.conditions ?? []).find((c: any) => c?.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastTransitionTime: t };
    const unready = `containers with unready status: [${containers.map((c) => c?.name).join(' ')}]`;
    const keep = (type: string) => (live.status?.conditions ?? []).find((c: any) => c?.type === type && c.status === 'False');
    const status = {
      ...live.status,
      phase: 'Pending',
      hostIP: live.status?.hostIP ?? nodeIP(ctx, node) ?? '10.0.0.10',
      podIP: live.status?.podIP ?? ctx.random.podIp(),
      startTime: live.status?.startTime ?? t,
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: (live.status?.conditions ?? []).find((c: any) => c?.type === 'Initialized')?.lastTransitionTime ?? t },
        keep('Ready') ?? { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: unready, lastTransitionTime: t },
        keep('ContainersReady') ?? { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: unready, lastTransitionTime: t },
        scheduled,
      ],
      containerStatuses: containers.map((c) => {
        const base = { name: c?.name, image: c?.image, ready: false, restartCount: 0 };
        const error = errors.get(c?.name);
        if (error) return { ...base, started: false, state: { waiting: { reason: 'CreateContainerConfigError', message: error } } };
        const startedAt = old.find((s: any) => s?.name === c?.name)?.state?.running?.startedAt ?? t;
        return { ...base, started: true, state: { running: { startedAt } } };
      }),
    };
    if (!deepEqual(status, live.status)) guarded(() => void ctx.store.updateStatus({ ...live, status }));
  }

  /** A ConfigMap or Secret changed: retry the pods waiting for configuration at their next 10 s tick. */
  retryConfig(ctx: ControllerContext): void {
    const now = ctx.now();
    for (const [uid, entry] of this.configWaiting) {
      if (entry.scheduled) continue;
      entry.scheduled = true;
      const ticks = Math.max(1, Math.ceil((now + KUBELET_WATCH_DELAY_MS - entry.since) / CONFIG_RETRY_MS));
      ctx.after(entry.since + ticks * CONFIG_RETRY_MS - now, () => {
        if (this.configWaiting.get(uid) !== entry) return;
        this.configWaiting.delete(uid);
        entry.retry();
      });
    }
  }

  /** The pod is gone: forget its configuration wait. */
  forget(uid: string | undefined): void {
    if (uid) this.configWaiting.delete(uid);
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
/** How often the kubelet retries a container it could not create (CreateContainerConfigError), simulated. */
export const CONFIG_RETRY_MS = 10_000;

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
          if (e.type === 'DELETED') {
            model.forget(e.object.metadata.uid);
            model.retryBlocked(ctx);
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
      { kind: 'Node', keys: (_e, ctx) => (model.retryBlocked(ctx), []) },
      // CreateContainerConfigError: the missing ConfigMap/Secret (or key) may have appeared.
      { kind: 'ConfigMap', keys: (_e, ctx) => (model.retryConfig(ctx), []) },
      { kind: 'Secret', keys: (_e, ctx) => (model.retryConfig(ctx), []) },
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
