// One block per expectation type: each evaluator judged on a hand-built cluster view.
import { describe, expect, it } from 'vitest';
import { EXPECTATION_TYPES, parseExerciseDefinition, type Expectation } from '../../src/exercises';
import { evaluate, evaluators } from '../../src/grader/expectations';
import type { Diagnostic } from '../../src/sim';
import { context, obj, pod } from './fake-context';

const sts = (name: string) => ['StatefulSet', name] as [string, string];
const judge = (e: Expectation, ctx: ReturnType<typeof context>) => evaluate(e, ctx);

const diag = (code: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({ severity, code, message: `${code} happened`, line: 3, column: 5 });

describe('the evaluator table', () => {
  it('has exactly one evaluator per expectation type of the schema', () => {
    expect(Object.keys(evaluators).sort()).toEqual([...EXPECTATION_TYPES].sort());
  });
});

describe('noErrors', () => {
  it('passes with warnings only and fails on an error, quoting it with its position', () => {
    expect(judge({ type: 'noErrors' }, context({ diagnostics: [diag('lint', 'warning')] }))).toEqual({ passed: true });
    expect(judge({ type: 'noErrors' }, context({ diagnostics: [diag('schema-type')] }))).toEqual({
      passed: false,
      seen: '1 error(s), the first: line 3:5: schema-type happened',
    });
  });
});

describe('diagnosticPresent / diagnosticAbsent', () => {
  const ctx = context({ diagnostics: [diag('selector-mismatch', 'warning')] });
  it('finds a diagnostic by code', () => {
    expect(judge({ type: 'diagnosticPresent', code: 'selector-mismatch' }, ctx).passed).toBe(true);
    expect(judge({ type: 'diagnosticPresent', code: 'other' }, ctx)).toEqual({ passed: false, seen: 'diagnostics selector-mismatch' });
  });
  it('fails when a forbidden diagnostic is there', () => {
    expect(judge({ type: 'diagnosticAbsent', code: 'other' }, ctx).passed).toBe(true);
    expect(judge({ type: 'diagnosticAbsent', code: 'selector-mismatch' }, ctx)).toEqual({ passed: false, seen: 'line 3:5: selector-mismatch happened' });
  });
});

describe('objectExists / objectAbsent', () => {
  const ctx = context({ objects: [obj('Service', 'web-svc')] });
  it('looks the object up by kind and name', () => {
    expect(judge({ type: 'objectExists', kind: 'Service', name: 'web-svc' }, ctx).passed).toBe(true);
    expect(judge({ type: 'objectExists', kind: 'Service', name: 'nginx' }, ctx)).toEqual({ passed: false, seen: 'Service objects: web-svc' });
    expect(judge({ type: 'objectAbsent', kind: 'Service', name: 'nginx' }, ctx).passed).toBe(true);
    expect(judge({ type: 'objectAbsent', kind: 'Service', name: 'web-svc' }, ctx)).toEqual({ passed: false, seen: 'Service "web-svc" still exists' });
  });
});

describe('field', () => {
  const ctx = context({ objects: [obj('Service', 'nginx', { spec: { clusterIP: '10.96.0.12', ports: [{ port: 80 }] } })] });
  const f = (rest: Record<string, unknown>) => ({ type: 'field', kind: 'Service', name: 'nginx', ...rest }) as Expectation;
  it('compares with equals, oneOf, exists and matches along a path with indexes', () => {
    expect(judge(f({ path: 'spec.ports[0].port', equals: 80 }), ctx).passed).toBe(true);
    expect(judge(f({ path: 'spec.clusterIP', equals: 'None' }), ctx)).toEqual({ passed: false, seen: 'spec.clusterIP is "10.96.0.12"' });
    expect(judge(f({ path: 'spec.clusterIP', oneOf: ['None', '10.96.0.12'] }), ctx).passed).toBe(true);
    expect(judge(f({ path: 'spec.sessionAffinity', exists: true }), ctx)).toEqual({ passed: false, seen: 'spec.sessionAffinity is nothing (the field is not set)' });
    expect(judge(f({ path: 'spec.clusterIP', matches: '^10\\.96\\.' }), ctx).passed).toBe(true);
  });
  it('fails when the object is missing', () => {
    expect(judge({ ...f({ path: 'spec', exists: true }), name: 'db' } as Expectation, ctx)).toEqual({ passed: false, seen: 'no Service named "db"' });
  });
});

describe('podsReady and podNames', () => {
  const ctx = context({
    objects: [
      pod('web-0', { owner: sts('web') }),
      pod('web-1', { owner: sts('web'), ready: false }),
      pod('web-2', { owner: sts('web'), terminating: true }),
      pod('other-0', { owner: sts('other') }),
      obj('ReplicaSet', 'api-5d4f', { metadata: { name: 'api-5d4f', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'd', controller: true }] } }),
      pod('api-5d4f-abcde', { owner: ['ReplicaSet', 'api-5d4f'] }),
    ],
  });
  it('counts Running, Ready, non-terminating pods owned by the set', () => {
    expect(judge({ type: 'podsReady', set: 'web', count: 1 }, ctx).passed).toBe(true);
    expect(judge({ type: 'podsReady', set: 'web', count: 3 }, ctx)).toEqual({ passed: false, seen: '1 Ready pod(s) of "web" (web-0); not Ready: web-1, web-2' });
  });
  it('follows a Deployment through its ReplicaSets', () => {
    expect(judge({ type: 'podsReady', set: 'api', count: 1 }, ctx).passed).toBe(true);
    expect(judge({ type: 'podNames', set: 'api', matches: '^api-[a-z0-9]+-[a-z0-9]{5}$' }, ctx).passed).toBe(true);
  });
  it('compares pod names in any order, by set or by selector', () => {
    expect(judge({ type: 'podNames', set: 'web', equals: ['web-2', 'web-0', 'web-1'] }, ctx).passed).toBe(true);
    expect(judge({ type: 'podNames', set: 'web', equals: ['web-0', 'web-1'] }, ctx)).toEqual({ passed: false, seen: 'pods web-0, web-1, web-2' });
    expect(judge({ type: 'podNames', selector: { app: 'nginx' }, matches: '^web-' }, ctx)).toEqual({
      passed: false,
      seen: 'pods api-5d4f-abcde, other-0, web-0, web-1, web-2',
    });
  });
});

