// A small kubectl for the playground: parses one command line and formats what kubectl would print,
// from the playground cluster's state (see SimState in src/worker/protocol.ts). Pure: the page sends
// the resulting action to the worker and prints the lines as text, never as HTML.
import type { ClusterEvent, ClusterSnapshot, KubeObject, SimAction } from '../../worker/protocol';

/** What the formatters need from a cluster: its clock, its objects and its events. */
export interface View {
  now: number;
  objects: KubeObject[];
  events: ClusterEvent[];
}

export type Resource = 'pods' | 'pvc' | 'sts' | 'deploy' | 'svc' | 'nodes';

/** What the page does with one command line. */
export interface Plan {
  /** Printed at once. */
  lines: string[];
  /** The command failed before reaching the cluster (the lines hold the error). */
  error?: boolean;
  /** Sent to the worker; `success` is printed when it returns without an error diagnostic. */
  action?: SimAction;
  success?: string[];
  /** `get pods -w`: print changed rows as time advances, until the next command. */
  watch?: boolean;
  /** `rollout status`: after the action (run until stable), print rolloutLines(kind, name, history). */
  rollout?: { kind: 'StatefulSet' | 'Deployment'; name: string };
  /** `drain`: after the action, run until stable and print drainLines(node, pods, history). */
  drain?: { node: string; pods: string[] };
  clear?: boolean;
}

const RESOURCES: Record<string, Resource> = {
  po: 'pods', pod: 'pods', pods: 'pods',
  pvc: 'pvc', persistentvolumeclaim: 'pvc', persistentvolumeclaims: 'pvc',
  sts: 'sts', statefulset: 'sts', statefulsets: 'sts', 'statefulset.apps': 'sts',
  deploy: 'deploy', deployment: 'deploy', deployments: 'deploy', 'deployment.apps': 'deploy',
  svc: 'svc', service: 'svc', services: 'svc',
  no: 'nodes', node: 'nodes', nodes: 'nodes',
};
const KIND: Record<Resource, string> = { pods: 'Pod', pvc: 'PersistentVolumeClaim', sts: 'StatefulSet', deploy: 'Deployment', svc: 'Service', nodes: 'Node' };
/** The plural kubectl uses in NotFound errors (`pods "web-9" not found`). */
const PLURAL: Record<Resource, string> = { pods: 'pods', pvc: 'persistentvolumeclaims', sts: 'statefulsets.apps', deploy: 'deployments.apps', svc: 'services', nodes: 'nodes' };
const SINGULAR: Record<Resource, string> = { pods: 'pod', pvc: 'persistentvolumeclaim', sts: 'statefulset.apps', deploy: 'deployment.apps', svc: 'service', nodes: 'node' };

export const HELP = `kubectl controls the simulated cluster on this page. Commands:
  get pods [-w] [-o wide]               list pods (-w: print changes as time advances; -o wide: IP and NODE)
  get pvc | sts | deploy | svc | nodes  list claims, StatefulSets, Deployments, Services, nodes
  describe pod NAME                     details and events of one pod
  scale sts/NAME --replicas=N           change the number of replicas (also deploy/NAME)
  delete pod NAME [--force --grace-period=0]
  rollout status sts/NAME               wait for a rolling update to finish
  set image sts/NAME CONTAINER=IMAGE    start a rolling update
  cordon NODE | uncordon NODE           stop (or resume) scheduling new pods on a node
  drain NODE                            cordon a node and evict its pods, waiting until they are gone
  clear                                 empty this terminal
Time only moves with the buttons (advance 1 s, 10 s, run until stable) or with rollout status and drain.
Stopping and starting a node (its kubelet goes silent, then reports again) are buttons under "Node".`;

// duration.HumanDuration from k8s.io/apimachinery (what kubectl prints in AGE).
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 0) return '<invalid>';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  return `${days}d`;
}

/** Columns padded like kubectl's tabwriter: each column as wide as its widest cell plus 3 spaces. */
export function alignColumns(rows: string[][], minWidths: number[] = []): string[] {
  const widths: number[] = [...minWidths];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join(''));
}

