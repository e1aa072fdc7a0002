// Workload rules (pkg/apis/apps/validation: ValidateStatefulSetSpec, ValidateDeploymentSpec,
// ValidateReplicaSetSpec, ValidatePodTemplateSpecForReplicaSet/StatefulSet).
import { parsePercent } from '../names';
import { quote, type Report } from '../report';
import { arr, type Rec, int, nonNegative, oneOf, rec, selectorMatches, showLabels, showSelector, str, checkName, validateLabels, validateSelector } from './common';
import { validatePodSpec } from './pod';
import { validateClaimSpec } from './storage';

/** Selector present, non-empty, valid, and matching the template's labels; then the pod template. */
function validateSelectorAndTemplate(report: Report, kind: string, spec: Rec, claimNames: ReadonlySet<string>): void {
  const selector = rec(spec.selector);
  const template = rec(spec.template);
  const templateLabels = rec(rec(template?.metadata)?.labels);
  if (!selector) {
    if (spec.selector === undefined || spec.selector === null) {
      report.error(
        'selector-missing',
        'spec.selector',
        `spec.selector: required field is missing. A ${kind} finds its pods by label: add \`selector: {matchLabels: ...}\` with the labels of spec.template.metadata.labels.`,
      );
    }
  } else if (!validateSelector(report, 'spec.selector', selector)) {
    report.error(
      'selector-empty',
      'spec.selector',
      `spec.selector: Invalid value: ${quote(selector)}: empty selector is invalid for ${kind.toLowerCase()}. Put at least one label under matchLabels.`,
    );
  } else if (template && !selectorMatches(selector, templateLabels ?? {})) {
    report.error(
      'selector-mismatch',
      'spec.template.metadata.labels',
      `spec.template.metadata.labels: Invalid value: ${quote(templateLabels ?? {})}: \`selector\` does not match template \`labels\`. The selector asks for ${showSelector(selector)}, but the pod template has ${showLabels(templateLabels)}; the template's labels must include everything the selector asks for.`,
    );
  }
  if (!template) {
    if (spec.template === undefined || spec.template === null) {
      report.error('template-missing', 'spec.template', `spec.template: required field is missing. Describe the pods to run under spec.template (metadata.labels and spec.containers).`);
    }
    return;
  }
  validateLabels(report, 'spec.template.metadata.labels', templateLabels);
  validatePodSpec(report, 'spec.template.spec', template.spec, { owner: kind, claimNames });
}

/** `maxUnavailable` / `maxSurge`: a count ≥ 0 or a percentage up to 100% (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent). */
function intOrPercent(report: Report, path: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    if (value < 0) report.error('invalid-value', path, `${path}: Invalid value: ${value}: must be greater than or equal to 0.`);
    return value;
  }
  if (typeof value === 'string') {
    const pct = parsePercent(value);
    if (pct === null) {
      report.error('invalid-value', path, `${path}: Invalid value: ${quote(value)}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '10%'), or use a plain number.`);
      return null;
    }
    if (pct > 100) report.error('invalid-value', path, `${path}: Invalid value: ${quote(value)}: must not be greater than 100%.`);
    return pct;
  }
  return null;
}

