// Kind names as learners type them (`sts`, `pods`, `pvc`) → the API kind.
const ALIASES: Record<string, string> = {
  pod: 'Pod', pods: 'Pod', po: 'Pod',
  statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet',
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet',
  service: 'Service', services: 'Service', svc: 'Service',
  persistentvolumeclaim: 'PersistentVolumeClaim', persistentvolumeclaims: 'PersistentVolumeClaim', pvc: 'PersistentVolumeClaim',
  persistentvolume: 'PersistentVolume', persistentvolumes: 'PersistentVolume', pv: 'PersistentVolume',
  storageclass: 'StorageClass', storageclasses: 'StorageClass', sc: 'StorageClass',
  controllerrevision: 'ControllerRevision', controllerrevisions: 'ControllerRevision',
  configmap: 'ConfigMap', configmaps: 'ConfigMap', cm: 'ConfigMap',
  secret: 'Secret', secrets: 'Secret',
  endpoints: 'Endpoints', ep: 'Endpoints',
  endpointslice: 'EndpointSlice', endpointslices: 'EndpointSlice',
  event: 'Event', events: 'Event',
};

export function normalizeKind(kind: string): string {
  return ALIASES[kind.toLowerCase()] ?? kind;
}

/** `statefulset.apps`, `service`: the resource word kubectl prints. */
export function resourceWord(kind: string, apiVersion: string | undefined): string {
  const group = apiVersion && apiVersion.includes('/') ? `.${apiVersion.split('/')[0]}` : '';
  return `${kind.toLowerCase()}${group}`;
}
