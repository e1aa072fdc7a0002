// The built-site link check (scripts/check-links.mjs) on two tiny fixture sites.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLinks, summary } from '../../scripts/check-links.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = join(root, 'test/fixtures/linkcheck');

describe('check-links', () => {
  it('passes a site whose links, anchors and assets all exist, and ignores external, mailto, comments, script text and a missing Pagefind index', () => {
    const result = checkLinks(join(fixtures, 'good'));
    expect(result.broken).toEqual([]);
    expect(result).toMatchObject({ pages: 2, links: 9, anchors: 4 });
    expect(summary(result)).toBe('2 pages, 9 links, 4 anchors checked, 0 broken');
  });

  it('names the page and link for a missing page, a broken anchor, a missing trailing slash and a missing asset', () => {
    const { broken, pages, links, anchors } = checkLinks(join(fixtures, 'bad'));
    expect({ pages, links, anchors }).toEqual({ pages: 2, links: 7, anchors: 3 });
    expect(broken.map((b) => `${b.page}: ${b.link} ${b.problem}`)).toEqual([
      'index.html: /lessons/missing/ points to a page that does not exist (no lessons/missing/index.html)',
      'index.html: /lessons/one/#no-such-heading has no element with id "no-such-heading" on lessons/one/index.html',
      "index.html: /lessons/one needs a trailing slash: /lessons/one/ (the site uses trailingSlash 'always')",
      'index.html: /_astro/gone.png points to a file that does not exist (no _astro/gone.png)',
      'index.html: #nowhere has no element with id "nowhere" on this page',
    ]);
  });

  it('as a command: exit 1 with one line per broken link and the summary; exit 0 on a clean site', () => {
    const script = join(root, 'scripts/check-links.mjs');
    let output = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [script, join(fixtures, 'bad')], { encoding: 'utf8' });
    } catch (error) {
      const e = error as { status: number; stdout: string };
      status = e.status;
      output = e.stdout;
    }
    expect(status).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(6);
    expect(output).toMatch(/2 pages, 7 links, 3 anchors checked, 5 broken\n$/);
    expect(execFileSync(process.execPath, [script, join(fixtures, 'good')], { encoding: 'utf8' })).toBe('2 pages, 9 links, 4 anchors checked, 0 broken\n');
  });

  it('refuses a folder with no built site', () => {
    expect(() => checkLinks(join(fixtures, 'does-not-exist'))).toThrow(/No built site/);
  });
});
