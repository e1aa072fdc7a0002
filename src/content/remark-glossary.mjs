// @ts-check
// A remark plugin for the glossary.
//
// Glossary terms come from content/reference/glossary.md, one per line written
// `- **Term**: definition`, read at build time (and again whenever the file changes, in dev).
//
// - On a lesson (content/lessons/*.md or *.mdx) the FIRST occurrence of each term in prose becomes a
//   link to /reference/glossary/#<anchor>, with the first sentence of the definition as its title
//   (tooltip) and the class `glossary-term` (a dotted underline, see src/styles/global.css).
//   Headings (and table header rows), code, inline code, existing links, raw HTML, MDX expressions
//   and ESM, the props of MDX components and the children of HTML/SVG elements written in JSX
//   (`<svg>`, `<text>`…) are left alone.
//   Matching is case-insensitive at word boundaries; at one position the longest alias wins, so
//   "PersistentVolumeClaim" is never read as "PersistentVolume" followed by "Claim".
// - On the glossary page itself, each term's list item gets `id="<anchor>"`, the target of those links.
//
// Every term gets aliases automatically (the plural of the last word, the name without its
// parenthesis and the parenthesis alone, e.g. "PersistentVolumeClaim (PVC)" → PersistentVolumeClaim,
// PersistentVolumeClaims, PVC, PVCs); EXTRA_ALIASES below adds the ones that cannot be derived.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * @typedef {{ text: string, caseSensitive?: boolean }} Alias
 * @typedef {{ term: string, anchor: string, definition: string, title: string, aliases: Alias[], line: number }} GlossaryTerm
 * @typedef {{ type: string, value?: string, children?: MdNode[], data?: Record<string, any>, url?: string, title?: string | null, name?: string | null, [key: string]: unknown }} MdNode
 */

export const GLOSSARY_URL = '/reference/glossary/';
export const TERM_CLASS = 'glossary-term';

/**
 * Aliases that cannot be derived from the term's own words. A string is matched case-insensitively;
 * `{ text, caseSensitive: true }` only as written (for words that are also ordinary English, such as
 * "Secret"). `main: 'case-sensitive'` matches the term's own name (and plural) only as written too
 * ("Terminating", the pod status, not "terminating").
 * @type {Record<string, { aliases?: (string | Alias)[], main?: 'case-sensitive' }>}
 */
export const EXTRA_ALIASES = {
  'ConfigMap and Secret': { aliases: ['ConfigMap', 'ConfigMaps', { text: 'Secret', caseSensitive: true }, { text: 'Secrets', caseSensitive: true }] },
  'Leader and follower': { aliases: ['leader', 'leaders', 'follower', 'followers'] },
  'Primary and replica': { aliases: ['primary/replica'] },
  'Taint and toleration': { aliases: ['taint', 'taints', 'toleration', 'tolerations'] },
  'Cordon and drain': { aliases: ['cordon', 'cordons', 'drain', 'drains'] },
  'Layer 4 and layer 7 load balancing': { aliases: ['layer 4', 'layer 7'] },
  'HTTP/2 and gRPC': { aliases: ['HTTP/2', 'gRPC'] },
  'Local PersistentVolume': { aliases: ['local volume', 'local volumes'] },
  'Sidecar proxy': { aliases: ['sidecar', 'sidecars'] },
  'Split brain': { aliases: ['split-brain'] },
  'Sharding': { aliases: ['sharded'] },
  'Event sourcing': { aliases: ['event-sourced'] },
  'Multi-Attach error': { aliases: ['Multi-Attach'] },
  'Terminating': { main: 'case-sensitive' },
};

/**
 * The anchor of a term on the glossary page: its name without the parenthesis, lower-case, dashed.
 * @param {string} term
 */
export function glossaryAnchor(term) {
  return stripParenthesis(term)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The plain text of an inline markdown definition: no backticks, no emphasis markers.
 * @param {string} markdown
 */
function plainText(markdown) {
  return markdown
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*([^*]+)\*/g, '$1$2')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();
}

