// What the API server fills in on a Service: type, session affinity, port protocols and target
// ports (pkg/apis/core/v1/defaults.go SetDefaults_Service). The cluster IP is allocated by the
// endpoints controller on its first sync (see endpoints_controller.ts).
import type { KubeObject } from '../../api';

/** `SetDefaults_Service`, in place (the DEFAULTERS contract). */
export function defaultService(out: KubeObject): void {
  const spec = (out.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (Array.isArray(spec.ports)) {
    spec.ports = spec.ports.map((p: any) => {
      if (!p || typeof p !== 'object') return p;
      const port = { ...p };
      port.protocol ??= 'TCP';
      if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
      return port;
    });
  }
  if (spec.clusterIP && !Array.isArray(spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
}

/** A headless Service (`clusterIP: None`): DNS answers with its pods, not with one virtual IP. */
export function isHeadless(svc: KubeObject): boolean {
  return svc.spec?.clusterIP === 'None';
}
