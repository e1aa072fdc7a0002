// Turns the command's PATH arguments into learners and their submissions: a single YAML file, a
// progress bundle (JSON), or a class folder (one folder per learner, or bundle files, or both).
// Every file the command cannot use is reported as a problem of the learner it belongs to.
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { parseAnswers, parseProgressBundle, type Exercise } from '../exercises';
import type { Submission } from '../grader';
import { readLearnerFile, statInside } from './safe-read';

export interface LearnerSubmission {
  submission: Submission;
  /** Where it came from, for the report: `alice/headless-service.yaml` or `bob.json`. */
  file: string;
}

export interface Learner {
  name: string;
  id?: string;
  /** The folder or file this learner was read from, relative to the working directory. */
  source: string;
  submissions: Map<string, LearnerSubmission>;
  problems: string[];
}

export interface CollectOptions {
  exercises: Map<string, Exercise>;
  /** Grade only these exercises (others in a bundle are ignored without a problem). */
  only?: string[];
  /** For a single YAML file: the exercise it answers. */
  exercise?: string;
  cwd: string;
}

export class UsageError extends Error {}

const YAML_FILE = /\.ya?ml$/i;

function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel.split('\\').join('/') : path;
}

function newLearner(name: string, source: string): Learner {
  return { name, source, submissions: new Map(), problems: [] };
}

function addSubmission(learner: Learner, exerciseId: string, entry: LearnerSubmission, opts: CollectOptions): void {
  if (!opts.exercises.has(exerciseId)) {
    learner.problems.push(`${entry.file}: unknown exercise "${exerciseId}"; no exercise of the course has that id`);
    return;
  }
  if (opts.only && !opts.only.includes(exerciseId)) return;
  const previous = learner.submissions.get(exerciseId);
  if (previous) {
    learner.problems.push(`${entry.file}: a second submission for "${exerciseId}" (also in ${previous.file}); graded ${previous.file}`);
    return;
  }
  learner.submissions.set(exerciseId, entry);
}

/** A YAML file answers the exercise named by its file name (or --exercise); quiz answers are YAML too. */
function addYamlFile(learner: Learner, path: string, root: string, exerciseId: string, opts: CollectOptions): void {
  const file = display(path, opts.cwd);
  const read = readLearnerFile(path, root);
  if (!read.ok) {
    learner.problems.push(`${file}: ${read.problem}`);
    return;
  }
  const exercise = opts.exercises.get(exerciseId);
  if (exercise?.kind === 'quiz') {
    const answers = parseAnswers(read.text);
    if (!answers.ok) {
      learner.problems.push(`${file}: ${answers.problem}`);
      return;
    }
    addSubmission(learner, exerciseId, { submission: { answers: answers.answers }, file }, opts);
    return;
  }
  addSubmission(learner, exerciseId, { submission: { yaml: read.text }, file }, opts);
}

function addBundleFile(learner: Learner, path: string, root: string, opts: CollectOptions, nameFromBundle: boolean): void {
  const file = display(path, opts.cwd);
  const read = readLearnerFile(path, root);
  if (!read.ok) {
    learner.problems.push(`${file}: ${read.problem}`);
    return;
  }
  const parsed = parseProgressBundle(read.text);
  if (!parsed.ok) {
    learner.problems.push(...parsed.problems.slice(0, 5).map((p) => `${file}: ${p}`));
    return;
  }
  const { bundle } = parsed;
  if (nameFromBundle && bundle.learner?.name) learner.name = bundle.learner.name;
  if (bundle.learner?.id && !learner.id) learner.id = bundle.learner.id;
  for (const [exerciseId, entry] of Object.entries(bundle.submissions)) {
    const exercise = opts.exercises.get(exerciseId);
    const submission: Submission = exercise?.kind === 'quiz' ? { answers: entry.answers ?? {} } : { yaml: entry.yaml };
    addSubmission(learner, exerciseId, { submission, file: `${file}#${exerciseId}` }, opts);
  }
}

