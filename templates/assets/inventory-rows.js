// "Add another row" for groups and the data inventory, without a round trip. Without script the page always
// offers one blank row and a new one after each save; with it, each click adds a blank row from the <template>
// the server rendered, numbered after the last, and moves focus to its first field.

export function enhanceRows() {
  // Question ids are [a-z0-9_], safe inside an attribute selector as they are.
  for (const button of document.querySelectorAll('button[data-add-row]')) {
    const id = button.dataset.addRow;
    const rows = document.querySelector(`[data-rows="${id}"]`);
    const template = document.querySelector(`template[data-row-template="${id}"]`);
    if (!rows || !template) continue;
    // The rows shown already use numbers up to the blank row's.
    let next = rows.querySelectorAll('[data-row]').length;
    button.hidden = false;
    button.addEventListener('click', () => {
      const html = template.innerHTML.replaceAll('__i__', String(next)).replaceAll('__n__', String(next + 1));
      next += 1;
      const holder = document.createElement('div');
      holder.innerHTML = html;
      const row = holder.firstElementChild;
      rows.append(row);
      row.querySelector('input, select, textarea')?.focus();
    });
  }
}
