// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { fileURLToPath } from 'node:url';
import { monacoCssOnDemand } from './src/scripts/exercise/build/monaco-css.mjs';
import remarkGlossary from './src/content/remark-glossary.mjs';

// A static site: every page is an HTML file in dist/<path>/index.html, every internal link ends
// in a slash, and Pagefind indexes dist/ after the build (see the "build" script).
export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [mdx()],
  markdown: {
    // Links the first occurrence of each glossary term in a lesson to its entry on the glossary
    // page, and gives the glossary page's entries their ids (MDX inherits this list).
    remarkPlugins: [[remarkGlossary, { glossaryFile: fileURLToPath(new URL('./content/reference/glossary.md', import.meta.url)) }]],
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  server: { host: '127.0.0.1' },
  // The exercise editor's CSS loads with the editor, not with every page that has an exercise.
  vite: { plugins: [monacoCssOnDemand()] },
});
