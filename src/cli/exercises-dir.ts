// Reads exercises/<lesson>/<exercise>/ folders from disk and builds them with the pure helpers of
// src/exercises. Used by the grading command and by the golden test.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { assertUniqueIds, buildExercise, type Exercise } from '../exercises';

export interface ExerciseFolder {
  exercise: Exercise;
  /** Absolute path of the exercise folder. */
  dir: string;
  /** exercise.yaml, relative to the repository (or to the exercises folder's parent). */
  file: string;
  /** wrong/*.yaml: file name → text. */
  wrong: Record<string, string>;
  /** For quiz exercises, the answer files beside exercise.yaml (starter.yaml, solution.yaml), when present. */
  starterText?: string;
  solutionText?: string;
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function subdirs(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isDirectory())
    .sort();
}

/** Every exercise under `root` (exercises/<lesson>/<exercise>/exercise.yaml); throws ExerciseFormatError on the first bad one. */
export function loadExerciseFolders(root: string): ExerciseFolder[] {
  const base = join(root, '..');
  const folders: ExerciseFolder[] = [];
  for (const lesson of subdirs(root)) {
    for (const name of subdirs(join(root, lesson))) {
      const dir = join(root, lesson, name);
      const definitionPath = join(dir, 'exercise.yaml');
      if (!existsSync(definitionPath)) continue;
      const file = relative(base, definitionPath).split(sep).join('/');
      const starterText = readIfExists(join(dir, 'starter.yaml'));
      const solutionText = readIfExists(join(dir, 'solution.yaml'));
      const exercise = buildExercise({
        file,
        definition: readFileSync(definitionPath, 'utf8'),
        starter: starterText,
        solution: solutionText,
        lessonFolder: lesson,
        exerciseFolder: name,
      });
      const wrong: Record<string, string> = {};
      const wrongDir = join(dir, 'wrong');
      if (existsSync(wrongDir)) {
        for (const f of readdirSync(wrongDir).filter((f) => /\.ya?ml$/.test(f)).sort()) wrong[f] = readFileSync(join(wrongDir, f), 'utf8');
      }
      folders.push({ exercise, dir, file, wrong, starterText, solutionText });
    }
  }
  assertUniqueIds(folders);
  return folders;
}

export function loadExercises(root: string): Map<string, Exercise> {
  return new Map(loadExerciseFolders(root).map((f) => [f.exercise.id, f.exercise]));
}
