// Node and traffic steps in the replay command; their lines are appended to the timeline.
import { describe, expect, it } from 'vitest';
import { replayScenario } from '../../../src/sim';
import { statefulSet } from '../../fixtures/k8s';

const manifests = statefulSet('db', { replicas: 3 });

const scenario = `name: node-loss
manifests: ["db.yaml"]
until: 420000
steps:
  - {"at": 0, "apply": "db.yaml"}
  - {"at": 10000, "startClient": {"name": "app", "target": "db", "ratePerSecond": 1, "connection": "long", "durationMs": 5000}}
  - {"at": 20000, "stopNode": "node-2"}
`;

describe('replay: node and traffic steps', () => {
  it('prints the node going not-ready, the eviction and the client connection, with the pod lines unchanged', () => {
    const out = replayScenario(scenario, () => manifests);
    const lines = out.split('\n').map((l) => l.replace(/^\d+ /, ''));
    expect(lines).toEqual(expect.arrayContaining(['node/node-2 stopped kubelet stopped reporting', 'node/node-2 not-ready', 'pod/db-1 evicted node node-2 unreachable']));
    expect(lines.some((l) => /^traffic\/app connected db-\d app#1$/.test(l))).toBe(true);
    const notReady = out.split('\n').find((l) => l.endsWith('node/node-2 not-ready'));
    expect(Number(notReady?.split(' ')[0])).toBe(70_000);
  });

  it('an unknown node is a scenario error written for the author', () => {
    expect(() => replayScenario(scenario.replace('"stopNode": "node-2"', '"stopNode": "node-9"'), () => manifests)).toThrow(
      'stopNode at 20000 ms failed: There is no node named "node-9". Nodes: node-1, node-2, node-3.',
    );
  });
});
