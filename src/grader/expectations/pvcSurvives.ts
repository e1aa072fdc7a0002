import type { Evaluator } from '../context';

/** Passes when the PVC that existed after step `since` still exists now with the same uid (it was kept, not recreated). */
export const pvcSurvives: Evaluator<'pvcSurvives'> = (expect, ctx) => {
  const before = ctx.snapshots[expect.since]?.objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === expect.pvc);
  if (!before) return { passed: false, seen: `no claim "${expect.pvc}" existed at step "${expect.since}"` };
  const now = ctx.view.get('PersistentVolumeClaim', expect.pvc);
  if (!now) return { passed: false, seen: `claim "${expect.pvc}" is gone` };
  if (now.metadata.uid !== before.metadata.uid) return { passed: false, seen: `claim "${expect.pvc}" was deleted and created again (new uid)` };
  return { passed: true };
};
