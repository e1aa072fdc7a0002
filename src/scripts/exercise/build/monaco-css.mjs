// A Vite plugin for the build: Monaco's JavaScript imports its own CSS files, and Astro links every
// CSS file reachable from a page's scripts (dynamic imports included) into that page's <head>, so
// ~125 KB of editor CSS would load on every page that merely contains an exercise, editor or not.
// This plugin turns each of Monaco's CSS imports into a module that injects the (Vite-processed,
// url()-rewritten) CSS as a <style> element when the editor code actually runs.
const PREFIX = '\0monaco-css:';

export function monacoCssOnDemand() {
  return {
    name: 'course:monaco-css-on-demand',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !source.endsWith('.css') || !/[\\/]monaco-editor[\\/]esm[\\/]/.test(importer)) return null;
      if (options?.ssr) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      // The id must not end in .css, or Vite would treat the wrapper itself as a stylesheet.
      return resolved ? `${PREFIX}${resolved.id}.js` : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -'.js'.length);
      return [
        `import css from ${JSON.stringify(file + '?inline')};`,
        `if (typeof document !== 'undefined') {`,
        `  const style = document.createElement('style');`,
        `  style.dataset.monaco = '';`,
        `  style.textContent = css;`,
        `  document.head.append(style);`,
        `}`,
      ].join('\n');
    },
  };
}
