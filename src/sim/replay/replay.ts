// Replays a trace scenario (shared/reference/k8s-traces/README.md "The replay contract") and
// prints the normalized timeline in the NAME.expected.txt format.
import { load } from 'js-yaml';
import type { KubeObject, KubeletConfig } from '../api';
import { SimCluster } from '../cluster/cluster';
import { REVISION_LABEL } from '../cluster/timeline';
import { controllerRef } from '../cluster/objects';

/** The real traces took their final snapshot a few seconds after `until`; so do we. */
export const FINAL_SETTLE_MS = 2500;
/** Hard bound on scenario steps. */
const MAX_STEPS = 10_000;

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

type Step = { at: number } & Record<string, unknown>;

interface Scenario {
  name?: string;
  manifests?: string[];
  kubelet?: Partial<KubeletConfig>;
  until?: number;
  steps?: Step[];
}

function parseScenario(text: string): Scenario {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    throw new ScenarioError(`The scenario is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object') throw new ScenarioError('The scenario must be a YAML map with `steps`.');
  const s = doc as Scenario;
  if (s.steps !== undefined && !Array.isArray(s.steps)) throw new ScenarioError('`steps` must be a list of {at, ACTION}.');
  if ((s.steps ?? []).length > MAX_STEPS) throw new ScenarioError(`A scenario may have at most ${MAX_STEPS} steps.`);
  return s;
}

function runStep(cluster: SimCluster, step: Step, readFile: (name: string) => string): void {
  const known = [
    'kubelet', 'apply', 'patch', 'scale', 'deletePod', 'delete', 'failPod', 'setReady',
    // Beyond the traces' vocabulary: nodes and traffic (their timeline lines are appended, never changed).
    'stopNode', 'startNode', 'cordon', 'uncordon', 'drain', 'request', 'startClient', 'stopClient',
  ];
  const action = Object.keys(step).find((k) => k !== 'at');
  if (!action || !known.includes(action)) {
    throw new ScenarioError(`Step at ${step.at} ms has no known action (expected one of: ${known.join(', ')}).`);
  }
  const arg = step[action] as any;
  switch (action) {
    case 'kubelet':
      cluster.setKubelet(arg ?? {});
      return;
    case 'apply': {
      const result = cluster.apply(readFile(String(arg)));
      if (!result.ok) throw new ScenarioError(`apply ${arg} failed: ${result.diagnostics.map((d) => d.message).join('; ')}`);
      return;
    }
    case 'patch':
    case 'scale': {
      const result = action === 'patch' ? cluster.patch(arg?.kind, arg?.name, arg?.body) : cluster.scale(arg?.kind, arg?.name, Number(arg?.replicas));
      if (!result.ok) throw new ScenarioError(`${action} at ${step.at} ms failed: ${result.diagnostics.map((d) => d.message).join('; ')}`);
      return;
    }
    case 'deletePod':
      cluster.deletePod(String(arg));
      return;
    case 'delete':
      cluster.deleteObject(arg.kind, arg.name, { propagationPolicy: 'Background' });
      return;
    case 'failPod':
      cluster.failPod(String(arg));
      return;
    case 'setReady':
      cluster.setReady(String(arg.pod), arg.ready !== false);
      return;
    case 'stopNode':
    case 'startNode':
    case 'cordon':
    case 'uncordon':
    case 'drain':
      try {
        cluster[action](String(arg));
      } catch (err) {
        throw new ScenarioError(`${action} at ${step.at} ms failed: ${(err as Error).message}`);
      }
      return;
    case 'request': {
      const target = typeof arg === 'string' ? arg : String(arg?.target ?? '');
      cluster.request(target, typeof arg === 'object' && arg ? arg : {});
      return;
    }
    case 'startClient':
      try {
        cluster.startClient(arg);
      } catch (err) {
        throw new ScenarioError(`startClient at ${step.at} ms failed: ${(err as Error).message}`);
      }
      return;
    case 'stopClient':
      cluster.stopClient(String(arg));
      return;
  }
}

function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

function revisionNumberOf(cluster: SimCluster, namespace: string | undefined, name: string | undefined): string {
  if (!name) return '?';
  const rev = cluster.engine.store.get('ControllerRevision', namespace, name);
  return rev ? String((rev as any).revision) : '?';
}

/** The `# final` section. */
export function finalLines(cluster: SimCluster): string[] {
  const store = cluster.engine.store;
  const rec = cluster.recorder;
  const lines: string[] = [];
  const pods = store.list('Pod').map((p) => ({ pod: p, name: rec.alias('pod', p.metadata.name) }));
  pods.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { pod, name } of pods) {
    const ref = controllerRef(pod);
    const owner = ref?.kind === 'ReplicaSet' ? `rs=${rec.alias('rs', ref.name)}` : `rev=${revisionNumberOf(cluster, pod.metadata.namespace, pod.metadata.labels?.[REVISION_LABEL])}`;
    const parts = [`final pod/${name}`, owner, pod.status?.phase ?? 'Unknown'];
    if (pod.status?.phase === 'Running' && isReady(pod)) parts.push('ready');
    if (pod.metadata.deletionTimestamp !== undefined) parts.push('deleting');
    lines.push(parts.join(' '));
  }
  const pvcs = [...store.list('PersistentVolumeClaim')].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const pvc of pvcs) {
    const owners = (pvc.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`);
    lines.push(`final pvc/${pvc.metadata.name}${owners.length ? ` owners=${owners.join(',')}` : ''}`);
  }
  for (const set of [...store.list('StatefulSet')].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    const s = set.status ?? {};
    lines.push(
      `final statefulset/${set.metadata.name} replicas=${s.replicas ?? 0} ready=${s.readyReplicas ?? 0} current=${s.currentReplicas ?? 0} updated=${s.updatedReplicas ?? 0} currentRevision=${revisionNumberOf(cluster, set.metadata.namespace, s.currentRevision)} updateRevision=${revisionNumberOf(cluster, set.metadata.namespace, s.updateRevision)}`,
    );
  }
  for (const d of [...store.list('Deployment')].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    const s = d.status ?? {};
    lines.push(`final deployment/${d.metadata.name} replicas=${s.replicas ?? 0} ready=${s.readyReplicas ?? 0} updated=${s.updatedReplicas ?? 0} available=${s.availableReplicas ?? 0}`);
  }
  return lines;
}

/** Runs the scenario; returns the timeline text (`T EVENT` lines, `# final`, final lines). */
export function replayScenario(scenarioYaml: string, readFile: (name: string) => string, options: { seed?: number } = {}): string {
  const scenario = parseScenario(scenarioYaml);
  const cluster = new SimCluster({ seed: options.seed ?? 1, kubelet: scenario.kubelet ?? {} });
  const steps = [...(scenario.steps ?? [])].sort((a, b) => Number(a.at) - Number(b.at));
  for (const step of steps) {
    const at = Number(step.at);
    if (!Number.isFinite(at) || at < 0) throw new ScenarioError(`Every step needs "at" (ms from the start, 0 or more); got ${JSON.stringify(step.at)}.`);
    cluster.advance(at - cluster.now());
    runStep(cluster, step, readFile);
  }
  const until = Math.max(Number(scenario.until ?? 0), cluster.now());
  cluster.advance(until - cluster.now() + FINAL_SETTLE_MS);
  const rec = cluster.recorder;
  const lines = rec.entries.map((e) => {
    const detail = e.text.slice(`${e.kind}/${e.name} ${e.event}`.length);
    const shown = detail;
    return `${Math.round(e.t)} ${e.kind}/${rec.alias(e.kind, e.name)} ${e.event}${shown}`;
  });
  return [...lines, '# final', ...finalLines(cluster)].join('\n') + '\n';
}
