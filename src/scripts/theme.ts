// The light/dark toggle. The initial theme is set before first paint by the inline script in
// BaseLayout (stored choice, else the system preference); this only handles the button.
export const THEME_KEY = 'theme';
type Theme = 'light' | 'dark';

function current(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

function apply(theme: Theme, button: HTMLElement | null): void {
  document.documentElement.dataset.theme = theme;
  if (button) {
    const label = theme === 'dark' ? button.dataset.labelLight : button.dataset.labelDark;
    if (label) button.setAttribute('aria-label', label);
  }
}

export function initThemeToggle(): void {
  const button = document.querySelector<HTMLButtonElement>('[data-theme-toggle]');
  apply(current(), button);
  button?.addEventListener('click', () => {
    const next: Theme = current() === 'dark' ? 'light' : 'dark';
    apply(next, button);
    try {
      localStorage.setItem(THEME_KEY, next);
    } catch {
      // Storage can be disabled (private mode); the toggle still works for this page.
    }
  });
  // Follow the system setting until the learner picks a theme.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (event) => {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(THEME_KEY);
    } catch {
      stored = null;
    }
    if (stored !== 'light' && stored !== 'dark') apply(event.matches ? 'dark' : 'light', button);
  });
}
