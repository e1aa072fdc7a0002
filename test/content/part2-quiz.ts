// Reads one exercise of a part 2 lesson, so a claim test can compare a quiz's marked answers with
// what the engine does (a quiz must not teach a behaviour the controllers do not have).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseExerciseDefinition, quizSolution } from '../../src/exercises';

/** The answers exercises/<lesson>/<id>/exercise.yaml marks as right. */
export function quizAnswers(lesson: string, id: string): Record<string, unknown> {
  const file = `exercises/${lesson}/${id}/exercise.yaml`;
  const exercise = parseExerciseDefinition(readFileSync(resolve(__dirname, '../..', file), 'utf8'), file);
  return quizSolution(exercise) as Record<string, unknown>;
}
