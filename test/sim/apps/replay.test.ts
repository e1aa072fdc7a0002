// App lines reach the replay command's output (issue 7: "extend the replay output with node,
// traffic and app events without changing the existing lines").
import { describe, expect, it } from 'vitest';
import { replayScenario } from '../../../src/sim';
import { statefulApp } from './helpers';

const scenario = `name: etcd-loses-two
manifests: ["etcd.yaml"]
until: 12000
steps:
  - {"at": 0, "apply": "etcd.yaml"}
  - {"at": 8000, "setReady": {"pod": "etcd-1", "ready": false}}
  - {"at": 8000, "setReady": {"pod": "etcd-2", "ready": false}}
  - {"at": 10000, "setReady": {"pod": "etcd-2", "ready": true}}
`;

describe('replay prints app lines', () => {
  it('a quorum losing two of three members, then one returning', () => {
    const out = replayScenario(scenario, () => statefulApp({ name: 'etcd', model: 'quorum' }));
    const app = out.split('\n').filter((l) => / app\//.test(l));
    expect(app.map((l) => l.replace(/^\d+ /, ''))).toEqual([
      'app/etcd-0 leader term=1',
      'app/etcd quorum-lost reachable=1/3',
      'app/etcd-0 leader term=2',
    ]);
    const times = app.map((l) => Number(l.split(' ')[0]));
    // elected one election timeout (1000 ms) after etcd-1 was Ready (about 3.2 s); lost 10 ms after
    // the readiness change (the apps controller's sync delay); re-elected 1000 ms after etcd-2 returned.
    expect(times[1]).toBe(8010);
    expect(times[2]).toBe(11010);
    const pods = out.split('\n').filter((l) => / pod\/etcd-/.test(l) && !l.startsWith('final'));
    expect(pods.length).toBeGreaterThan(0);
  });
});
