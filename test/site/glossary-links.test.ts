// The glossary remark plugin (src/content/remark-glossary.mjs) on small markdown trees: each
// glossary term is linked once per lesson, in prose only, longest term first, and every link
// points at an id the glossary page really has.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import remarkGlossary, {
  anchorGlossaryTerms,
  linkGlossaryTerms,
  parseGlossary,
  type GlossaryTerm,
  type MdNode,
} from '../../src/content/remark-glossary.mjs';

const GLOSSARY_FILE = 'content/reference/glossary.md';
const glossaryText = readFileSync(GLOSSARY_FILE, 'utf8');
const terms: GlossaryTerm[] = parseGlossary(glossaryText);

// Tiny mdast builders.
const text = (value: string): MdNode => ({ type: 'text', value });
const p = (...children: (MdNode | string)[]): MdNode => ({
  type: 'paragraph',
  children: children.map((c) => (typeof c === 'string' ? text(c) : c)),
});
const root = (...children: MdNode[]): MdNode => ({ type: 'root', children });
const heading = (value: string): MdNode => ({ type: 'heading', depth: 2, children: [text(value)] });
const jsx = (name: string, attributes: { name: string; value: string }[], children: MdNode[]): MdNode => ({
  type: 'mdxJsxFlowElement',
  name,
  attributes: attributes.map((a) => ({ type: 'mdxJsxAttribute', ...a })),
  children,
});

/** Every glossary link in a tree, as "linked text → anchor". */
function links(tree: MdNode): string[] {
  const out: string[] = [];
  const walk = (n: MdNode) => {
    if (n.type === 'link' && String(n.url).startsWith('/reference/glossary/#')) {
      out.push(`${(n.children ?? []).map((c) => c.value).join('')} → ${String(n.url).split('#')[1]}`);
    }
    (n.children ?? []).forEach(walk);
  };
  walk(tree);
  return out;
}

/** The glossary page as mdast: one list item per `- **Term**: definition` line, as remark builds it. */
function glossaryTree(markdown: string): MdNode {
  const items = markdown
    .split('\n')
    .map((line) => /^- \*\*(.+?)\*\*: (.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      type: 'listItem',
      children: [p({ type: 'strong', children: [text(m[1])] }, `: ${m[2]}`)],
    }));
  return root(heading('State'), { type: 'list', children: items });
}

