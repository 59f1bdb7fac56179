// A link to a question (from the error summary, or from "what is missing" on the submit page) moves focus to its
// field, so the next key typed goes there; browsers only scroll to it. The label stays in view above the field.
const FIELDS = 'input:not([type="hidden"]), select, textarea, fieldset[tabindex]';

/** The id a hash names; a malformed escape (a hand-typed link) names none rather than stopping the page's script. */
function hashId() {
  try {
    return decodeURIComponent(window.location.hash.slice(1));
  } catch {
    return '';
  }
}

function focusTarget() {
  const id = hashId();
  const target = id ? document.getElementById(id) : null;
  if (!target || !target.matches(FIELDS)) return;
  target.focus({ preventScroll: true });
  const group = target.closest('.usa-form-group, .usa-fieldset') ?? target;
  group.scrollIntoView({ block: 'start' });
}

export function enhanceFieldLinks() {
  // A same-page link to the current hash fires no hashchange: handle the summary's clicks themselves.
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href^="#"]');
    if (!link || link.getAttribute('href') !== window.location.hash) return;
    event.preventDefault();
    focusTarget();
  });
  window.addEventListener('hashchange', focusTarget);
  if (window.location.hash && !document.querySelector('[data-error-summary]')) focusTarget();
}
