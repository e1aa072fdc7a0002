// One worker of the grader bench: grades `learners` learners × every exercise (alternating
// solutions and starters, each text made distinct) and posts back how many it graded.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { loadExerciseFolders } = await import('../src/cli/exercises-dir.ts');
const { gradeSubmission } = await import('../src/grader/index.ts');
const { submissionsOf, learnerSubmission } = await import('./grader.bench.ts');

const folders = loadExerciseFolders(join(workerData.root, 'exercises'));
const bases = folders.map((f) => submissionsOf(f.exercise, f.starterText, f.solutionText));
let graded = 0;
for (let i = 0; i < workerData.learners; i++) {
  const learner = i + workerData.offset;
  folders.forEach((folder, f) => {
    gradeSubmission(folder.exercise, learnerSubmission(bases[f][learner % 2], learner));
    graded++;
  });
}
parentPort.postMessage(graded);