/**
 * The first sentence of a plain-text definition.
 * @param {string} text
 */
export function firstSentence(text) {
  const m = /^.*?[.!?](?=\s|$)/s.exec(text);
  return (m ? m[0] : text).trim();
}

/** @param {string} term */
function stripParenthesis(term) {
  return term.replace(/\s*\([^)]*\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * "session" → "sessions", "policy" → "policies", "class" → "classes".
 * @param {string} phrase
 */
export function pluralize(phrase) {
  if (/(s|x|z|ch|sh)$/i.test(phrase)) return `${phrase}es`;
  if (/[^aeiou]y$/i.test(phrase)) return `${phrase.slice(0, -1)}ies`;
  if (/[^A-Za-z]$/.test(phrase) || /ing$/i.test(phrase)) return phrase;
  return `${phrase}s`;
}

/**
 * Every way a term can appear in prose.
 * @param {string} term
 * @returns {Alias[]}
 */
export function termAliases(term) {
  /** @type {Alias[]} */
  const out = [];
  const extra = EXTRA_ALIASES[term];
  const mainCaseSensitive = extra?.main === 'case-sensitive';
  const add = (/** @type {string | Alias} */ a, caseSensitive = false) => {
    const alias = typeof a === 'string' ? { text: a, caseSensitive } : a;
    const text = alias.text.trim();
    if (!text) return;
    if (out.some((o) => o.text.toLowerCase() === text.toLowerCase() && !!o.caseSensitive === !!alias.caseSensitive)) return;
    out.push(alias.caseSensitive ? { text, caseSensitive: true } : { text });
  };
  const base = stripParenthesis(term);
  add(term, mainCaseSensitive);
  add(base, mainCaseSensitive);
  // No plural for "X and Y" or for field names such as publishNotReadyAddresses.
  if (!/ and /i.test(base) && !/^[a-z]+[A-Z]/.test(base)) add(pluralize(base), mainCaseSensitive);
  const paren = /\(([^)]*)\)/.exec(term);
  if (paren) {
    const inner = paren[1].replace(/["“”]/g, '').trim();
    if (paren.index + paren[0].length < term.trimEnd().length) {
      // A word in the middle: "Cluster (topology) state" also reads "cluster topology state".
      add(term.replace(paren[0], ` ${inner} `).replace(/\s+/g, ' '));
    } else {
      // A second name at the end: "PersistentVolumeClaim (PVC)", "Lock file (data directory lock)".
      add(inner);
      if (/^[A-Z]{2,5}$/.test(inner)) add(`${inner}s`);
      else if (!/\s/.test(inner)) add(pluralize(inner));
    }
  }
  for (const a of extra?.aliases ?? []) add(a);
  return out;
}

/**
 * Reads the glossary's `- **Term**: definition` lines.
 * @param {string} markdown the text of content/reference/glossary.md
 * @returns {GlossaryTerm[]}
 */
export function parseGlossary(markdown) {
  /** @type {GlossaryTerm[]} */
  const terms = [];
  const lines = markdown.split(/\r?\n/);
  lines.forEach((line, i) => {
    const m = /^\s*[-*]\s+\*\*(.+?)\*\*\s*:\s*(.+)$/.exec(line);
    if (!m) return;
    const term = m[1].trim();
    const definition = plainText(m[2]);
    terms.push({ term, anchor: glossaryAnchor(term), definition, title: firstSentence(definition), aliases: termAliases(term), line: i + 1 });
  });
  return terms;
}

const WORD = String.raw`[\p{L}\p{N}_]`;
// A term starts and ends at a word boundary; a hyphen or a dot between letters joins words
// ("pod-0", "Node.js"), so "Pod" in "pod-level" or "Node" in "Node.js" is not a match.
const BEFORE = String.raw`(?<!${WORD}|${WORD}[-.]|[-/.@])`;
const AFTER = String.raw`(?!${WORD}|[-.@/]${WORD})`;

/** @param {string} s */
function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A matcher over all aliases of all terms: `find(text, from)` returns the leftmost match at or after
 * `from`, the longest one at that position.
 * @param {GlossaryTerm[]} terms
 */
export function createMatcher(terms) {
  /** @type {Map<string, GlossaryTerm>} lower-cased (or exact, for case-sensitive aliases) alias → term */
  const insensitive = new Map();
  const sensitive = new Map();
  for (const t of terms) {
    for (const a of t.aliases) {
      if (a.caseSensitive) {
        if (!sensitive.has(a.text)) sensitive.set(a.text, t);
      } else if (!insensitive.has(a.text.toLowerCase())) insensitive.set(a.text.toLowerCase(), t);
    }
  }
  const build = (/** @type {string[]} */ keys, /** @type {string} */ flags) => {
    if (keys.length === 0) return null;
    const alternatives = [...keys].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRegExp);
    return new RegExp(`${BEFORE}(?:${alternatives.join('|')})${AFTER}`, flags);
  };
  const reInsensitive = build([...insensitive.keys()], 'giu');
  const reSensitive = build([...sensitive.keys()], 'gu');
  /**
   * @param {string} text
   * @param {number} from
   * @returns {{ index: number, text: string, term: GlossaryTerm } | null}
   */
  function find(text, from) {
    /** @type {{ index: number, text: string, term: GlossaryTerm } | null} */
    let best = null;
    for (const [re, map, lower] of /** @type {const} */ ([[reInsensitive, insensitive, true], [reSensitive, sensitive, false]])) {
      if (!re) continue;
      re.lastIndex = from;
      const m = re.exec(text);
      if (!m) continue;
      const term = map.get(lower ? m[0].toLowerCase() : m[0]);
      if (!term) continue;
      if (!best || m.index < best.index || (m.index === best.index && m[0].length > best.text.length)) best = { index: m.index, text: m[0], term };
    }
    return best;
  }
  return { find };
}

/** Node types whose text is never linked (nor descended into). */
const SKIP = new Set([
  'heading', 'code', 'inlineCode', 'link', 'linkReference', 'definition', 'footnoteDefinition', 'html',
  'image', 'imageReference', 'yaml', 'toml', 'math', 'inlineMath',
  'mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression',
]);

/**
 * Links the first occurrence of each glossary term in the prose of `tree` (mutates it).
 * @param {MdNode} tree an mdast root
 * @param {GlossaryTerm[]} terms
 * @param {{ url?: string, className?: string }} [options]
 * @returns {GlossaryTerm[]} the terms linked, in document order
 */
export function linkGlossaryTerms(tree, terms, options = {}) {
  const url = options.url ?? GLOSSARY_URL;
  const className = options.className ?? TERM_CLASS;
  const matcher = createMatcher(terms);
  /** @type {Set<GlossaryTerm>} */
  const used = new Set();
  /** @type {GlossaryTerm[]} */
  const linked = [];

  /** @param {string} value @returns {MdNode[] | null} */
  function splitText(value) {
    /** @type {MdNode[]} */
    const parts = [];
    let from = 0;
    let last = 0;
    for (;;) {
      const m = matcher.find(value, from);
      if (!m) break;
      from = m.index + m.text.length;
      if (used.has(m.term)) continue;
      used.add(m.term);
      linked.push(m.term);
      if (m.index > last) parts.push({ type: 'text', value: value.slice(last, m.index) });
      parts.push({
        type: 'link',
        url: `${url}#${m.term.anchor}`,
        title: m.term.title,
        data: { hProperties: { className: [className] } },
        children: [{ type: 'text', value: m.text }],
      });
      last = from;
    }
    if (parts.length === 0) return null;
    if (last < value.length) parts.push({ type: 'text', value: value.slice(last) });
    return parts;
  }

  /** @param {MdNode} node */
  function walk(node) {
    if (!node.children) return;
    for (let i = 0; i < node.children.length; i++) {
      const child = node.children[i];
      if (SKIP.has(child.type)) continue;
      // A table's first row is its column headings.
      if (node.type === 'table' && i === 0) continue;
      // JSX: descend into the children of components (<Callout>, <SelfCheck>…), which are prose, but
      // not into HTML/SVG elements written in JSX; attributes (props) are never text nodes.
      if ((child.type === 'mdxJsxFlowElement' || child.type === 'mdxJsxTextElement') && !/^[A-Z]/.test(child.name ?? '')) continue;
      if (child.type === 'text' && typeof child.value === 'string') {
        const parts = splitText(child.value);
        if (parts) {
          node.children.splice(i, 1, ...parts);
          i += parts.length - 1;
        }
        continue;
      }
      walk(child);
    }
  }
  walk(tree);
  return linked;
}

/**
 * The plain text of an mdast node.
 * @param {MdNode} node
 * @returns {string}
 */
function toText(node) {
  if (typeof node.value === 'string') return node.value;
  return (node.children ?? []).map(toText).join('');
}

/**
 * On the glossary page: gives each `- **Term**: …` list item the id its links point to (mutates).
 * @param {MdNode} tree
 * @param {GlossaryTerm[]} terms
 * @returns {string[]} the anchors set
 */
export function anchorGlossaryTerms(tree, terms) {
  // By anchor rather than by exact text: typographic quotes ("let it crash" → “let it crash”) and
  // spacing may differ once remark has run its other plugins.
  const byAnchor = new Map(terms.map((t) => [t.anchor, t]));
  /** @type {string[]} */
  const anchors = [];
  /** @param {MdNode} node */
  function walk(node) {
    for (const child of node.children ?? []) {
      if (child.type === 'listItem') {
        const para = child.children?.[0];
        const strong = para?.type === 'paragraph' ? para.children?.[0] : undefined;
        const term = strong?.type === 'strong' ? byAnchor.get(glossaryAnchor(toText(strong))) : undefined;
        if (term) {
          child.data = { ...child.data, hProperties: { ...child.data?.hProperties, id: term.anchor } };
          anchors.push(term.anchor);
        }
      }
      walk(child);
    }
  }
  walk(tree);
  return anchors;
}

/** @type {Map<string, { mtimeMs: number, terms: GlossaryTerm[] }>} */
const cache = new Map();

/**
 * Reads and parses the glossary file, again only when it has changed.
 * @param {string} file
 */
export function loadGlossary(file) {
  const mtimeMs = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.terms;
  const terms = parseGlossary(readFileSync(file, 'utf8'));
  cache.set(file, { mtimeMs, terms });
  return terms;
}

/** @param {string} path */
const normal = (path) => path.split('\\').join('/');

/**
 * The remark plugin.
 * @param {{ glossaryFile?: string, url?: string, className?: string }} [options]
 */
export default function remarkGlossary(options = {}) {
  const glossaryFile = options.glossaryFile ?? resolve(process.cwd(), 'content/reference/glossary.md');
  const glossaryPath = normal(glossaryFile);
  /**
   * @param {any} tree an mdast Root (typed loosely so that Astro's RemarkPlugin type accepts the plugin)
   * @param {{ path?: string, history?: string[] }} file a VFile
   */
  return function transformer(tree, file) {
    const path = normal(file.path ?? file.history?.[0] ?? '');
    if (!path) return;
    if (path === glossaryPath || path.endsWith('/content/reference/glossary.md')) {
      anchorGlossaryTerms(tree, loadGlossary(glossaryFile));
    } else if (/\/content\/lessons\/[^/]+\.mdx?$/.test(path)) {
      linkGlossaryTerms(tree, loadGlossary(glossaryFile), options);
    }
  };
}
