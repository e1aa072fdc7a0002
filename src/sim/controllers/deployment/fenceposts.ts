// maxSurge / maxUnavailable arithmetic of rolling updates (pkg/controller/deployment/util).
import type { KubeObject } from '../../api';

export type IntOrPercent = number | string;

/** `intstr.GetScaledValueFromIntOrPercent`: "25%" of `total`, rounded up or down; undefined when malformed. */
export function scaledValue(value: IntOrPercent | undefined, total: number, roundUp: boolean): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = /^(\d+)%$/.exec(value);
  if (!match) return /^\d+$/.test(value) ? Number(value) : undefined;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export interface RollingParams {
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
}

/** Defaults of `SetDefaults_Deployment`: 25% and 25%. */
export function rollingParams(d: KubeObject): RollingParams {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return { maxSurge: ru.maxSurge ?? '25%', maxUnavailable: ru.maxUnavailable ?? '25%' };
}

export function isRollingUpdate(d: KubeObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** `ResolveFenceposts`: surge rounds up, unavailable rounds down; both zero means unavailable 1. */
export function resolveFenceposts(params: RollingParams, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(params.maxSurge, desired, true) ?? 0;
  let unavailable = scaledValue(params.maxUnavailable, desired, false) ?? 0;
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function desiredReplicas(d: KubeObject): number {
  const r = d.spec?.replicas;
  return typeof r === 'number' && r >= 0 ? Math.floor(r) : 1;
}

/** `deploymentutil.MaxSurge`. */
export function maxSurge(d: KubeObject): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(rollingParams(d), desiredReplicas(d)).surge;
}

/** `deploymentutil.MaxUnavailable`: never more than the desired replicas. */
export function maxUnavailable(d: KubeObject): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(rollingParams(d), replicas);
  return Math.min(unavailable, replicas);
}
