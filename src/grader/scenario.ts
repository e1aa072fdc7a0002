// Plays an exercise's scenario steps on a cluster, within a budget of engine steps (which bounds
// the wall-clock work) and of simulated time. Never throws for a step the learner's YAML makes
// impossible (e.g. scaling a set that does not exist): that becomes a note.
import type { ApplyResult, Cluster, RequestResult, RunResult } from '../sim';
import type { ScenarioStep } from '../exercises';
import { describeDiagnostic } from './diagnostics';

export interface RunBudget {
  maxSteps: number;
  maxMs: number;
}

export interface ScenarioOutcome {
  /** What went wrong in steps, in the learner's terms (shown under the failed checks). */
  notes: string[];
  /** Set when the budget ran out: the index of the step that could not finish. */
  stoppedAt?: number;
  stepsUsed: number;
}

export function describeStep(step: ScenarioStep): string {
  if (step.apply !== undefined) return 'apply the scenario manifests';
  if (step.scale) return `scale ${step.scale.kind} ${step.scale.name} to ${step.scale.replicas}`;
  if (step.patch) {
    const what = [step.patch.image && `image ${step.patch.image}`, step.patch.partition !== undefined && `partition ${step.patch.partition}`, step.patch.body && 'a patch']
      .filter(Boolean)
      .join(', ');
    return `patch ${step.patch.kind} ${step.patch.name} (${what})`;
  }
  if (step.deletePod) return `${step.deletePod.force ? 'force-delete' : 'delete'} pod ${step.deletePod.name}`;
  if (step.deleteObject) return `delete ${step.deleteObject.kind} ${step.deleteObject.name}`;
  if (step.failPod !== undefined) return `make pod ${step.failPod} fail`;
  if (step.setReady) return `mark pod ${step.setReady.pod} ${step.setReady.ready ? 'Ready' : 'NotReady'}`;
  if (step.kubelet) return 'change the kubelet model';
  if (step.writeFile) return `write ${step.writeFile.path} in pod ${step.writeFile.pod}`;
  if (step.advance !== undefined) return `wait ${step.advance} ms`;
  if (step.stopNode !== undefined) return `stop node ${step.stopNode}`;
  if (step.startNode !== undefined) return `start node ${step.startNode}`;
  if (step.cordon !== undefined) return `cordon node ${step.cordon}`;
  if (step.uncordon !== undefined) return `uncordon node ${step.uncordon}`;
  if (step.drain !== undefined) return `drain node ${step.drain}`;
  if (step.deleteNode !== undefined) return `delete node ${step.deleteNode}`;
  if (step.request) {
    const r = step.request;
    return `send ${r.count === 1 ? 'a' : r.count} ${r.method} request${r.count === 1 ? '' : 's'} to ${r.target}${r.path ?? '/'}`;
  }
  if (step.startClient) return `start client ${step.startClient.name} (${step.startClient.ratePerSecond}/s to ${step.startClient.target})`;
  if (step.stopClient !== undefined) return `stop client ${step.stopClient}`;
  return 'wait until the cluster settles';
}

function mergeDeep(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev && v && typeof prev === 'object' && typeof v === 'object' && !Array.isArray(prev) && !Array.isArray(v)
        ? mergeDeep(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** The strategic merge patch for a `patch` step: image goes to the first container, by name, as `kubectl set image` does. */
export function patchBody(cluster: Cluster, patch: NonNullable<ScenarioStep['patch']>): Record<string, unknown> | string {
  let body: Record<string, unknown> = {};
  if (patch.image !== undefined) {
    const containers: Array<{ name?: string }> | undefined = cluster.get(patch.kind, patch.name)?.spec?.template?.spec?.containers;
    const name = containers?.[0]?.name;
    if (!name) return `${patch.kind} ${patch.name} has no container to set the image of`;
    body = mergeDeep(body, { spec: { template: { spec: { containers: [{ name, image: patch.image }] } } } });
  }
  if (patch.partition !== undefined) {
    body = mergeDeep(body, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: patch.partition } } } });
  }
  if (patch.body) body = mergeDeep(body, patch.body);
  return body;
}

function applyNote(what: string, result: ApplyResult): string | undefined {
  if (result.ok) return undefined;
  const first = result.diagnostics.find((d) => d.severity === 'error');
  return `The scenario could not ${what}: ${first ? describeDiagnostic(first) : 'the simulator refused it'}.`;
}

/** Sends a `request` step's requests, all at the current simulated instant. */
function sendRequests(cluster: Cluster, request: NonNullable<ScenarioStep['request']>): RequestResult[] {
  const { target, count, ...rest } = request;
  const options = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const results: RequestResult[] = [];
  for (let i = 0; i < count; i++) results.push(cluster.request(target, options));
  return results;
}

