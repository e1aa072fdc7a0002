// One worker of the grader bench: grades `learners` learners × every exercise (alternating
// solutions and starters) and posts back how many submissions it graded.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { loadExerciseFolders } = await import('../src/cli/exercises-dir.ts');
const { gradeSubmission } = await import('../src/grader/index.ts');
const { submissionsOf } = await import('./grader.bench.ts');

const folders = loadExerciseFolders(join(workerData.root, 'exercises'));
let graded = 0;
for (let learner = 0; learner < workerData.learners; learner++) {
  for (const folder of folders) {
    const [solution, starter] = submissionsOf(folder.exercise, folder.starterText, folder.solutionText);
    gradeSubmission(folder.exercise, (learner + workerData.offset) % 2 === 0 ? solution : starter);
    graded++;
  }
}
parentPort.postMessage(graded);
