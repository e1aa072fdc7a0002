import type { Evaluator } from '../context';
import { entryName, isPodEntry } from '../objects';

/** Passes when the pod runs the set's update revision, its current revision, or revision number N. */
export const podRevision: Evaluator<'podRevision'> = (expect, ctx) => {
  const pod = ctx.view.get('Pod', expect.pod);
  if (!pod) return { passed: false, seen: `no pod named "${expect.pod}"` };
  const hash = pod.metadata.labels?.['controller-revision-hash'];
  const number = revisionNumber(expect.pod, hash, ctx);
  const seen = `${expect.pod} runs revision ${number ?? hash ?? 'unknown'}`;
  if (typeof expect.revision === 'number') return number === expect.revision ? { passed: true } : { passed: false, seen };
  const owner = pod.metadata.ownerReferences?.find((r) => r.kind === 'StatefulSet');
  const set = owner ? ctx.view.get('StatefulSet', owner.name) : undefined;
  if (!set) return { passed: false, seen: `${expect.pod} belongs to no StatefulSet` };
  const wanted = expect.revision === 'update' ? set.status?.updateRevision : set.status?.currentRevision;
  return hash !== undefined && hash === wanted ? { passed: true } : { passed: false, seen };
};

/** The ControllerRevision's number; when the engine keeps none, the `rev=N` of the pod's last creation in the timeline. */
function revisionNumber(pod: string, hash: string | undefined, ctx: Parameters<Evaluator<'podRevision'>>[1]): number | undefined {
  const revision = hash ? ctx.view.get('ControllerRevision', hash) : undefined;
  if (typeof revision?.revision === 'number') return revision.revision;
  for (let i = ctx.timeline.length - 1; i >= 0; i--) {
    const e = ctx.timeline[i];
    const m = /\bcreated rev=(\d+)/.exec(e.text);
    if (m && isPodEntry(e) && entryName(e) === pod) return Number(m[1]);
  }
  return undefined;
}
