// Pod spec rules (pkg/apis/core/validation: ValidatePodSpec, validateContainers, validateVolumes,
// validateContainerPorts, ValidateVolumeMounts, ValidateResourceRequirements), the part a learner meets.
import { nameProblem, parseQuantity, portNameProblem } from '../names';
import { childPath } from '../paths';
import { quote, type Report } from '../report';
import { arr, checkName, int, oneOf, rec, str } from './common';

export interface PodSpecOptions {
  /** Kind owning the template (StatefulSet, Deployment, ReplicaSet) or 'Pod'. */
  owner: string;
  /** Volume names provided outside the pod spec (a StatefulSet's volumeClaimTemplates). */
  claimNames: ReadonlySet<string>;
}

/** A quantity field: a valid quantity, optionally positive. */
export function checkQuantity(report: Report, path: string, value: unknown, positive = false): number | null {
  if (value === undefined || value === null) return null;
  const n = parseQuantity(value);
  if (n === null) {
    report.error(
      'invalid-quantity',
      path,
      `${path}: ${quote(value)} is not a valid quantity. Write a number with an optional unit, such as 1Gi, 512Mi or 250m (Ki, Mi, Gi are powers of 1024; k, M, G powers of 1000; there is no "GB").`,
    );
    return null;
  }
  if (n < 0 || (positive && n === 0)) {
    report.error('invalid-value', path, `${path}: Invalid value: ${quote(value)}: must be greater than ${positive ? 'zero' : 'or equal to 0'}.`);
  }
  return n;
}

function validatePorts(report: Report, path: string, ports: unknown[]): void {
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const p = rec(raw);
    const at = `${path}[${i}]`;
    if (!p) return;
    const cp = int(p.containerPort);
    if (p.containerPort === undefined || p.containerPort === null) {
      report.error('port-missing', `${at}.containerPort`, `${at}.containerPort: required field is missing. Give the port number the container listens on, for example \`containerPort: 80\`.`);
    } else if (cp !== undefined && (cp < 1 || cp > 65535)) {
      report.error('invalid-port', `${at}.containerPort`, `${at}.containerPort: Invalid value: ${cp}: must be between 1 and 65535, inclusive.`);
    }
    const hp = int(p.hostPort);
    if (hp !== undefined && (hp < 0 || hp > 65535)) {
      report.error('invalid-port', `${at}.hostPort`, `${at}.hostPort: Invalid value: ${hp}: must be between 1 and 65535, inclusive.`);
    }
    oneOf(report, `${at}.protocol`, p.protocol, ['TCP', 'UDP', 'SCTP']);
    const name = str(p.name);
    if (name !== undefined) {
      const problem = portNameProblem(name);
      if (problem) report.error('invalid-name', `${at}.name`, `${at}.name: ${quote(name)} is not a valid port name: ${problem}. Port names are at most 15 lowercase letters, digits and '-', with at least one letter.`);
      else if (names.has(name)) report.error('duplicate-value', `${at}.name`, `${at}.name: Duplicate value: ${quote(name)}. Each port of a container needs its own name.`);
      names.add(name);
    }
  });
}

function validateResources(report: Report, path: string, resources: unknown): void {
  const r = rec(resources);
  if (!r) return;
  const limits = rec(r.limits) ?? {};
  const requests = rec(r.requests) ?? {};
  const limitValues = new Map<string, number>();
  for (const [name, value] of Object.entries(limits)) {
    const n = checkQuantity(report, childPath(`${path}.limits`, name), value);
    if (n !== null) limitValues.set(name, n);
  }
  for (const [name, value] of Object.entries(requests)) {
    const n = checkQuantity(report, childPath(`${path}.requests`, name), value);
    const limit = limitValues.get(name);
    if (n !== null && limit !== undefined && n > limit) {
      report.error('invalid-value', childPath(`${path}.requests`, name), `${path}.requests: Invalid value: ${quote(value)}: must be less than or equal to ${name} limit of ${quote(limits[name])}.`);
    }
  }
}

