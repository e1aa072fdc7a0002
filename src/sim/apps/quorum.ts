// `quorum`: a Raft-like group of N members (etcd, ZooKeeper, Consul). Follows the Raft paper
// (Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm", §5.2 leader election,
// §5.3 log replication, §5.4.1 election restriction) and etcd's defaults (--election-timeout 1000 ms,
// CheckQuorum: a leader that cannot reach a majority steps down).
// - Membership is fixed when the group is first seen: the StatefulSet's replicas then (or the
//   `members` annotation): `<set>-0 … <set>-(N-1)`; other owners (a Deployment) get the hostnames of
//   their first N pods, so a replacement pod with a new random name is not a member, as in etcd.
// - A member is reachable when its pod is Running and Ready, not being deleted, and its node is up.
//   A member that had joined but comes back without its data file (emptyDir, no volume) has lost its
//   data: it does not vote or serve (real etcd needs `member remove` + `member add`).
// - When there is no leader and a majority is reachable, an election runs after the election
//   timeout; the winner is the reachable member with the most up-to-date log (last term, then
//   length; ties to the lowest ordinal: deterministic instead of Raft's randomized timeouts).
// - A write goes to the leader (followers forward it); it is applied only when a majority of the N
//   members (not of those alive) stores it, else refused with 503 and nothing is appended.
// Data: `<data-path>/raft.json` on each member's volume = { term, votedFor, index, lastTerm, data }:
// the log is kept compacted into its snapshot (Raft §7, log compaction): `index` entries applied,
// the last one from term `lastTerm`, and the key-value state they produce, so a file's size grows
// with the number of keys, not of writes.
import type { KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import type { AppModel, PodAppStatus } from './model';
import { routeOf, text } from './model';
import { declaredModel, groupOf, hostnameOf, intParam, kvKey, param } from './params';
import { dataPathOf } from './kv';
import { appendTimeline, joinPath, readData, readJson, reachable, writeData, writeJson } from './runtime';

export const RAFT_FILE = 'raft.json';
/** etcd's default --election-timeout. */
export const DEFAULT_ELECTION_TIMEOUT_MS = 1000;

interface RaftFile {
  term: number;
  votedFor?: string;
  /** Entries committed and applied (the commit index). */
  index: number;
  /** Term of the last entry (0 when there is none). */
  lastTerm: number;
  data: Record<string, string>;
}

interface Leader {
  name: string;
  uid: string;
  term: number;
}

interface QuorumGroup {
  namespace: string;
  name: string;
  /** uid of the StatefulSet/Deployment the state belongs to: a recreated owner starts a new group. */
  ownerUid: string;
  members: string[];
  /** Set when `members` came from the annotation (re-read on every sync). */
  explicitSize?: number;
  /** `election-timeout-ms` of the owner's template (or of a pod), default 1000. */
  electionTimeoutMs: number;
  leader?: Leader;
  electionAt?: number;
  /** Members that have written their data file at least once. */
  joined: Set<string>;
  quorumOk: boolean;
  /** The situation a `write rejected` line was last printed for (one line per outage, not per request). */
  rejectLogged?: string;
}

interface Member {
  name: string;
  pod?: KubeObject;
  reachable: boolean;
  dataLost: boolean;
  file?: RaftFile;
}

const GROUPS = 'apps/quorum';

export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

function groups(ctx: ControllerContext): Map<string, QuorumGroup> {
  let m = ctx.shared.get(GROUPS) as Map<string, QuorumGroup> | undefined;
  if (!m) ctx.shared.set(GROUPS, (m = new Map()));
  return m;
}

function raftPath(pod: KubeObject): string {
  return joinPath(dataPathOf(pod), RAFT_FILE);
}

function readRaft(ctx: ControllerContext, pod: KubeObject): RaftFile | undefined {
  const f = readJson<RaftFile>(ctx, pod, raftPath(pod));
  if (!f || typeof f !== 'object' || typeof f.index !== 'number' || !f.data || typeof f.data !== 'object') return undefined;
  return f;
}

function groupPods(ctx: ControllerContext, namespace: string, group: string): KubeObject[] {
  return ctx.store.list('Pod', namespace).filter((p) => declaredModel(p) === 'quorum' && groupOf(p).name === group);
}

/** The owner's pod template as a pod, to read the model's parameters without listing pods. */
function templatePod(owner: KubeObject): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: owner.metadata.name, annotations: owner.spec?.template?.metadata?.annotations ?? {} } };
}

