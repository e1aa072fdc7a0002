import type { Evaluator } from '../context';
import { listNames } from '../objects';

/** Passes when the pod mounts this PersistentVolumeClaim. */
export const pvcForPod: Evaluator<'pvcForPod'> = (expect, ctx) => {
  const pod = ctx.view.get('Pod', expect.pod);
  if (!pod) return { passed: false, seen: `no pod named "${expect.pod}"` };
  const volumes: Array<{ persistentVolumeClaim?: { claimName?: string } }> = pod.spec?.volumes ?? [];
  const claims = volumes.flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
  if (claims.includes(expect.pvc)) return { passed: true };
  return { passed: false, seen: `${expect.pod} mounts claims: ${listNames(claims)}` };
};
