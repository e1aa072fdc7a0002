// The shape every app model has: answer a request inside one pod, describe that pod, and (for
// models whose instances cooperate) re-evaluate the group when pods, endpoints or nodes change.
import type { AppStatus, KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import type { AppRequest, AppResponse } from './types';

export type PodAppStatus = Omit<AppStatus, 'pod' | 'model'>;

export interface AppModel {
  handle(ctx: ControllerContext, pod: KubeObject, req: AppRequest): AppResponse;
  status(ctx: ControllerContext, pod: KubeObject): PodAppStatus;
  /** Group re-evaluation by the apps controller; returns ms until it must run again, if ever. */
  syncGroup?(ctx: ControllerContext, namespace: string, group: string): number | undefined;
}

export function text(status: number, body: string, headers?: Record<string, string>): AppResponse {
  return headers ? { status, body, headers } : { status, body };
}

/** The value of cookie `name` in a `cookie` request header. */
export function cookie(req: AppRequest, name: string): string | undefined {
  const header = req.headers?.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** The path without its query string. */
export function routeOf(req: AppRequest): string {
  const p = typeof req.path === 'string' && req.path !== '' ? req.path : '/';
  const q = p.indexOf('?');
  return q < 0 ? p : p.slice(0, q);
}
