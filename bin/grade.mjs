#!/usr/bin/env node
// `k8s-course-grade`: runs the TypeScript grading command through tsx's ESM loader.
import { register } from 'tsx/esm/api';

register();
const { runGrade } = await import('../src/cli/grade.ts');
process.exitCode = runGrade(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
