// The engine's public contract: the types every caller (grader, worker, CLI, replay) programs
// against. `src/sim/index.ts` re-exports these and the functions that implement them; nothing
// outside src/sim imports any other engine file.

/** A Kubernetes object as plain JSON (what `kubectl get -o json` would print). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  /** Simulated time in ms since the cluster started (not an ISO string). */
  creationTimestamp?: number;
  deletionTimestamp?: number;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  generateName?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** One problem with the learner's input, positioned in the source text. */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `yaml-syntax`, `schema-type`, `selector-mismatch`, `unknown-kind`. */
  code: string;
  /** Written for a learner: what is wrong and what to try. */
  message: string;
  /** 1-based line and column of the offending field (or of the document when no field applies). */
  line: number;
  column: number;
  /** Field path such as `spec.template.spec.containers[0].image`, when one applies. */
  path?: string;
  /** The object the problem belongs to, when known. */
  object?: { kind?: string; name?: string; document: number };
}

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

export interface ApplyResult {
  /** False when any diagnostic is an error: then nothing from this input was applied. */
  ok: boolean;
  diagnostics: Diagnostic[];
  /** What `kubectl apply` would print: `statefulset.apps/web created`, `service/nginx unchanged`. */
  applied: Array<ObjectRef & { action: 'created' | 'configured' | 'unchanged' }>;
}

/** The kubelet model of the traces' README, in simulated milliseconds. */
export interface KubeletConfig {
  bindDelayMs: number;
  readyDelayMs: number;
  /** Wait before a gracefully deleted pod is marked NotReady and removed (capped by its grace period). */
  terminateDelayMs: number;
  /** Pods started from now on are Running but never Ready. */
  neverReady: boolean;
  /** Names of pods that start NotReady. */
  unready: string[];
  /** The n-th started pod waits an extra n × staggerMs before Ready. */
  staggerMs: number;
}

export interface ClusterOptions {
  /** Seed of the only random generator (ReplicaSet suffixes, uids, IPs). Default 1. */
  seed?: number;
  kubelet?: Partial<KubeletConfig>;
  namespace?: string;
  /**
   * The cluster's nodes: a count (named `node-1` … `node-N`) or a list. Default 3 nodes. Every node
   * gets the `kubernetes.io/hostname` label; more nodes can be added later by applying Node objects.
   */
  nodes?: number | NodeOptions[];
}

// ---------------------------------------------------------------------------------------------
// Nodes and scheduling (the node lifecycle controller, the scheduler, taint-based eviction, drain).

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** RFC 3339 time a NoExecute taint was added (the simulator does not set it). */
  timeAdded?: string;
}

export interface NodeOptions {
  name: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** status.allocatable.pods; default 110 (the kubelet's maxPods default). */
  maxPods?: number;
}

// ---------------------------------------------------------------------------------------------
// Traffic: Services route requests to ready endpoints (kube-proxy), clients, L7 proxies.

export interface RequestOptions {
  /** The client, also its source IP for `sessionAffinity: ClientIP`. Default `client-1`. */
  client?: string;
  /**
   * `new` (default) opens a fresh connection, so kube-proxy picks a backend again; `reuse` sends
   * the request over the client's open connection to the same target (HTTP/2, gRPC keep-alive),
   * opening one only when there is none or its pod went away.
   */
  connection?: 'new' | 'reuse';
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path?: string;
  body?: string;
  /** Request headers, e.g. `cookie`. Lower-case names. */
  headers?: Record<string, string>;
  /** Send through this L7 proxy (an Ingress name or `sidecar`), which balances every request. */
  via?: string;
}

export interface RequestResult {
  /** False when no pod could take the request (no ready endpoint, unknown name, node down…). */
  ok: boolean;
  /** HTTP-like status from the app model (200, 401, 503 …); 0 when the request reached no pod. */
  status: number;
  pod?: string;
  node?: string;
  /** Connection id (`client-1#3`); the same id means the same TCP connection. */
  connection?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Written for the learner when ok is false: why the request went nowhere. */
  error?: string;
}

/** A client that keeps sending requests while simulated time runs. */
export interface ClientSpec {
  name: string;
  /** Service name, DNS name or Ingress name. */
  target: string;
  ratePerSecond: number;
  /** `short`: a new connection per request; `long`: one kept-alive connection (HTTP/2, gRPC). */
  connection: 'short' | 'long';
  via?: string;
  path?: string;
  method?: RequestOptions['method'];
  headers?: Record<string, string>;
  /** Stop by itself after this many simulated ms (a running client keeps the cluster from being stable). */
  durationMs?: number;
}

/** Requests served per pod, counted in buckets of simulated time. */
export interface TrafficStats {
  bucketMs: number;
  /** Pod name → count per bucket, bucket i covering [i·bucketMs, (i+1)·bucketMs). */
  perPod: Record<string, number[]>;
  totals: Record<string, number>;
  /** Requests that reached no pod. */
  failed: number;
}

// ---------------------------------------------------------------------------------------------
// App models: small programs running in pods, chosen by the pod template annotation
// `sim.k8s.course/app` (see src/sim/apps/README.md).

export interface AppStatus {
  pod: string;
  /** Model name, e.g. `web`, `kv`, `replicated-db`, `quorum`. */
  model: string;
  /** e.g. `primary`, `replica`, `leader`, `follower`; absent when the model has no roles. */
  role?: string;
  /** True when the app serves requests (the model's own view, not the pod's readiness). */
  serving: boolean;
  /** Model-specific facts for the simulator view: `{ sessions: 3 }`, `{ term: 2, commitIndex: 7 }`. */
  detail: Record<string, string | number | boolean>;
}

/** One line of the normalized timeline (the traces' `expected.txt` vocabulary). */
export interface TimelineEntry {
  t: number;
  /** e.g. `pod/web-0 created rev=1`, `pvc/www-web-0 created`, `revision/web created rev=2`. */
  text: string;
  kind: string;
  name: string;
  event: string;
}

/** A kubectl-style Event (`kubectl get events`). */
export interface ClusterEvent {
  t: number;
  type: 'Normal' | 'Warning';
  reason: string;
  object: ObjectRef;
  message: string;
}

export interface RunResult {
  /** True when nothing was left to happen (no pending timers, no controller work). */
  stable: boolean;
  steps: number;
  now: number;
}

export interface DeleteOptions {
  /** `kubectl delete --grace-period=0 --force`: removed from the store at once. */
  force?: boolean;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

/** A cheap, immutable copy of the cluster at one moment, for replay on a time slider. */
export interface ClusterSnapshot {
  t: number;
  objects: KubeObject[];
}

/** One A record of the cluster DNS (CoreDNS's kubernetes plugin). */
export interface DnsRecord {
  /** Fully qualified, lower case, no trailing dot: `web-0.nginx.default.svc.cluster.local`. */
  name: string;
  type: 'A';
  addresses: string[];
  /** The Service the record belongs to, or the pod behind a per-pod record. */
  source: { kind: 'Service' | 'Pod'; name: string; namespace: string };
}

export interface Cluster {
  readonly namespace: string;
  /** Simulated ms since creation. */
  now(): number;