describe('creationOrder', () => {
  const ordered = ['pod/web-0 created rev=1', 'pod/web-0 ready', 'pod/web-1 created rev=1', 'pod/web-1 ready', 'pod/web-2 created rev=1'];
  const parallel = ['pod/web-0 created rev=1', 'pod/web-1 created rev=1', 'pod/web-2 created rev=1', 'pod/web-0 ready'];
  const names = ['web-0', 'web-1', 'web-2'];
  it('checks the order of creation in the timeline', () => {
    expect(judge({ type: 'creationOrder', kind: 'Pod', names, afterReady: false }, context({ timeline: parallel })).passed).toBe(true);
    expect(judge({ type: 'creationOrder', kind: 'Pod', names: ['web-1', 'web-0'], afterReady: false }, context({ timeline: parallel }))).toEqual({
      passed: false,
      seen: 'web-0 was created before web-1',
    });
  });
  it('with afterReady, requires each pod to wait for the previous one to be Ready', () => {
    expect(judge({ type: 'creationOrder', kind: 'Pod', names, afterReady: true }, context({ timeline: ordered })).passed).toBe(true);
    expect(judge({ type: 'creationOrder', kind: 'Pod', names, afterReady: true }, context({ timeline: parallel }))).toEqual({
      passed: false,
      seen: 'web-1 was created at 100 ms, before web-0 was Ready',
    });
  });
  it('fails when a pod was never created', () => {
    expect(judge({ type: 'creationOrder', kind: 'Pod', names: ['web-0', 'web-3'], afterReady: false }, context({ timeline: ordered }))).toEqual({
      passed: false,
      seen: 'never created: web-3',
    });
  });
});

