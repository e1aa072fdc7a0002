// The search dialog: `/` or Ctrl+K (Cmd+K) opens it, Esc closes it, arrow keys move through the
// results and Enter follows one. Pagefind's index and script are fetched only on first use, so
// pages that are merely read load none of it.

interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
}
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: PagefindSubResult[];
}

interface ShownResult {
  title: string;
  url: string;
  excerpt: string;
}

/** Points a page hit at its best-matching section when Pagefind found one under a heading. */
export function shownResult(result: PagefindResultData): ShownResult {
  const page = result.meta.title ?? result.url;
  const section = result.sub_results?.[0];
  if (section && section.url !== result.url && section.title && section.title !== page) {
    return { title: `${page} › ${section.title}`, url: section.url, excerpt: section.excerpt };
  }
  return { title: page, url: result.url, excerpt: result.excerpt };
}
interface PagefindResult {
  data(): Promise<PagefindResultData>;
}
interface Pagefind {
  init?(): Promise<void>;
  debouncedSearch(query: string, options?: object, wait?: number): Promise<{ results: PagefindResult[] } | null>;
}

const MAX_RESULTS = 8;
// A variable, not a literal, so the bundler leaves this runtime URL alone.
const PAGEFIND_URL = '/pagefind/pagefind.js';
let pagefindPromise: Promise<Pagefind | null> | null = null;

function loadPagefind(): Promise<Pagefind | null> {
  pagefindPromise ??= import(/* @vite-ignore */ PAGEFIND_URL)
    .then(async (module: Pagefind) => {
      await module.init?.();
      return module;
    })
    .catch(() => null);
  return pagefindPromise;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('.monaco-editor');
}

export function initSearch(): void {
  const dialog = document.getElementById('search-dialog') as HTMLDialogElement | null;
  const input = document.getElementById('search-input') as HTMLInputElement | null;
  const list = document.getElementById('search-results');
  const status = dialog?.querySelector<HTMLElement>('.search-status');
  if (!dialog || !input || !list || !status) return;
  const text = dialog.dataset;
  let active = -1;
  let generation = 0;

  const options = (): HTMLElement[] => Array.from(list.querySelectorAll<HTMLElement>('[role="option"]'));

  const setActive = (index: number): void => {
    const items = options();
    active = items.length === 0 ? -1 : (index + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === active)));
    const chosen = items[active];
    if (chosen) {
      input.setAttribute('aria-activedescendant', chosen.id);
      chosen.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const render = (results: ShownResult[], query: string): void => {
    list.replaceChildren();
    list.dataset.query = query; // which query the list shows (tests wait on it)
    results.forEach((result, i) => {
      const li = document.createElement('li');
      li.id = `search-result-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      const a = document.createElement('a');
      a.href = result.url;
      a.tabIndex = -1;
      const title = document.createElement('span');
      title.className = 'result-title';
      title.textContent = result.title;
      const excerpt = document.createElement('span');
      excerpt.className = 'result-excerpt';
      // Pagefind escapes the page text and only adds <mark> around the matched words.
      excerpt.innerHTML = result.excerpt;
      a.append(title, excerpt);
      li.append(a);
      list.append(li);
    });
    input.setAttribute('aria-expanded', String(results.length > 0));
    if (results.length === 0) status.textContent = (text.noResults ?? '').replace('%s', query);
    else status.textContent = results.length === 1 ? (text.resultsOne ?? '') : (text.resultsMany ?? '').replace('%n', String(results.length));
    setActive(results.length > 0 ? 0 : -1);
  };

  const runSearch = async (): Promise<void> => {
    const query = input.value.trim();
    const mine = ++generation;
    if (!query) {
      list.replaceChildren();
      delete list.dataset.query;
      status.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      return;
    }
    status.textContent = text.loading ?? '';
    const pagefind = await loadPagefind();
    if (!pagefind) {
      status.textContent = text.unavailable ?? '';
      return;
    }
    const search = await pagefind.debouncedSearch(query, {}, 150);
    if (search === null || mine !== generation) return; // superseded by a newer keystroke
    const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (mine === generation) render(data.map(shownResult), query);
  };

  const open = (): void => {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    input.select();
    void loadPagefind();
  };

  document.querySelectorAll('[data-search-open]').forEach((button) => button.addEventListener('click', open));
  dialog.querySelector('[data-search-close]')?.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  input.addEventListener('input', () => void runSearch());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive(active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(active - 1);
    } else if (event.key === 'Escape') {
      // A search field's first Escape would only clear the text; close the dialog straight away.
      event.preventDefault();
      dialog.close();
    } else if (event.key === 'Enter') {
      const link = options()[active]?.querySelector('a');
      if (link) {
        event.preventDefault();
        link.click();
      }
    }
  });
  document.addEventListener('keydown', (event) => {
    const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target);
    if (ctrlK || slash) {
      event.preventDefault();
      open();
    }
  });
}
