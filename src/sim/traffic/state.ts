// The traffic layer's per-cluster state, kept in ControllerContext.shared: open connections,
// ClientIP affinity entries, L7 proxies' round-robin positions, running clients and the request log.
import type { ClientSpec, KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import { SeededRandom } from '../cluster/random';

export interface Connection {
  id: string;
  pod: string;
  podUid: string;
}

export interface AffinityEntry {
  pod: string;
  podUid: string;
  lastUsed: number;
}

export interface RunningClient {
  spec: ClientSpec;
  /** False once stopClient ran: its pending timer then does nothing. */
  active: boolean;
  until?: number;
}

export interface TrafficState {
  /**
   * kube-proxy's backend choice per new connection. A stream of its own, so that traffic never
   * shifts the cluster's main random stream (pod name suffixes, uids and IPs stay as they were).
   */
  random: SeededRandom;
  nextConnection: Map<string, number>;
  /** client → target → the connection it keeps open (HTTP/2, gRPC keep-alive). */
  open: Map<string, Map<string, Connection>>;
  /** Service uid → client → affinity entry (iptables `recent` module). */
  affinity: Map<string, Map<string, AffinityEntry>>;
  /** Proxy key → next round-robin position. */
  roundRobin: Map<string, number>;
  clients: Map<string, RunningClient>;
  /** One entry per served request: time and pod (the source of trafficStats). */
  served: Array<{ t: number; pod: string }>;
  failed: number;
  /** Bumped on every Pod write: cached backend lists are valid while it stays the same. */
  podVersion: number;
  backends: WeakMap<KubeObject, { podVersion: number; pods: KubeObject[] }>;
}

const KEY = 'traffic/state';
/** Seed of the traffic stream; fixed so a run replays exactly. */
const TRAFFIC_SEED = 0x7ea1f1c;

export function trafficState(ctx: ControllerContext): TrafficState {
  let state = ctx.shared.get(KEY) as TrafficState | undefined;
  if (!state) {
    state = {
      random: new SeededRandom(TRAFFIC_SEED),
      nextConnection: new Map(),
      open: new Map(),
      affinity: new Map(),
      roundRobin: new Map(),
      clients: new Map(),
      served: [],
      failed: 0,
      podVersion: 0,
      backends: new WeakMap(),
    };
    ctx.shared.set(KEY, state);
    const s = state;
    ctx.store.watch((event) => {
      if (event.object.kind === 'Pod') s.podVersion++;
    });
  }
  return state;
}

export function newConnectionId(state: TrafficState, client: string): string {
  const n = (state.nextConnection.get(client) ?? 0) + 1;
  state.nextConnection.set(client, n);
  return `${client}#${n}`;
}
