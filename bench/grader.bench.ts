// Grader speed: the median time to grade one submission of each exercise (target < 20 ms), and a
// class of 1,000 learners × every exercise (target < 10 s wall time), split over worker threads.
import { cpus, loadavg } from 'node:os';
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

/** Learner n's work: solutions and starters alternate, each with a comment line so no two texts are equal. */
export function learnerSubmission(base: Submission, n: number): Submission {
  return base.yaml !== undefined ? { yaml: `# learner ${n}\n${base.yaml}` } : base;
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
  console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (other work on the machine inflates wall times)`);
  // Warm the JIT on every exercise first: the figures are for a grader that has been running.
  for (let i = 0; i < 10; i++) for (const f of folders) for (const s of submissionsOf(f.exercise, f.starterText, f.solutionText)) gradeSubmission(f.exercise, s);
  console.log('median time to grade one submission (solution and starter, 20 runs each, warmed up; target < 20 ms):');
  const medians: number[] = [];
  let yamlGradings = 0;
  const cpuStart = process.cpuUsage();
  for (const folder of folders) {
    const times: number[] = [];
    if (folder.exercise.kind === 'yaml') yamlGradings += 40;
    for (const submission of submissionsOf(folder.exercise, folder.starterText, folder.solutionText)) {
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        gradeSubmission(folder.exercise, learnerSubmission(submission, i));
        times.push(performance.now() - start);
      }
    }
    medians.push(median(times));
    console.log(`  ${folder.exercise.id.padEnd(28)} ${folder.exercise.kind.padEnd(5)} ${median(times).toFixed(2)} ms`);
  }
  const cpu = process.cpuUsage(cpuStart);
  console.log(`  slowest exercise median: ${Math.max(...medians).toFixed(2)} ms`);
  // CPU time does not grow with the machine's other load the way wall time does.
  console.log(`  CPU time per YAML grading (all exercises above): ${((cpu.user + cpu.system) / 1000 / yamlGradings).toFixed(2)} ms`);

  const learners = 1000;
  const threads = Math.min(2, Math.max(1, cpus().length));
  const start = performance.now();
  const graded = await gradeClassInWorkers(learners, threads);
  const seconds = (performance.now() - start) / 1000;
  console.log(`class of ${learners} learners × ${folders.length} exercises (${graded} distinct submissions) on ${threads} worker thread(s): ${seconds.toFixed(2)} s wall (target < 10 s)`);
}
