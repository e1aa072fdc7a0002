// `npm run grade -- PATH... [--exercise ID] [--format table|json|junit|csv] [--pass-mark N] [--exercises DIR]`
// The instructor's grading command: the same gradeSubmission the browser worker runs.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExerciseFormatError } from '../exercises';
import { loadExercises } from './exercises-dir';
import { formatReport } from './formats';
import { parseGradeArgs, USAGE } from './grade-args';
import { collectLearners, UsageError } from './learners';
import { buildReport, exitStatus, reportScope } from './report';

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const courseExercises = resolve(dirname(fileURLToPath(import.meta.url)), '../../exercises');

/** Runs the command; returns the exit status instead of exiting, so tests can call it. */
export function runGrade(argv: string[], io: Io): number {
  try {
    const args = parseGradeArgs(argv);
    if (args.help) {
      io.stdout(USAGE);
      return 0;
    }
    const dir = args.exercisesDir ? resolve(io.cwd, args.exercisesDir) : existsSync(join(io.cwd, 'exercises')) ? join(io.cwd, 'exercises') : courseExercises;
    if (!existsSync(dir)) throw new UsageError(`--exercises ${args.exercisesDir}: no such folder`);
    const exercises = loadExercises(dir);
    const unknown = args.exercises.filter((id) => !exercises.has(id));
    if (unknown.length) throw new UsageError(`--exercise ${unknown.join(', ')}: no such exercise; known ids: ${[...exercises.keys()].join(', ')}`);
    const only = args.exercises.length ? args.exercises : undefined;
    const { learners, problems } = collectLearners(args.paths, { exercises, only, exercise: args.exercises.length === 1 ? args.exercises[0] : undefined, cwd: io.cwd });
    const report = buildReport(learners, reportScope(learners, exercises, only), { passMark: args.passMark, problems });
    io.stdout(formatReport(report, args.format, args.details));
    return exitStatus(report);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`grade: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ExerciseFormatError) {
      io.stderr(`grade: an exercise definition is malformed:\n${err.message}\n`);
      return 2;
    }
    io.stderr(`grade: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  process.exitCode = runGrade(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
}
