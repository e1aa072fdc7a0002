// Immutable-field rules on update (ValidateStatefulSetUpdate, ValidateDeploymentUpdate,
// ValidateReplicaSetUpdate, ValidateServiceUpdate, ValidatePersistentVolumeClaimUpdate,
// ValidatePodUpdate, ValidateConfigMapUpdate/ValidateSecretUpdate, ValidateStorageClassUpdate).
// A field the new object leaves out counts as unchanged, as with `kubectl apply`'s merge.
import { parseQuantity } from './names';
import { isRecord, quote, type Report } from './report';

/** The first path under `path` where `next` sets something `prev` does not have, or null. */
export function firstChange(prev: unknown, next: unknown, path: string, depth = 0): string | null {
  if (next === undefined || next === null || depth > 100) return null;
  if (Array.isArray(next)) {
    if (!Array.isArray(prev) || prev.length !== next.length) return path;
    for (let i = 0; i < next.length; i++) {
      const c = firstChange(prev[i], next[i], `${path}[${i}]`, depth + 1);
      if (c !== null) return c;
    }
    return null;
  }
  if (isRecord(next)) {
    if (!isRecord(prev)) return Object.keys(next).length === 0 ? null : path;
    for (const key of Object.keys(next)) {
      const c = firstChange(prev[key], next[key], path === '' ? key : `${path}.${key}`, depth + 1);
      if (c !== null) return c;
    }
    return null;
  }
  if (prev === next) return null;
  // 80 vs "80", 1Gi vs 1073741824: the same value written differently.
  if (prev !== undefined && prev !== null && String(prev) === String(next)) return null;
  return path;
}

function without(obj: unknown, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(obj)) return out;
  for (const [k, v] of Object.entries(obj)) if (!keys.includes(k)) out[k] = v;
  return out;
}

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function nameOf(obj: Record<string, unknown>): string {
  const meta = obj.metadata;
  return isRecord(meta) && typeof meta.name === 'string' ? meta.name : '<name>';
}

export function validateUpdateInto(report: Report, oldObj: unknown, newObj: unknown): void {
  if (!isRecord(oldObj) || !isRecord(newObj) || oldObj.kind !== newObj.kind) return;
  const kind = newObj.kind;
  const prevSpec = oldObj.spec;
  const nextSpec = newObj.spec;
  switch (kind) {
    case 'StatefulSet': {
      const changed = firstChange(without(prevSpec, STATEFULSET_MUTABLE), without(nextSpec, STATEFULSET_MUTABLE), 'spec');
      if (changed !== null) {
        report.error(
          'immutable-field',
          changed,
          `spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden. This change touches ${changed}. To change it, delete the StatefulSet and create it again (\`kubectl delete statefulset ${nameOf(newObj)} --cascade=orphan\` keeps its pods and claims).`,
        );
      }
      break;
    }
    case 'Deployment':
    case 'ReplicaSet': {
      const next = isRecord(nextSpec) ? nextSpec.selector : undefined;
      const prev = isRecord(prevSpec) ? prevSpec.selector : undefined;
      if (firstChange(prev, next, 'spec.selector') !== null || (isRecord(next) && isRecord(prev) && firstChange(next, prev, '') !== null)) {
        report.error(
          'immutable-field',
          'spec.selector',
          `spec.selector: Invalid value: ${quote(next)}: field is immutable. A ${kind}'s selector cannot change after creation; to select other labels, delete the ${kind} and create it again.`,
        );
      }
      break;
    }
    case 'Service': {
      const prev = isRecord(prevSpec) ? prevSpec.clusterIP : undefined;
      const next = isRecord(nextSpec) ? nextSpec.clusterIP : undefined;
      if (typeof prev === 'string' && prev !== '' && typeof next === 'string' && next !== '' && prev !== next) {
        report.error(
          'immutable-field',
          'spec.clusterIP',
          `spec.clusterIPs[0]: Invalid value: ${quote(next)}: field is immutable (it was ${quote(prev)}). A Service cannot switch between headless (clusterIP: None) and a virtual IP in place: delete it and create it again.`,
        );
      }
      break;
    }
    case 'PersistentVolumeClaim': {
      const changed = firstChange(without(prevSpec, ['resources', 'volumeAttributesClassName']), without(nextSpec, ['resources', 'volumeAttributesClassName']), 'spec');
      if (changed !== null) {
        report.error(
          'immutable-field',
          changed,
          `spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims. This change touches ${changed}; create a new claim instead.`,
        );
      }
      const get = (s: unknown): unknown => (isRecord(s) && isRecord(s.resources) && isRecord(s.resources.requests) ? s.resources.requests.storage : undefined);
      const before = parseQuantity(get(prevSpec));
      const after = parseQuantity(get(nextSpec));
      if (before !== null && after !== null && after < before) {
        report.error(
          'immutable-field',
          'spec.resources.requests.storage',
          `spec.resources.requests.storage: Forbidden: field can not be less than previous value (${quote(get(prevSpec))}). A claim can grow but never shrink.`,
        );
      }
      break;
    }
    case 'Pod': {
      const strip = (spec: unknown): Record<string, unknown> => {
        const out = without(spec, ['activeDeadlineSeconds', 'tolerations', 'terminationGracePeriodSeconds']);
        for (const field of ['containers', 'initContainers']) {
          if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).map((c) => without(c, ['image']));
        }
        return out;
      };
      const changed = firstChange(strip(prevSpec), strip(nextSpec), 'spec');
      if (changed !== null) {
        report.error(
          'immutable-field',
          changed,
          "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds`. " +
            `This change touches ${changed}. Pods are replaced rather than edited: change the template of the workload that owns the pod, or delete and re-create it.`,
        );
      }
      break;
    }
    case 'ConfigMap':
    case 'Secret': {
      if (oldObj.immutable === true) {
        for (const field of ['data', 'binaryData', 'stringData']) {
          const changed = firstChange(oldObj[field], newObj[field], field) ?? (isRecord(newObj[field]) ? firstChange(newObj[field], oldObj[field], field) : null);
          if (changed !== null && field !== 'stringData') {
            report.error('immutable-field', field, `${field}: Forbidden: field is immutable when \`immutable\` is set. Create a ${kind} with a new name instead.`);
            break;
          }
        }
        if (newObj.immutable === false) {
          report.error('immutable-field', 'immutable', `immutable: Forbidden: field is immutable when \`immutable\` is set.`);
        }
      }
      break;
    }
    case 'StorageClass': {
      if (firstChange(oldObj.parameters, newObj.parameters, 'parameters') !== null) {
        report.error('immutable-field', 'parameters', 'parameters: Forbidden: updates to parameters are forbidden.');
      }
      for (const field of ['provisioner', 'reclaimPolicy', 'volumeBindingMode']) {
        if (firstChange(oldObj[field], newObj[field], field) !== null) {
          report.error('immutable-field', field, `${field}: Invalid value: ${quote(newObj[field])}: field is immutable.`);
        }
      }
      break;
    }
    default:
      break;
  }
}