const byName = (a: KubeObject, b: KubeObject) => a.metadata.name.localeCompare(b.metadata.name, 'en', { numeric: true });
const age = (o: KubeObject, now: number) => humanDuration(now - (o.metadata.creationTimestamp ?? 0));
const objectsOf = (view: { objects: KubeObject[] }, kind: string) => view.objects.filter((o) => o.kind === kind).sort(byName);

function isReady(pod: KubeObject): boolean {
  const conditions = pod.status?.conditions;
  return Array.isArray(conditions) && conditions.some((c: { type?: string; status?: string }) => c.type === 'Ready' && c.status === 'True');
}

// printPod in kubectl's printers (pkg/printers/internalversion/printers.go), reduced to what the simulator models.
export function podRow(pod: KubeObject, now: number): string[] {
  const containers = (pod.spec?.containers ?? []) as unknown[];
  const statuses = (pod.status?.containerStatuses ?? []) as Array<{ ready?: boolean; restartCount?: number }>;
  // kubectl counts a container as ready only while it runs: a Failed pod shows 0/1 even if the
  // status still says ready.
  const ended = pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
  const readyCount = ended ? 0 : statuses.length ? statuses.filter((s) => s.ready).length : isReady(pod) ? containers.length : 0;
  const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
  let status = String(pod.status?.phase ?? 'Pending');
  if (status === 'Failed') status = 'Error';
  else if (status === 'Pending' && pod.spec?.nodeName) status = 'ContainerCreating';
  // printPod: a container's waiting reason (e.g. CreateContainerConfigError) replaces the phase.
  for (const s of statuses as Array<{ state?: { waiting?: { reason?: string } } }>) {
    const waiting = s?.state?.waiting?.reason;
    if (typeof waiting === 'string' && waiting !== '') status = waiting;
  }
  if (pod.metadata.deletionTimestamp !== undefined) status = 'Terminating';
  return [pod.metadata.name, `${readyCount}/${containers.length}`, status, String(restarts), age(pod, now)];
}

/** The STATUS column of `kubectl get nodes` (printNode): Ready, NotReady or Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatusColumn(node: KubeObject): string {
  const conditions = (node.status?.conditions ?? []) as Array<{ type?: string; status?: string }>;
  const ready = Array.isArray(conditions) ? conditions.find((c) => c.type === 'Ready') : undefined;
  // printNode: a Ready condition that is not True (False or Unknown) prints NotReady; none at all, Unknown.
  const status = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  return node.spec?.unschedulable === true ? `${status},SchedulingDisabled` : status;
}

function nodeRoles(node: KubeObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean);
  return roles.length ? roles.sort().join(',') : '<none>';
}

/** `kubectl get pods -o wide`: the usual columns plus IP, NODE, NOMINATED NODE and READINESS GATES. */
export function podWideRow(pod: KubeObject, now: number): string[] {
  return [...podRow(pod, now), String(pod.status?.podIP ?? '<none>'), String(pod.spec?.nodeName ?? '<none>'), '<none>', '<none>'];
}

const ACCESS: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

