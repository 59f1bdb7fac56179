// Shows or hides conditional questions (and the sections that depend on them), and the "(optional)" mark of a
// question required only under a condition, as the person answers, without a round trip. The server stays the
// authority: it renders each condition in a data- attribute, decides again on every save, and drops answers to
// questions that end up hidden. A condition this module cannot judge here (the data inventory's contents) leaves
// the element as the server rendered it.

/** One question's value as the form holds it now, in the shape the service stores; undefined when unanswered. */
function valueOf(form, wrapper) {
  const name = wrapper.dataset.question;
  const type = wrapper.dataset.questionType;
  const fields = [...form.elements].filter((el) => el.name === name);
  if (type === 'multiple_choice') {
    const values = fields.filter((el) => el.checked).map((el) => el.value);
    return values.length ? values : undefined;
  }
  if (type === 'yes_no' || type === 'single_choice') {
    const chosen = fields.find((el) => el.checked);
    if (!chosen) return undefined;
    if (type === 'single_choice') return chosen.value;
    return chosen.value === 'yes';
  }
  const text = fields[0]?.value ?? '';
  if (text.trim() === '') return undefined;
  if (type === 'number') return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
  return text;
}

/** true, false, or null when it cannot be told here (as conditions.ts, with three values). */
function holds(condition, answers) {
  if ('all' in condition) {
    const parts = condition.all.map((c) => holds(c, answers));
    return parts.includes(false) ? false : parts.includes(null) ? null : true;
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => holds(c, answers));
    return parts.includes(true) ? true : parts.includes(null) ? null : false;
  }
  if ('not' in condition) {
    const inner = holds(condition.not, answers);
    return inner === null ? null : !inner;
  }
  if ('inventoryHas' in condition) return null;
  const answer = answers[condition.question];
  if ('answered' in condition) return (answer !== undefined) === condition.answered;
  if ('equals' in condition) return answer === condition.equals;
  if ('in' in condition) return condition.in.includes(answer);
  if ('includes' in condition) return Array.isArray(answer) && answer.includes(condition.includes);
  if ('includesAny' in condition) return Array.isArray(answer) && condition.includesAny.some((v) => answer.includes(v));
  if ('gte' in condition) return typeof answer === 'number' && answer >= condition.gte;
  if ('lte' in condition) return typeof answer === 'number' && answer <= condition.lte;
  return null;
}

function update(form, saved) {
  const answers = { ...saved };
  // In page order, as the server evaluates: a hidden question's answer does not count.
  for (const wrapper of form.querySelectorAll('[data-question]')) {
    const condition = wrapper.dataset.visibleWhen ? JSON.parse(wrapper.dataset.visibleWhen) : null;
    const shown = condition ? holds(condition, answers) : true;
    if (shown !== null) wrapper.hidden = !shown;
    if (wrapper.dataset.requiredWhen) {
      const required = holds(JSON.parse(wrapper.dataset.requiredWhen), answers);
      const mark = wrapper.querySelector('[data-optional-mark]');
      if (mark && required !== null) mark.hidden = required;
    }
    if (wrapper.hidden) delete answers[wrapper.dataset.question];
    else answers[wrapper.dataset.question] = valueOf(form, wrapper);
  }
  for (const item of document.querySelectorAll('.app-sections [data-visible-when]')) {
    const shown = holds(JSON.parse(item.dataset.visibleWhen), answers);
    if (shown !== null) item.hidden = !shown;
    linkWhenSaved(item);
  }
}

/**
 * A section the server does not show yet (its condition holds only in this unsaved form) cannot open: its page
 * would not be found. It says so until the page is saved (by hand, which reloads it, or by autosave).
 */
function linkWhenSaved(item) {
  const link = item.querySelector('a');
  const status = item.querySelector('.app-sections__status');
  if (!link || !status) return;
  const held = !link.hasAttribute('href');
  if (item.dataset.savedVisible === 'no' && !held) {
    link.dataset.href = link.getAttribute('href');
    link.dataset.status = status.textContent;
    link.removeAttribute('href');
    status.textContent = 'Opens once you save this page';
  } else if (item.dataset.savedVisible === 'yes' && held) {
    link.setAttribute('href', link.dataset.href);
    status.textContent = link.dataset.status;
  }
}

export function enhanceConditionalQuestions() {
  const form = document.querySelector('form[data-questionnaire]');
  if (!form) return;
  const saved = JSON.parse(form.dataset.conditionContext || '{}');
  const refresh = () => update(form, saved);
  form.addEventListener('change', refresh);
  form.addEventListener('input', refresh);
  // After an autosave the server shows what this form shows (conditions on the inventory aside).
  form.addEventListener('questionnaire:saved', () => {
    for (const item of document.querySelectorAll('.app-sections [data-saved-visible]'))
      item.dataset.savedVisible = item.hidden ? 'no' : 'yes';
    refresh();
  });
  refresh(); // a re-rendered form (after a refused save) holds answers the server has not evaluated yet
}
