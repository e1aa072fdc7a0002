// JavaScript shipped per page type of the built site, gzipped: inline <script> bodies plus every
// external script a page loads eagerly (following static imports between chunks). Lazily loaded
// code (search's Pagefind, an exercise editor loaded on scroll) is reported apart, not counted.
// Target (issue 3): a lesson page without an exercise ships at most 30 KB gzipped JS.
// Needs `npm run build` first.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, process.env.SITE_DIST || 'dist');
const LESSON_TARGET_BYTES = 30 * 1024;

const gz = (text: string | Buffer): number => gzipSync(text).length;

/** Static `import ... from "./x.js"` and `import "./x.js"` specifiers; `import(...)` is lazy and skipped. */
function staticImports(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"']+\.m?js)["']/g)) out.push(m[1] as string);
  return out;
}

export function pageScriptBytes(htmlFile: string): { inline: number; external: number; files: string[] } {
  const html = readFileSync(htmlFile, 'utf8');
  let inline = 0;
  const queue: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    if (/type=["']?application\/(?:ld\+)?json/.test(attrs)) continue;
    const src = /\bsrc=["']([^"']+)["']/.exec(attrs)?.[1];
    if (src) queue.push(src);
    else if (body.trim()) {
      inline += gz(body);
      for (const spec of staticImports(body)) queue.push(spec.startsWith('.') ? new URL(spec, 'http://x/' + htmlFile.slice(dist.length + 1)).pathname : spec);
    }
  }
  const seen = new Set<string>();
  let external = 0;
  for (let i = 0; i < queue.length && i < 500; i++) {
    const url = queue[i] as string;
    if (!url.startsWith('/') || seen.has(url)) continue;
    seen.add(url);
    const file = join(dist, url);
    if (!existsSync(file)) continue;
    const code = readFileSync(file);
    external += gz(code);
    for (const spec of staticImports(code.toString('utf8'))) queue.push(new URL(spec, 'http://x' + url).pathname);
  }
  return { inline, external, files: [...seen] };
}

function lessonPages(): string[] {
  const dir = join(dist, 'lessons');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'index.html') out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

const hasExercise = (htmlFile: string): boolean => /data-exercise|<exercise-/.test(readFileSync(htmlFile, 'utf8'));
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

export function run(): void {
  if (!existsSync(join(dist, 'index.html'))) {
    console.log('dist/ not found: run `npm run build` first.');
    return;
  }
  const report = (label: string, file: string): number => {
    const { inline, external, files } = pageScriptBytes(file);
    const total = inline + external;
    console.log(`${label.padEnd(44)} ${String(total).padStart(7)} B gzipped JS (${kb(total)}: inline ${inline} B, ${files.length} file(s) ${external} B)`);
    return total;
  };
  report('landing (/)', join(dist, 'index.html'));
  const lessons = lessonPages();
  const plain = lessons.filter((f) => !hasExercise(f));
  const withExercise = lessons.filter(hasExercise);
  let worstPlain = 0;
  for (const file of plain) worstPlain = Math.max(worstPlain, report(`lesson without exercise ${file.slice(dist.length)}`, file));
  for (const file of withExercise) report(`lesson with exercise (eager part) ${file.slice(dist.length)}`, file);
  if (plain.length === 0) {
    // Every lesson embeds an exercise now; a reference page uses the same shell without one.
    const glossary = join(dist, 'reference', 'glossary', 'index.html');
    if (existsSync(glossary)) worstPlain = report('page without exercise /reference/glossary/', glossary);
  }
  if (worstPlain > 0) {
    console.log(`lesson without exercise, largest: ${kb(worstPlain)} (target ≤ ${kb(LESSON_TARGET_BYTES)}: ${worstPlain <= LESSON_TARGET_BYTES ? 'met' : 'MISSED'})`);
  }
  const pagefind = join(dist, 'pagefind', 'pagefind.js');
  if (existsSync(pagefind)) console.log(`search, loaded on first open: pagefind.js ${gz(readFileSync(pagefind))} B gzipped (plus its wasm and index chunks)`);
}
