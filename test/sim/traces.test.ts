// Every recorded v1.20.2 trace replayed in the simulator must be faithful (README rule).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayScenario } from '../../src/sim';
import { compareTimelines, parseTimeline } from './trace-compare';

const dir = join(__dirname, '..', 'fixtures', 'k8s-traces');
const names = readdirSync(dir).filter((f) => f.endsWith('.scenario.yaml')).map((f) => f.replace('.scenario.yaml', '')).sort();

describe('recorded traces replay faithfully', () => {
  it('has the 8 traces', () => {
    expect(names).toHaveLength(8);
  });
  for (const name of names) {
    it(name, () => {
      const out = replayScenario(readFileSync(join(dir, `${name}.scenario.yaml`), 'utf8'), (f) => readFileSync(join(dir, f), 'utf8'));
      const real = parseTimeline(readFileSync(join(dir, `${name}.expected.txt`), 'utf8'));
      const result = compareTimelines(real, parseTimeline(out));
      console.log(`${name}: ${result.within300}/${result.total} events within 300 ms`);
      expect(result.missing).toEqual([]);
      expect(result.extra).toEqual([]);
      expect(result.orderViolations).toEqual([]);
      expect(parseTimeline(out).final).toEqual(real.final);
    });
  }
});
