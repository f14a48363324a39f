// Koppel web front end: the contents of a long page (issue 16, point 8).
//
// The gezin and koppeling pages are long (on a phone several screens of
// sections); at their top a navigation "Op deze pagina" lists their
// sections by heading. A link moves the focus to that section's heading
// and scrolls it into view without changing the address (the hash holds
// the app's route, so the page stays what Back and a reload show). The
// list follows the page: sections that appear, disappear (hidden) or are
// renamed later are picked up by a MutationObserver.

import { el, uniqueId } from '/js/dom.js';

/** The sections of container at its top level that are shown, each with its own h2. */
function sectionsOf(container) {
  return [...container.querySelectorAll('section')]
    .filter((s) => !s.hidden && !s.parentElement.closest('section'))
    .map((s) => ({ section: s, h2: [...s.querySelectorAll('h2')].find((h) => h.closest('section') === s) }))
    .filter((x) => x.h2 && x.h2.textContent.trim());
}

/** Moves the focus to heading h2 and scrolls it into view. */
function jumpTo(h2) {
  if (!h2.hasAttribute('tabindex')) {
    h2.tabIndex = -1;
  }
  h2.closest('section')?.classList.add('pagina-sectie');
  h2.focus({ preventScroll: true });
  h2.scrollIntoView({ block: 'start' });
}

/**
 * Returns the navigation element for the sections of container; put it in
 * the page (it may be inside container: it is no section of its own). It
 * keeps itself up to date until signal aborts (the page is left).
 */
export function paginaInhoud(container, signal) {
  const list = el('ul', {});
  const titleId = uniqueId('inhoud');
  const nav = el('nav', { class: 'pagina-inhoud', 'aria-labelledby': titleId },
    el('h2', { id: titleId, class: 'pagina-inhoud__titel', text: 'Op deze pagina' }), list);
  let shown = '';

  function update() {
    const found = sectionsOf(container);
    for (const { h2 } of found) {
      if (!h2.id) {
        h2.id = uniqueId('deel');
      }
    }
    const signature = JSON.stringify(found.map(({ h2 }) => [h2.id, h2.textContent.trim()]));
    if (signature === shown) {
      return;
    }
    shown = signature;
    list.replaceChildren(...found.map(({ h2 }) => {
      const link = el('a', { href: `#${h2.id}`, text: h2.textContent.trim() });
      link.addEventListener('click', (event) => {
        event.preventDefault();
        jumpTo(h2);
      });
      return el('li', {}, link);
    }));
    nav.hidden = found.length < 2;
  }

  let pending = false;
  const observer = new MutationObserver(() => {
    if (!pending) {
      pending = true;
      queueMicrotask(() => {
        pending = false;
        update();
      });
    }
  });
  observer.observe(container, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
  signal?.addEventListener('abort', () => observer.disconnect(), { once: true });
  update();
  return nav;
}
