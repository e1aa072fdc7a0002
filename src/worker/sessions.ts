// The playground's interactive clusters, kept in the worker between requests. At most
// SIM_SESSION_LIMIT live at once; opening one more drops the least recently used, whose later
// requests get SESSION_GONE_MESSAGE. Time moves only when an action asks (advance, runUntilStable).
import { DEFAULT_MAX_MS, DEFAULT_MAX_STEPS, runScenario, seedFor } from '../grader';
import { createCluster, type AppStatus, type Cluster, type Diagnostic, type TrafficStats } from '../sim';
import { SESSION_GONE_MESSAGE, SIM_HISTORY_LIMIT, SIM_SESSION_LIMIT, type Exercise, type SimAction, type SimState } from './protocol';

/** The longest single advance a learner may ask for (one simulated hour). */
export const MAX_ADVANCE_MS = 3_600_000;
export const MAX_STEPS = 20_000;

export class SessionGoneError extends Error {
  constructor() {
    super(SESSION_GONE_MESSAGE);
  }
}

function problem(message: string, code: string): Diagnostic {
  return { severity: 'error', code, message, line: 0, column: 0 };
}

export class SimSessions {
  /** Insertion order is recency: a used session is moved to the end. */
  private readonly clusters = new Map<string, Cluster>();
  private next = 1;

  constructor(private readonly limit = SIM_SESSION_LIMIT) {}

  get size(): number {
    return this.clusters.size;
  }

  has(session: string): boolean {
    return this.clusters.has(session);
  }

  open(yaml: string, seed?: number, exercise?: Exercise): SimState {
    const scenario = exercise?.scenario;
    // Built as gradeYaml builds it, so an exercise's session starts where the checked run ended.
    const cluster = createCluster({ seed: exercise ? seedFor(exercise.id) : (seed ?? 1), ...(scenario?.kubelet ? { kubelet: scenario.kubelet } : {}) });
    const session = `sim-${this.next++}`;
    const before = cluster.history().length;
    const result = cluster.apply(yaml);
    if (exercise && result.ok) {
      const steps = scenario?.steps ?? [{ runUntilStable: true as const }];
      runScenario(cluster, steps, { maxSteps: DEFAULT_MAX_STEPS, maxMs: DEFAULT_MAX_MS }, () => undefined);
    }
    this.clusters.set(session, cluster);
    while (this.clusters.size > this.limit) {
      const oldest = this.clusters.keys().next().value as string;
      this.clusters.delete(oldest);
    }
    const applied = result.applied.map((a) => `${resourceName(a.kind)}/${a.name} ${a.action}`);
    return this.state(session, cluster, before, result.diagnostics, applied);
  }

  act(session: string, action: SimAction): SimState {
    const cluster = this.clusters.get(session);
    if (!cluster) throw new SessionGoneError();
    this.clusters.delete(session);
    this.clusters.set(session, cluster);
    const before = cluster.history().length;
    return this.state(session, cluster, before, perform(cluster, action), []);
  }

  close(session: string): boolean {
    return this.clusters.delete(session);
  }

  private state(session: string, cluster: Cluster, historyBefore: number, diagnostics: Diagnostic[], applied: string[]): SimState {
    const history = cluster.history();
    let fresh = history.slice(historyBefore);
    if (fresh.length === 0) fresh = [cluster.snapshot()];
    return {
      session,
      now: cluster.now(),
      objects: cluster.snapshot().objects,
      timeline: cluster.timeline(),
      events: cluster.events(),
      dns: cluster.dnsRecords(),
      diagnostics,
      applied,
      history: fresh.slice(-SIM_HISTORY_LIMIT),
      ...observe(cluster),
    };
  }
}

/**
 * The traffic counts and app statuses at the end of an exercise's checked run, for the simulator
 * view (the grader's run carries neither). The run is replayed exactly as the grader plays it (same
 * seed, kubelet model and steps), and only when it can have any: a pod runs an app model
 * (`sim.k8s.course/app`) or the scenario sends requests. Nothing is kept.
 */
export function observeExerciseRun(exercise: Exercise, yaml: string, lastObjects: readonly { kind: string; metadata: { annotations?: Record<string, string> } }[]): { traffic?: TrafficStats; apps?: AppStatus[] } {
  const steps = exercise.scenario?.steps ?? [];
  const sendsRequests = steps.some((step) => Object.keys(step).some((k) => /client|request/i.test(k)));
  const runsApps = lastObjects.some((o) => o.kind === 'Pod' && o.metadata.annotations?.['sim.k8s.course/app'] !== undefined);
  if (!sendsRequests && !runsApps) return {};
  const scenario = exercise.scenario;
  const cluster = createCluster({ seed: seedFor(exercise.id), ...(scenario?.kubelet ? { kubelet: scenario.kubelet } : {}) });
  if (!cluster.apply(yaml).ok) return {};
  runScenario(cluster, scenario?.steps ?? [{ runUntilStable: true as const }], { maxSteps: DEFAULT_MAX_STEPS, maxMs: DEFAULT_MAX_MS }, () => undefined);
  return observe(cluster);
}

