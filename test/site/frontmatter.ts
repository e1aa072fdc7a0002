// Reads the YAML frontmatter block at the top of a Markdown/MDX file (what Astro's loader sees).
import { load } from 'js-yaml';

export function readFrontmatter(text: string, file: string): unknown {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) throw new Error(`${file}: no frontmatter block (--- ... ---) at the top of the file`);
  return load(match[1] as string);
}