/** Performs one action step; returns a note when the step could not be done. */
function perform(cluster: Cluster, step: ScenarioStep, what: string, sent: RequestResult[]): string | undefined {
  let note: string | undefined;
  if (step.apply !== undefined) note = applyNote(what, cluster.apply(step.apply));
  else if (step.scale) note = applyNote(what, cluster.scale(step.scale.kind, step.scale.name, step.scale.replicas));
  else if (step.patch) {
    const body = patchBody(cluster, step.patch);
    note = typeof body === 'string' ? `The scenario could not ${what}: ${body}.` : applyNote(what, cluster.patch(step.patch.kind, step.patch.name, body));
  } else if (step.deletePod) {
    if (cluster.get('Pod', step.deletePod.name)) cluster.deletePod(step.deletePod.name, { force: step.deletePod.force });
    else note = `The scenario could not ${what}: there is no pod named "${step.deletePod.name}".`;
  } else if (step.deleteObject) {
    if (cluster.get(step.deleteObject.kind, step.deleteObject.name)) cluster.deleteObject(step.deleteObject.kind, step.deleteObject.name, { force: step.deleteObject.force });
    else note = `The scenario could not ${what}: there is no ${step.deleteObject.kind} named "${step.deleteObject.name}".`;
  } else if (step.failPod !== undefined) {
    if (cluster.get('Pod', step.failPod)) cluster.failPod(step.failPod);
    else note = `The scenario could not ${what}: there is no pod named "${step.failPod}".`;
  } else if (step.setReady) {
    if (cluster.get('Pod', step.setReady.pod)) cluster.setReady(step.setReady.pod, step.setReady.ready);
    else note = `The scenario could not ${what}: there is no pod named "${step.setReady.pod}".`;
  } else if (step.kubelet) cluster.setKubelet(step.kubelet);
  else if (step.writeFile) {
    if (cluster.get('Pod', step.writeFile.pod)) cluster.writeFile(step.writeFile.pod, step.writeFile.path, step.writeFile.content);
    else note = `The scenario could not ${what}: there is no pod named "${step.writeFile.pod}".`;
  } else if (step.stopNode !== undefined) cluster.stopNode(step.stopNode);
  else if (step.startNode !== undefined) cluster.startNode(step.startNode);
  else if (step.cordon !== undefined) cluster.cordon(step.cordon);
  else if (step.uncordon !== undefined) cluster.uncordon(step.uncordon);
  else if (step.drain !== undefined) cluster.drain(step.drain);
  else if (step.deleteNode !== undefined) {
    if (cluster.get('Node', step.deleteNode)) cluster.deleteObject('Node', step.deleteNode);
    else note = `The scenario could not ${what}: there is no node named "${step.deleteNode}".`;
  } else if (step.request) {
    sent.push(...sendRequests(cluster, step.request));
  } else if (step.startClient) {
    const { connection, ...spec } = step.startClient;
    cluster.startClient({ ...spec, connection });
  } else if (step.stopClient !== undefined) cluster.stopClient(step.stopClient);
  return note;
}

/**
 * Runs the steps in order. `afterStep(i, requests)` is called after each completed step (the grader
 * evaluates the checks bound to a labelled step there, on the live cluster); `requests` holds the
 * results of a `request` step.
 */
export function runScenario(
  cluster: Cluster,
  steps: ScenarioStep[],
  budget: RunBudget,
  afterStep: (index: number, requests?: RequestResult[]) => void,
): ScenarioOutcome {
  const notes: string[] = [];
  let stepsUsed = 0;
  const start = cluster.now();
  const msLeft = () => Math.max(0, start + budget.maxMs - cluster.now());
  const stepsLeft = () => Math.max(0, budget.maxSteps - stepsUsed);

  /** Runs due work for up to `ms` simulated ms (or until stable when `ms` is undefined); false when the budget ran out first. */
  const run = (ms: number | undefined): boolean => {
    const target = ms === undefined ? undefined : cluster.now() + Math.min(ms, msLeft());
    const limitMs = ms === undefined ? msLeft() : Math.min(ms, msLeft());
    if (stepsLeft() === 0) return false;
    const result: RunResult = cluster.runUntilStable({ maxSteps: stepsLeft(), maxMs: limitMs });
    stepsUsed += result.steps;
    if (!result.stable) {
      if (target === undefined || stepsLeft() === 0) return false;
      // Work is still pending, but none is due before the target: move the clock there.
      if (cluster.now() < target) stepsUsed += cluster.advance(target - cluster.now()).steps;
      return ms === undefined || ms <= limitMs;
    }
    // Settled early: nothing is pending, so moving the clock on is free.
    if (target !== undefined && cluster.now() < target) stepsUsed += cluster.advance(target - cluster.now()).steps;
    if (ms !== undefined && ms > limitMs) return false;
    return true;
  };

  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const what = describeStep(step);
    let note: string | undefined;
    const sent: RequestResult[] = [];
    if (step.advance !== undefined || step.runUntilStable) {
      if (!run(step.advance)) {
        notes.push(
          stepsLeft() === 0
            ? `The simulation stopped at step ${i + 1} (${what}) after ${stepsUsed} engine steps, the grader's limit: something in your YAML keeps the controllers busy.`
            : `The simulation stopped at step ${i + 1} (${what}): the cluster did not settle within ${Math.round(budget.maxMs / 1000)} simulated seconds.`,
        );
        return { notes, stoppedAt: i, stepsUsed };
      }
    } else {
      try {
        note = perform(cluster, step, what, sent);
      } catch (err) {
        note = `The scenario could not ${what}: ${String((err as Error)?.message ?? err).replace(/[.\s]+$/, '')}.`;
      }
    }
    if (note) notes.push(note);
    afterStep(i, step.request ? sent : undefined);
  }
  return { notes, stepsUsed };
}
