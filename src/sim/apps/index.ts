// App models: the programs inside pods, chosen by the pod-template annotation
// `sim.k8s.course/app: <model>` (web, kv, replicated-db, quorum; see README.md). The traffic layer
// picks a pod and calls handleAppRequest; appStatus is the model's view of one pod.
import type { AppStatus, KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import type { AppRequest, AppResponse } from './types';
import { APP_ANNOTATION, MODELS, declaredModel } from './params';
import { MODEL_TABLE } from './registry';
import { LOCKING_MODELS as LOCKING, acquireLock } from './lock';

export type { AppRequest, AppResponse } from './types';
export { createAppsController } from './controller';
export { APP_ANNOTATION, MODELS } from './params';

function unknownModel(pod: KubeObject, model: string): string {
  return `pod ${pod.metadata.name} asks for app model "${model}" (annotation ${APP_ANNOTATION}), which does not exist; use one of: ${MODELS.join(', ')}.`;
}

/**
 * Answers `req` as the app running in `pod` (a Running pod the traffic layer picked). A pod with no
 * app model answers like a plain web server that names itself.
 */
export function handleAppRequest(ctx: ControllerContext, pod: KubeObject, req: AppRequest): AppResponse {
  const model = declaredModel(pod);
  if (model === undefined) return { status: 200, body: `served by ${pod.metadata.name}` };
  const impl = MODEL_TABLE[model];
  if (!impl) return { status: 500, body: unknownModel(pod, model) };
  const safe: AppRequest = {
    client: String(req?.client ?? 'client-1'),
    connection: String(req?.connection ?? ''),
    method: (['GET', 'POST', 'PUT', 'DELETE'] as const).includes(req?.method) ? req.method : 'GET',
    path: typeof req?.path === 'string' && req.path.startsWith('/') ? req.path : `/${String(req?.path ?? '')}`,
    ...(req?.body !== undefined ? { body: String(req.body) } : {}),
    headers: req?.headers && typeof req.headers === 'object' ? req.headers : {},
  };
  if (LOCKING.has(model)) {
    const lock = acquireLock(ctx, pod);
    if (!lock.ok) return { status: 503, body: lock.message };
  }
  return impl.handle(ctx, pod, safe);
}

/** The app model's view of a pod, or undefined when the pod does not exist or runs no model. */
export function appStatus(ctx: ControllerContext, podName: string): AppStatus | undefined {
  const pod = ctx.store.get('Pod', ctx.store.defaultNamespace, podName);
  const model = declaredModel(pod);
  if (!pod || model === undefined) return undefined;
  const impl = MODEL_TABLE[model];
  if (!impl) return { pod: podName, model, serving: false, detail: { error: unknownModel(pod, model) } };
  if (LOCKING.has(model) && pod.status?.phase === 'Running') {
    const lock = acquireLock(ctx, pod, true);
    if (!lock.ok) return { pod: podName, model, serving: false, detail: { lockedBy: lock.holder } };
  }
  return { pod: podName, model, ...impl.status(ctx, pod) };
}