describe('deletionOrder and firstDeleted', () => {
  const oneByOne = ['pod/web-4 deleting', 'pod/web-4 gone', 'pod/web-3 deleting', 'pod/web-3 gone'];
  const together = ['pod/web-3 deleting', 'pod/web-4 deleting', 'pod/web-3 gone', 'pod/web-4 gone'];
  it('checks the order of deletion, and one at a time when asked', () => {
    expect(judge({ type: 'deletionOrder', names: ['web-4', 'web-3'], oneAtATime: true }, context({ timeline: oneByOne })).passed).toBe(true);
    expect(judge({ type: 'deletionOrder', names: ['web-4', 'web-3'], oneAtATime: false }, context({ timeline: together }))).toEqual({
      passed: false,
      seen: 'web-3 was deleted before web-4',
    });
    expect(judge({ type: 'deletionOrder', names: ['web-3', 'web-4'], oneAtATime: true }, context({ timeline: together }))).toEqual({
      passed: false,
      seen: 'web-4 was being deleted while web-3 was still there',
    });
  });
  it('names the first pod of the set that was deleted', () => {
    expect(judge({ type: 'firstDeleted', set: 'web', name: 'web-4' }, context({ timeline: ['pod/webapp-9 deleting', ...oneByOne] })).passed).toBe(true);
    expect(judge({ type: 'firstDeleted', set: 'web', name: 'web-4' }, context({ timeline: together }))).toEqual({ passed: false, seen: 'web-3 was deleted first' });
    expect(judge({ type: 'firstDeleted', set: 'web', name: 'web-4' }, context({}))).toEqual({ passed: false, seen: 'no pod of "web" was deleted' });
  });
});

describe('pvcForPod, pvcSurvives and dataSurvives', () => {
  const claim = (uid: string) => obj('PersistentVolumeClaim', 'www-web-1', { metadata: { name: 'www-web-1', uid } });
  const snapshots = { written: { t: 10, objects: [claim('a')] } };
  it('reads the claims a pod mounts', () => {
    const ctx = context({ objects: [pod('web-1', { claims: ['www-web-1'] }), pod('web-2')] });
    expect(judge({ type: 'pvcForPod', pod: 'web-1', pvc: 'www-web-1' }, ctx).passed).toBe(true);
    expect(judge({ type: 'pvcForPod', pod: 'web-2', pvc: 'www-web-2' }, ctx)).toEqual({ passed: false, seen: 'web-2 mounts claims: none' });
  });
  it('requires the same claim (same uid) before and after', () => {
    const pvc = { type: 'pvcSurvives', pvc: 'www-web-1', since: 'written' } as const;
    expect(judge(pvc, context({ objects: [claim('a')], snapshots })).passed).toBe(true);
    expect(judge(pvc, context({ objects: [claim('b')], snapshots }))).toEqual({ passed: false, seen: 'claim "www-web-1" was deleted and created again (new uid)' });
    expect(judge(pvc, context({ objects: [], snapshots }))).toEqual({ passed: false, seen: 'claim "www-web-1" is gone' });
    expect(judge(pvc, context({ objects: [claim('a')] }))).toEqual({ passed: false, seen: 'no claim "www-web-1" existed at step "written"' });
  });
  it('reads the file back through the pod', () => {
    const data = { type: 'dataSurvives', pod: 'web-1', path: '/data/x', content: 'hello' } as const;
    expect(judge(data, context({ objects: [pod('web-1')], files: { 'web-1:/data/x': 'hello' } })).passed).toBe(true);
    expect(judge(data, context({ objects: [pod('web-1')] }))).toEqual({ passed: false, seen: '/data/x does not exist in web-1' });
    expect(judge(data, context({ objects: [pod('web-1')], files: { 'web-1:/data/x': 'bye' } }))).toEqual({ passed: false, seen: '/data/x holds "bye"' });
  });
});

describe('dnsResolves', () => {
  const ctx = context({
    objects: [pod('web-0', { ip: '10.244.0.5' }), pod('web-1', { ip: '10.244.0.6' })],
    dns: { 'web-0.nginx.default.svc.cluster.local': ['10.244.0.5'], nginx: ['10.244.0.5', '10.244.0.6'] },
  });
  it('checks that a name resolves, to a number of addresses or to one pod', () => {
    expect(judge({ type: 'dnsResolves', name: 'web-0.nginx.default.svc.cluster.local', toPod: 'web-0' }, ctx).passed).toBe(true);
    expect(judge({ type: 'dnsResolves', name: 'nginx', count: 2 }, ctx).passed).toBe(true);
    expect(judge({ type: 'dnsResolves', name: 'web-0.nginx.default.svc.cluster.local', toPod: 'web-1' }, ctx)).toEqual({
      passed: false,
      seen: 'web-0.nginx.default.svc.cluster.local resolves to 10.244.0.5; web-1 has IP 10.244.0.6',
    });
    expect(judge({ type: 'dnsResolves', name: 'web-1.nginx' }, ctx)).toEqual({ passed: false, seen: 'web-1.nginx does not resolve (NXDOMAIN)' });
  });
});

