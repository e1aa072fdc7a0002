// Structural + semantic validation of one object, as the API server answers `kubectl apply`.
import { apiVersionOf, kindLike, SUPPORTED_KINDS } from '../kinds';
import { isRecord, quote, type Report } from '../report';
import { validateStructure } from '../schema-walker';
import { nearest } from '../suggest';
import { validateMetadata } from './common';
import { validatePodSpec } from './pod';
import { validateService } from './service';
import { validateClaimSpec, validateDataKeys, validatePersistentVolume, validatePodDisruptionBudget, validateStorageClass } from './storage';
import { validateDeployment, validateReplicaSet, validateStatefulSet } from './workloads';

const ROOT_SKIP = new Set(['apiVersion', 'kind']);

/** Checks kind and apiVersion; returns the kind when the object can be validated further. */
function checkKind(report: Report, obj: Record<string, unknown>): string | null {
  const kind = obj.kind;
  const apiVersion = obj.apiVersion;
  if (kind === undefined || kind === null || kind === '') {
    report.error('kind-missing', '', `kind: required field is missing. Say what this object is, for example \`kind: StatefulSet\`.`);
    return null;
  }
  if (typeof kind !== 'string' || apiVersionOf(kind) === undefined) {
    const supported = SUPPORTED_KINDS.map(([k]) => k).join(', ');
    const guess = typeof kind === 'string' ? kindLike(kind) ?? nearest(kind, SUPPORTED_KINDS.map(([k]) => k)) : undefined;
    const hint = guess ? ` Did you mean "${guess}"?` : '';
    report.error('unknown-kind', 'kind', `kind: ${quote(kind)} is not a kind the simulator supports.${hint} Supported kinds: ${supported}.`);
    return null;
  }
  const expected = apiVersionOf(kind) as string;
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') {
    report.error('apiVersion-missing', '', `apiVersion: required field is missing. A ${kind} uses \`apiVersion: ${expected}\`.`);
    return null;
  }
  if (apiVersion !== expected) {
    report.error(
      'wrong-apiVersion',
      'apiVersion',
      `apiVersion: no matches for kind ${quote(kind)} in version ${quote(apiVersion)}. A ${kind} uses \`apiVersion: ${expected}\` (older tutorials show versions that Kubernetes has removed).`,
    );
    return null;
  }
  return kind;
}

export function validateInto(report: Report, value: unknown): void {
  validateAll(report, value);
  // A rule with its own message for a missing field replaces the schema's plain "required field is missing".
  const explained = new Set(report.diagnostics.filter((d) => d.code !== 'schema-required').map((d) => d.path));
  const kept = report.diagnostics.filter((d) => d.code !== 'schema-required' || !explained.has(d.path));
  report.diagnostics.splice(0, report.diagnostics.length, ...kept);
}

function validateAll(report: Report, value: unknown): void {
  if (!isRecord(value)) {
    const what = Array.isArray(value) ? 'a list' : `the ${typeof value} ${quote(value)}`;
    report.error('not-an-object', '', `This document is ${what}, not a Kubernetes object. Each document needs apiVersion, kind and metadata as key: value pairs.`);
    return;
  }
  const kind = checkKind(report, value);
  if (kind === null) return;
  validateStructure(value, kind, report, ROOT_SKIP);
  validateMetadata(report, kind, value.metadata);
  switch (kind) {
    case 'StatefulSet':
      validateStatefulSet(report, value.spec);
      break;
    case 'Deployment':
      validateDeployment(report, value.spec);
      break;
    case 'ReplicaSet':
      validateReplicaSet(report, value.spec);
      break;
    case 'Pod':
      validatePodSpec(report, 'spec', value.spec, { owner: 'Pod', claimNames: new Set() });
      break;
    case 'Service':
      validateService(report, value.spec);
      break;
    case 'PersistentVolumeClaim':
      validateClaimSpec(report, 'spec', value.spec, 'error');
      break;
    case 'PersistentVolume':
      validatePersistentVolume(report, value.spec);
      break;
    case 'StorageClass':
      validateStorageClass(report, value);
      break;
    case 'ConfigMap':
    case 'Secret':
      validateDataKeys(report, kind, value);
      break;
    case 'PodDisruptionBudget':
      validatePodDisruptionBudget(report, value.spec);
      break;
    default:
      break;
  }
}
