// A hand-built evaluation context: the evaluators are judged on plain objects, with no engine.
import type { AppStatus, ClusterEvent, KubeObject, RequestResult, TimelineEntry } from '../../src/sim';
import type { EvalContext } from '../../src/grader/context';
import type { Exercise } from '../../src/exercises';

export function pod(name: string, opts: { owner?: [string, string]; ready?: boolean; phase?: string; ip?: string; claims?: string[]; hash?: string; uid?: string; terminating?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: opts.uid ?? `uid-${name}`,
      labels: { app: 'nginx', ...(opts.hash ? { 'controller-revision-hash': opts.hash } : {}) },
      ...(opts.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: opts.owner[0], name: opts.owner[1], uid: 'u', controller: true }] } : {}),
      ...(opts.terminating ? { deletionTimestamp: 100 } : {}),
    },
    spec: { volumes: (opts.claims ?? []).map((c) => ({ name: 'www', persistentVolumeClaim: { claimName: c } })) },
    status: {
      phase: opts.phase ?? 'Running',
      ...(opts.ip ? { podIP: opts.ip } : {}),
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
    },
  };
}

export function obj(kind: string, name: string, rest: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name, uid: `uid-${name}` }, ...rest } as KubeObject;
}

export function entry(t: number, text: string): TimelineEntry {
  const [ref, event] = text.split(' ');
  const [kind, name] = ref.split('/');
  return { t, text, kind, name, event };
}

export function context(parts: {
  objects?: KubeObject[];
  timeline?: string[];
  events?: ClusterEvent[];
  dns?: Record<string, string[]>;
  files?: Record<string, string>;
  snapshots?: EvalContext['snapshots'];
  diagnostics?: EvalContext['diagnostics'];
  exercise?: Partial<Exercise>;
  answers?: EvalContext['answers'];
  apps?: Record<string, Omit<AppStatus, 'pod'>>;
  requests?: Record<string, RequestResult[]>;
}): EvalContext {
  const objects = parts.objects ?? [];
  return {
    exercise: (parts.exercise ?? {}) as Exercise,
    view: {
      get: (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name),
      list: (kind, selector) =>
        objects.filter((o) => o.kind === kind && Object.entries(selector ?? {}).every(([k, v]) => o.metadata.labels?.[k] === v)),
      resolve: (name) => parts.dns?.[name] ?? [],
      readFile: (p, path) => parts.files?.[`${p}:${path}`],
      appStatus: (p) => (parts.apps?.[p] ? { pod: p, ...parts.apps[p] } : undefined),
    },
    diagnostics: parts.diagnostics ?? [],
    timeline: (parts.timeline ?? []).map((line, i) => entry(i * 100, line)),
    events: parts.events ?? [],
    snapshots: parts.snapshots ?? {},
    answers: parts.answers ?? {},
    requests: parts.requests ?? {},
  };
}