  apply(input: string | KubeObject[]): ApplyResult;
  scale(kind: string, name: string, replicas: number): ApplyResult;
  /** Strategic merge patch (containers merge by `name`, like kubectl). */
  patch(kind: string, name: string, body: unknown): ApplyResult;
  deletePod(name: string, options?: DeleteOptions): void;
  deleteObject(kind: string, name: string, options?: DeleteOptions): void;
  failPod(name: string): void;
  setReady(pod: string, ready: boolean): void;
  setKubelet(config: Partial<KubeletConfig>): void;

  /** Run everything due in the next `ms` simulated milliseconds. */
  advance(ms: number): RunResult;
  /** Run until nothing is pending, at most `maxSteps` events or `maxMs` simulated ms. */
  runUntilStable(limits?: { maxSteps?: number; maxMs?: number }): RunResult;

  get(kind: string, name: string): KubeObject | undefined;
  list(kind: string, selector?: Record<string, string>): KubeObject[];
  events(): ClusterEvent[];
  timeline(): TimelineEntry[];
  snapshot(): ClusterSnapshot;
  /** Snapshots taken after every change, oldest first. */
  history(): ClusterSnapshot[];

  /** Cluster DNS: A records for `web-0.nginx.default.svc.cluster.local`, `nginx`, `nginx.default`, … */
  resolve(name: string): string[];
  /** Every A record the cluster DNS serves right now, sorted by name. */
  dnsRecords(): DnsRecord[];
  /**
   * The small per-volume file store: write through a pod's mount path, read it back from its successor.
   * Throws an Error written for the learner when the pod is missing or not Running, the mount is
   * read-only, or the volume cannot be found.
   */
  writeFile(pod: string, path: string, content: string): void;
  readFile(pod: string, path: string): string | undefined;

  // --- Nodes (issue 7) ---
  /** The node's kubelet stops reporting (power loss or a network partition); its pods are unreachable. */
  stopNode(name: string): void;
  /** The node's kubelet reports again (it also finishes any pod deletions it missed). */
  startNode(name: string): void;
  /** `kubectl cordon`: no new pods are scheduled there. */
  cordon(name: string): void;
  uncordon(name: string): void;
  /**
   * `kubectl drain`: cordon, then evict the node's pods through the Eviction API, retrying every
   * 5 s while a PodDisruptionBudget refuses (progress shows as Events and timeline lines).
   */
  drain(name: string): void;

  // --- Traffic (issue 7) ---
  /** One request, sent now. */
  request(target: string, options?: RequestOptions): RequestResult;
  startClient(spec: ClientSpec): void;
  stopClient(name: string): void;
  trafficStats(options?: { bucketMs?: number }): TrafficStats;

  // --- Configuration and apps (issue 7) ---
  /** The environment a container started with (ConfigMap/Secret values resolved at start). */
  env(pod: string, container?: string): Record<string, string> | undefined;
  /** The app model's view of a pod, or undefined when the pod runs no app model. */
  appStatus(pod: string): AppStatus | undefined;
}
