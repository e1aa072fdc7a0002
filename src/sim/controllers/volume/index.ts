// Persistent volumes: claim binding, StorageClass provisioning, reclaiming, pvc-protection, and the
// per-volume file store behind Cluster.writeFile / readFile.
export { createVolumeController } from './volume_controller';
export { fileFeature } from './file_feature';
export { podVolumesSchedulable } from './pv_controller';