/** ValidateStatefulSetSpec (SS-VAL-2..11, 14; volumeClaimTemplates as warnings, SS-VAL-15). */
export function validateStatefulSet(report: Report, specValue: unknown): void {
  const spec = rec(specValue);
  if (!spec) {
    report.error('spec-missing', 'spec', `spec: required field is missing. A StatefulSet needs a spec with selector, serviceName, replicas and template.`);
    return;
  }
  const policy = spec.podManagementPolicy;
  if (policy !== undefined && policy !== null && policy !== 'OrderedReady' && policy !== 'Parallel') {
    report.error('invalid-value', 'spec.podManagementPolicy', `spec.podManagementPolicy: Invalid value: ${quote(policy)}: must be 'OrderedReady' or 'Parallel'.`);
  }
  const strategy = rec(spec.updateStrategy);
  if (strategy) {
    const type = strategy.type;
    if (type !== undefined && type !== null && type !== 'RollingUpdate' && type !== 'OnDelete') {
      report.error('invalid-value', 'spec.updateStrategy.type', `spec.updateStrategy.type: Invalid value: ${quote(type)}: must be 'RollingUpdate' or 'OnDelete'.`);
    }
    const rolling = rec(strategy.rollingUpdate);
    if (type === 'OnDelete' && rolling) {
      report.error('invalid-value', 'spec.updateStrategy.rollingUpdate', `spec.updateStrategy.rollingUpdate: Invalid value: ${quote(rolling)}: only allowed for updateStrategy 'RollingUpdate'. Remove rollingUpdate or use type RollingUpdate.`);
    }
    if (rolling) {
      nonNegative(report, 'spec.updateStrategy.rollingUpdate.partition', rolling.partition);
      const mu = rolling.maxUnavailable;
      const n = intOrPercent(report, 'spec.updateStrategy.rollingUpdate.maxUnavailable', mu);
      if (n === 0) report.error('invalid-value', 'spec.updateStrategy.rollingUpdate.maxUnavailable', `spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: ${quote(mu)}: cannot be 0.`);
    }
  }
  const retention = rec(spec.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    for (const field of ['whenDeleted', 'whenScaled']) {
      oneOf(report, `spec.persistentVolumeClaimRetentionPolicy.${field}`, retention[field], ['Retain', 'Delete']);
    }
  }
  nonNegative(report, 'spec.replicas', spec.replicas);
  nonNegative(report, 'spec.minReadySeconds', spec.minReadySeconds);
  nonNegative(report, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit);
  nonNegative(report, 'spec.ordinals.start', rec(spec.ordinals)?.start);
  const serviceName = str(spec.serviceName);
  if (spec.serviceName === undefined || spec.serviceName === null) {
    report.error('service-name-missing', 'spec.serviceName', `spec.serviceName: required field is missing. Name the headless Service that gives the pods their DNS names, for example \`serviceName: nginx\`.`);
  }
  if (serviceName) checkName(report, 'spec.serviceName', serviceName, 'dns1123-label', 'serviceName (it becomes part of each pod\'s DNS name)');

  const claimNames = new Set<string>();
  arr(spec.volumeClaimTemplates).forEach((raw, i) => {
    const t = rec(raw);
    const at = `spec.volumeClaimTemplates[${i}]`;
    if (!t) return;
    const name = str(rec(t.metadata)?.name);
    if (name) claimNames.add(name);
    else {
      report.warning('claim-template-invalid', `${at}.metadata.name`, `${at}.metadata.name: required field is missing. The controller names each claim <template name>-<pod name>, so the template needs a name that a volumeMount also uses.`);
    }
    validateClaimSpec(report, `${at}.spec`, t.spec, 'warning');
  });
  validateSelectorAndTemplate(report, 'StatefulSet', spec, claimNames);
}

/** ValidateDeploymentSpec. */
export function validateDeployment(report: Report, specValue: unknown): void {
  const spec = rec(specValue);
  if (!spec) {
    report.error('spec-missing', 'spec', `spec: required field is missing. A Deployment needs a spec with selector, replicas and template.`);
    return;
  }
  nonNegative(report, 'spec.replicas', spec.replicas);
  nonNegative(report, 'spec.minReadySeconds', spec.minReadySeconds);
  nonNegative(report, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit);
  const strategy = rec(spec.strategy);
  if (strategy) {
    oneOf(report, 'spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']);
    const rolling = rec(strategy.rollingUpdate);
    if (strategy.type === 'Recreate' && rolling) {
      report.error('forbidden', 'spec.strategy.rollingUpdate', `spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy \`type\` is 'Recreate'.`);
    } else if (rolling) {
      const surge = intOrPercent(report, 'spec.strategy.rollingUpdate.maxSurge', rolling.maxSurge);
      const unavailable = intOrPercent(report, 'spec.strategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable);
      if (surge === 0 && unavailable === 0) {
        report.error('invalid-value', 'spec.strategy.rollingUpdate.maxUnavailable', `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: ${quote(rolling.maxUnavailable)}: may not be 0 when \`maxSurge\` is 0. The rollout could never replace a pod.`);
      }
    }
  }
  const deadline = int(spec.progressDeadlineSeconds);
  const minReady = int(spec.minReadySeconds) ?? 0;
  if (deadline !== undefined && deadline <= minReady) {
    report.error('invalid-value', 'spec.progressDeadlineSeconds', `spec.progressDeadlineSeconds: Invalid value: ${deadline}: must be greater than minReadySeconds.`);
  }
  validateSelectorAndTemplate(report, 'Deployment', spec, new Set());
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSet(report: Report, specValue: unknown): void {
  const spec = rec(specValue);
  if (!spec) {
    report.error('spec-missing', 'spec', `spec: required field is missing. A ReplicaSet needs a spec with selector, replicas and template.`);
    return;
  }
  nonNegative(report, 'spec.replicas', spec.replicas);
  nonNegative(report, 'spec.minReadySeconds', spec.minReadySeconds);
  validateSelectorAndTemplate(report, 'ReplicaSet', spec, new Set());
}