describe('podRevision', () => {
  const set = obj('StatefulSet', 'web', { status: { currentRevision: 'web-aaa', updateRevision: 'web-bbb' } });
  const ctx = context({
    objects: [set, pod('web-2', { owner: sts('web'), hash: 'web-bbb' }), pod('web-1', { owner: sts('web'), hash: 'web-aaa' }), obj('ControllerRevision', 'web-bbb', { revision: 2 })],
    timeline: ['pod/web-1 created rev=1'],
  });
  it('compares with the update or current revision of the set', () => {
    expect(judge({ type: 'podRevision', pod: 'web-2', revision: 'update' }, ctx).passed).toBe(true);
    expect(judge({ type: 'podRevision', pod: 'web-1', revision: 'update' }, ctx)).toEqual({ passed: false, seen: 'web-1 runs revision 1' });
    expect(judge({ type: 'podRevision', pod: 'web-1', revision: 'current' }, ctx).passed).toBe(true);
  });
  it('compares with a revision number, from the ControllerRevision or the timeline', () => {
    expect(judge({ type: 'podRevision', pod: 'web-2', revision: 2 }, ctx).passed).toBe(true);
    expect(judge({ type: 'podRevision', pod: 'web-1', revision: 1 }, ctx).passed).toBe(true);
    expect(judge({ type: 'podRevision', pod: 'web-1', revision: 2 }, ctx)).toEqual({ passed: false, seen: 'web-1 runs revision 1' });
  });
});

describe('statusField and eventPresent', () => {
  const ctx = context({
    objects: [obj('StatefulSet', 'web', { status: { readyReplicas: 2 } })],
    events: [{ t: 5, type: 'Normal', reason: 'SuccessfulCreate', object: { kind: 'StatefulSet', name: 'web' }, message: 'create Pod web-0' }],
  });
  it('compares a status field', () => {
    expect(judge({ type: 'statusField', kind: 'StatefulSet', name: 'web', field: 'readyReplicas', equals: 2 }, ctx).passed).toBe(true);
    expect(judge({ type: 'statusField', kind: 'StatefulSet', name: 'web', field: 'readyReplicas', equals: 3 }, ctx)).toEqual({ passed: false, seen: 'status.readyReplicas is 2' });
  });
  it('finds an event by reason and object', () => {
    expect(judge({ type: 'eventPresent', reason: 'SuccessfulCreate', object: 'web' }, ctx).passed).toBe(true);
    expect(judge({ type: 'eventPresent', reason: 'RecreatingFailedPod' }, ctx)).toEqual({ passed: false, seen: 'events: SuccessfulCreate' });
  });
});

describe('answer', () => {
  const exercise = parseExerciseDefinition(
    `
id: q
title: Q
lesson: 12-ordering
points: 3
kind: quiz
task: t
hints: [h]
questions:
  - id: single
    type: single
    prompt: p
    options:
      - { id: a, text: Alpha, correct: true, explanation: Alpha is right. }
      - { id: b, text: Beta, explanation: Beta keeps no data. }
  - id: multi
    type: multi
    prompt: p
    options:
      - { id: a, text: Alpha, correct: true, explanation: x }
      - { id: b, text: Beta, correct: true, explanation: y }
      - { id: c, text: Gamma, explanation: Gamma is stateless. }
  - id: order
    type: order
    prompt: p
    options:
      - { id: one, text: One, explanation: x }
      - { id: two, text: Two, explanation: y }
      - { id: three, text: Three, explanation: z }
    answer: [three, two, one]
checks:
  - { id: single, title: s, message: m, expect: { type: answer, question: single } }
  - { id: multi, title: s, message: m, expect: { type: answer, question: multi } }
  - { id: order, title: s, message: m, expect: { type: answer, question: order } }
`,
    'q.yaml',
  );
  const ans = (question: string, answers: Record<string, string | string[]>) => judge({ type: 'answer', question }, context({ exercise, answers }));
  it('grades a single choice and explains a wrong pick', () => {
    expect(ans('single', { single: 'a' }).passed).toBe(true);
    expect(ans('single', { single: 'b' })).toEqual({ passed: false, detail: 'You picked "Beta": Beta keeps no data.' });
    expect(ans('single', {})).toEqual({ passed: false, detail: 'You have not answered this question yet.' });
    expect(ans('single', { single: 'z' })).toEqual({ passed: false, detail: 'Your answer names option(s) this question does not have: z.' });
  });
  it('grades a multiple choice in any order, without naming the options left out', () => {
    expect(ans('multi', { multi: ['b', 'a'] }).passed).toBe(true);
    expect(ans('multi', { multi: ['a'] })).toEqual({ passed: false, detail: 'You left out one right option.' });
    expect(ans('multi', { multi: ['a', 'b', 'c'] })).toEqual({ passed: false, detail: 'You picked "Gamma": Gamma is stateless.' });
  });
  it('grades an ordering and points at the first item out of place', () => {
    expect(ans('order', { order: ['three', 'two', 'one'] }).passed).toBe(true);
    expect(ans('order', { order: ['three', 'one', 'two'] })).toEqual({ passed: false, detail: 'The first item out of place is at position 2 ("One").' });
    expect(ans('order', { order: ['three', 'two'] })).toEqual({ passed: false, detail: 'Put all 3 items in order; your answer has 2.' });
  });
});

