#!/usr/bin/env node
// One-time check, not run in CI: do the section headings copied into content/coverage.yaml match the
// course brief's? The brief (COURSE.md) lives outside the repository, so the coverage test cannot read it.
//   node scripts/check-coverage-sections.mjs [path/to/COURSE.md]   (default: ../shared/COURSE.md)
// Syllabus headings are the numbered `## N. …` sections and any `###` heading under them; other
// headings (e.g. "Audiences") are listed as ignored. Exits 1 when a heading has no entry in the yaml.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';

const root = resolve(new URL('..', import.meta.url).pathname);
const briefPath = resolve(process.argv[2] ?? resolve(root, '../shared/COURSE.md'));
const brief = readFileSync(briefPath, 'utf8');
const coverage = load(readFileSync(resolve(root, 'content/coverage.yaml'), 'utf8'));

const syllabus = [];
const ignored = [];
let inSyllabus = false;
for (const line of brief.split('\n')) {
  const m = /^(#{2,3})\s+(.*?)\s*$/.exec(line);
  if (!m) continue;
  const [, hashes, text] = m;
  if (hashes === '##') inSyllabus = /^\d+\.\s/.test(text);
  (inSyllabus ? syllabus : ignored).push(text);
}

const listed = new Set(coverage.sections ?? []);
const missing = syllabus.filter((h) => !listed.has(h));
const stale = [...listed].filter((h) => !syllabus.includes(h));
const empty = [...listed].filter((h) => !(coverage.concepts ?? []).some((r) => r.section === h));

console.log(`${briefPath}: ${syllabus.length} syllabus heading(s); ignored: ${ignored.join(' | ') || 'none'}`);
for (const h of missing) console.log(`MISSING from content/coverage.yaml sections: ${h}`);
for (const h of stale) console.log(`NOT IN the brief (renamed or removed?): ${h}`);
for (const h of empty) console.log(`NO concept row for section: ${h}`);
if (missing.length || stale.length || empty.length) process.exit(1);
console.log('content/coverage.yaml lists every syllabus heading, each with at least one concept row.');
