// Clients that keep sending requests while simulated time runs: `short` ones open a connection per
// request (kube-proxy picks again each time), `long` ones keep one HTTP/2 connection open and stay on
// the pod it reached until that pod goes away.
import type { ClientSpec } from '../api';
import type { ControllerContext } from '../cluster/controller';
import { sendRequest } from './router';
import { trafficState } from './state';

export const MAX_CLIENT_RATE = 1000;

export function startClient(ctx: ControllerContext, spec: ClientSpec): void {
  const name = String(spec?.name ?? '').trim();
  if (name === '') throw new Error('A client needs a name.');
  const rate = Number(spec.ratePerSecond);
  if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_CLIENT_RATE) {
    throw new Error(`Client ${name}: ratePerSecond must be more than 0 and at most ${MAX_CLIENT_RATE}.`);
  }
  const state = trafficState(ctx);
  const previous = state.clients.get(name);
  if (previous) previous.active = false;
  const until = typeof spec.durationMs === 'number' && spec.durationMs >= 0 ? ctx.now() + spec.durationMs : undefined;
  const running = { spec: { ...spec, name }, active: true, ...(until !== undefined ? { until } : {}) };
  state.clients.set(name, running);
  const interval = 1000 / rate;
  let sent = 0;
  const start = ctx.now();
  const tick = () => {
    if (!running.active) return;
    if (running.until !== undefined && ctx.now() >= running.until) {
      running.active = false;
      return;
    }
    sendRequest(ctx, spec.target, {
      client: name,
      connection: spec.connection === 'long' ? 'reuse' : 'new',
      ...(spec.via ? { via: spec.via } : {}),
      ...(spec.path ? { path: spec.path } : {}),
      ...(spec.method ? { method: spec.method } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
    });
    sent++;
    // Scheduled from the start time, so a fractional interval does not drift.
    const next = start + Math.round(sent * interval);
    ctx.after(Math.max(1, next - ctx.now()), tick);
  };
  ctx.after(0, tick);
}

export function stopClient(ctx: ControllerContext, name: string): void {
  const running = trafficState(ctx).clients.get(name);
  if (running) running.active = false;
}
