import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown } from '../../../src/components/exercise/markdown';

describe('renderMarkdown', () => {
  it('renders paragraphs, inline code, bold, italic and safe links', () => {
    expect(renderMarkdown('The set `web` has **three** pods, *not* two.\nSee [docs](https://kubernetes.io/x).')).toBe(
      '<p>The set <code>web</code> has <strong>three</strong> pods, <em>not</em> two. See <a href="https://kubernetes.io/x">docs</a>.</p>',
    );
  });
  it('escapes HTML everywhere, including inside code and links', () => {
    expect(renderMarkdown('<script>alert(1)</script> `<b>` [x](javascript:alert(1))')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; <code>&lt;b&gt;</code> [x](javascript:alert(1))</p>',
    );
  });
  it('keeps code spans literal', () => {
    expect(renderInline('`**not bold**` and `<pod>.nginx`')).toBe('<code>**not bold**</code> and <code>&lt;pod&gt;.nginx</code>');
  });
  it('renders lists and fenced code blocks', () => {
    const md = 'Do this:\n\n- first\n  continued\n- second\n\n1. one\n2. two\n\n```yaml\nkind: Service\n  a: <b>\n```\nAfter.';
    expect(renderMarkdown(md)).toBe(
      [
        '<p>Do this:</p>',
        '<ul><li>first continued</li><li>second</li></ul>',
        '<ol><li>one</li><li>two</li></ol>',
        '<pre><code class="language-yaml">kind: Service\n  a: &lt;b&gt;</code></pre>',
        '<p>After.</p>',
      ].join('\n'),
    );
  });
  it('an unclosed fence ends at the end of the text', () => {
    expect(renderMarkdown('```\nx')).toBe('<pre><code>x</code></pre>');
  });
});