describe('reading the glossary', () => {
  it('finds every "- **Term**: definition" line of content/reference/glossary.md', () => {
    const lines = glossaryText.split('\n').filter((l) => /^- \*\*.+?\*\*:/.test(l));
    expect(terms.length).toBe(lines.length);
    expect(terms.length).toBeGreaterThanOrEqual(50);
    expect(terms.map((t) => t.term)).toContain('PersistentVolumeClaim (PVC)');
  });

  it('gives each term a unique anchor that no heading of the glossary page uses', () => {
    const anchors = terms.map((t) => t.anchor);
    const dupes = anchors.filter((a, i) => anchors.indexOf(a) !== i);
    expect(dupes, `two glossary terms share an anchor: ${dupes.join(', ')}`).toEqual([]);
    const headingIds = [...glossaryText.matchAll(/^#{2,6} (.+)$/gm)].map((m) =>
      m[1].toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'),
    );
    expect(anchors.filter((a) => headingIds.includes(a))).toEqual([]);
    for (const a of anchors) expect(a).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('uses the first sentence of the definition, without markdown, as the tooltip', () => {
    const pvc = terms.find((t) => t.anchor === 'persistentvolumeclaim')!;
    expect(pvc.title).toBe('A request for storage by size and access mode.');
    const ss = terms.find((t) => t.anchor === 'statefulset')!;
    expect(ss.title).not.toContain('`');
    expect(ss.title).toMatch(/^Runs pods with stable identities <name>-0 .*volumeClaimTemplates\.$/);
    for (const t of terms) expect(t.title, `tooltip of ${t.term}`).toMatch(/\S.*[.!?…)]$/);
  });

  it('derives plurals and short names, and keeps ordinary English words case-sensitive', () => {
    const aliases = (anchor: string) => terms.find((t) => t.anchor === anchor)!.aliases.map((a) => a.text);
    expect(aliases('persistentvolumeclaim')).toEqual(expect.arrayContaining(['PersistentVolumeClaim', 'PersistentVolumeClaims', 'PVC', 'PVCs']));
    expect(aliases('statefulset')).toContain('StatefulSets');
    expect(aliases('pod-management-policy')).toContain('Pod management policies');
    expect(aliases('cluster-state')).toEqual(expect.arrayContaining(['Cluster state', 'Cluster topology state']));
    expect(aliases('cluster-state')).not.toContain('topology');
    const secret = terms.find((t) => t.anchor === 'configmap-and-secret')!.aliases.find((a) => a.text === 'Secret');
    expect(secret?.caseSensitive).toBe(true);
  });
});

describe('linking terms in a lesson', () => {
  it('links only the first occurrence of a term, plural or not, with the definition as title and the term class', () => {
    const tree = root(p('A Pod is replaced, not repaired. Two pods are still pods.'), p('Every Pod has a name.'));
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual(['Pod → pod']);
    const link = tree.children![0].children![1];
    expect(link).toMatchObject({
      type: 'link',
      url: '/reference/glossary/#pod',
      title: terms.find((t) => t.anchor === 'pod')!.title,
      data: { hProperties: { className: ['glossary-term'] } },
    });
    // The text around the link is kept exactly.
    expect(tree.children![0].children!.map((c) => c.value ?? `[${c.children![0].value}]`).join('')).toBe(
      'A [Pod] is replaced, not repaired. Two pods are still pods.',
    );
  });

  it('matches case-insensitively, and a plural counts as the term', () => {
    const tree = root(p('Two statefulsets and a DEPLOYMENT.'), p('One StatefulSet.'));
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual(['statefulsets → statefulset', 'DEPLOYMENT → deployment']);
  });

  it('matches whole words only', () => {
    const tree = root(p('The podcast about pod-0 and db-0.pods in Node.js is long.'));
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual([]);
  });

  it('prefers the longest term at a position: a PersistentVolumeClaim is not a PersistentVolume', () => {
    const tree = root(
      p('Each PersistentVolumeClaim binds to a local PersistentVolume.'),
      p('A second PersistentVolumeClaim, then a PersistentVolume.'),
    );
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual([
      'PersistentVolumeClaim → persistentvolumeclaim',
      'local PersistentVolume → local-persistentvolume',
      'PersistentVolume → persistentvolume',
    ]);
  });

  it('prefers the longest of several terms starting at the same word', () => {
    const tree = root(p('Pick a deployment type, a pod management policy and watch the node lifecycle controller.'), p('Then a Deployment, a pod, a node.'));
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual([
      'deployment type → deployment-type',
      'pod management policy → pod-management-policy',
      'node lifecycle controller → node-lifecycle-controller',
      'Deployment → deployment',
      'pod → pod',
      'node → node',
    ]);
  });

  it('does not read a longer, already linked term as a shorter one', () => {
    const tree = root(p('A PersistentVolumeClaim.'), p('Another PersistentVolumeClaim.'));
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual(['PersistentVolumeClaim → persistentvolumeclaim']);
  });

  it('skips headings, code, inline code and existing links, and links the next prose occurrence instead', () => {
    const tree = root(
      heading('Pods and quorum'),
      p({ type: 'inlineCode', value: 'StatefulSet' }, ' and ', { type: 'link', url: '/x/', children: [text('a Deployment')] }),
      { type: 'code', lang: 'yaml', value: 'kind: StatefulSet # a pod' },
      p('Then a pod, a StatefulSet, a Deployment and a quorum.'),
    );
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual(['pod → pod', 'StatefulSet → statefulset', 'Deployment → deployment', 'quorum → quorum']);
    expect(tree.children![0]).toEqual(heading('Pods and quorum'));
    expect(tree.children![1].children![2].children).toEqual([text('a Deployment')]);
  });

  it('skips the header row of a table but links its cells', () => {
    const row = (...cells: string[]): MdNode => ({ type: 'tableRow', children: cells.map((c) => ({ type: 'tableCell', children: [text(c)] })) });
    const tree = root({ type: 'table', children: [row('Pod', 'Node'), row('a pod', 'a node')] });
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual(['pod → pod', 'node → node']);
    expect(tree.children![0].children![0]).toEqual(row('Pod', 'Node'));
  });

  it('leaves MDX component props and HTML/SVG elements alone, but links prose inside components', () => {
    const tree = root(
      jsx('SelfCheck', [{ name: 'question', value: 'Which pod goes first?' }], [p('The StatefulSet decides.')]),
      jsx('Figure', [{ name: 'caption', value: 'A Deployment' }], [
        jsx('svg', [], [{ type: 'mdxJsxTextElement', name: 'text', attributes: [], children: [text('Deployment')] }]),
      ]),
      p('A Deployment differs from a pod.'),
    );
    const before = JSON.stringify(tree.children![1]);
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual(['StatefulSet → statefulset', 'Deployment → deployment', 'pod → pod']);
    expect(tree.children![0].attributes).toEqual([{ type: 'mdxJsxAttribute', name: 'question', value: 'Which pod goes first?' }]);
    expect(JSON.stringify(tree.children![1])).toBe(before);
  });

  it('matches ordinary English words only as the glossary writes them', () => {
    const tree = root(p('A secret handshake, and terminating a pod.'), p('A Secret, a pod stuck Terminating.'));
    linkGlossaryTerms(tree, terms);
    expect(links(tree)).toEqual(['pod → pod', 'Secret → configmap-and-secret', 'Terminating → terminating']);
  });
});

describe('the glossary page and the plugin entry point', () => {
  it('gives every glossary list item the id that lesson links point to', () => {
    const page = glossaryTree(glossaryText);
    const anchors = anchorGlossaryTerms(page, terms);
    expect(anchors.sort()).toEqual(terms.map((t) => t.anchor).sort());
    const first = page.children![1].children![0];
    expect(first.data?.hProperties?.id).toBe(terms[0].anchor);
    // Every link a lesson can get lands on an id of the page.
    const lesson = root(p(terms.map((t) => t.aliases[0].text).join(', ') + '.'));
    linkGlossaryTerms(lesson, terms);
    const targets = links(lesson).map((l) => l.split(' → ')[1]);
    expect(targets.length).toBe(terms.length);
    for (const target of targets) expect(anchors).toContain(target);
  });

  it('finds a term on the glossary page even after smart quotes replaced its straight quotes', () => {
    const page = glossaryTree(glossaryText.replace('**Supervision ("let it crash")**', '**Supervision (“let it crash”)**'));
    expect(anchorGlossaryTerms(page, terms)).toContain('supervision');
  });

  it('links lessons, anchors the glossary page, and leaves other pages untouched', () => {
    const transform = remarkGlossary({ glossaryFile: GLOSSARY_FILE }) as (tree: MdNode, file: { path?: string }) => void;
    const lesson = root(p('A StatefulSet.'));
    transform(lesson, { path: '/repo/content/lessons/10-stable-identity.mdx' });
    expect(links(lesson)).toEqual(['StatefulSet → statefulset']);

    const other = root(p('A StatefulSet.'));
    transform(other, { path: '/repo/content/reference/exercise-format.md' });
    expect(links(other)).toEqual([]);

    const page = glossaryTree(glossaryText);
    transform(page, { path: `${process.cwd()}/${GLOSSARY_FILE}` });
    expect(links(page)).toEqual([]);
    expect(page.children![1].children!.every((li) => typeof li.data?.hProperties?.id === 'string')).toBe(true);
  });
});