// ---------------------------------------------------------------------------------------------
// Nodes, traffic and app models.

const onNode = (name: string, node: string | undefined, opts: Parameters<typeof pod>[1] = {}) => {
  const p = pod(name, { owner: sts('db'), ...opts });
  return node === undefined ? p : { ...p, spec: { ...p.spec, nodeName: node } };
};
const node = (name: string, labels: Record<string, string> = {}) => obj('Node', name, { metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name, ...labels } } });

describe('podOnNode', () => {
  const ctx = context({ objects: [onNode('db-0', 'node-1'), onNode('db-1', undefined)] });
  it('checks the node the pod is bound to, or that it is not on one', () => {
    expect(judge({ type: 'podOnNode', pod: 'db-0', node: 'node-1' }, ctx).passed).toBe(true);
    expect(judge({ type: 'podOnNode', pod: 'db-0', node: 'node-2' }, ctx)).toEqual({ passed: false, seen: 'db-0 runs on node-1' });
    expect(judge({ type: 'podOnNode', pod: 'db-0', notNode: 'node-2' }, ctx).passed).toBe(true);
    expect(judge({ type: 'podOnNode', pod: 'db-0', notNode: 'node-1' }, ctx)).toEqual({ passed: false, seen: 'db-0 runs on node-1' });
  });
  it('fails for a pod that is missing or not scheduled', () => {
    expect(judge({ type: 'podOnNode', pod: 'db-1', notNode: 'node-1' }, ctx)).toEqual({ passed: false, seen: 'db-1 is not scheduled on any node' });
    expect(judge({ type: 'podOnNode', pod: 'db-9', node: 'node-1' }, ctx)).toEqual({ passed: false, seen: 'no pod named "db-9"' });
  });
});

describe('podsSpread', () => {
  const nodes = [node('node-1', { zone: 'a' }), node('node-2', { zone: 'a' }), node('node-3', { zone: 'b' })];
  const spread = { type: 'podsSpread', set: 'db', topologyKey: 'kubernetes.io/hostname' } as const;
  it('passes when every live pod of the set has a node of its own', () => {
    const ctx = context({ objects: [...nodes, onNode('db-0', 'node-1'), onNode('db-1', 'node-2'), onNode('db-2', 'node-3')] });
    expect(judge(spread, ctx)).toEqual({ passed: true });
  });
  it('names the pods that share a node', () => {
    const ctx = context({ objects: [...nodes, onNode('db-0', 'node-1'), onNode('db-1', 'node-2'), onNode('db-2', 'node-1')] });
    expect(judge(spread, ctx)).toEqual({ passed: false, seen: 'db-0 and db-2 share node-1' });
  });
  it('leaves out terminating and unscheduled pods, and other sets', () => {
    const ctx = context({
      objects: [...nodes, onNode('db-0', 'node-1'), onNode('db-1', 'node-1', { terminating: true }), onNode('db-2', undefined), { ...pod('web-0', { owner: sts('web') }), spec: { nodeName: 'node-1' } }],
    });
    expect(judge(spread, ctx)).toEqual({ passed: true });
  });
  it('groups by another node label when asked, and fails with no scheduled pod', () => {
    const ctx = context({ objects: [...nodes, onNode('db-0', 'node-1'), onNode('db-1', 'node-2'), onNode('db-2', 'node-3')] });
    expect(judge({ ...spread, topologyKey: 'zone' }, ctx)).toEqual({ passed: false, seen: 'db-0 and db-1 share zone a' });
    expect(judge(spread, context({ objects: [onNode('db-0', undefined)] }))).toEqual({ passed: false, seen: 'no scheduled pod of "db"' });
  });
});

