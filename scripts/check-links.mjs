#!/usr/bin/env node
// Link check over the built site: `npm run build && npm run check:links` (or
// `node scripts/check-links.mjs /tmp/site`). Walks every HTML file in the folder, collects every
// internal href/src of <a>, <area>, <link>, <script>, <img>, <source>, <iframe> and every #fragment,
// and fails (exit 1, one line per problem: page, link, what is wrong) on
//   - a link whose target has no file (a page is <path>/index.html: the site uses trailingSlash 'always'),
//   - a #fragment with no element of that id (or <a name>) on the target page,
//   - an internal link to a page without its trailing slash (/lessons/x instead of /lessons/x/).
// External http(s) links, mailto:, tel:, javascript: and data: URLs are not checked. Links into
// /pagefind/ are checked only when the Pagefind index is there (it is generated after astro build).
// Prints "N pages, N links, N anchors checked, N broken".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ORIGIN = 'http://site.invalid';
const LINK_TAGS = { a: ['href'], area: ['href'], link: ['href'], script: ['src'], img: ['src'], source: ['src'], iframe: ['src'] };
const IGNORED_SCHEMES = /^(mailto|tel|javascript|data|blob):/i;

/** Every file under dir, as paths relative to dir with forward slashes. */
function walk(dir, base = dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, base, out);
    else out.push(relative(base, full).split(sep).join('/'));
  }
  return out;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The attributes of one start tag's attribute text, names lower-cased, values entity-decoded. */
function attributes(text) {
  const attrs = {};
  for (const m of text.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Start tags of an HTML document, without comments and without the text inside <script>, <style>, <template>. */
export function startTags(html) {
  const cleaned = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(<(script|style|template)\b[^>]*>)[\s\S]*?(<\/\2\s*>)/gi, '$1$3');
  const tags = [];
  for (const m of cleaned.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>/g)) {
    tags.push({ name: m[1].toLowerCase(), attrs: attributes(m[2] ?? '') });
  }
  return tags;
}

/** The URL path a built file is served at: lessons/x/index.html → /lessons/x/, 404.html → /404.html. */
function urlPathOf(file) {
  return '/' + file.replace(/(^|\/)index\.html$/, '$1');
}

/**
 * Checks every internal link in the built site at dist. Returns the counts and the broken links
 * ({ page, link, problem }); it throws only if dist has no HTML at all.
 */
export function checkLinks(dist) {
  const root = resolve(dist);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`No built site at ${root}. Run \`npm run build\` first.`);
  const files = walk(root);
  const fileSet = new Set(files);
  const htmlFiles = files.filter((f) => f.endsWith('.html')).sort();
  if (htmlFiles.length === 0) throw new Error(`No HTML files in ${root}. Run \`npm run build\` first.`);
  const hasPagefind = files.some((f) => f.startsWith('pagefind/'));

  const pages = new Map(); // file → { tags, ids }
  for (const file of htmlFiles) {
    const tags = startTags(readFileSync(join(root, file), 'utf8'));
    const ids = new Set();
    for (const { name, attrs } of tags) {
      if (attrs.id) ids.add(attrs.id);
      if (name === 'a' && attrs.name) ids.add(attrs.name);
    }
    pages.set(file, { tags, ids });
  }

  const broken = [];
  let links = 0;
  let anchors = 0;
  for (const [file, { tags }] of pages) {
    const pageUrl = new URL(urlPathOf(file), ORIGIN);
    for (const { name, attrs } of tags) {
      for (const attr of LINK_TAGS[name] ?? []) {
        const raw = attrs[attr];
        if (raw === undefined) continue;
        const href = raw.trim();
        if (href === '' || IGNORED_SCHEMES.test(href)) continue;
        let url;
        try {
          url = new URL(href, pageUrl);
        } catch {
          broken.push({ page: file, link: href, problem: 'is not a valid URL' });
          continue;
        }
        if (url.origin !== ORIGIN) continue; // external
        let path;
        try {
          path = decodeURIComponent(url.pathname);
        } catch {
          broken.push({ page: file, link: href, problem: 'has a malformed %-escape' });
          continue;
        }
        if (path.startsWith('/pagefind/') && !hasPagefind) continue; // generated after astro build
        links++;
        const fragment = url.hash.length > 1 ? decodeURIComponent(url.hash.slice(1)) : '';

        // Which file serves this path?
        let target;
        if (path.endsWith('/')) {
          target = `${path.slice(1)}index.html`;
          if (!fileSet.has(target)) {
            broken.push({ page: file, link: href, problem: `points to a page that does not exist (no ${target})` });
            continue;
          }
        } else if (fileSet.has(path.slice(1))) {
          target = path.slice(1);
        } else if (fileSet.has(`${path.slice(1)}/index.html`)) {
          broken.push({ page: file, link: href, problem: `needs a trailing slash: ${path}/ (the site uses trailingSlash 'always')` });
          continue;
        } else {
          broken.push({ page: file, link: href, problem: `points to a file that does not exist (no ${path.slice(1) || 'index.html'})` });
          continue;
        }

        if (fragment) {
          anchors++;
          const targetPage = pages.get(target);
          if (!targetPage) {
            broken.push({ page: file, link: href, problem: `has a #fragment but ${target} is not an HTML page` });
          } else if (!targetPage.ids.has(fragment)) {
            broken.push({ page: file, link: href, problem: `has no element with id "${fragment}" on ${target === file ? 'this page' : target}` });
          }
        }
      }
    }
  }
  return { pages: htmlFiles.length, links, anchors, broken };
}

export function summary({ pages, links, anchors, broken }) {
  return `${pages} pages, ${links} links, ${anchors} anchors checked, ${broken.length} broken`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] || process.env.SITE_DIST || 'dist';
  try {
    const result = checkLinks(dist);
    for (const b of result.broken) console.log(`${b.page}: ${b.link} ${b.problem}`);
    console.log(summary(result));
    process.exitCode = result.broken.length ? 1 : 0;
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}
