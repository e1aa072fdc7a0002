// The layering rules of DEVELOPERS.md as data, and a scanner that reports every import (or
// forbidden global) that breaks them. Kept separate from the test so the rules read as a table.
import { posix } from 'node:path';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

type Layer = 'sim' | 'grader' | 'exercises' | 'worker' | 'cli' | 'ui' | 'other';

function layerOf(path: string): Layer {
  if (path.startsWith('src/sim/')) return 'sim';
  if (path.startsWith('src/grader/')) return 'grader';
  if (path.startsWith('src/exercises/')) return 'exercises';
  if (path.startsWith('src/worker/')) return 'worker';
  if (path.startsWith('src/cli/')) return 'cli';
  if (/^src\/(components|layouts|pages|scripts|styles|client)\//.test(path) || path.startsWith('content/')) return 'ui';
  return 'other';
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(?\s*['"]([^'"]+)['"]/gm;
// Vite's import.meta.glob('/src/...') takes root-relative patterns; they count as imports too.
const GLOB_RE = /import\.meta\.glob\s*\(\s*['"]\/([^'"]+)['"]/g;

export function importsOf(text: string, fromPath = ''): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) found.push((m[1] ?? m[2]) as string);
  const depth = fromPath.split('/').length - 1;
  for (const m of text.matchAll(GLOB_RE)) found.push('../'.repeat(depth) + (m[1] as string).replace(/\/?\*.*$/, ''));
  return found;
}

/** Engine code must be deterministic and host-free: these globals betray a hidden clock, chance or a DOM. */
const ENGINE_FORBIDDEN_GLOBALS: Array<[RegExp, string]> = [
  [/\bDate\.now\s*\(/, 'Date.now() (use the simulated clock)'],
  [/\bnew Date\s*\(/, 'new Date() (use the simulated clock)'],
  [/\bMath\.random\s*\(/, 'Math.random() (use the seeded generator)'],
  [/\bperformance\.now\s*\(/, 'performance.now() (use the simulated clock)'],
  [/\b(?:window|document|localStorage)\./, 'a DOM global'],
  [/\bprocess\.(?:env|argv|exit|stdout)/, 'a Node process global'],
];

const HOST_MODULE = /^(node:|fs$|path$|os$|child_process$|astro|monaco|@astrojs\/)/;

function resolveTarget(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(from), spec));
}

function isEngineEntry(target: string): boolean {
  return target === 'src/sim' || target === 'src/sim/index' || target === 'src/sim/index.ts';
}

export function findBoundaryViolations(files: SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const layer = layerOf(file.path);
    if (layer === 'other') continue;
    for (const spec of importsOf(file.text, file.path)) {
      const target = resolveTarget(file.path, spec);
      const targetLayer = target ? layerOf(target + '/') : null;
      const where = `${file.path} imports ${spec}${target ? ` (${target})` : ''}`;
      if (layer === 'sim') {
        if (target && targetLayer !== 'sim') {
          problems.push(`${where}: src/sim may not import from ${target.split('/').slice(0, 2).join('/')}`);
        } else if (!target && HOST_MODULE.test(spec)) {
          problems.push(`${where}: src/sim must stay free of Node, DOM, Astro and Monaco modules`);
        }
      } else if (layer === 'grader' || layer === 'exercises') {
        if (!target && HOST_MODULE.test(spec)) {
          problems.push(`${where}: src/${layer} runs unchanged in a web worker and in Node, so it may not import host modules`);
        } else if (target && targetLayer === 'sim' && !isEngineEntry(target)) {
          problems.push(`${where}: src/${layer} may import the engine only through src/sim/index.ts`);
        } else if (target && ['worker', 'cli', 'ui'].includes(targetLayer as string)) {
          problems.push(`${where}: src/${layer} may not import from the layers that drive it`);
        } else if (layer === 'exercises' && target && targetLayer === 'grader') {
          problems.push(`${where}: the exercise format may not depend on the grader`);
        }
      } else if (layer === 'worker' || layer === 'cli') {
        if (target && targetLayer === 'sim' && !isEngineEntry(target)) {
          problems.push(`${where}: src/${layer} may import the engine only through src/sim/index.ts`);
        } else if (target && targetLayer === 'ui') {
          problems.push(`${where}: src/${layer} may not import UI code`);
        } else if (layer === 'worker' && target && targetLayer === 'cli') {
          problems.push(`${where}: the browser worker may not import the Node grading command`);
        }
      } else if (layer === 'ui') {
        // The Kubernetes schema is data shared on purpose: the editor validates with the engine's file.
        if (target && target.startsWith('src/sim/schema/') && target.endsWith('.json')) continue;
        if (target && (targetLayer === 'sim' || targetLayer === 'grader' || targetLayer === 'cli')) {
          problems.push(`${where}: UI code talks to the engine only through the worker protocol`);
        }
      }
    }
    if (layer === 'sim') {
      const code = stripComments(file.text);
      for (const [re, what] of ENGINE_FORBIDDEN_GLOBALS) {
        if (re.test(code)) problems.push(`${file.path} uses ${what}: the engine must be deterministic and host-free`);
      }
    }
  }
  return problems;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}
