// Grader speed: the median time to grade one submission of each exercise (target < 20 ms), and a
// class of 1,000 learners × every exercise (target < 10 s wall time), split over worker threads.
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseAnswers, type Exercise } from '../src/exercises';
import { gradeSubmission, type Submission } from '../src/grader';
import { loadExerciseFolders } from '../src/cli/exercises-dir';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function submissionsOf(exercise: Exercise, starterText?: string, solutionText?: string): Submission[] {
  if (exercise.kind === 'yaml') return [{ yaml: exercise.solution }, { yaml: exercise.starter }];
  const answers = (text?: string) => {
    const parsed = parseAnswers(text ?? '');
    return parsed.ok ? parsed.answers : {};
  };
  return [{ answers: answers(solutionText) }, { answers: answers(starterText) }];
}

function gradeClassInWorkers(learners: number, threads: number): Promise<number> {
  const per = Math.ceil(learners / threads);
  const jobs = Array.from({ length: threads }, (_, i) => {
    const count = Math.max(0, Math.min(per, learners - i * per));
    return new Promise<number>((resolveJob, reject) => {
      const worker = new Worker(join(here, 'grader-worker.mjs'), { workerData: { root, learners: count, offset: i * per } });
      worker.once('message', (graded: number) => resolveJob(graded));
      worker.once('error', reject);
    });
  });
  return Promise.all(jobs).then((counts) => counts.reduce((a, b) => a + b, 0));
}

export async function run(): Promise<void> {
  const folders = loadExerciseFolders(join(root, 'exercises'));
  console.log('median time to grade one submission (solution and starter, 15 runs each after 3 warm-ups; target < 20 ms):');
  for (const folder of folders) {
    const times: number[] = [];
    for (const submission of submissionsOf(folder.exercise, folder.starterText, folder.solutionText)) {
      for (let i = 0; i < 18; i++) {
        const start = performance.now();
        gradeSubmission(folder.exercise, submission);
        if (i >= 3) times.push(performance.now() - start);
      }
    }
    console.log(`  ${folder.exercise.id.padEnd(28)} ${median(times).toFixed(2)} ms`);
  }

  const learners = 1000;
  const threads = Math.min(2, Math.max(1, cpus().length));
  const start = performance.now();
  const graded = await gradeClassInWorkers(learners, threads);
  const seconds = (performance.now() - start) / 1000;
  console.log(`class of ${learners} learners × ${folders.length} exercises (${graded} submissions) on ${threads} worker thread(s): ${seconds.toFixed(2)} s (target < 10 s)`);
}
