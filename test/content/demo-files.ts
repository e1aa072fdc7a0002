// Reads content/demos/*.yaml from disk with the pure loader of src/exercises/demo.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertUniqueDemoIds, parseDemoDefinition, type Demo } from '../../src/exercises';

export const DEMOS_DIR = resolve(__dirname, '../../content/demos');

export interface DemoFile {
  demo: Demo;
  /** content/demos/<id>.yaml, as messages show it. */
  file: string;
}

export function loadDemoFiles(dir = DEMOS_DIR, exerciseIds: Iterable<string> = []): DemoFile[] {
  if (!existsSync(dir)) return [];
  const demos = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const file = `content/demos/${f}`;
      return { demo: parseDemoDefinition(readFileSync(join(dir, f), 'utf8'), file), file };
    });
  assertUniqueDemoIds(demos, exerciseIds);
  return demos;
}
