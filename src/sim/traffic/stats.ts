// Cluster.trafficStats: requests served per pod, counted in buckets of simulated time.
import type { TrafficStats } from '../api';
import type { ControllerContext } from '../cluster/controller';
import { trafficState } from './state';

export function trafficStats(ctx: ControllerContext, options: { bucketMs?: number } = {}): TrafficStats {
  const state = trafficState(ctx);
  const bucketMs = typeof options.bucketMs === 'number' && options.bucketMs >= 1 ? Math.floor(options.bucketMs) : 1000;
  const buckets = Math.floor(ctx.now() / bucketMs) + 1;
  const perPod: Record<string, number[]> = {};
  const totals: Record<string, number> = {};
  for (const { t, pod } of state.served) {
    const row = (perPod[pod] ??= new Array(buckets).fill(0));
    row[Math.min(buckets - 1, Math.floor(t / bucketMs))]++;
    totals[pod] = (totals[pod] ?? 0) + 1;
  }
  return { bucketMs, perPod, totals, failed: state.failed };
}
