import { describe, expect, it } from 'vitest';
import { handleRequest } from '../../src/worker/handle';
import { BAD_REQUEST_MESSAGE, SESSION_GONE_MESSAGE, type SimState, type WorkerResponse } from '../../src/worker/protocol';
import { SimSessions } from '../../src/worker/sessions';
import { GraderClient } from '../../src/worker/client';
import { DATABASE, DEPLOYMENT, WEB_STATEFULSET } from '../../src/scripts/playground/samples';

function state(r: WorkerResponse): SimState {
  if (r.type !== 'sim') throw new Error(`expected a sim state, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.state;
}
const pods = (s: SimState) => s.objects.filter((o) => o.kind === 'Pod').map((o) => o.metadata.name).sort();

describe('interactive simulation sessions in the worker', () => {
  it('opens a cluster with the manifests applied, and time moves only when asked', () => {
    const sessions = new SimSessions();
    const opened = state(handleRequest({ id: 1, type: 'sim:open', yaml: WEB_STATEFULSET }, sessions));
    expect(opened.applied).toEqual(['storageclass.storage.k8s.io/standard created', 'service/nginx created', 'statefulset.apps/web created']);
    expect(opened.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(opened.now).toBe(0);
    const run = state(handleRequest({ id: 2, type: 'sim:act', session: opened.session, action: { type: 'runUntilStable' } }, sessions));
    expect(pods(run)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(run.now).toBeGreaterThan(0);
    expect(run.history.length).toBeGreaterThan(1);
    expect(run.dns.map((d) => d.name)).toContain('web-2.nginx.default.svc.cluster.local');
    expect(run.timeline.findIndex((e) => e.text.startsWith('pod/web-1 created'))).toBeGreaterThan(run.timeline.findIndex((e) => e.text.startsWith('pod/web-0 created')));
  });

  it('scales, deletes, fails, holds unready and changes images through actions', () => {
    const sessions = new SimSessions();
    const s = state(handleRequest({ id: 1, type: 'sim:open', yaml: WEB_STATEFULSET }, sessions)).session;
    const act = (action: unknown) => state(handleRequest({ id: 2, type: 'sim:act', session: s, action }, sessions));
    act({ type: 'runUntilStable' });
    act({ type: 'scale', kind: 'StatefulSet', name: 'web', replicas: 5 });
    expect(pods(act({ type: 'runUntilStable' }))).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    const bad = act({ type: 'scale', kind: 'StatefulSet', name: 'web', replicas: -1 });
    expect(bad.diagnostics[0].message).toBe('Cannot scale web to -1: replicas must be a whole number, 0 or more.');
    expect(act({ type: 'deletePod', name: 'web-9' }).diagnostics[0].code).toBe('not-found');
    const deleted = act({ type: 'deletePod', name: 'web-1', force: true });
    expect(pods(deleted)).not.toContain('web-1');
    const back = act({ type: 'runUntilStable' });
    expect(pods(back)).toContain('web-1');
    act({ type: 'failPod', name: 'web-0' });
    const image = act({ type: 'setImage', kind: 'StatefulSet', name: 'web', image: 'nginx:1.26' });
    expect(image.diagnostics).toEqual([]);
    const sts = image.objects.find((o) => o.kind === 'StatefulSet')!;
    expect(sts.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(act({ type: 'setImage', kind: 'StatefulSet', name: 'web', container: 'nope', image: 'x' }).diagnostics[0].message).toBe(
      'StatefulSet "web" has no container named "nope". Its containers: nginx.',
    );
    const t0 = act({ type: 'advance', ms: 1000 }).now;
    expect(act({ type: 'advance', ms: 10_000 }).now).toBe(t0 + 10_000);
    act({ type: 'runUntilStable' });
    const ready = act({ type: 'setReady', pod: 'web-2', ready: false });
    const web2 = ready.objects.find((o) => o.metadata.name === 'web-2')!;
    expect(web2.status.conditions.find((c: { type: string }) => c.type === 'Ready').status).toBe('False');
  });

  it('keeps at most four sessions, dropping the least recently used, and closes on request', () => {
    const sessions = new SimSessions();
    const ids = [1, 2, 3, 4].map((i) => state(handleRequest({ id: i, type: 'sim:open', yaml: DEPLOYMENT }, sessions)).session);
    handleRequest({ id: 5, type: 'sim:act', session: ids[0], action: { type: 'advance', ms: 1 } }, sessions); // ids[0] is now the newest
    const fifth = state(handleRequest({ id: 6, type: 'sim:open', yaml: DATABASE }, sessions)).session;
    expect(sessions.size).toBe(4);
    expect(sessions.has(ids[0])).toBe(true);
    expect(sessions.has(ids[1])).toBe(false);
    expect(handleRequest({ id: 7, type: 'sim:act', session: ids[1], action: { type: 'runUntilStable' } }, sessions)).toEqual({ id: 7, type: 'error', message: SESSION_GONE_MESSAGE });
    expect(handleRequest({ id: 8, type: 'sim:close', session: fifth }, sessions)).toEqual({ id: 8, type: 'sim:closed', session: fifth });
    expect(sessions.size).toBe(3);
  });

  it('reports broken YAML as diagnostics and malformed actions as bad requests', () => {
    const sessions = new SimSessions();
    const broken = state(handleRequest({ id: 1, type: 'sim:open', yaml: 'kind: [' }, sessions));
    expect(broken.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(broken.objects.filter((o) => o.kind === 'Pod')).toEqual([]);
    for (const action of [{ type: 'scale', kind: 'StatefulSet', name: 'web' }, { type: 'explode' }, { type: 'advance', ms: -5 }, null]) {
      expect(handleRequest({ id: 2, type: 'sim:act', session: broken.session, action }, sessions)).toEqual({ id: 2, type: 'error', message: BAD_REQUEST_MESSAGE });
    }
  });
});

describe('the page client with a worker that runs handleRequest', () => {
  it('opens, acts on and closes a session through GraderClient', async () => {
    const sessions = new SimSessions();
    const worker = {
      onmessage: null as ((event: { data: unknown }) => void) | null,
      onerror: null,
      postMessage(message: unknown) {
        const response = handleRequest(message, sessions);
        queueMicrotask(() => this.onmessage?.({ data: response }));
      },
      terminate() {},
    };
    const client = new GraderClient({ createWorker: () => worker, setTimer: () => 0, clearTimer: () => {} });
    const opened = await client.simOpen(WEB_STATEFULSET, 7);
    if (!opened.ok) throw new Error(opened.message);
    const run = await client.simAct(opened.value.session, { type: 'runUntilStable' });
    expect(run.ok && pods(run.value)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(await client.simClose(opened.value.session)).toEqual({ ok: true, value: opened.value.session });
    expect(await client.simAct(opened.value.session, { type: 'runUntilStable' })).toEqual({ ok: false, reason: 'error', message: SESSION_GONE_MESSAGE });
  });
});
