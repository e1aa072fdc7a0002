// Service rules (pkg/apis/core/validation: ValidateService, validateServicePort).
import { nameProblem, portNameProblem } from '../names';
import { quote, type Report } from '../report';
import { arr, checkName, int, oneOf, rec, str, validateLabels } from './common';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+$/;

export function isHeadless(spec: unknown): boolean {
  return rec(spec)?.clusterIP === 'None';
}

export function validateService(report: Report, specValue: unknown): void {
  const spec = rec(specValue);
  if (!spec) {
    report.error('spec-missing', 'spec', `spec: required field is missing. A Service needs a spec with ports and a selector.`);
    return;
  }
  const type = str(spec.type) ?? 'ClusterIP';
  oneOf(report, 'spec.type', spec.type, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
  const headless = spec.clusterIP === 'None';
  const ports = arr(spec.ports);
  if (ports.length === 0 && !headless && type !== 'ExternalName') {
    report.error(
      'ports-missing',
      'spec.ports',
      `spec.ports: Required value. A Service needs at least one port, for example \`- port: 80\` (only a headless Service, clusterIP: None, may have none).`,
    );
  }
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((raw, i) => {
    const p = rec(raw);
    const at = `spec.ports[${i}]`;
    if (!p) return;
    const name = str(p.name);
    if (ports.length > 1 && !name) {
      report.error('port-name-missing', `${at}.name`, `${at}.name: Required value. When a Service has more than one port, every port needs a name.`);
    }
    if (name) {
      if (nameProblem(name, 'dns1123-label')) checkName(report, `${at}.name`, name, 'dns1123-label', 'port name');
      else if (names.has(name)) report.error('duplicate-value', `${at}.name`, `${at}.name: Duplicate value: ${quote(name)}. Each port of a Service needs its own name.`);
      names.add(name);
    }
    const port = int(p.port);
    if (p.port === undefined || p.port === null) {
      report.error('port-missing', `${at}.port`, `${at}.port: required field is missing. Give the port clients connect to, for example \`port: 80\`.`);
    } else if (port !== undefined && (port < 1 || port > 65535)) {
      report.error('invalid-port', `${at}.port`, `${at}.port: Invalid value: ${port}: must be between 1 and 65535, inclusive.`);
    }
    oneOf(report, `${at}.protocol`, p.protocol, ['TCP', 'UDP', 'SCTP']);
    const key = `${port}/${str(p.protocol) ?? 'TCP'}`;
    if (port !== undefined) {
      if (seen.has(key)) report.error('duplicate-value', `${at}`, `${at}: Duplicate value: ${quote({ port, protocol: str(p.protocol) ?? 'TCP' })}. Two ports of a Service cannot use the same port and protocol.`);
      seen.add(key);
    }
    const target = p.targetPort;
    if (typeof target === 'number' && (target < 1 || target > 65535)) {
      report.error('invalid-port', `${at}.targetPort`, `${at}.targetPort: Invalid value: ${target}: must be between 1 and 65535, inclusive.`);
    } else if (typeof target === 'string') {
      const problem = portNameProblem(target);
      if (problem) report.error('invalid-port', `${at}.targetPort`, `${at}.targetPort: Invalid value: ${quote(target)}: a named targetPort must be a container port name (${problem}); or use a number.`);
    }
    const nodePort = int(p.nodePort);
    if (nodePort !== undefined && nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') {
        report.error('forbidden', `${at}.nodePort`, `${at}.nodePort: Forbidden: may not be used when \`type\` is '${type}'. Set type: NodePort, or remove nodePort.`);
      } else if (nodePort < 30000 || nodePort > 32767) {
        report.error('invalid-port', `${at}.nodePort`, `${at}.nodePort: Invalid value: ${nodePort}: provided port is not in the valid range. The range of valid ports is 30000-32767.`);
      }
    }
  });

  const clusterIP = spec.clusterIP;
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    report.error('invalid-value', 'spec.clusterIP', `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for ${type} services. A headless Service has no virtual IP for a ${type} to forward to.`);
  } else if (typeof clusterIP === 'string' && clusterIP !== '' && clusterIP !== 'None' && !IPV4.test(clusterIP) && !(clusterIP.includes(':') && IPV6.test(clusterIP))) {
    report.error('invalid-value', 'spec.clusterIP', `spec.clusterIPs[0]: Invalid value: ${quote(clusterIP)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), or "None" for a headless Service.`);
  }
  if (type === 'ExternalName') {
    if (!str(spec.externalName)) report.error('external-name-missing', 'spec.externalName', `spec.externalName: Required value. An ExternalName Service needs the DNS name it points to.`);
    if (typeof clusterIP === 'string' && clusterIP !== '') {
      report.error('forbidden', 'spec.clusterIP', `spec.clusterIPs: Invalid value: ${quote(clusterIP)}: may not be set for ExternalName services.`);
    }
  }
  oneOf(report, 'spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']);
  // ValidateService: clientIP.timeoutSeconds must be in (0, 86400] (MaxClientIPServiceAffinitySeconds).
  const affinityTimeout = int(rec(rec(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds);
  if (spec.sessionAffinity === 'ClientIP' && affinityTimeout !== undefined && (affinityTimeout <= 0 || affinityTimeout > 86400)) {
    const path = 'spec.sessionAffinityConfig.clientIP.timeoutSeconds';
    report.error('invalid-value', path, `${path}: Invalid value: ${affinityTimeout}: must be greater than 0 and less than or equal to 86400 (24 hours).`);
  }
  validateLabels(report, 'spec.selector', spec.selector);
}