/** ValidatePodSpec for a pod (`path` = `spec`) or a workload's template (`spec.template.spec`). */
export function validatePodSpec(report: Report, path: string, specValue: unknown, options: PodSpecOptions): void {
  const spec = rec(specValue);
  if (!spec) {
    if (specValue === undefined || specValue === null) {
      report.error('containers-missing', path, `${path}: required field is missing. A pod needs a spec with at least one container.`);
    }
    return;
  }
  const workload = options.owner !== 'Pod';

  // Volumes: unique DNS-label names.
  const volumeNames = new Set<string>();
  arr(spec.volumes).forEach((raw, i) => {
    const v = rec(raw);
    const at = `${path}.volumes[${i}]`;
    if (!v) return;
    const name = str(v.name);
    if (!name) {
      report.error('volume-name-missing', `${at}.name`, `${at}.name: required field is missing. Give the volume a name that a volumeMount can refer to.`);
      return;
    }
    if (nameProblem(name, 'dns1123-label')) checkName(report, `${at}.name`, name, 'dns1123-label', 'volume name');
    else if (volumeNames.has(name)) report.error('duplicate-value', `${at}.name`, `${at}.name: Duplicate value: ${quote(name)}. Each volume of a pod needs its own name.`);
    volumeNames.add(name);
    const pvc = rec(v.persistentVolumeClaim);
    if (pvc && !str(pvc.claimName)) {
      report.error('claim-name-missing', `${at}.persistentVolumeClaim.claimName`, `${at}.persistentVolumeClaim.claimName: required field is missing. Name the PersistentVolumeClaim this volume uses.`);
    }
  });

  const containers = arr(spec.containers);
  if (containers.length === 0) {
    report.error('containers-missing', `${path}.containers`, `${path}.containers: required field is missing. A pod needs at least one container with a name and an image.`);
  }
  const containerNames = new Set<string>();
  const groups: Array<[string, unknown[]]> = [
    ['initContainers', arr(spec.initContainers)],
    ['containers', containers],
  ];
  for (const [field, list] of groups) {
    list.forEach((raw, i) => {
      const c = rec(raw);
      const at = `${path}.${field}[${i}]`;
      if (!c) return;
      const name = str(c.name);
      if (!name) {
        report.error('container-name-missing', `${at}.name`, `${at}.name: required field is missing. Give each container a name, for example \`name: app\`.`);
      } else if (nameProblem(name, 'dns1123-label')) {
        checkName(report, `${at}.name`, name, 'dns1123-label', 'container name');
      } else if (containerNames.has(name)) {
        report.error('duplicate-container-name', `${at}.name`, `${at}.name: Duplicate value: ${quote(name)}. Each container in a pod needs its own name.`);
      }
      if (name) containerNames.add(name);
      if (c.image === undefined || c.image === null || c.image === '') {
        report.error('image-missing', `${at}.image`, `${at}.image: required field is missing. Say which container image to run, for example \`image: nginx:1.25\`.`);
      } else if (typeof c.image === 'string' && c.image.trim() !== c.image) {
        report.error('invalid-value', `${at}.image`, `${at}.image: Invalid value: ${quote(c.image)}: must not have leading or trailing whitespace.`);
      }
      oneOf(report, `${at}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']);
      validatePorts(report, `${at}.ports`, arr(c.ports));
      validateResources(report, `${at}.resources`, c.resources);
      arr(c.env).forEach((rawEnv, j) => {
        const e = rec(rawEnv);
        if (e && !str(e.name)) report.error('env-name-missing', `${at}.env[${j}].name`, `${at}.env[${j}].name: required field is missing. Each environment variable needs a name.`);
      });
      const mountPaths = new Set<string>();
      arr(c.volumeMounts).forEach((rawMount, j) => {
        const m = rec(rawMount);
        const mp = `${at}.volumeMounts[${j}]`;
        if (!m) return;
        const mountName = str(m.name);
        if (!mountName) {
          report.error('volume-name-missing', `${mp}.name`, `${mp}.name: required field is missing. Name the volume to mount.`);
        } else if (!volumeNames.has(mountName) && !options.claimNames.has(mountName)) {
          const where = options.owner === 'StatefulSet' ? `${path}.volumes or spec.volumeClaimTemplates` : `${path}.volumes`;
          report.error('volume-not-found', `${mp}.name`, `${mp}.name: Not found: ${quote(mountName)}. No volume has this name: add one under ${where}, or fix the spelling.`);
        }
        const mountPath = str(m.mountPath);
        if (!mountPath) {
          report.error('mount-path-missing', `${mp}.mountPath`, `${mp}.mountPath: required field is missing. Say where in the container the volume appears, for example \`mountPath: /data\`.`);
        } else if (mountPaths.has(mountPath)) {
          report.error('duplicate-value', `${mp}.mountPath`, `${mp}.mountPath: Invalid value: ${quote(mountPath)}: must be unique. Two volumes cannot be mounted at the same path.`);
        } else mountPaths.add(mountPath);
      });
    });
  }

  if (workload) {
    oneOf(report, `${path}.restartPolicy`, spec.restartPolicy, ['Always'], ` The pods of a ${options.owner} always restart; remove restartPolicy or set it to Always.`);
    if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
      report.error('forbidden', `${path}.activeDeadlineSeconds`, `${path}.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ${options.owner} is not Supported.`);
    }
  } else {
    oneOf(report, `${path}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']);
  }
  oneOf(report, `${path}.dnsPolicy`, spec.dnsPolicy, ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']);
  for (const field of ['hostname', 'subdomain']) {
    const value = str(spec[field]);
    if (value) checkName(report, `${path}.${field}`, value, 'dns1123-label', field);
  }
  const grace = int(spec.terminationGracePeriodSeconds);
  if (grace !== undefined && grace < 0) {
    report.error('invalid-value', `${path}.terminationGracePeriodSeconds`, `${path}.terminationGracePeriodSeconds: Invalid value: ${grace}: must be greater than or equal to 0.`);
  }
}