function sizeParam(pods: KubeObject[]): number | undefined {
  for (const p of pods) {
    if (param(p, 'members') !== undefined) return intParam(p, 'members', 3, 1, 99);
  }
  return undefined;
}

/** The group's state, creating its membership the first time the group is seen. */
function groupState(ctx: ControllerContext, namespace: string, group: string): QuorumGroup {
  const key = `${namespace}/${group}`;
  const all = groups(ctx);
  let g = all.get(key);
  const set = ctx.store.get('StatefulSet', namespace, group);
  const owner = set ?? ctx.store.get('Deployment', namespace, group);
  const paramSources = owner ? [templatePod(owner)] : groupPods(ctx, namespace, group);
  const explicit = sizeParam(paramSources);
  const ownerUid = owner?.metadata.uid ?? '';
  if (g && g.ownerUid !== ownerUid && owner) {
    all.delete(key);
    g = undefined;
  }
  if (!g || (explicit !== undefined && explicit !== g.explicitSize && set)) {
    let members: string[];
    if (set) {
      const n = explicit ?? (Number.isInteger(set.spec?.replicas) ? set.spec.replicas : 1);
      const start = Number(set.spec?.ordinals?.start ?? 0) || 0;
      members = Array.from({ length: Math.min(n, 99) }, (_, i) => `${group}-${start + i}`);
    } else {
      const pods = groupPods(ctx, namespace, group);
      const n = explicit ?? (Number.isInteger(owner?.spec?.replicas) ? owner!.spec.replicas : pods.length);
      members = [...pods]
        .sort((a, b) => (a.metadata.creationTimestamp ?? 0) - (b.metadata.creationTimestamp ?? 0) || (a.metadata.name < b.metadata.name ? -1 : 1))
        .slice(0, n)
        .map(hostnameOf);
    }
    if (!g) {
      g = { namespace, name: group, ownerUid, members, explicitSize: explicit, electionTimeoutMs: DEFAULT_ELECTION_TIMEOUT_MS, joined: new Set(), quorumOk: false };
      all.set(key, g);
    } else {
      g.members = members;
      g.explicitSize = explicit;
    }
  }
  const source = paramSources[0];
  g.electionTimeoutMs = source ? intParam(source, 'election-timeout-ms', DEFAULT_ELECTION_TIMEOUT_MS, 1, 600_000) : DEFAULT_ELECTION_TIMEOUT_MS;
  return g;
}

function member(ctx: ControllerContext, g: QuorumGroup, name: string): Member {
  const pod = ctx.store.get('Pod', g.namespace, name);
  if (!pod || declaredModel(pod) !== 'quorum' || !reachable(ctx, pod)) return { name, pod, reachable: false, dataLost: false };
  const file = readRaft(ctx, pod);
  return { name, pod, reachable: true, dataLost: !file && g.joined.has(name), file };
}

/**
 * The reachable members that still have their data. With `join`, a member starting for the first
 * time writes its empty data file and joins; without it (appStatus, which must not change the
 * cluster) it is counted as it would be.
 */
function healthyMembers(ctx: ControllerContext, g: QuorumGroup, join = true): Member[] {
  const out: Member[] = [];
  for (const name of g.members) {
    const m = member(ctx, g, name);
    if (!m.reachable || m.dataLost) continue;
    if (!m.file && !join) m.file = { term: 0, index: 0, lastTerm: 0, data: {} };
    if (!m.file) {
      // First start: the member initializes its data directory and joins.
      const fresh: RaftFile = { term: 0, index: 0, lastTerm: 0, data: {} };
      if (writeJson(ctx, m.pod!, raftPath(m.pod!), fresh).ok) {
        g.joined.add(name);
        m.file = fresh;
      } else continue;
    }
    out.push(m);
  }
  return out;
}

/** Raft §5.4.1: a voter grants its vote only to a candidate whose log is at least as up to date. */
function moreUpToDate(a: RaftFile, b: RaftFile): boolean {
  return a.lastTerm !== b.lastTerm ? a.lastTerm > b.lastTerm : a.index > b.index;
}

function leaderOf(g: QuorumGroup, healthy: Member[]): Member | undefined {
  if (!g.leader) return undefined;
  return healthy.find((m) => m.name === g.leader!.name && m.pod?.metadata.uid === g.leader!.uid);
}

/** AppendEntries: followers end up with the leader's log (a prefix of it is already theirs). */
function replicate(ctx: ControllerContext, leader: Member, followers: Member[], term: number): void {
  for (const f of followers) {
    if (f.name === leader.name) continue;
    const same = f.file!.index === leader.file!.index && f.file!.term === term;
    if (same) continue;
    const l = leader.file!;
    const next: RaftFile = { term, votedFor: f.file!.term === term ? f.file!.votedFor : undefined, index: l.index, lastTerm: l.lastTerm, data: l.data };
    if (writeJson(ctx, f.pod!, raftPath(f.pod!), next).ok) f.file = next;
  }
}

