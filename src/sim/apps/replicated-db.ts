// `replicated-db`: a primary/replica database (the MySQL/PostgreSQL streaming-replication shape of
// the Kubernetes "Run a Replicated Stateful Application" tutorial). The role comes from the ordinal
// in the hostname: ordinal 0 (`primary-ordinal`) is the primary and takes writes; every other pod is
// a read-only replica that connects to PRIMARY_HOST (env var, or the `primary-host` annotation) and
// applies the primary's writes with a delay (`replication-lag-ms`, default 500). A stable DNS name
// (`db-0.db`) keeps working when the primary is recreated; a pod IP does not: the new pod has a new
// IP, the replica's connection target is gone and replication stops (Event + timeline line).
// Data is a file on the data path, `<data-path>/db.json` = { index, data, log }: `index` writes
// applied, the key-value state they produce, and (on the primary) the most recent writes with their
// times, which replicas replay (the binlog). A replica further behind than that log re-clones the
// primary's data, as the tutorial's replicas clone with xtrabackup before they follow.
import type { KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import type { AppModel, PodAppStatus } from './model';
import { routeOf, text } from './model';
import { declaredModel, envVar, groupOf, hostnameOf, intParam, kvKey, ordinalOf, param } from './params';
import { dataPathOf } from './kv';
import { appendTimeline, joinPath, peekMemory, podMemory, readJson, reachable, resolveHost, writeJson } from './runtime';

export const DB_FILE = 'db.json';
export const DEFAULT_REPLICATION_LAG_MS = 500;
const REPLICATION = 'db/replication';

interface Entry {
  /** 1-based position in the primary's write log. */
  i: number;
  /** Simulated ms when the primary committed it. */
  t: number;
  k: string;
  /** null: the key was deleted. */
  v: string | null;
}

interface DbFile {
  index: number;
  data: Record<string, string>;
  /** The primary's most recent writes, oldest first (at most RECENT_WRITES). */
  log: Entry[];
}

/** Writes the primary keeps for replicas to replay. */
export const RECENT_WRITES = 200;

const EMPTY: DbFile = { index: 0, data: {}, log: [] };

type Reason = 'no-primary-host' | 'unresolvable' | 'no-pod-at-ip' | 'unreachable' | 'not-the-primary' | 'diverged';

interface Replication {
  state: 'starting' | 'streaming' | 'stopped';
  host?: string;
  primaryUid?: string;
  reason?: Reason;
  message?: string;
}

function dbFile(pod: KubeObject): string {
  return joinPath(dataPathOf(pod), DB_FILE);
}

function readDb(ctx: ControllerContext, pod: KubeObject): DbFile {
  const f = readJson<DbFile>(ctx, pod, dbFile(pod));
  if (!f || typeof f.index !== 'number' || !f.data || typeof f.data !== 'object') return EMPTY;
  return { index: f.index, data: f.data, log: Array.isArray(f.log) ? f.log : [] };
}

function apply(data: Record<string, string>, e: Entry): void {
  if (e.v === null) delete data[e.k];
  else data[e.k] = e.v;
}

function primaryOrdinal(pod: KubeObject): number {
  return intParam(pod, 'primary-ordinal', 0, 0, 1_000_000);
}

export function roleOf(pod: KubeObject): 'primary' | 'replica' | undefined {
  const ordinal = ordinalOf(pod);
  if (ordinal === undefined) return undefined;
  return ordinal === primaryOrdinal(pod) ? 'primary' : 'replica';
}

function primaryHostOf(pod: KubeObject): string | undefined {
  return envVar(pod, 'PRIMARY_HOST') ?? param(pod, 'primary-host');
}

function replication(ctx: ControllerContext, pod: KubeObject): Replication {
  return podMemory<Replication>(ctx, pod, REPLICATION, () => ({ state: 'starting' }));
}

function lagOf(pod: KubeObject): number {
  return intParam(pod, 'replication-lag-ms', DEFAULT_REPLICATION_LAG_MS, 0, 3_600_000);
}

type Connect = { ok: true; primary: KubeObject; host: string } | { ok: false; host?: string; reason: Reason; message: string };

/** Where a replica's connection to PRIMARY_HOST lands right now (cluster DNS, then pod IPs). */
function connect(ctx: ControllerContext, replica: KubeObject): Connect {
  const me = replica.metadata.name;
  const host = primaryHostOf(replica);
  if (!host) {
    return { ok: false, reason: 'no-primary-host', message: `${me} is a replica but PRIMARY_HOST is not set: add env PRIMARY_HOST with the primary's stable DNS name (for example db-0.db).` };
  }
  const res = resolveHost(ctx, replica, host);
  if (res.addresses.length === 0) {
    return { ok: false, host, reason: 'unresolvable', message: `${me} cannot reach its primary: ${host} does not resolve (the primary is not ready yet, or the name is wrong).` };
  }
  if (res.pods.length === 0) {
    const message = res.literalIp
      ? `${me} cannot reach its primary at ${host}: no pod has that IP any more. The primary was recreated with a new IP; point PRIMARY_HOST at its stable DNS name (<pod>.<service>, e.g. db-0.db) instead of a pod IP.`
      : `${me} cannot reach its primary: no ready pod answers at ${host}.`;
    return { ok: false, host, reason: res.literalIp ? 'no-pod-at-ip' : 'unreachable', message };
  }
  const live = res.pods.filter((p) => reachable(ctx, p));
  if (live.length === 0) return { ok: false, host, reason: 'unreachable', message: `${me} cannot reach its primary at ${host}: the pod there is not ready or its node is down.` };
  const group = groupOf(replica).name;
  const wrong = live.filter((p) => declaredModel(p) !== 'replicated-db' || groupOf(p).name !== group || roleOf(p) !== 'primary');
  if (wrong.length > 0) {
    const names = live.map((p) => hostnameOf(p)).sort().join(', ');
    return {
      ok: false,
      host,
      reason: 'not-the-primary',
      message: `${me} connects to ${host}, which reaches ${names}, not only the primary: a replica must replicate from the primary alone. Use the primary's own DNS name (for example ${group}-${primaryOrdinal(replica)}.<service>).`,
    };
  }
  return { ok: true, primary: live[0], host };
}

/** Applies the primary's writes older than the lag (a replica replays the log in order). */
function catchUp(ctx: ControllerContext, replica: KubeObject, primary: KubeObject): void {
  const mine = readDb(ctx, replica);
  const theirs = readDb(ctx, primary);
  if (theirs.index <= mine.index) return;
  const oldest = theirs.log.length > 0 ? theirs.log[0].i : theirs.index + 1;
  if (mine.index < oldest - 1) {
    // Too far behind the primary's recent writes: clone its data.
    writeJson(ctx, replica, dbFile(replica), { index: theirs.index, data: theirs.data });
    return;
  }
  const cutoff = ctx.now() - lagOf(replica);
  const data = { ...mine.data };
  let index = mine.index;
  for (const e of theirs.log) {
    if (e.i <= index) continue;
    if (e.i !== index + 1 || e.t > cutoff) break;
    apply(data, e);
    index = e.i;
  }
  if (index > mine.index) writeJson(ctx, replica, dbFile(replica), { index, data });
}

/** Re-evaluates one replica's connection; reports transitions on the timeline and as Events. */
function refreshReplica(ctx: ControllerContext, replica: KubeObject): Replication {
  const rep = replication(ctx, replica);
  const me = replica.metadata.name;
  if (rep.state === 'streaming' && rep.primaryUid) {
    const old = ctx.store.getByUid(rep.primaryUid);
    if (old && reachable(ctx, old)) catchUp(ctx, replica, old);
  }
  let c = connect(ctx, replica);
  if (c.ok && readDb(ctx, c.primary).index < readDb(ctx, replica).index) {
    c = { ok: false, host: c.host, reason: 'diverged', message: `${me} has applied more writes than the primary ${c.primary.metadata.name} holds: the primary lost its data (was it on an emptyDir?), so the replica cannot continue from its position.` };
  }
  if (c.ok) {
    if (rep.state !== 'streaming' || rep.primaryUid !== c.primary.metadata.uid) {
      Object.assign(rep, { state: 'streaming', host: c.host, primaryUid: c.primary.metadata.uid, reason: undefined, message: undefined });
      appendTimeline(ctx, 'app', me, 'replicating', `from=${c.host}`);
      ctx.event(replica, 'Normal', 'ReplicationStarted', `${me} replicates from the primary ${c.primary.metadata.name} at ${c.host}.`);
    }
    catchUp(ctx, replica, c.primary);
    return rep;
  }
  // A misconfiguration shows at once; a primary that is still starting is only waited for.
  const misconfigured = c.reason === 'no-primary-host' || c.reason === 'not-the-primary' || c.reason === 'no-pod-at-ip';
  if (rep.state === 'streaming' || (rep.state === 'starting' && misconfigured)) {
    rep.state = 'stopped';
    appendTimeline(ctx, 'app', me, 'replication-stopped', `primary=${c.host ?? '?'} reason=${c.reason}`);
    ctx.event(replica, 'Warning', 'ReplicationStopped', c.message);
  }
  rep.host = c.host;
  rep.reason = c.reason;
  rep.message = c.message;
  rep.primaryUid = undefined;
  return rep;
}

function groupPods(ctx: ControllerContext, namespace: string, group: string): KubeObject[] {
  return ctx.store
    .list('Pod', namespace)
    .filter((p) => declaredModel(p) === 'replicated-db' && groupOf(p).name === group)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

function isLive(pod: KubeObject): boolean {
  return pod.status?.phase === 'Running' && pod.metadata.deletionTimestamp === undefined;
}

export const replicatedDbModel: AppModel = {
  handle(ctx, pod, req) {
    const me = pod.metadata.name;
    const role = roleOf(pod);
    if (!role) return text(503, `${me} cannot tell its role: a replicated database takes it from the ordinal in its hostname (db-0 is the primary), so run it as a StatefulSet.`);
    const route = routeOf(req);
    if (route === '/' || route === '/status') {
      if (role === 'replica') refreshReplica(ctx, pod);
      return text(200, `${me} ${role} position=${readDb(ctx, pod).index}`);
    }
    const parsed = kvKey(route);
    if (!parsed) return text(404, `${me} serves /kv/<key> (GET, PUT, DELETE) and /status; ${route} is not one of them.`);
    if (parsed.error) return text(400, parsed.error);
    const key = parsed.key!;
    if (req.method === 'GET') {
      if (role === 'replica') refreshReplica(ctx, pod);
      const value = readDb(ctx, pod).data[key];
      return value === undefined ? text(404, `key ${key} not found on ${me} (${role})`) : text(200, value, { 'x-served-by-role': role });
    }
    if (req.method !== 'PUT' && req.method !== 'POST' && req.method !== 'DELETE') return text(405, `${req.method} is not supported on /kv/<key>: use GET, PUT or DELETE.`);
    if (role === 'replica') {
      return text(403, `${me} is a read-only replica: send writes to the primary (${groupOf(pod).name}-${primaryOrdinal(pod)}, through its stable DNS name).`);
    }
    const db = readDb(ctx, pod);
    const entry: Entry = { i: db.index + 1, t: ctx.now(), k: key, v: req.method === 'DELETE' ? null : req.body ?? '' };
    const data = { ...db.data };
    apply(data, entry);
    const log = [...db.log.slice(-(RECENT_WRITES - 1)), entry];
    const r = writeJson(ctx, pod, dbFile(pod), { index: entry.i, data, log });
    return r.ok ? text(200, `${req.method === 'DELETE' ? 'deleted' : 'stored'} ${key} on ${me} (primary) position=${entry.i}`) : text(500, `${me}: ${r.message}`);
  },
  status(ctx, pod): PodAppStatus {
    const role = roleOf(pod);
    if (!role) return { role: 'unknown', serving: false, detail: { error: 'no ordinal in the hostname: run it as a StatefulSet' } };
    const position = readDb(ctx, pod).index;
    if (role === 'primary') return { role, serving: true, detail: { ordinal: ordinalOf(pod)!, position } };
    const rep = peekMemory<Replication>(ctx, pod, REPLICATION) ?? { state: 'starting' };
    const detail: Record<string, string | number | boolean> = { ordinal: ordinalOf(pod)!, position, replication: rep.state, primaryHost: primaryHostOf(pod) ?? '' };
    if (rep.reason) detail.reason = rep.reason;
    const primary = rep.primaryUid ? ctx.store.getByUid(rep.primaryUid) : undefined;
    if (primary) detail.behind = Math.max(0, readDb(ctx, primary).index - position);
    return { role, serving: true, detail };
  },
  syncGroup(ctx, namespace, group) {
    for (const pod of groupPods(ctx, namespace, group)) if (isLive(pod) && roleOf(pod) === 'replica') refreshReplica(ctx, pod);
    return undefined;
  },
};
