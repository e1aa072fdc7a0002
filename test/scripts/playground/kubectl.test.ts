import { describe, expect, it } from 'vitest';
import { alignColumns, getTable, humanDuration, plan, rolloutLines, watchLines, watchStart, type View } from '../../../src/scripts/playground/kubectl';
import { WEB_STATEFULSET } from '../../../src/scripts/playground/samples';
import { SimSessions } from '../../../src/worker/sessions';
import type { KubeObject, SimState } from '../../../src/worker/protocol';

function stableWeb(): { sessions: SimSessions; state: SimState } {
  const sessions = new SimSessions();
  const opened = sessions.open(WEB_STATEFULSET);
  return { sessions, state: sessions.act(opened.session, { type: 'runUntilStable' }) };
}

const pod = (name: string, created: number, status: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, creationTimestamp: created, ...extra },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }], nodeName: 'node-1' },
  status,
});

describe('kubectl output formats', () => {
  it('prints AGE like kubectl (HumanDuration)', () => {
    expect([0, 1500, 119_999, 120_000, 150_000, 600_000, 3 * 3600_000, 3 * 3600_000 + 60_000 * 5, 50 * 3600_000, -5000].map(humanDuration)).toEqual([
      '0s', '1s', '119s', '2m', '2m30s', '10m', '3h', '3h5m', '2d2h', '<invalid>',
    ]);
  });

  it('aligns columns with three spaces after the widest cell, the last column unpadded', () => {
    expect(alignColumns([['NAME', 'READY'], ['web-10', '1/1']])).toEqual(['NAME     READY', 'web-10   1/1']);
  });

  it('prints pods with READY, STATUS (Error, Terminating, ContainerCreating), RESTARTS and AGE', () => {
    const view: View = {
      now: 65_000,
      events: [],
      objects: [
        pod('web-10', 60_000, { phase: 'Pending' }),
        pod('web-2', 0, { phase: 'Running', containerStatuses: [{ name: 'nginx', ready: true, restartCount: 2 }] }),
        pod('web-1', 0, { phase: 'Failed', containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0 }] }),
        pod('web-0', 0, { phase: 'Running', containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0 }] }, { deletionTimestamp: 64_000 }),
      ],
    };
    expect(getTable('pods', view)).toEqual([
      'NAME     READY   STATUS              RESTARTS   AGE',
      'web-0    1/1     Terminating         0          65s',
      'web-1    0/1     Error               0          65s',
      'web-2    1/1     Running             2          65s',
      'web-10   0/1     ContainerCreating   0          5s',
    ]);
    expect(getTable('pvc', view)).toEqual(['No resources found in default namespace.']);
  });

  it("shows a waiting container's reason instead of the phase (CreateContainerConfigError)", () => {
    const waiting = { name: 'nginx', ready: false, restartCount: 0, state: { waiting: { reason: 'CreateContainerConfigError' } } };
    const view: View = { now: 5_000, events: [], objects: [pod('web-0', 0, { phase: 'Pending', containerStatuses: [waiting] })] };
    expect(getTable('pods', view)[1]).toMatch(/^web-0 {3}0\/1 {5}CreateContainerConfigError {3}0 {10}5s$/);
  });

  it('lists the tutorial cluster: pods, claims, StatefulSets and Services', () => {
    const { state } = stableWeb();
    const pods = plan('kubectl get pods', state).lines;
    expect(pods[0]).toBe('NAME    READY   STATUS    RESTARTS   AGE');
    expect(pods.slice(1).map((l) => l.split(/\s+/).slice(0, 4).join(' '))).toEqual(['web-0 1/1 Running 0', 'web-1 1/1 Running 0', 'web-2 1/1 Running 0']);
    const pvc = plan('get pvc', state).lines;
    expect(pvc[0]).toMatch(/^NAME {8}STATUS {3}VOLUME {3,}CAPACITY {3}ACCESS MODES {3}STORAGECLASS {3}AGE$/);
    expect(pvc[1]).toMatch(/^www-web-0 {3}Bound {4}pvc-\S+ {3}1Gi {8}RWO {12}standard {7}\d+s$/);
    expect(plan('get statefulsets', state).lines).toEqual(['NAME   READY   AGE', `web    3/3     ${humanDuration(state.now)}`]);
    expect(plan('get sts', state).lines).toEqual(plan('get statefulsets', state).lines);
    expect(plan('get svc', state).lines[1]).toMatch(/^nginx {3}ClusterIP {3}None {9}<none> {8}80\/TCP {4}\d+s$/);
    expect(plan('get deploy', state).lines).toEqual(['No resources found in default namespace.']);
  });

  it('describes a pod with its controller, image, claim and conditions', () => {
    const { state } = stableWeb();
    const lines = plan('describe pod web-1', state).lines;
    expect(lines[0]).toBe('Name:             web-1');
    expect(lines).toContain('Controlled By:    StatefulSet/web');
    expect(lines).toContain('    Image:          registry.k8s.io/nginx-slim:0.8');
    expect(lines).toContain('    ClaimName:  www-web-1');
    expect(lines).toContain('Status:           Running');
  });
});

