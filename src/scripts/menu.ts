// On narrow screens the course navigation is hidden behind the header's menu button.
export function initMenu(): void {
  const button = document.querySelector<HTMLButtonElement>('[data-menu-button]');
  const nav = document.getElementById('course-nav');
  if (!button || !nav) return;
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