function elect(ctx: ControllerContext, g: QuorumGroup, healthy: Member[]): void {
  let best = healthy[0];
  for (const m of healthy) if (moreUpToDate(m.file!, best.file!)) best = m;
  const term = Math.max(...healthy.map((m) => m.file!.term)) + 1;
  const voters: string[] = [];
  for (const m of healthy) {
    const next: RaftFile = { ...m.file!, term, votedFor: best.name };
    if (writeJson(ctx, m.pod!, raftPath(m.pod!), next).ok) {
      m.file = next;
      voters.push(m.name);
    }
  }
  if (voters.length < majorityOf(g.members.length)) return;
  g.leader = { name: best.name, uid: best.pod!.metadata.uid ?? best.name, term };
  g.rejectLogged = undefined;
  appendTimeline(ctx, 'app', best.name, 'leader', `term=${term}`);
  ctx.event(best.pod!, 'Normal', 'LeaderElected', `${best.name} was elected leader for term ${term} with the votes of ${voters.join(', ')} (${voters.length} of ${g.members.length} members; a majority is ${majorityOf(g.members.length)}).`);
  replicate(ctx, best, healthy, term);
}

/**
 * Re-evaluates the group now: a leader that is gone or cannot reach a majority is dropped; with a
 * majority reachable and no leader, an election is due one election timeout later. Returns the ms
 * until that election, when one is pending.
 */
function evaluate(ctx: ControllerContext, g: QuorumGroup): number | undefined {
  const healthy = healthyMembers(ctx, g);
  const n = g.members.length;
  const majority = majorityOf(n);
  const hasQuorum = healthy.length >= majority;
  const leader = leaderOf(g, healthy);
  if (g.leader && (!leader || !hasQuorum)) {
    if (hasQuorum) appendTimeline(ctx, 'app', g.leader.name, 'leader-lost', `term=${g.leader.term}`);
    g.leader = undefined;
    g.rejectLogged = undefined;
  }
  if (g.quorumOk && !hasQuorum) {
    appendTimeline(ctx, 'app', g.name, 'quorum-lost', `reachable=${healthy.length}/${n}`);
    const set = ctx.store.get('StatefulSet', g.namespace, g.name);
    if (set) ctx.event(set, 'Warning', 'QuorumLost', `Only ${healthy.length} of ${n} members of ${g.name} are reachable; writes need ${majority} (a majority), so they are refused until enough members return.`);
    g.rejectLogged = undefined;
  }
  g.quorumOk = hasQuorum;
  if (!hasQuorum) {
    g.electionAt = undefined;
    return undefined;
  }
  if (g.leader) {
    const l = leaderOf(g, healthy)!;
    replicate(ctx, l, healthy, g.leader.term);
    g.electionAt = undefined;
    return undefined;
  }
  g.electionAt ??= ctx.now() + g.electionTimeoutMs;
  if (ctx.now() < g.electionAt) return g.electionAt - ctx.now();
  g.electionAt = undefined;
  elect(ctx, g, healthy);
  return undefined;
}

function reject(ctx: ControllerContext, g: QuorumGroup, why: string, status: number, message: string) {
  if (g.rejectLogged !== why) {
    g.rejectLogged = why;
    appendTimeline(ctx, 'app', g.name, 'write', `rejected: ${why}`);
  }
  return text(status, message);
}

