// Every demo in content/demos/, read at build time (Vite inlines the texts) and parsed with the
// Demo format's loader, so a broken demo fails the site build with the loader's message. Also the
// plain-text description a demo shows before (and without) JavaScript.
import { loadAll as loadYamlDocuments } from 'js-yaml';
import { parseDemoDefinition, type Demo } from '../../exercises/demo';

const files = import.meta.glob('/content/demos/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

let cache: Map<string, Demo> | null = null;

function loadAll(): Map<string, Demo> {
  const demos = new Map<string, Demo>();
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const demo = parseDemoDefinition(text, path.replace(/^\//, ''));
    demos.set(demo.id, demo);
  }
  return demos;
}

export function getDemo(id: string): Demo {
  cache ??= loadAll();
  const demo = cache.get(id);
  if (!demo) throw new Error(`<Demo id="${id}" />: no demo with that id in content/demos/ (known: ${[...cache.keys()].join(', ') || 'none'})`);
  return demo;
}

/** `StatefulSet web (3 replicas)`, `Service nginx (headless)`: what the manifests create, in order. */
export function describeManifests(manifests: string): string[] {
  let docs: unknown[];
  try {
    docs = loadYamlDocuments(manifests);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const doc of docs) {
    if (!doc || typeof doc !== 'object') continue;
    const o = doc as { kind?: unknown; metadata?: { name?: unknown }; spec?: Record<string, unknown> };
    if (typeof o.kind !== 'string') continue;
    const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '(no name)';
    const notes: string[] = [];
    if (typeof o.spec?.replicas === 'number') notes.push(`${o.spec.replicas} replica${o.spec.replicas === 1 ? '' : 's'}`);
    if (o.kind === 'Service' && o.spec?.clusterIP === 'None') notes.push('headless');
    out.push(`${o.kind} ${name}${notes.length ? ` (${notes.join(', ')})` : ''}`);
  }
  return out;
}

type Step = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const seconds = (ms: number) => `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;

/** One scenario step in words, for the text description (known step kinds; others by their name). */
export function describeStep(step: Step): string {
  const v = (key: string) => step[key] as Record<string, unknown>;
  if (step.runUntilStable) return 'wait until the cluster settles';
  if (typeof step.advance === 'number') return `wait ${seconds(step.advance)}`;
  if (step.apply !== undefined) return 'apply more manifests';
  if (step.scale) return `scale ${str(v('scale').kind) || 'StatefulSet'} ${str(v('scale').name)} to ${str(v('scale').replicas)}`;
  if (step.patch) {
    const p = v('patch');
    const what = [p.image !== undefined && `image ${str(p.image)}`, p.partition !== undefined && `partition ${str(p.partition)}`, p.body !== undefined && 'a patch'].filter(Boolean).join(', ');
    return `change ${str(p.kind) || 'StatefulSet'} ${str(p.name)} (${what})`;
  }
  if (step.deletePod) return `delete pod ${str(v('deletePod').name)}${v('deletePod').force ? ' (forced)' : ''}`;
  if (step.deleteObject) return `delete ${str(v('deleteObject').kind)} ${str(v('deleteObject').name)}`;
  if (step.failPod !== undefined) return `make pod ${str(step.failPod)} fail`;
  if (step.setReady) return `mark pod ${str(v('setReady').pod)} ${v('setReady').ready ? 'Ready' : 'not ready'}`;
  if (step.kubelet) return 'change how the kubelet behaves';
  if (step.writeFile) return `write ${str(v('writeFile').path)} in pod ${str(v('writeFile').pod)}`;
  const nodeVerb: Record<string, string> = { stopNode: 'stop node', startNode: 'start node', cordon: 'cordon node', uncordon: 'uncordon node', drain: 'drain node' };
  for (const [key, words] of Object.entries(nodeVerb)) {
    if (step[key] !== undefined) return `${words} ${str(step[key]) || str((step[key] as Record<string, unknown>)?.name)}`.trim();
  }
  const key = Object.keys(step).find((k) => k !== 'label');
  return key ? key.replace(/([A-Z])/g, ' $1').toLowerCase() : 'a step';
}

export function describeSteps(demo: Demo): string[] {
  return (demo.scenario?.steps ?? [{ runUntilStable: true }]).map((s) => describeStep(s as Step));
}