describe('requestsServed', () => {
  const ok = (body = 'committed x') => ({ ok: true, status: 200, pod: 'db-1', body });
  const refused = { ok: true, status: 503, pod: 'db-2', body: 'write rejected: no quorum. Only 1 of 3 members is reachable.' };
  const nowhere = { ok: false, status: 0, error: 'Service db has no ready endpoints: no pod it selects is Running and Ready, so the connection is refused.' };
  const ctx = context({ requests: { before: [ok(), ok()], during: [ok(), refused, ok(), ok()], after: [nowhere], read: [ok('hello')] } });
  const served = (rest: Record<string, unknown>) => ({ type: 'requestsServed', atLeast: 1, ...rest }) as Expectation;
  it('passes when every request of the step got a 2xx answer', () => {
    expect(judge(served({ requests: 'before' }), ctx)).toEqual({ passed: true });
    expect(judge(served({ requests: 'read', status: 200, bodyContains: 'hello' }), ctx)).toEqual({ passed: true });
  });
  it('counts, and quotes the first request that failed, without a trailing full stop', () => {
    expect(judge(served({ requests: 'during' }), ctx)).toEqual({
      passed: false,
      seen: '3 of 4 request(s) succeeded; the first that did not: db-2 answered 503 "write rejected: no quorum. Only 1 of 3 members is reachable"',
    });
    expect(judge(served({ requests: 'after' }), ctx)).toEqual({
      passed: false,
      seen: '0 of 1 request(s) succeeded; it: Service db has no ready endpoints: no pod it selects is Running and Ready, so the connection is refused',
    });
  });
  it('accepts a share, a list of steps (naming the step of the first failure), and checks the body', () => {
    expect(judge(served({ requests: 'during', atLeast: 0.75 }), ctx).passed).toBe(true);
    expect(judge(served({ requests: 'during', atLeast: 0.8 }), ctx).passed).toBe(false);
    expect(judge(served({ requests: ['before', 'during'] }), ctx).seen).toMatch(/^5 of 6 request\(s\) succeeded; the first that did not \(step "during"\): db-2 answered 503/);
    expect(judge(served({ requests: 'read', bodyContains: 'goodbye' }), ctx)).toEqual({ passed: false, seen: '0 of 1 request(s) succeeded; it: db-1 answered 200 "hello"' });
  });
  it('fails when the step did not run', () => {
    expect(judge(served({ requests: 'later' }), ctx)).toEqual({ passed: false, seen: 'the requests of step "later" were not sent' });
  });
});

describe('appHealthy', () => {
  const pods = [onNode('db-0', 'node-1'), onNode('db-1', 'node-2'), onNode('db-2', 'node-3')];
  const detail = { members: 3, majority: 2 };
  it('counts the pods whose app model serves, and looks for a role', () => {
    const ctx = context({
      objects: pods,
      apps: {
        'db-0': { model: 'quorum', role: 'leader', serving: true, detail },
        'db-1': { model: 'quorum', role: 'follower', serving: true, detail },
        'db-2': { model: 'quorum', role: 'unreachable', serving: false, detail },
      },
    });
    expect(judge({ type: 'appHealthy', set: 'db', minServing: 2, role: 'leader' }, ctx)).toEqual({ passed: true });
    expect(judge({ type: 'appHealthy', set: 'db', minServing: 3 }, ctx)).toEqual({
      passed: false,
      seen: '2 serving: db-0 leader serving, db-1 follower serving, db-2 unreachable not serving',
    });
  });
  it('says why a pod does not serve, and when the role is missing', () => {
    const ctx = context({
      objects: pods,
      apps: {
        'db-0': { model: 'quorum', role: 'not-a-member', serving: false, detail: { reason: 'not in the member list' } },
        'db-1': { model: 'quorum', role: 'follower', serving: true, detail },
      },
    });
    expect(judge({ type: 'appHealthy', set: 'db', minServing: 1, role: 'leader' }, ctx)).toEqual({
      passed: false,
      seen: '1 serving: db-0 not-a-member not serving (not in the member list), db-1 follower serving, db-2 runs no app model; none is leader',
    });
    expect(judge({ type: 'appHealthy', set: 'web', minServing: 1 }, ctx)).toEqual({ passed: false, seen: 'no pod of "web"' });
  });
});
