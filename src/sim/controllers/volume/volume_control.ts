// The side effects the volume controllers need, as a narrow interface (tests pass a fake).
import type { KubeObject } from '../../api';

export interface VolumeControl {
  now(): number;
  claims(): KubeObject[];
  volumes(): KubeObject[];
  storageClasses(): KubeObject[];
  pods(): KubeObject[];
  /** A Node by name (its labels decide which volumes fit it); optional for fakes without nodes. */
  node?(name: string): KubeObject | undefined;
  createVolume(pv: KubeObject): KubeObject | undefined;
  /** Writes a whole PersistentVolume (spec and status). */
  updateVolume(pv: KubeObject): void;
  deleteVolume(pv: KubeObject): void;
  /** Writes a whole PersistentVolumeClaim (metadata, spec and status). */
  updateClaim(pvc: KubeObject): void;
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** The volume's data moves or dies with it. */
  moveData(fromKey: string, toKey: string): void;
  dropData(key: string): void;
}
