// Warnings for the course's classic mistakes that the API server accepts silently but that break
// what a learner is trying to do. They need only the input; each nudges without giving the answer.
import type { Diagnostic } from '../api';
import { arr, rec, selectorMatches, str } from './validate/common';
import { Report } from './report';
import type { ParsedObject } from './types';

const DATABASE_IMAGE = /(mysql|postgres|mongo|redis|etcd|zookeeper|kafka|cassandra|mariadb|elasticsearch)/i;

interface Owned {
  parsed: ParsedObject;
  kind: string;
  name: string;
  obj: Record<string, unknown>;
}

function view(parsed: ParsedObject): Owned | null {
  const obj = rec(parsed.object);
  if (!obj || typeof obj.kind !== 'string') return null;
  return { parsed, kind: obj.kind, name: str(rec(obj.metadata)?.name) ?? '', obj };
}

/** Pod labels of every pod template (and bare Pod) in the input. */
function podLabelSets(items: Owned[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const item of items) {
    if (item.kind === 'Pod') out.push(rec(rec(item.obj.metadata)?.labels) ?? {});
    else if (item.kind === 'StatefulSet' || item.kind === 'Deployment' || item.kind === 'ReplicaSet') {
      out.push(rec(rec(rec(rec(item.obj.spec)?.template)?.metadata)?.labels) ?? {});
    }
  }
  return out;
}

export function lintObjects(objects: ParsedObject[]): Diagnostic[] {
  const items = objects.map(view).filter((x): x is Owned => x !== null);
  const services = new Map<string, Owned>();
  for (const item of items) if (item.kind === 'Service' && item.name) services.set(item.name, item);
  const podLabels = podLabelSets(items);
  const out: Diagnostic[] = [];

  for (const item of items) {
    const report = new Report(item.obj, item.parsed.position, item.parsed.document);
    const spec = rec(item.obj.spec);
    if (item.kind === 'StatefulSet' && spec) {
      const serviceName = str(spec.serviceName);
      if (serviceName) {
        const service = services.get(serviceName);
        if (!service) {
          report.warning(
            'statefulset-service-missing',
            'spec.serviceName',
            `spec.serviceName: no Service named "${serviceName}" is in this input. Pod DNS names such as ${item.name || 'web'}-0.${serviceName} only exist once that Service does; which kind of Service gives each pod its own DNS record?`,
          );
        } else if (rec(service.obj.spec)?.clusterIP !== 'None') {
          report.warning(
            'statefulset-service-not-headless',
            'spec.serviceName',
            `spec.serviceName: the Service "${serviceName}" is not headless, so it answers with one virtual IP instead of one DNS record per pod. Look at its clusterIP.`,
          );
        }
      }
      const template = rec(rec(spec.template)?.spec);
      const containers = arr(template?.containers);
      const dbIndex = containers.findIndex((c) => DATABASE_IMAGE.test(str(rec(c)?.image) ?? ''));
      if (dbIndex >= 0 && arr(spec.volumeClaimTemplates).length === 0) {
        const image = str(rec(containers[dbIndex])?.image) ?? '';
        report.warning(
          'database-without-claims',
          `spec.template.spec.containers[${dbIndex}].image`,
          `spec.template.spec.containers[${dbIndex}].image: "${image}" looks like a database, but this StatefulSet has no volumeClaimTemplates. Where will each replica keep its data when its pod is replaced?`,
        );
      }
      arr(template?.volumes).forEach((raw, i) => {
        const claim = str(rec(rec(raw)?.persistentVolumeClaim)?.claimName);
        if (claim) {
          report.warning(
            'shared-claim-in-template',
            `spec.template.spec.volumes[${i}].persistentVolumeClaim`,
            `spec.template.spec.volumes[${i}]: every replica mounts the same claim "${claim}", so the pods share one disk instead of having one each. Which StatefulSet field creates a claim per pod?`,
          );
        }
      });
    }
    if (item.kind === 'Service' && spec && podLabels.length > 0) {
      const selector = rec(spec.selector);
      if (selector && Object.keys(selector).length > 0 && !podLabels.some((labels) => selectorMatches({ matchLabels: selector }, labels))) {
        const wanted = Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(', ');
        report.warning(
          'service-selects-nothing',
          'spec.selector',
          `spec.selector: no pod template in this input has the labels ${wanted}, so the Service "${item.name}" would have no endpoints. Compare it with the labels under spec.template.metadata.labels.`,
        );
      }
    }
    out.push(...report.diagnostics);
  }
  return out;
}
