// App models: the programs inside pods. PLACEHOLDER until the app-models work lands: every pod
// answers like a plain web server that names itself, and no pod reports an app status.
import type { AppStatus, KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import type { AppRequest, AppResponse } from './types';

export type { AppRequest, AppResponse } from './types';

/** Answers `req` as the app running in `pod` (a Running pod the traffic layer picked). */
export function handleAppRequest(_ctx: ControllerContext, pod: KubeObject, _req: AppRequest): AppResponse {
  return { status: 200, body: `served by ${pod.metadata.name}` };
}

export function appStatus(_ctx: ControllerContext, _pod: string): AppStatus | undefined {
  return undefined;
}
