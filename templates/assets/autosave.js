// Autosave: a moment after the person stops typing, the section is saved through the same form post as "Save"
// (the same validation, the same version check), marked action=autosave so the server answers 204 with the new
// version as ETag instead of a page. An answer that does not pass yet is left for "Save" to explain; a save by
// someone else stops autosaving, and "Save" then shows their answers beside these.
const DELAY_MS = 1500;

export function enhanceAutosave() {
  const form = document.querySelector('form[data-questionnaire][data-autosave]');
  const status = form?.querySelector('[data-autosave-status]');
  if (!form || !status) return;
  const version = form.elements.namedItem('version');
  let timer = null;
  let inFlight = null;
  let stopped = false;

  const say = (text) => {
    status.hidden = false;
    status.textContent = text;
  };

  const save = async () => {
    timer = null;
    const body = new window.URLSearchParams(new FormData(form));
    body.set('action', 'autosave');
    try {
      // getAttribute: form.action is the buttons named "action", not the form's address.
      const res = await fetch(form.getAttribute('action'), { method: 'POST', body, credentials: 'same-origin', redirect: 'manual' });
      if (res.status === 204) {
        version.value = (res.headers.get('ETag') ?? '').replace(/\D/g, '') || version.value;
        const time = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        say(`Saved automatically at ${time}.`);
        form.dispatchEvent(new window.Event('questionnaire:saved'));
      } else if (res.status === 422) {
        say('Not saved automatically: an answer needs attention. Choose "Save" to see which.');
      } else if (res.status === 412) {
        stopped = true;
        say('Someone else saved this assessment. Choose "Save" to see their answers beside yours; nothing is lost.');
      } else {
        stopped = true;
        say('Not saved automatically. Choose "Save" to save your answers.');
      }
    } catch {
      say('Not saved automatically: the service could not be reached. Your answers are still here.');
    }
  };

  const schedule = () => {
    if (stopped) return;
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      inFlight = save().finally(() => (inFlight = null));
    }, DELAY_MS);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);

  // A save by hand waits for an autosave under way, so it is sent with the version that autosave produced.
  form.addEventListener('submit', (event) => {
    if (timer) window.clearTimeout(timer);
    timer = null;
    stopped = true;
    if (!inFlight) return;
    event.preventDefault();
    const submitter = event.submitter;
    inFlight.then(() => form.requestSubmit(submitter));
  });
}