/** One learner's folder: `<exercise-id>.yaml` files and/or bundle JSON files. */
function readLearnerFolder(learner: Learner, dir: string, root: string, opts: CollectOptions): void {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    learner.problems.push(`${display(dir, opts.cwd)}: the folder could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    const file = display(path, opts.cwd);
    const found = statInside(path, root);
    if (!found.ok) {
      learner.problems.push(`${file}: ${found.problem}`);
      continue;
    }
    if (found.stats.isDirectory()) {
      learner.problems.push(`${file}: skipped: a folder inside a learner's folder (expected <exercise-id>.yaml or bundle .json files)`);
    } else if (YAML_FILE.test(entry)) {
      addYamlFile(learner, path, root, entry.replace(YAML_FILE, ''), opts);
    } else if (extname(entry).toLowerCase() === '.json') {
      addBundleFile(learner, path, root, opts, false);
    } else {
      learner.problems.push(`${file}: skipped: not a .yaml or .json file`);
    }
  }
}

function readClassFolder(dir: string, opts: CollectOptions, classProblems: string[]): Learner[] {
  const root = realpathSync(dir);
  const learners: Learner[] = [];
  const loose = newLearner(basename(root), display(dir, opts.cwd));
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    const found = statInside(path, root);
    if (!found.ok) {
      const learner = newLearner(entry.replace(/\.json$/i, ''), display(path, opts.cwd));
      learner.problems.push(`${display(path, opts.cwd)}: ${found.problem}`);
      learners.push(learner);
    } else if (found.stats.isDirectory()) {
      const learner = newLearner(entry, display(path, opts.cwd));
      readLearnerFolder(learner, path, root, opts);
      learners.push(learner);
    } else if (extname(entry).toLowerCase() === '.json') {
      const learner = newLearner(entry.replace(/\.json$/i, ''), display(path, opts.cwd));
      addBundleFile(learner, path, root, opts, true);
      learners.push(learner);
    } else if (YAML_FILE.test(entry)) {
      // YAML files directly in the folder: the folder is one learner's (e.g. a GitHub Classroom repository).
      addYamlFile(loose, path, root, entry.replace(YAML_FILE, ''), opts);
    } else {
      classProblems.push(`${display(path, opts.cwd)}: skipped: not a learner folder, a .yaml or a .json file`);
    }
  }
  if (loose.submissions.size > 0 || loose.problems.length > 0) learners.unshift(loose);
  return learners;
}

export interface Collected {
  learners: Learner[];
  /** Files in a class folder that belong to no learner. */
  problems: string[];
}

/** All learners named by the PATH arguments, in argument order. Throws UsageError for paths that cannot be used. */
export function collectLearners(paths: string[], opts: CollectOptions): Collected {
  const learners: Learner[] = [];
  const problems: string[] = [];
  for (const arg of paths) {
    const path = resolve(opts.cwd, arg);
    let stats: Stats;
    let real: string;
    try {
      // The instructor named this path, so links are followed; links inside it are checked.
      stats = statSync(path);
      real = realpathSync(path);
    } catch {
      throw new UsageError(`${arg}: no such file or folder`);
    }
    if (stats.isDirectory()) {
      learners.push(...readClassFolder(path, opts, problems));
      continue;
    }
    const name = basename(path).replace(/\.(ya?ml|json)$/i, '');
    // `bob/headless-service.yaml` is bob's; `answer.yaml --exercise X` is "answer"'s.
    const learner = newLearner(opts.exercises.has(name) ? basename(dirname(path)) : name, display(path, opts.cwd));
    if (extname(path).toLowerCase() === '.json') {
      addBundleFile(learner, path, dirname(real), opts, true);
    } else if (YAML_FILE.test(path)) {
      const exerciseId = opts.exercise ?? name;
      if (!opts.exercises.has(exerciseId)) {
        throw new UsageError(`${arg}: cannot tell which exercise this file answers; name it <exercise-id>.yaml or pass --exercise ID`);
      }
      addYamlFile(learner, path, dirname(real), exerciseId, opts);
    } else {
      throw new UsageError(`${arg}: expected a .yaml file, a progress bundle (.json) or a class folder`);
    }
    learners.push(learner);
  }
  return { learners, problems };
}
