// An archival package's progress, updated in place while the job builds it: the page is fetched again and what
// its progress region holds replaces what this one shows. Without script the page reloads itself (a refresh in
// <noscript>), so this only saves the reloads. Only the status line is a live region: it is read out when it changes.
const EVERY_MS = 1500;

async function refresh(region) {
  const res = await fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
  if (!res.ok) return res.status >= 500; // a 4xx (signed out, gone) stops polling; a reload says why
  const fresh = new window.DOMParser()
    .parseFromString(await res.text(), 'text/html')
    .querySelector('[data-package-progress]');
  if (!fresh) return false;
  const status = region.querySelector('[data-progress-status]');
  const freshStatus = fresh.querySelector('[data-progress-status]');
  if (status && freshStatus && status.textContent !== freshStatus.textContent) status.replaceChildren(...freshStatus.childNodes);
  const bar = region.querySelector('progress');
  const freshBar = fresh.querySelector('progress');
  if (bar && freshBar) {
    bar.max = freshBar.max;
    if (freshBar.hasAttribute('value')) bar.value = freshBar.value;
  } else if (bar) bar.remove();
  const detail = region.querySelector('[data-progress-detail]');
  const freshDetail = fresh.querySelector('[data-progress-detail]');
  if (detail && freshDetail && detail.innerHTML !== freshDetail.innerHTML) detail.replaceWith(document.adoptNode(freshDetail));
  region.dataset.status = fresh.dataset.status;
  return fresh.dataset.status !== 'ready';
}

export function enhancePackageProgress() {
  const region = document.querySelector('[data-package-progress]');
  if (!region || region.dataset.status === 'ready') return;
  const tick = async () => {
    const again = await refresh(region).catch(() => true); // a network blip: try again later
    if (again) window.setTimeout(tick, EVERY_MS);
  };
  window.setTimeout(tick, EVERY_MS);
}