/** Traffic counts and app statuses, when the run has any (an engine that does not model them yet throws: then none). */
function observe(cluster: Cluster): { traffic?: TrafficStats; apps?: AppStatus[] } {
  const out: { traffic?: TrafficStats; apps?: AppStatus[] } = {};
  try {
    const traffic = cluster.trafficStats();
    if (Object.keys(traffic.totals).length > 0 || traffic.failed > 0) out.traffic = traffic;
  } catch {
    // not modelled: the view shows no traffic
  }
  const apps: AppStatus[] = [];
  for (const pod of cluster.list('Pod')) {
    try {
      const status = cluster.appStatus(pod.metadata.name);
      if (status) apps.push(status);
    } catch {
      // not modelled
    }
  }
  if (apps.length) out.apps = apps.sort((a, b) => a.pod.localeCompare(b.pod, 'en', { numeric: true }));
  return out;
}

/** `statefulset.apps`, `service`: the resource words kubectl prints before the name. */
export function resourceName(kind: string): string {
  const group: Record<string, string> = { StatefulSet: 'apps', Deployment: 'apps', ReplicaSet: 'apps', DaemonSet: 'apps', ControllerRevision: 'apps', Job: 'batch', StorageClass: 'storage.k8s.io', PodDisruptionBudget: 'policy' };
  const lower = kind.toLowerCase();
  return group[kind] ? `${lower}.${group[kind]}` : lower;
}

function notFound(kind: string, name: string): Diagnostic {
  return problem(`There is no ${kind} named "${name}". Check the name with \`kubectl get pods\`.`, 'not-found');
}

/** The engine throws an Error written for the learner when a verb cannot be done (a node it does not know, a verb not modelled yet). */
function attempt(what: () => void): Diagnostic[] {
  try {
    what();
    return [];
  } catch (err) {
    return [problem(err instanceof Error ? err.message : String(err), 'action-failed')];
  }
}

function nodeNames(cluster: Cluster): string[] {
  return cluster.list('Node').map((n) => n.metadata.name).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function perform(cluster: Cluster, action: SimAction): Diagnostic[] {
  switch (action.type) {
    case 'stopNode':
    case 'startNode':
    case 'cordon':
    case 'uncordon':
    case 'drain': {
      const nodes = nodeNames(cluster);
      if (nodes.length > 0 && !nodes.includes(action.node)) {
        return [problem(`There is no node named "${action.node}". The cluster's nodes: ${nodes.join(', ')}.`, 'not-found')];
      }
      const node = action.node;
      const verb = action.type;
      return attempt(() => cluster[verb](node));
    }
    case 'scale':
      return cluster.scale(action.kind, action.name, action.replicas).diagnostics;
    case 'deletePod':
      if (!cluster.get('Pod', action.name)) return [notFound('Pod', action.name)];
      cluster.deletePod(action.name, { force: action.force === true });
      return [];
    case 'failPod':
      if (!cluster.get('Pod', action.name)) return [notFound('Pod', action.name)];
      cluster.failPod(action.name);
      return [];
    case 'setReady':
      if (!cluster.get('Pod', action.pod)) return [notFound('Pod', action.pod)];
      cluster.setReady(action.pod, action.ready);
      return [];
    case 'setImage': {
      const owner = cluster.get(action.kind, action.name);
      if (!owner) return [problem(`There is no ${action.kind} named "${action.name}". Apply it first, or check the name.`, 'not-found')];
      const containers = (owner.spec?.template?.spec?.containers ?? []) as Array<{ name?: string }>;
      const container = action.container ?? containers[0]?.name;
      if (!container || !containers.some((c) => c.name === container)) {
        return [problem(`${action.kind} "${action.name}" has no container named "${action.container ?? ''}". Its containers: ${containers.map((c) => c.name).join(', ') || 'none'}.`, 'container-not-found')];
      }
      return cluster.patch(action.kind, action.name, { spec: { template: { spec: { containers: [{ name: container, image: action.image }] } } } }).diagnostics;
    }
    case 'advance': {
      cluster.advance(Math.min(Math.max(0, action.ms), MAX_ADVANCE_MS));
      return [];
    }
    case 'runUntilStable': {
      const maxMs = Math.min(action.maxMs ?? MAX_ADVANCE_MS, MAX_ADVANCE_MS);
      const run = cluster.runUntilStable({ maxSteps: MAX_STEPS, maxMs });
      if (run.stable) return [];
      const span = maxMs === MAX_ADVANCE_MS ? 'one simulated hour' : `${Math.round(maxMs / 1000)} simulated seconds`;
      return [{ ...problem(`The cluster was still changing after ${span}; it stopped there. Something may be restarting forever (a pod that keeps failing?).`, 'not-stable'), severity: 'warning' }];
    }
  }
}
