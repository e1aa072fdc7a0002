// The API server's pod deletion strategy (pkg/registry/core/pod/strategy.go CheckGracefulDelete).
import type { KubeObject } from '../api';

/** Seconds of grace for DELETE: 0 for force, for pods never scheduled, and for finished pods. */
export function podDeleteGracePeriod(pod: KubeObject, force: boolean): number {
  if (force) return 0;
  if (!pod.spec?.nodeName) return 0;
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return 0;
  const grace = pod.spec?.terminationGracePeriodSeconds;
  return typeof grace === 'number' && grace >= 0 ? grace : 30;
}