function rowsFor(resource: Resource, view: View, name?: string, wide = false): string[][] {
  const items = objectsOf(view, KIND[resource]).filter((o) => name === undefined || o.metadata.name === name);
  const now = view.now;
  switch (resource) {
    case 'pods':
      if (wide) return [['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'], ...items.map((p) => podWideRow(p, now))];
      return [['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ...items.map((p) => podRow(p, now))];
    case 'nodes':
      return [
        ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
        ...items.map((n) => [n.metadata.name, nodeStatusColumn(n), nodeRoles(n), age(n, now), String(n.status?.nodeInfo?.kubeletVersion ?? '')]),
      ];
    case 'pvc':
      return [
        ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'AGE'],
        ...items.map((c) => {
          const bound = c.status?.phase === 'Bound';
          const modes = ((bound ? c.status?.accessModes : undefined) ?? []) as string[];
          return [
            c.metadata.name,
            String(c.status?.phase ?? 'Pending'),
            String(c.spec?.volumeName ?? ''),
            bound ? String(c.status?.capacity?.storage ?? '') : '',
            modes.map((m) => ACCESS[m] ?? m).join(','),
            String(c.spec?.storageClassName ?? '<unset>'),
            age(c, now),
          ];
        }),
      ];
    case 'sts':
      return [['NAME', 'READY', 'AGE'], ...items.map((s) => [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, age(s, now)])];
    case 'deploy':
      return [
        ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
        ...items.map((d) => [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, String(d.status?.updatedReplicas ?? 0), String(d.status?.availableReplicas ?? 0), age(d, now)]),
      ];
    case 'svc':
      return [
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
        ...items.map((s) => {
          const ports = ((s.spec?.ports ?? []) as Array<{ port?: number; protocol?: string; nodePort?: number }>).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
          return [s.metadata.name, String(s.spec?.type ?? 'ClusterIP'), String(s.spec?.clusterIP ?? '<pending>'), '<none>', ports.join(',') || '<none>', age(s, now)];
        }),
      ];
  }
}

export function notFound(resource: Resource, name: string): string {
  return `Error from server (NotFound): ${PLURAL[resource]} "${name}" not found`;
}

export function getTable(resource: Resource, view: View, name?: string, wide = false): string[] {
  const rows = rowsFor(resource, view, name, wide);
  if (rows.length === 1) return [name === undefined ? (resource === 'nodes' ? 'No resources found' : 'No resources found in default namespace.') : notFound(resource, name)];
  return alignColumns(rows);
}

/** Column widths a pod watch keeps from its first table on, so later rows line up under it. */
const WATCH_WIDTHS = [6, 5, 'ContainerCreating'.length, 8];

/**
 * `kubectl get pods -w` after time moved: one row per pod whose row changed at a snapshot of the
 * history (its AGE at that moment). `last` holds the rows already printed and is updated.
 */
export function watchLines(history: ClusterSnapshot[], last: Map<string, string>): string[] {
  const hadRows = last.size > 0;
  const out: string[][] = [];
  for (const snapshot of history) {
    for (const pod of objectsOf(snapshot, 'Pod')) {
      const row = podRow(pod, snapshot.t);
      const key = row.slice(0, 4).join(' ');
      if (last.get(pod.metadata.name) === key) continue;
      last.set(pod.metadata.name, key);
      out.push(row);
    }
  }
  if (out.length === 0) return [];
  // Aligned with the table printed first: kubectl keeps the header's widths, approximate them here.
  // A watch that started on no pods prints the header with its first row, as kubectl does.
  const lines = alignColumns([['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ...out], WATCH_WIDTHS);
  return hadRows ? lines.slice(1) : lines;
}

/** The rows `get pods -w` starts from (so only later changes are printed). */
export function watchStart(view: View): Map<string, string> {
  return new Map(objectsOf(view, 'Pod').map((p) => [p.metadata.name, podRow(p, view.now).slice(0, 4).join(' ')]));
}

// kubectl describe pod (pkg/describe/describe.go describePod), compact.
export function describePod(view: View, name: string): string[] {
  const pod = view.objects.find((o) => o.kind === 'Pod' && o.metadata.name === name);
  if (!pod) return [notFound('pods', name)];
  const labels = Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  const owner = (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
  const status = podRow(pod, view.now)[2];
  const lines = [
    `Name:             ${pod.metadata.name}`,
    `Namespace:        ${pod.metadata.namespace ?? 'default'}`,
    `Node:             ${pod.spec?.nodeName ? `${pod.spec.nodeName}/${pod.status?.hostIP ?? ''}` : '<none>'}`,
    `Labels:           ${labels[0] ?? '<none>'}`,
    ...labels.slice(1).map((l) => `                  ${l}`),
    `Status:           ${status}`,
    `IP:               ${pod.status?.podIP ?? ''}`,
    `Controlled By:    ${owner ? `${owner.kind}/${owner.name}` : '<none>'}`,
    'Containers:',
  ];
  const statuses = (pod.status?.containerStatuses ?? []) as Array<{ name?: string; ready?: boolean; restartCount?: number }>;
  for (const c of (pod.spec?.containers ?? []) as Array<{ name?: string; image?: string; volumeMounts?: Array<{ name?: string; mountPath?: string }> }>) {
    const s = statuses.find((x) => x.name === c.name);
    lines.push(`  ${c.name}:`, `    Image:          ${c.image ?? ''}`, `    Ready:          ${s?.ready ? 'True' : 'False'}`, `    Restart Count:  ${s?.restartCount ?? 0}`);
    if (c.volumeMounts?.length) lines.push('    Mounts:', ...c.volumeMounts.map((m) => `      ${m.mountPath} from ${m.name}`));
  }
  const conditions = (pod.status?.conditions ?? []) as Array<{ type?: string; status?: string }>;
  if (conditions.length) lines.push('Conditions:', ...alignColumns([['Type', 'Status'], ...conditions.map((c) => [String(c.type), String(c.status)])]).map((l) => `  ${l}`));
  const volumes = (pod.spec?.volumes ?? []) as Array<{ name?: string; persistentVolumeClaim?: { claimName?: string } }>;
  if (volumes.length) {
    lines.push('Volumes:');
    for (const v of volumes) {
      lines.push(`  ${v.name}:`);
      if (v.persistentVolumeClaim) lines.push('    Type:       PersistentVolumeClaim', `    ClaimName:  ${v.persistentVolumeClaim.claimName}`);
    }
  }
  const events = view.events.filter((e) => e.object.kind === 'Pod' && e.object.name === name);
  if (events.length === 0) lines.push('Events:           <none>');
  else lines.push('Events:', ...alignColumns([['Type', 'Reason', 'Age', 'Message'], ['----', '------', '----', '-------'], ...events.map((e) => [e.type, e.reason, humanDuration(view.now - e.t), e.message])]).map((l) => `  ${l}`));
  return lines;
}

// StatefulSetStatusViewer / DeploymentStatusViewer (kubectl/pkg/polymorphichelpers/rollout_status.go).
export function rolloutMessage(obj: KubeObject): { text: string; done: boolean } {
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const replicas = spec.replicas ?? 1;
  if (obj.kind === 'StatefulSet') {
    if (spec.updateStrategy?.type === 'OnDelete') return { text: 'error: rollout status is only available for RollingUpdate strategy type', done: true };
    if (status.observedGeneration === undefined || (obj.metadata.generation ?? 0) > status.observedGeneration) return { text: 'Waiting for statefulset spec update to be observed...', done: false };
    if ((status.readyReplicas ?? 0) < replicas) return { text: `Waiting for ${replicas - (status.readyReplicas ?? 0)} pods to be ready...`, done: false };
    const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (partition > 0) {
      if ((status.updatedReplicas ?? 0) < replicas - partition) return { text: `Waiting for partitioned roll out to finish: ${status.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...`, done: false };
      return { text: `partitioned roll out complete: ${status.updatedReplicas ?? 0} new pods have been updated...`, done: true };
    }
    if (status.updateRevision !== status.currentRevision) return { text: `waiting for statefulset rolling update to complete ${status.updatedReplicas ?? 0} pods at revision ${status.updateRevision}...`, done: false };
    return { text: `statefulset rolling update complete ${status.currentReplicas ?? replicas} pods at revision ${status.currentRevision}...`, done: true };
  }
  const name = obj.metadata.name;
  if (status.observedGeneration === undefined || (obj.metadata.generation ?? 0) > status.observedGeneration) return { text: `Waiting for deployment spec update to be observed...`, done: false };
  const updated = status.updatedReplicas ?? 0;
  if (updated < replicas) return { text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`, done: false };
  if ((status.replicas ?? 0) > updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...`, done: false };
  if ((status.availableReplicas ?? 0) < updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false };
  return { text: `deployment "${name}" successfully rolled out`, done: true };
}

/** The distinct status lines `rollout status` prints while the history plays, ending at the first "done". */
export function rolloutLines(kind: string, name: string, history: ClusterSnapshot[]): string[] {
  const lines: string[] = [];
  for (const snapshot of history) {
    const obj = snapshot.objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!obj) continue;
    const { text, done } = rolloutMessage(obj);
    if (lines[lines.length - 1] !== text) lines.push(text);
    if (done) return lines;
  }
  return lines;
}

/**
 * What `kubectl drain` prints once the evictions ran (drain.go's RunNodeDrain, reduced): each pod
 * that was on the node and is gone, or has moved, counts as evicted; pods still there make the drain
 * report that it has not finished.
 */
export function drainLines(node: string, pods: string[], history: ClusterSnapshot[], now: KubeObject[]): string[] {
  const lines: string[] = [];
  const stillThere = (name: string) => now.some((o) => o.kind === 'Pod' && o.metadata.name === name && o.spec?.nodeName === node && o.metadata.deletionTimestamp === undefined);
  const gone = new Set<string>();
  for (const snapshot of history) {
    for (const name of pods) {
      if (gone.has(name)) continue;
      const pod = snapshot.objects.find((o) => o.kind === 'Pod' && o.metadata.name === name);
      if (!pod || pod.metadata.deletionTimestamp !== undefined || pod.spec?.nodeName !== node) gone.add(name);
    }
  }
  for (const name of pods) if (gone.has(name) && !stillThere(name)) lines.push(`pod/${name} evicted`);
  const left = pods.filter((name) => stillThere(name));
  if (left.length) lines.push(`error: the drain of node/${node} has not finished: ${left.map((p) => `pod/${p}`).join(', ')} still there (a PodDisruptionBudget may be refusing the eviction; advance time and check again).`);
  else lines.push(`node/${node} drained`);
  return lines;
}

function splitWords(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean);
}

/** `sts/web` or `sts web`: the resource and name, consuming words from `args`. */
function target(args: string[]): { resource?: Resource; word: string; name?: string } {
  const first = args.shift() ?? '';
  const slash = first.indexOf('/');
  const word = slash >= 0 ? first.slice(0, slash) : first;
  const name = slash >= 0 ? first.slice(slash + 1) : args.shift();
  return { resource: RESOURCES[word.toLowerCase()], word, name: name || undefined };
}

function fail(message: string): Plan {
  return { lines: [message], error: true };
}

const find = (view: View, resource: Resource, name: string) => view.objects.find((o) => o.kind === KIND[resource] && o.metadata.name === name);

/** Parses one command line (with or without the leading `kubectl`) against the current cluster. */
export function plan(line: string, view: View): Plan {
  const words = splitWords(line);
  if (words[0] === 'kubectl') words.shift();
  if (words.length === 0) return { lines: [] };
  const verb = words.shift()!;
  const flags = new Map<string, string>();
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-')) {
      args.push(w);
      continue;
    }
    const eq = w.indexOf('=');
    const key = eq >= 0 ? w.slice(0, eq) : w;
    // `-owide` is `-o wide` (pflag shorthand with its value attached).
    if (key.startsWith('-o') && key.length > 2 && !key.startsWith('--')) {
      flags.set('-o', key.slice(2));
      continue;
    }
    const known = ['-w', '--watch', '--replicas', '--force', '--grace-period', '-n', '--namespace', '-o', '--output', '--ignore-daemonsets', '--delete-emptydir-data'];
    if (!known.includes(key)) return fail(`error: unknown flag: ${key}`);
    const takesValue = key === '--replicas' || key === '--grace-period' || key === '-n' || key === '--namespace' || key === '-o' || key === '--output';
    let value = eq >= 0 ? w.slice(eq + 1) : 'true';
    if (takesValue && eq < 0) {
      if (i + 1 >= words.length) return fail(`error: flag needs an argument: ${key}`);
      value = words[++i];
    }
    flags.set(key, value);
  }
  const namespace = flags.get('-n') ?? flags.get('--namespace');
  if (namespace !== undefined && namespace !== 'default') return fail(`No resources found in ${namespace} namespace. (The playground has only the "default" namespace.)`);

  switch (verb) {
    case 'help':
    case '--help':
    case '-h':
      return { lines: HELP.split('\n') };
    case 'clear':
      return { lines: [], clear: true };
    case 'get': {
      if (args.length === 0) return fail('error: you must specify the type of resource to get. Try "kubectl get pods".');
      const t = target(args);
      if (!t.resource) return fail(`error: the server doesn't have a resource type "${t.word}"`);
      const watch = flags.has('-w') || flags.has('--watch');
      if (watch && t.resource !== 'pods') return fail('error: the playground can watch pods only: try "kubectl get pods -w".');
      const output = flags.get('-o') ?? flags.get('--output');
      if (output !== undefined && output !== 'wide') return fail(`error: the playground prints tables only: "-o ${output}" is not supported, "-o wide" is.`);
      const wide = output === 'wide';
      if (wide && t.resource !== 'pods') return fail('error: the playground prints "-o wide" for pods only: try "kubectl get pods -o wide".');
      if (wide && watch) return fail('error: the playground watches without "-o wide": try "kubectl get pods -w".');
      const missing = t.name !== undefined && !find(view, t.resource, t.name);
      const lines = getTable(t.resource, view, t.name, wide);
      // An empty watch prints nothing yet: the header comes with the first pod.
      if (watch && t.name === undefined && rowsFor('pods', view).length === 1) return { lines: [], watch: true };
      if (watch && t.name === undefined) return { lines: alignColumns(rowsFor('pods', view), WATCH_WIDTHS), watch: true };
      return { lines, watch: false, ...(missing ? { error: true } : {}) };
    }
    case 'describe': {
      const t = target(args);
      if (!t.word) return fail('error: you must specify the type of resource to describe. Try "kubectl describe pod web-0".');
      if (t.resource !== 'pods') return fail(t.resource ? 'error: the playground describes pods only: try "kubectl describe pod web-0".' : `error: the server doesn't have a resource type "${t.word}"`);
      if (!t.name) return fail('error: you must give the pod\'s name: "kubectl describe pod web-0".');
      return { lines: describePod(view, t.name), error: !find(view, 'pods', t.name) };
    }
    case 'scale': {
      const t = target(args);
      if (!t.resource) return fail(t.word ? `error: the server doesn't have a resource type "${t.word}"` : 'error: required resource not specified. Try "kubectl scale sts/web --replicas=5".');
      if (t.resource !== 'sts' && t.resource !== 'deploy') return fail(`error: cannot scale ${PLURAL[t.resource]}: scale a StatefulSet (sts/NAME) or a Deployment (deploy/NAME).`);
      if (!t.name) return fail('error: resource(s) were provided, but no name was specified');
      const raw = flags.get('--replicas');
      if (raw === undefined) return fail('error: required flag(s) "replicas" not set');
      if (!/^-?\d+$/.test(raw)) return fail(`error: invalid argument "${raw}" for "--replicas" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      const replicas = Number(raw);
      if (replicas < 0) return fail('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
      if (!find(view, t.resource, t.name)) return fail(notFound(t.resource, t.name));
      return { lines: [], action: { type: 'scale', kind: KIND[t.resource], name: t.name, replicas }, success: [`${SINGULAR[t.resource]}/${t.name} scaled`] };
    }
    case 'delete': {
      const t = target(args);
      if (!t.resource) return fail(t.word ? `error: the server doesn't have a resource type "${t.word}"` : 'error: you must specify the type of resource to delete. Try "kubectl delete pod web-0".');
      if (t.resource !== 'pods') return fail('error: the playground deletes pods only (kubectl delete pod NAME). To remove a workload, edit the manifests and Apply again.');
      if (!t.name) return fail('error: resource(s) were provided, but no name was specified');
      if (!find(view, 'pods', t.name)) return fail(notFound('pods', t.name));
      const force = flags.has('--force');
      const grace = flags.get('--grace-period');
      if (grace !== undefined && grace !== '0' && force) return fail('error: --force and --grace-period greater than 0 cannot be specified together');
      if (force && grace !== '0') return fail('error: --force requires --grace-period=0 in this playground: kubectl delete pod NAME --force --grace-period=0');
      return {
        lines: force ? ['Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.'] : [],
        action: { type: 'deletePod', name: t.name, force },
        success: [force ? `pod "${t.name}" force deleted` : `pod "${t.name}" deleted`],
      };
    }
    case 'rollout': {
      const sub = args.shift();
      if (sub !== 'status') return fail(sub ? `error: unknown command "${sub}" for "kubectl rollout"` : 'error: you must specify a subcommand: "kubectl rollout status sts/web".');
      const t = target(args);
      if (t.resource !== 'sts' && t.resource !== 'deploy') return fail(t.word ? `error: rollout status is supported for statefulsets and deployments, not "${t.word}"` : 'error: required resource not specified. Try "kubectl rollout status sts/web".');
      if (!t.name) return fail('error: resource(s) were provided, but no name was specified');
      if (!find(view, t.resource, t.name)) return fail(notFound(t.resource, t.name));
      const kind = t.resource === 'sts' ? 'StatefulSet' : 'Deployment';
      return { lines: [], action: { type: 'runUntilStable' }, rollout: { kind, name: t.name } };
    }
    case 'set': {
      const sub = args.shift();
      if (sub !== 'image') return fail(sub ? `error: unknown command "${sub}" for "kubectl set"` : 'error: you must specify a subcommand: "kubectl set image sts/web nginx=nginx:1.26".');
      const t = target(args);
      if (t.resource !== 'sts' && t.resource !== 'deploy') return fail(t.word ? `error: the playground sets images of statefulsets and deployments, not "${t.word}"` : 'error: required resource not specified. Try "kubectl set image sts/web nginx=nginx:1.26".');
      if (!t.name) return fail('error: resource(s) were provided, but no name was specified');
      const pair = args.shift();
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0 || eq === pair.length - 1) return fail('error: at least one image update is required, as CONTAINER=IMAGE: "kubectl set image sts/web nginx=nginx:1.26".');
      const obj = find(view, t.resource, t.name);
      if (!obj) return fail(notFound(t.resource, t.name));
      const container = pair.slice(0, eq);
      const names = ((obj.spec?.template?.spec?.containers ?? []) as Array<{ name?: string }>).map((c) => c.name);
      if (!names.includes(container)) return fail(`error: unable to find container named "${container}"`);
      return {
        lines: [],
        action: { type: 'setImage', kind: KIND[t.resource], name: t.name, container, image: pair.slice(eq + 1) },
        success: [`${SINGULAR[t.resource]}/${t.name} image updated`],
      };
    }
    case 'cordon':
    case 'uncordon':
    case 'drain': {
      const first = args[0];
      // `kubectl cordon node/node-1` works too.
      const name = first?.includes('/') ? (RESOURCES[first.split('/')[0].toLowerCase()] === 'nodes' ? first.slice(first.indexOf('/') + 1) : '') : first;
      if (!first) return fail(`error: USAGE: ${verb} NODE [flags]. Try "kubectl get nodes" for the names.`);
      if (!name) return fail(`error: ${verb} works on nodes only: "kubectl ${verb} node-1".`);
      const node = find(view, 'nodes', name);
      if (!node) return fail(notFound('nodes', name));
      const cordoned = node.spec?.unschedulable === true;
      if (verb === 'cordon') return { lines: [], action: { type: 'cordon', node: name }, success: [cordoned ? `node/${name} already cordoned` : `node/${name} cordoned`] };
      if (verb === 'uncordon') return { lines: [], action: { type: 'uncordon', node: name }, success: [cordoned ? `node/${name} uncordoned` : `node/${name} already uncordoned`] };
      const pods = objectsOf(view, 'Pod').filter((p) => p.spec?.nodeName === name && p.metadata.deletionTimestamp === undefined).map((p) => p.metadata.name);
      return {
        lines: [],
        action: { type: 'drain', node: name },
        success: [cordoned ? `node/${name} already cordoned` : `node/${name} cordoned`, ...pods.map((p) => `evicting pod ${view.objects.find((o) => o.kind === 'Pod' && o.metadata.name === p)?.metadata.namespace ?? 'default'}/${p}`)],
        drain: { node: name, pods },
      };
    }
    default:
      return { lines: [`error: unknown command "${verb}" for "kubectl"`, 'Type "help" for the commands this playground understands.'], error: true };
  }
}
