// Every exercise folder is data with a golden test: the solution scores full marks, the starter
// fails (with the messages it is meant to show), and each wrong/*.yaml fails the check its header names.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedFailingCheck, parseAnswers, quizSolution, type Exercise } from '../../src/exercises';
import { gradeSubmission, type Submission } from '../../src/grader';
import { loadExerciseFolders } from '../../src/cli/exercises-dir';

const root = resolve(__dirname, '../../exercises');
const folders = loadExerciseFolders(root);

function submissionFor(exercise: Exercise, text: string): Submission {
  if (exercise.kind === 'yaml') return { yaml: text };
  const parsed = parseAnswers(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return { answers: parsed.answers };
}

describe('the exercise set', () => {
  it('has at least six exercises covering the lessons of the outline', () => {
    expect(folders.length).toBeGreaterThanOrEqual(6);
    const lessons = new Set(folders.map((f) => f.exercise.lesson));
    for (const lesson of ['01-cattle-vs-pets', '08-deployments', '10-stable-identity', '11-stable-storage', '12-ordering']) {
      expect(lessons.has(lesson), lesson).toBe(true);
    }
  });
});

for (const folder of folders) {
  const { exercise } = folder;
  describe(`${folder.file}`, () => {
    it('has 2 to 5 checks, each with a message, and ordered hints', () => {
      expect(exercise.checks.length).toBeGreaterThanOrEqual(2);
      expect(exercise.checks.length).toBeLessThanOrEqual(5);
      expect(exercise.hints.length).toBeGreaterThanOrEqual(1);
    });

    it('the solution scores full marks', () => {
      const text = exercise.kind === 'yaml' ? exercise.solution : folder.solutionText;
      expect(text, 'solution.yaml').toBeDefined();
      const result = gradeSubmission(exercise, submissionFor(exercise, text as string));
      const failing = result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`);
      expect(failing).toEqual([]);
      expect(result.error).toBeUndefined();
      expect(result.score).toBe(exercise.points);
      expect(result.passed).toBe(true);
    });

    if (exercise.kind === 'quiz') {
      it('the solution answers are the ones the questions mark as right', () => {
        const parsed = parseAnswers(folder.solutionText ?? '');
        expect(parsed.ok && parsed.answers).toEqual(quizSolution(exercise));
      });
    }

    it('the starter fails at least one check, the ones starterFails names', () => {
      const text = exercise.kind === 'yaml' ? exercise.starter : folder.starterText;
      expect(text, 'starter.yaml').toBeDefined();
      const result = gradeSubmission(exercise, submissionFor(exercise, text as string));
      const failed = result.checks.filter((c) => !c.passed).map((c) => c.id);
      expect(failed.length).toBeGreaterThan(0);
      if (exercise.starterFails) expect(failed).toEqual(exercise.starterFails);
      for (const check of result.checks.filter((c) => !c.passed)) {
        const definition = exercise.checks.find((c) => c.id === check.id);
        expect(check.message?.startsWith(definition?.message ?? '\u0000'), `${check.id}: ${check.message}`).toBe(true);
      }
    });

    const wrongFiles = Object.entries(folder.wrong);
    it('has at least one wrong/*.yaml', () => {
      expect(wrongFiles.length).toBeGreaterThan(0);
    });
    for (const [name, text] of wrongFiles) {
      it(`wrong/${name} fails the check its header names`, () => {
        const checkId = expectedFailingCheck(text);
        expect(checkId, `wrong/${name} must start with "# expect-fail: <check-id>"`).toBeDefined();
        expect(exercise.checks.map((c) => c.id)).toContain(checkId);
        const result = gradeSubmission(exercise, submissionFor(exercise, text));
        const check = result.checks.find((c) => c.id === checkId);
        expect(check?.passed, `${checkId} should fail for wrong/${name}`).toBe(false);
        expect(check?.message?.length).toBeGreaterThan(0);
      });
    }
  });
}