export const quorumModel: AppModel = {
  handle(ctx, pod, req) {
    const g = groupState(ctx, pod.metadata.namespace ?? ctx.store.defaultNamespace, groupOf(pod).name);
    const me = hostnameOf(pod);
    if (!g.members.includes(me)) {
      return text(503, `${me} is not a member of ${g.name} (members: ${g.members.join(', ')}): a quorum member needs a stable name, so run the members as a StatefulSet.`);
    }
    evaluate(ctx, g);
    const self = member(ctx, g, me);
    if (self.dataLost) return text(503, `${me} lost its data directory (${raftPath(pod)}): it cannot rejoin with an empty log. Keep member data on a PersistentVolumeClaim.`);
    const n = g.members.length;
    const majority = majorityOf(n);
    const healthy = healthyMembers(ctx, g);
    const leader = leaderOf(g, healthy);
    const route = routeOf(req);
    if (route === '/' || route === '/status') {
      return text(200, `${me} ${leader?.name === me ? 'leader' : 'follower'} term=${self.file?.term ?? 0} leader=${leader?.name ?? 'none'} reachable=${healthy.length}/${n}`);
    }
    const parsed = kvKey(route);
    if (!parsed) return text(404, `${me} serves /kv/<key> (GET, PUT, DELETE) and /status; ${route} is not one of them.`);
    if (parsed.error) return text(400, parsed.error);
    const key = parsed.key!;
    const write = req.method === 'PUT' || req.method === 'POST' || req.method === 'DELETE';
    if (!write && req.method !== 'GET') return text(405, `${req.method} is not supported on /kv/<key>: use GET, PUT or DELETE.`);
    const verb = write ? 'write' : 'read';
    if (healthy.length < majority) {
      const why = `no quorum (${healthy.length}/${n})`;
      const message = `${verb} rejected: no quorum. Only ${healthy.length} of ${n} members ${healthy.length === 1 ? 'is' : 'are'} reachable and a ${verb} needs ${majority} (a majority of ${n}); ${g.name} tolerates ${n - majority} failed member${n - majority === 1 ? '' : 's'}.`;
      return write ? reject(ctx, g, why, 503, message) : text(503, message);
    }
    if (!leader || !g.leader) {
      const why = `no leader (${healthy.length}/${n})`;
      const message = `${verb} rejected: ${g.name} has no leader yet; an election runs ${g.electionTimeoutMs} ms after the leader is lost. Retry shortly.`;
      return write ? reject(ctx, g, why, 503, message) : text(503, message);
    }
    const via = leader.name === me ? '' : ` (forwarded to the leader ${leader.name})`;
    if (!write) {
      const value = leader.file!.data[key];
      return value === undefined ? text(404, `key ${key} not found${via}`) : text(200, value, { 'x-raft-leader': leader.name });
    }
    const term = g.leader.term;
    const data = { ...leader.file!.data };
    if (req.method === 'DELETE') delete data[key];
    else data[key] = req.body ?? '';
    const index = leader.file!.index + 1;
    const acked: Member[] = [];
    const previous: Array<{ m: Member; text: string | undefined }> = [];
    for (const m of [leader, ...healthy.filter((h) => h.name !== leader.name)]) {
      const path = raftPath(m.pod!);
      previous.push({ m, text: readData(ctx, m.pod!, path) });
      const next: RaftFile = { term, votedFor: m.file!.term === term ? m.file!.votedFor : undefined, index, lastTerm: term, data };
      if (writeJson(ctx, m.pod!, path, next).ok) acked.push(m);
    }
    if (acked.length < majority) {
      for (const p of previous) if (p.text !== undefined) writeData(ctx, p.m.pod!, raftPath(p.m.pod!), p.text);
      return reject(ctx, g, `no quorum (${acked.length}/${n})`, 503, `write rejected: only ${acked.length} of ${n} members could store it and a write needs ${majority}.`);
    }
    g.rejectLogged = undefined;
    return text(200, `committed ${key} index=${index} term=${term} acks=${acked.length}/${n}${via}`, { 'x-raft-leader': leader.name, 'x-raft-index': String(index) });
  },
  status(ctx, pod): PodAppStatus {
    const g = groupState(ctx, pod.metadata.namespace ?? ctx.store.defaultNamespace, groupOf(pod).name);
    const me = hostnameOf(pod);
    const n = g.members.length;
    const majority = majorityOf(n);
    if (!g.members.includes(me)) return { role: 'not-a-member', serving: false, detail: { members: n, reason: 'not in the member list: quorum members need stable names (a StatefulSet)' } };
    const self = member(ctx, g, me);
    const healthy = healthyMembers(ctx, g, false);
    const leader = leaderOf(g, healthy);
    const detail: Record<string, string | number | boolean> = {
      term: self.file?.term ?? 0,
      leader: leader?.name ?? '',
      members: n,
      reachable: healthy.length,
      majority,
      faultTolerance: n - majority,
      commitIndex: self.file?.index ?? 0,
    };
    if (self.dataLost) return { role: 'data-lost', serving: false, detail };
    if (!self.reachable) return { role: 'unreachable', serving: false, detail };
    return { role: leader?.name === me ? 'leader' : 'follower', serving: healthy.length >= majority && leader !== undefined, detail };
  },
  syncGroup(ctx, namespace, group) {
    if (!groups(ctx).has(`${namespace}/${group}`) && groupPods(ctx, namespace, group).length === 0) return undefined;
    return evaluate(ctx, groupState(ctx, namespace, group));
  },
};
