// Every demo's claims hold: each demo is graded as a yaml exercise whose submission is its own
// manifests, so a claim that the engine does not bear out fails here, naming demo and claim.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoAsExercise } from '../../src/exercises';
import { gradeSubmission } from '../../src/grader';
import { loadExercises } from '../../src/cli/exercises-dir';
import { loadDemoFiles } from './demo-files';

const exerciseIds = loadExercises(resolve(__dirname, '../../exercises')).keys();
const demos = loadDemoFiles(undefined, exerciseIds);

describe('the demos', () => {
  it('include the worked example of the format', () => {
    expect(demos.map((d) => d.demo.id)).toContain('ordered-startup');
  });
});

for (const { demo, file } of demos) {
  describe(`${file}`, () => {
    const result = gradeSubmission(demoAsExercise(demo), { yaml: demo.manifests });

    it('its manifests apply without errors and its scenario runs to the end', () => {
      const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `line ${d.line}:${d.column}: ${d.message}`);
      expect(errors, `demo ${demo.id}`).toEqual([]);
      expect(result.error, `demo ${demo.id}`).toBeUndefined();
      expect(result.notes ?? [], `demo ${demo.id}`).toEqual([]);
    });

    for (const claim of demo.claims) {
      it(`claim ${claim.id}: ${claim.title}`, () => {
        const check = result.checks.find((c) => c.id === claim.id);
        expect(check?.passed, `demo ${demo.id}, claim ${claim.id}: ${check?.message ?? 'not graded'}`).toBe(true);
      });
    }
  });
}
