// `kubectl apply` over live objects: the three-way merge keeps what the server and the controllers
// set, removes what the learner dropped, and reports `unchanged` when nothing the learner wrote changed.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/sim';
import { deployment, docs, service } from '../../fixtures/k8s';
import { threeWayMerge } from '../../../src/sim/cluster/apply-merge';

/** A two-replica Deployment `web` (container `c`) and its ClusterIP Service `web`. */
const deploymentAndService = (image = 'nginx') => docs(deployment('web', { image, container: 'c' }), service('web'));

describe('apply over live objects', () => {
  it('re-applying the same Deployment and Service is "unchanged" and keeps the clusterIP and revision annotation', () => {
    const c = createCluster();
    c.apply(deploymentAndService());
    c.runUntilStable();
    const ip = c.get('Service', 'web')?.spec.clusterIP;
    expect(ip).toMatch(/^10\.96\./);
    const again = c.apply(deploymentAndService());
    expect(again.applied.map((a) => `${a.kind}/${a.name} ${a.action}`)).toEqual(['Deployment/web unchanged', 'Service/web unchanged']);
    expect(c.get('Service', 'web')?.spec.clusterIP).toBe(ip);
    expect(c.get('Deployment', 'web')?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('a label the learner drops from the configuration is removed; one set by someone else stays', () => {
    const c = createCluster();
    c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  labels: {team: a, tier: db}\ndata: {a: "1"}\n');
    c.patch('ConfigMap', 'cfg', { metadata: { labels: { owner: 'ops' } } });
    const r = c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  labels: {team: a}\ndata: {a: "1"}\n');
    expect(r.applied[0].action).toBe('configured');
    expect(c.get('ConfigMap', 'cfg')?.metadata.labels).toEqual({ team: 'a', owner: 'ops' });
  });

  it('changing the image is "configured"', () => {
    const c = createCluster();
    c.apply(deploymentAndService());
    c.runUntilStable();
    const r = c.apply(deploymentAndService('nginx:1.27'));
    expect(r.applied.map((a) => a.action)).toEqual(['configured', 'unchanged']);
  });
});

describe('threeWayMerge', () => {
  it.each([
    ['config wins', { a: 1 }, {}, { a: 2 }, { a: 2 }],
    ['dropped since last apply: removed', { a: 1, b: 2 }, { a: 1, b: 2 }, { a: 1 }, { a: 1 }],
    ['never applied: kept', { a: 1, ip: 'x' }, { a: 1 }, { a: 1 }, { a: 1, ip: 'x' }],
    ['maps merge recursively', { s: { a: 1, ip: 'x' } }, { s: { a: 1 } }, { s: { a: 2 } }, { s: { a: 2, ip: 'x' } }],
    ['lists are replaced', { l: [1, 2] }, { l: [1, 2] }, { l: [3] }, { l: [3] }],
  ])('%s', (_name, live, last, config, expected) => {
    expect(threeWayMerge(live, last, config)).toEqual(expected);
  });
});