describe('kubectl commands', () => {
  it('turns scale, delete, set image and rollout status into worker actions', () => {
    const { state } = stableWeb();
    expect(plan('kubectl scale sts/web --replicas=5', state)).toEqual({
      lines: [],
      action: { type: 'scale', kind: 'StatefulSet', name: 'web', replicas: 5 },
      success: ['statefulset.apps/web scaled'],
    });
    expect(plan('scale statefulset web --replicas 2', state).action).toEqual({ type: 'scale', kind: 'StatefulSet', name: 'web', replicas: 2 });
    expect(plan('delete pod web-0', state)).toMatchObject({ action: { type: 'deletePod', name: 'web-0', force: false }, success: ['pod "web-0" deleted'] });
    const forced = plan('delete pod web-0 --force --grace-period=0', state);
    expect(forced.action).toEqual({ type: 'deletePod', name: 'web-0', force: true });
    expect(forced.lines[0]).toMatch(/^Warning: Immediate deletion/);
    expect(forced.success).toEqual(['pod "web-0" force deleted']);
    expect(plan('set image sts/web nginx=nginx:1.26', state)).toMatchObject({
      action: { type: 'setImage', kind: 'StatefulSet', name: 'web', container: 'nginx', image: 'nginx:1.26' },
      success: ['statefulset.apps/web image updated'],
    });
    expect(plan('rollout status sts/web', state)).toMatchObject({ action: { type: 'runUntilStable' }, rollout: { kind: 'StatefulSet', name: 'web' } });
    expect(plan('get pods -w', state).watch).toBe(true);
    expect(plan('help', state).lines[0]).toMatch(/^kubectl controls the simulated cluster/);
    expect(plan('clear', state).clear).toBe(true);
  });

  it('answers mistakes the way kubectl does', () => {
    const { state } = stableWeb();
    const err = (line: string) => {
      const p = plan(line, state);
      expect(p.error).toBe(true);
      expect(p.action).toBeUndefined();
      return p.lines[0];
    };
    expect(err('foo')).toBe('error: unknown command "foo" for "kubectl"');
    expect(err('kubectl get pod web-9')).toBe('Error from server (NotFound): pods "web-9" not found');
    expect(err('describe pod web-9')).toBe('Error from server (NotFound): pods "web-9" not found');
    expect(err('delete pod web-9')).toBe('Error from server (NotFound): pods "web-9" not found');
    expect(err('scale sts/db --replicas=2')).toBe('Error from server (NotFound): statefulsets.apps "db" not found');
    expect(err('scale sts/web')).toBe('error: required flag(s) "replicas" not set');
    expect(err('scale sts/web --replicas=x')).toBe('error: invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax');
    expect(err('get widgets')).toBe('error: the server doesn\'t have a resource type "widgets"');
    expect(err('get pods --output=json')).toBe('error: the playground prints tables only: "-o json" is not supported, "-o wide" is.');
    expect(err('set image sts/web php=php:8')).toBe('error: unable to find container named "php"');
    expect(err('delete pod web-0 --force')).toBe('error: --force requires --grace-period=0 in this playground: kubectl delete pod NAME --force --grace-period=0');
    expect(plan('   ', state)).toEqual({ lines: [] });
  });

  it('get pods -w prints each pod row that changes as time advances, in order', () => {
    const { sessions, state } = stableWeb();
    const last = watchStart(state);
    sessions.act(state.session, { type: 'scale', kind: 'StatefulSet', name: 'web', replicas: 5 });
    const after = sessions.act(state.session, { type: 'runUntilStable' });
    const rows = watchLines(after.history, last).map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    expect(rows[0]).toBe('web-3 0/1 Pending');
    expect(rows.indexOf('web-3 1/1 Running')).toBeGreaterThan(0);
    expect(rows.indexOf('web-4 0/1 Pending')).toBeGreaterThan(rows.indexOf('web-3 1/1 Running'));
    expect(rows[rows.length - 1]).toBe('web-4 1/1 Running');
    expect(rows.some((r) => /^web-[012] /.test(r))).toBe(false);
    expect(watchLines(sessions.act(state.session, { type: 'advance', ms: 10_000 }).history, last)).toEqual([]);
    sessions.act(state.session, { type: 'deletePod', name: 'web-4' });
    const deleted = watchLines(sessions.act(state.session, { type: 'runUntilStable' }).history, last);
    expect(deleted.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toContain('web-4 1/1 Terminating');
  });

  it('get pods -w on a cluster with no pods yet prints nothing, then the header with the first rows', () => {
    const sessions = new SimSessions();
    const opened = sessions.open(WEB_STATEFULSET);
    const p = plan('get pods -w', opened);
    expect(p).toEqual({ lines: [], watch: true });
    const last = watchStart(opened);
    const lines = watchLines(sessions.act(opened.session, { type: 'advance', ms: 1000 }).history, last);
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines[1]).toMatch(/^web-0\s+0\/1\s+Pending\s+0\s+0s$/);
  });

  it('rollout status follows a rolling update to the end', () => {
    const { sessions, state } = stableWeb();
    sessions.act(state.session, { type: 'setImage', kind: 'StatefulSet', name: 'web', image: 'nginx:1.26' });
    const after = sessions.act(state.session, { type: 'runUntilStable' });
    const lines = rolloutLines('StatefulSet', 'web', after.history);
    expect(lines[0]).toMatch(/^waiting for statefulset rolling update to complete 0 pods at revision web-\w+\.\.\.$/);
    expect(lines).toContain('Waiting for 1 pods to be ready...');
    expect(lines[lines.length - 1]).toMatch(/^statefulset rolling update complete 3 pods at revision web-\w+\.\.\.$/);
  });
});

describe('kubectl get pods -w alignment', () => {
  it('keeps the watch rows under the columns of the table it started with', () => {
    const { sessions, state } = stableWeb();
    const first = plan('get pods -w', state).lines;
    const last = watchStart(state);
    sessions.act(state.session, { type: 'scale', kind: 'StatefulSet', name: 'web', replicas: 4 });
    const rows = watchLines(sessions.act(state.session, { type: 'runUntilStable' }).history, last);
    const statusAt = first[0].indexOf('STATUS');
    const restartsAt = first[0].indexOf('RESTARTS');
    for (const line of [...first.slice(1), ...rows]) {
      expect(line.slice(statusAt - 3, statusAt)).toBe('   ');
      expect(line[statusAt]).not.toBe(' ');
      expect(line[restartsAt]).toMatch(/\d/);
    }
  });
});
