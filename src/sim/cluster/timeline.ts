// The normalized timeline of the traces' README (`NAME.expected.txt` vocabulary), derived from
// watch events exactly like the recorder that produced the traces: one line per observable change.
import type { KubeObject, TimelineEntry } from '../api';
import type { ObjectStore, WatchEvent } from './store';
import { controllerRef } from './objects';

export const REVISION_LABEL = 'controller-revision-hash';

function isReady(pod: KubeObject | undefined): boolean {
  return pod?.status?.phase === 'Running' && (pod.status?.conditions ?? []).some((c: any) => c?.type === 'Ready' && c?.status === 'True');
}

export class TimelineRecorder {
  readonly entries: TimelineEntry[] = [];
  /** ReplicaSet name → K (1-based, creation order). */
  private rsNumbers = new Map<string, number>();
  /** Pod name → `rsK-I` for ReplicaSet pods. */
  readonly aliases = new Map<string, string>();
  private rsPodCounts = new Map<string, number>();

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number,
  ) {
    store.watch((e) => this.observe(e));
  }

  private push(kind: string, name: string, event: string, detail = ''): void {
    const text = `${kind}/${name} ${event}${detail ? ` ${detail}` : ''}`;
    this.entries.push({ t: this.now(), text, kind, name, event });
  }

  /** Revision number of the ControllerRevision a pod's label names (`rev=N`). */
  private podRevision(pod: KubeObject): string {
    const hash = pod.metadata.labels?.[REVISION_LABEL];
    if (!hash) return '?';
    const rev = this.store.get('ControllerRevision', pod.metadata.namespace, hash);
    return rev ? String((rev as any).revision) : '?';
  }

  private rsNumber(name: string): number {
    let k = this.rsNumbers.get(name);
    if (k === undefined) this.rsNumbers.set(name, (k = this.rsNumbers.size + 1));
    return k;
  }

  private observe(e: WatchEvent): void {
    const o = e.object;
    const name = o.metadata.name;
    switch (o.kind) {
      case 'ControllerRevision':
        if (e.type === 'ADDED') {
          const owner = controllerRef(o)?.name ?? name;
          this.push('revision', owner, 'created', `rev=${(o as any).revision}`);
        }
        return;
      case 'PersistentVolumeClaim':
        this.lifecycle('pvc', e);
        return;
      case 'ReplicaSet': {
        if (e.type === 'ADDED') this.push('rs', name, 'created', `replicas=${o.spec?.replicas ?? 1}`);
        else if (e.type === 'MODIFIED' && (e.old?.spec?.replicas ?? 1) !== (o.spec?.replicas ?? 1)) {
          this.push('rs', name, 'scaled', `replicas=${o.spec?.replicas ?? 1}`);
        }
        if (e.type === 'ADDED') this.rsNumber(name);
        return;
      }
      case 'Pod':
        this.pod(e);
        return;
      default:
        return;
    }
  }

  private lifecycle(kind: string, e: WatchEvent): void {
    const name = e.object.metadata.name;
    if (e.type === 'DELETED') this.push(kind, name, 'gone');
    else if (e.type === 'ADDED') this.push(kind, name, 'created');
    else if (e.old?.metadata.deletionTimestamp === undefined && e.object.metadata.deletionTimestamp !== undefined) this.push(kind, name, 'deleting');
  }

  private pod(e: WatchEvent): void {
    const pod = e.object;
    const name = pod.metadata.name;
    if (e.type === 'ADDED') {
      const ref = controllerRef(pod);
      if (ref?.kind === 'ReplicaSet') {
        const k = this.rsNumber(ref.name);
        const i = this.rsPodCounts.get(ref.name) ?? 0;
        this.rsPodCounts.set(ref.name, i + 1);
        this.aliases.set(name, `rs${k}-${i}`);
        this.push('pod', name, 'created', `rs=${k}`);
      } else if (pod.metadata.labels?.[REVISION_LABEL]) {
        this.push('pod', name, 'created', `rev=${this.podRevision(pod)}`);
      } else {
        this.push('pod', name, 'created');
      }
      return;
    }
    if (e.type === 'DELETED') {
      this.push('pod', name, 'gone');
      return;
    }
    const old = e.old!;
    if (old.status?.phase !== 'Failed' && pod.status?.phase === 'Failed') this.push('pod', name, 'failed');
    const wasReady = isReady(old);
    const ready = isReady(pod);
    if (!wasReady && ready) this.push('pod', name, 'ready');
    else if (wasReady && !ready && pod.status?.phase === 'Running') this.push('pod', name, 'notready');
    if (old.metadata.deletionTimestamp === undefined && pod.metadata.deletionTimestamp !== undefined) this.push('pod', name, 'deleting');
  }

  /** Normalized name for replay output: ReplicaSets as K, their pods as rsK-I. */
  alias(kind: string, name: string): string {
    if (kind === 'rs') return String(this.rsNumbers.get(name) ?? name);
    if (kind === 'pod') return this.aliases.get(name) ?? name;
    return name;
  }
}
