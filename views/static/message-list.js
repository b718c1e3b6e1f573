// Keyboard shortcuts and select-all for the message list (/messages).
// j/k next/previous, o or Enter open, x select, e done, # trash, ? help.
// Everything works without this file: links, checkboxes and the action buttons.
// Listeners sit on the document, so they keep working after htmx swaps the list.
(() => {
  let current = -1;

  const rows = () => Array.from(document.querySelectorAll("#message-list tbody tr[data-message-id]"));
  const typing = (target) => target instanceof Element && target.closest("input, select, textarea, [contenteditable], dialog[open]") !== null;

  function focusRow(index) {
    const all = rows();
    if (all.length === 0) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => {
      row.classList.toggle("current", i === current);
    });
    const link = all[current].querySelector("td.subject a");
    if (link) link.focus();
  }

  function currentRow() {
    const all = rows();
    const focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest("tr[data-message-id]") : null;
    if (focused) current = all.indexOf(focused);
    return all[current];
  }

  // e and # act on the selection, or on the current row when nothing is selected.
  function submitAction(action) {
    const form = document.getElementById("bulk-form");
    const button = form && form.querySelector(`button[data-action="${action}"]`);
    if (!button) return;
    if (!form.querySelector('input[name="id"]:checked')) {
      const row = currentRow();
      const box = row && row.querySelector('input[name="id"]');
      if (!box) return;
      box.checked = true;
    }
    // A click, not requestSubmit: htmx learns the pressed button (name=action) from the click.
    button.click();
  }

  function openHelp() {
    const dialog = document.getElementById("shortcut-help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    switch (event.key) {
      case "j":
        focusRow(current + 1);
        break;
      case "k":
        focusRow(current < 0 ? 0 : current - 1);
        break;
      case "o": {
        const row = currentRow();
        const link = row && row.querySelector("td.subject a");
        if (!link) return;
        link.click();
        break;
      }
      case "x": {
        const row = currentRow();
        const box = row && row.querySelector('input[name="id"]');
        if (!box) return;
        box.checked = !box.checked;
        break;
      }
      case "e":
        submitAction("done");
        break;
      case "#":
        submitAction("trash");
        break;
      case "?":
        openHelp();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("#shortcut-help-open")) openHelp();
  });

  document.addEventListener("change", (event) => {
    if (!(event.target instanceof HTMLInputElement) || !event.target.classList.contains("select-all")) return;
    for (const box of document.querySelectorAll('#message-list input[name="id"]')) box.checked = event.target.checked;
  });

  // After a bulk action the list is new: keep the place, so e, e, e works down the list.
  document.addEventListener("htmx:afterSwap", () => {
    if (current >= 0) focusRow(current);
  });
})();
