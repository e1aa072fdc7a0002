// Keeps the arrows of DEVELOPERS.md pointing one way:
//   src/sim  <-  src/grader  <-  src/worker, src/cli  <-  UI (components, layouts, pages, client scripts)
// The engine stays pure (no DOM, Node, Astro or Monaco), the grader sees only the engine's public
// entry, and the UI reaches the engine only through the worker protocol.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBoundaryViolations, type SourceFile } from './boundaries';

const root = resolve(__dirname, '../..');

function walk(dir: string): string[] {
  let out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out = out.concat(walk(full));
    else if (/\.(ts|tsx|mts|js|mjs|astro|mdx)$/.test(entry)) out.push(full);
  }
  return out;
}

function projectSources(): SourceFile[] {
  const dirs = ['src', 'content'].map((d) => join(root, d));
  return dirs.flatMap((d) => {
    try {
      return walk(d);
    } catch {
      return [];
    }
  }).map((file) => ({ path: relative(root, file).split(sep).join('/'), text: readFileSync(file, 'utf8') }));
}

describe('import boundaries', () => {
  it('the real source tree has no import that points the wrong way', () => {
    expect(findBoundaryViolations(projectSources())).toEqual([]);
  });

  it('flags the engine importing UI code', () => {
    const files: SourceFile[] = [
      { path: 'src/sim/cluster.ts', text: "import { x } from '../components/Thing';\n" },
    ];
    expect(findBoundaryViolations(files)).toEqual([
      'src/sim/cluster.ts imports ../components/Thing (src/components/Thing): src/sim may not import from src/components',
    ]);
  });

  it('flags the engine importing Node, DOM-bound or Astro modules', () => {
    const files: SourceFile[] = [
      { path: 'src/sim/a.ts', text: "import fs from 'node:fs';\nimport * as m from 'monaco-editor';\nimport { getCollection } from 'astro:content';\n" },
    ];
    expect(findBoundaryViolations(files)).toHaveLength(3);
  });

  it('flags the engine reading wall-clock time or Math.random', () => {
    const files: SourceFile[] = [
      { path: 'src/sim/b.ts', text: 'const t = Date.now();\nconst r = Math.random();\nconst d = new Date();\n' },
    ];
    expect(findBoundaryViolations(files)).toHaveLength(3);
  });

  it('flags the grader reaching past the engine entry', () => {
    const files: SourceFile[] = [
      { path: 'src/grader/grade.ts', text: "import { sync } from '../sim/controllers/statefulset/control';\n" },
      { path: 'src/grader/ok.ts', text: "import { createCluster } from '../sim';\nimport type { X } from '../sim/index';\n" },
    ];
    expect(findBoundaryViolations(files)).toEqual([
      'src/grader/grade.ts imports ../sim/controllers/statefulset/control (src/sim/controllers/statefulset/control): src/grader may import the engine only through src/sim/index.ts',
    ]);
  });

  it('flags UI code importing the engine or the grader', () => {
    const files: SourceFile[] = [
      { path: 'src/components/Exercise.astro', text: "---\nimport { createCluster } from '../sim';\n---\n" },
      { path: 'src/components/ok.ts', text: "import type { WorkerRequest } from '../worker/protocol';\n" },
    ];
    expect(findBoundaryViolations(files)).toEqual([
      'src/components/Exercise.astro imports ../sim (src/sim): UI code talks to the engine only through the worker protocol',
    ]);
  });

  it('counts import.meta.glob patterns as imports, and lets the editor load only the shared schema data', () => {
    const files: SourceFile[] = [
      { path: 'src/scripts/exercise/a.ts', text: "const m = import.meta.glob('/src/sim/cluster/*.ts');\n" },
      { path: 'src/scripts/exercise/b.ts', text: "const s = () => import('../../sim/schema/kubernetes.schema.json');\n" },
    ];
    expect(findBoundaryViolations(files)).toEqual([
      'src/scripts/exercise/a.ts imports ../../../src/sim/cluster (src/sim/cluster): UI code talks to the engine only through the worker protocol',
    ]);
  });
});
