/**
 * The sidebar scrolls on its own: bring the current page's entry into it (a third from the top)
 * when it would be out of sight, e.g. the last lessons of a long course. Only the sidebar scrolls.
 */
function revealCurrent(nav: HTMLElement): void {
  const current = nav.querySelector<HTMLElement>('[aria-current="page"]');
  if (!current || nav.scrollHeight <= nav.clientHeight) return;
  const box = nav.getBoundingClientRect();
  const entry = current.getBoundingClientRect();
  if (entry.top >= box.top && entry.bottom <= box.bottom) return;
  nav.scrollTop += entry.top - box.top - nav.clientHeight / 3;
}

// On narrow screens the course navigation is hidden behind the header's menu button.
export function initMenu(): void {
  const button = document.querySelector<HTMLButtonElement>('[data-menu-button]');
  const nav = document.getElementById('course-nav');
  if (!nav) return;
  revealCurrent(nav);
  if (!button) return;
  const label = button.querySelector('.menu-label');

  const setOpen = (open: boolean, returnFocus = false): void => {
    nav.classList.toggle('is-open', open);
    button.setAttribute('aria-expanded', String(open));
    if (label) label.textContent = (open ? button.dataset.labelClose : button.dataset.labelOpen) ?? '';
    if (open) nav.querySelector<HTMLElement>('[aria-current="page"], a')?.focus();
    else if (returnFocus) button.focus();
  };

  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
  nav.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && nav.classList.contains('is-open')) setOpen(false, true);
  });
  nav.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a')) setOpen(false);
  });
  // Widening the window past the breakpoint shows the sidebar anyway; reset the button.
  matchMedia('(min-width: 50.01rem)').addEventListener('change', (event) => {
    if (event.matches) setOpen(false);
  });
}
