// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { monacoCssOnDemand } from './src/scripts/exercise/build/monaco-css.mjs';

// A static site: every page is an HTML file in dist/<path>/index.html, every internal link ends
// in a slash, and Pagefind indexes dist/ after the build (see the "build" script).
export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [mdx()],
  markdown: {
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  server: { host: '127.0.0.1' },
  // The exercise editor's CSS loads with the editor, not with every page that has an exercise.
  vite: { plugins: [monacoCssOnDemand()] },
});
