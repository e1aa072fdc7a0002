// A tiny in-memory world that runs the ReplicaSet and Deployment algorithms without the engine:
// pods become Ready one tick after creation, deleted pods vanish at once.
import type { KubeObject } from '../../../../src/sim/api';
import { syncDeployment } from '../../../../src/sim/controllers/deployment/rollout';
import { syncReplicaSet } from '../../../../src/sim/controllers/replicaset/replica_set';

export class FakeWorld {
  objects: KubeObject[] = [];
  events: string[] = [];
  tick = 0;
  private seq = 0;

  get(kind: string, name: string) {
    return this.objects.find((o) => o.kind === kind && o.metadata.name === name);
  }
  list(kind: string) {
    return this.objects.filter((o) => o.kind === kind);
  }
  put(obj: KubeObject) {
    const i = this.objects.findIndex((o) => o.kind === obj.kind && o.metadata.name === obj.metadata.name);
    if (i >= 0) this.objects[i] = obj;
    else this.objects.push(obj);
  }
  remove(obj: KubeObject) {
    this.objects = this.objects.filter((o) => !(o.kind === obj.kind && o.metadata.name === obj.metadata.name));
  }
  ownedBy(owner: KubeObject, kind: string) {
    return this.list(kind).filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid));
  }

  applyDeployment(d: KubeObject) {
    const old = this.get('Deployment', d.metadata.name);
    const generation = old ? (JSON.stringify(old.spec) === JSON.stringify(d.spec) ? old.metadata.generation : (old.metadata.generation ?? 1) + 1) : 1;
    this.put({ ...structuredClone(d), metadata: { ...d.metadata, uid: `uid-${d.metadata.name}`, generation, annotations: old?.metadata.annotations ?? d.metadata.annotations }, status: old?.status });
  }

  /** One tick: pods created earlier turn Ready, then every ReplicaSet and Deployment syncs (a few rounds). */
  step() {
    this.tick++;
    for (const pod of this.list('Pod')) {
      if (pod.status?.phase === 'Pending' && pod.metadata.creationTimestamp! < this.tick) {
        pod.status = { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: this.tick }] };
      }
    }
    for (let round = 0; round < 4; round++) {
      for (const rs of this.list('ReplicaSet')) this.syncRS(rs);
      for (const d of this.list('Deployment')) this.syncD(d);
    }
  }

  private syncRS(rs: KubeObject) {
    syncReplicaSet(rs, {
      now: () => this.tick,
      pods: () => this.list('Pod'),
      relatedPods: () => this.list('Pod'),
      createPod: (pod) => {
        const name = `${pod.metadata.generateName}${++this.seq}`;
        this.put({ ...pod, metadata: { ...pod.metadata, name, uid: `uid-${name}`, creationTimestamp: this.tick }, status: { phase: 'Pending' } });
        return true;
      },
      deletePod: (pod) => this.remove(pod),
      setOwnerReferences: (pod, refs) => this.put({ ...pod, metadata: { ...pod.metadata, ownerReferences: refs } }),
      updateStatus: (r, status) => this.put({ ...(this.get('ReplicaSet', r.metadata.name) as KubeObject), status }),
      event: (_o, _t, reason, message) => void this.events.push(`${reason}: ${message}`),
      requeueAfter: () => {},
    });
  }

  private syncD(d: KubeObject) {
    syncDeployment(d, {
      now: () => this.tick,
      replicaSets: () => this.ownedBy(this.get('Deployment', d.metadata.name) as KubeObject, 'ReplicaSet'),
      createReplicaSet: (rs) => {
        if (this.get('ReplicaSet', rs.metadata.name)) return 'exists';
        const created = { ...rs, metadata: { ...rs.metadata, uid: `uid-${rs.metadata.name}`, creationTimestamp: this.tick, generation: 1 } };
        this.put(created);
        return created;
      },
      updateReplicaSet: (rs) => (this.put(rs), rs),
      deleteReplicaSet: (rs) => {
        this.remove(rs);
        for (const p of this.ownedBy(rs, 'Pod')) this.remove(p);
      },
      updateDeploymentAnnotations: (dd, annotations) => {
        const cur = this.get('Deployment', dd.metadata.name) as KubeObject;
        this.put({ ...cur, metadata: { ...cur.metadata, annotations } });
      },
      updateDeploymentStatus: (dd, status) => {
        const cur = this.get('Deployment', dd.metadata.name) as KubeObject;
        this.put({ ...cur, status });
      },
      event: (_o, _t, reason, message) => void this.events.push(`${reason}: ${message}`),
      podsOwnedBy: (rs) => this.ownedBy(rs, 'Pod'),
      requeueAfter: () => {},
    });
  }
}

export function deployment(name: string, replicas: number, image: string, strategy: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: name } },
      strategy,
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
    },
  };
}
