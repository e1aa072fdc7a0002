// Storage and configuration rules (pkg/apis/core/validation: ValidatePersistentVolumeClaimSpec,
// ValidatePersistentVolumeSpec, ValidateConfigMap, ValidateSecret; pkg/apis/storage/validation:
// ValidateStorageClass; pkg/apis/policy/validation: ValidatePodDisruptionBudgetSpec).
import type { Severity } from '../../api';
import { configKeyProblem } from '../names';
import { quote, type Report } from '../report';
import { childPath } from '../paths';
import { arr, oneOf, rec, validateSelector } from './common';
import { checkQuantity } from './pod';

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** ValidatePersistentVolumeClaimSpec; `severity` is 'warning' for a StatefulSet's claim templates,
 * which the 1.30 API server does not check (they fail later, when the controller creates the claim). */
export function validateClaimSpec(report: Report, path: string, specValue: unknown, severity: Severity): void {
  const later = severity === 'warning' ? ' The StatefulSet is accepted, but creating each claim will fail (FailedCreate events).' : '';
  const spec = rec(specValue);
  if (!spec) {
    report.add(severity, severity === 'warning' ? 'claim-template-invalid' : 'spec-missing', path, `${path}: required field is missing. A claim needs accessModes and resources.requests.storage.${later}`);
    return;
  }
  const modes = arr(spec.accessModes);
  if (modes.length === 0) {
    report.add(severity, severity === 'warning' ? 'claim-template-invalid' : 'access-modes-missing', `${path}.accessModes`, `${path}.accessModes: Required value: at least 1 access mode is required. A disk used by one pod at a time is [ReadWriteOnce].${later}`);
  }
  modes.forEach((mode, i) => {
    if (typeof mode === 'string' && !ACCESS_MODES.includes(mode)) {
      report.add(severity, severity === 'warning' ? 'claim-template-invalid' : 'unsupported-value', `${path}.accessModes[${i}]`, `${path}.accessModes[${i}]: Unsupported value: ${quote(mode)}: supported values: ${ACCESS_MODES.map((m) => `"${m}"`).join(', ')}.${later}`);
    }
  });
  const storage = rec(rec(spec.resources)?.requests)?.storage;
  if (storage === undefined || storage === null) {
    report.add(severity, severity === 'warning' ? 'claim-template-invalid' : 'storage-request-missing', `${path}.resources`, `${path}.resources[storage]: Required value. Say how much storage to ask for, under resources.requests, for example \`storage: 1Gi\`.${later}`);
  } else {
    checkQuantity(report, `${path}.resources.requests.storage`, storage, true);
  }
  oneOf(report, `${path}.volumeMode`, spec.volumeMode, ['Filesystem', 'Block']);
}

const PV_SOURCES = [
  'hostPath', 'local', 'nfs', 'csi', 'gcePersistentDisk', 'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs',
  'cinder', 'fc', 'flexVolume', 'flocker', 'glusterfs', 'iscsi', 'photonPersistentDisk', 'portworxVolume', 'quobyte',
  'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
];

export function validatePersistentVolume(report: Report, specValue: unknown): void {
  const spec = rec(specValue);
  if (!spec) {
    report.error('spec-missing', 'spec', `spec: required field is missing. A PersistentVolume needs capacity, accessModes and a volume source such as hostPath.`);
    return;
  }
  const storage = rec(spec.capacity)?.storage;
  if (storage === undefined || storage === null) {
    report.error('capacity-missing', 'spec.capacity', `spec.capacity: Required value. Give the volume's size, for example \`capacity: {storage: 1Gi}\`.`);
  } else checkQuantity(report, 'spec.capacity.storage', storage, true);
  const modes = arr(spec.accessModes);
  if (modes.length === 0) {
    report.error('access-modes-missing', 'spec.accessModes', `spec.accessModes: Required value: at least 1 access mode is required.`);
  }
  modes.forEach((mode, i) => {
    if (typeof mode === 'string' && !ACCESS_MODES.includes(mode)) {
      report.error('unsupported-value', `spec.accessModes[${i}]`, `spec.accessModes[${i}]: Unsupported value: ${quote(mode)}: supported values: ${ACCESS_MODES.map((m) => `"${m}"`).join(', ')}.`);
    }
  });
  const sources = PV_SOURCES.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (sources.length === 0) {
    report.error('volume-source-missing', 'spec', `spec: Required value: must specify a volume type, for example \`hostPath: {path: /mnt/data}\`.`);
  } else if (sources.length > 1) {
    report.error('forbidden', `spec.${sources[1]}`, `spec.${sources[1]}: Forbidden: may not specify more than 1 volume type (found ${sources.join(', ')}).`);
  }
  oneOf(report, 'spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, ['Retain', 'Delete', 'Recycle']);
  oneOf(report, 'spec.volumeMode', spec.volumeMode, ['Filesystem', 'Block']);
}

export function validateStorageClass(report: Report, obj: Record<string, unknown>): void {
  if (typeof obj.provisioner !== 'string' || obj.provisioner === '') {
    report.error('provisioner-missing', 'provisioner', `provisioner: Required value. Name the volume plugin that creates the disks, for example \`provisioner: kubernetes.io/no-provisioner\`.`);
  }
  oneOf(report, 'reclaimPolicy', obj.reclaimPolicy, ['Delete', 'Retain']);
  oneOf(report, 'volumeBindingMode', obj.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** ValidateConfigMap / ValidateSecret: valid keys, no key twice, base64 Secret data. */
export function validateDataKeys(report: Report, kind: string, obj: Record<string, unknown>): void {
  const seen = new Set<string>();
  const fields = kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  for (const field of fields) {
    const data = rec(obj[field]);
    if (!data) continue;
    for (const [key, value] of Object.entries(data)) {
      const path = childPath(field, key);
      const problem = configKeyProblem(key);
      if (problem) report.error('invalid-key', path, `${field}: ${quote(key)} is not a valid key: ${problem}.`);
      else if (seen.has(key) && kind === 'ConfigMap') report.error('duplicate-value', path, `${path}: Invalid value: ${quote(key)}: duplicate of key present in ${fields[0]}.`);
      seen.add(key);
      if (kind === 'Secret' && field === 'data' && typeof value === 'string' && !BASE64.test(value.replace(/\s+/g, ''))) {
        report.error('invalid-base64', path, `${path}: the value is not valid base64. Values under data must be base64-encoded; put plain text under stringData instead.`);
      }
    }
  }
}

export function validatePodDisruptionBudget(report: Report, specValue: unknown): void {
  const spec = rec(specValue);
  if (!spec) return;
  if (spec.minAvailable !== undefined && spec.minAvailable !== null && spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    report.error('invalid-value', 'spec', `spec: Invalid value: ${quote({ minAvailable: spec.minAvailable, maxUnavailable: spec.maxUnavailable })}: minAvailable and maxUnavailable cannot be both set.`);
  }
  const selector = rec(spec.selector);
  if (selector) validateSelector(report, 'spec.selector', selector);
}
