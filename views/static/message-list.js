// Keyboard shortcuts, select-all, bulk buttons and undo notices for the message list (/messages)
// and the message page (/messages/:id).
// List: j/k next/previous, o or Enter open, x select, e archive, d done, ! spam / not spam,
// b snooze menu, # trash, z undo, ? help. Message page: e, d, !, s (snooze menu), z, ?, and
// r reply, a reply all, f forward. Both: c writes a new message.
// Everything works without this file: links, checkboxes and the action buttons.
// Listeners sit on the document, so they keep working after htmx swaps the list.
(() => {
  let current = -1;
  /** How long an undo notice stays (its data-autoclear, in ms). */
  const clearTimers = new WeakSet();

  const rows = () => Array.from(document.querySelectorAll("#message-list tbody tr[data-message-id]"));
  const typing = (target) => target instanceof Element && target.closest("input, select, textarea, [contenteditable], dialog[open]") !== null;
  const onList = () => document.getElementById("bulk-form") !== null;

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

  // The selection's buttons are disabled while nothing is selected (a row's own buttons never are).
  function updateBulkButtons() {
    const form = document.getElementById("bulk-form");
    if (!form) return;
    const none = !form.querySelector('input[name="id"]:checked');
    for (const control of form.querySelectorAll(".bulk-actions button, .bulk-actions input, .bulk-actions select")) control.disabled = none;
    const menu = form.querySelector(".bulk-actions .snooze-menu");
    if (menu) {
      menu.classList.toggle("disabled", none);
      if (none) menu.open = false;
    }
  }

  // With nothing selected, the current row is selected first.
  function selectCurrentIfNone() {
    const form = document.getElementById("bulk-form");
    if (!form) return null;
    if (!form.querySelector('input[name="id"]:checked')) {
      const row = currentRow();
      const box = row && row.querySelector('input[name="id"]');
      if (!box) return null;
      box.checked = true;
      updateBulkButtons();
    }
    return form;
  }

  // e, d, ! and # act on the selection, or on the current row when nothing is selected.
  function submitAction(action) {
    const form = document.getElementById("bulk-form");
    if (!form?.querySelector(`button[data-action="${action}"]`)) return;
    if (!selectCurrentIfNone()) return;
    // A click, not requestSubmit: htmx learns the pressed button (name=action) from the click.
    form.querySelector(`button[data-action="${action}"]`).click();
  }

  // ! reports spam, or "not spam" when the selection (or current row) is spam already.
  function spamAction() {
    const form = selectCurrentIfNone();
    if (!form) return;
    const checked = Array.from(form.querySelectorAll('input[name="id"]:checked'));
    const allSpam = checked.length > 0 && checked.every((box) => box.closest("tr")?.hasAttribute("data-spam"));
    submitAction(allSpam && form.querySelector('button[data-action="notspam"]') ? "notspam" : "spam");
  }

  function openSnoozeMenu(scope) {
    if (scope === "list" && !selectCurrentIfNone()) return;
    const menu = document.querySelector(scope === "list" ? "#bulk-form .snooze-menu" : ".mh-actions .snooze-menu");
    if (!menu) return;
    menu.open = true;
    const first = menu.querySelector("button");
    if (first) first.focus();
  }

  // l: the tag field, the selection's tag choice on the list (the current row is selected if none is).
  function focusTagField(scope) {
    if (scope === "list" && !selectCurrentIfNone()) return false;
    const field = document.getElementById(scope === "list" ? "bulk-tag" : "tag-input");
    if (!field) return false;
    field.focus();
    return true;
  }

  // On the message page each action button names its key (data-shortcut).
  function clickShortcut(key) {
    const button = document.querySelector(`.mh-actions [data-shortcut="${CSS.escape(key)}"]`);
    if (!button) return false;
    button.click();
    return true;
  }

  function undoLast() {
    const button = document.querySelector(".undo-notice [data-undo]");
    if (button) button.click();
  }

  function openHelp() {
    const dialog = document.getElementById("shortcut-help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  // Undo notices clear themselves; without this script they stay until the next page.
  function scheduleNoticeClearing() {
    for (const notice of document.querySelectorAll("[data-autoclear]")) {
      if (clearTimers.has(notice)) continue;
      clearTimers.add(notice);
      setTimeout(() => notice.remove(), Number(notice.getAttribute("data-autoclear")) || 8000);
    }
  }

  function listKey(key) {
    switch (key) {
      case "j":
        focusRow(current + 1);
        return true;
      case "k":
        focusRow(current < 0 ? 0 : current - 1);
        return true;
      case "o": {
        const row = currentRow();
        const link = row && row.querySelector("td.subject a");
        if (!link) return false;
        link.click();
        return true;
      }
      case "x": {
        const row = currentRow();
        const box = row && row.querySelector('input[name="id"]');
        if (!box) return false;
        box.checked = !box.checked;
        updateBulkButtons();
        return true;
      }
      case "e":
        submitAction("archive");
        return true;
      case "d":
        submitAction("done");
        return true;
      case "!":
        spamAction();
        return true;
      case "b":
        openSnoozeMenu("list");
        return true;
      case "#":
        submitAction("trash");
        return true;
      case "l":
        return focusTagField("list");
      default:
        return false;
    }
  }

  function messageKey(key) {
    if (key === "s") {
      openSnoozeMenu("message");
      return true;
    }
    if (key === "l") return focusTagField("message");
    return ["e", "d", "!", "r", "a", "f"].includes(key) && clickShortcut(key);
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    let handled;
    if (event.key === "?") {
      openHelp();
      handled = true;
    } else if (event.key === "z") {
      undoLast();
      handled = true;
    } else if (event.key === "c") {
      // c: a new message, from the list and from a message.
      window.location.assign("/compose");
      handled = true;
    } else handled = onList() ? listKey(event.key) : messageKey(event.key);
    if (handled) event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("#shortcut-help-open")) openHelp();
  });

  document.addEventListener("change", (event) => {
    if (!(event.target instanceof HTMLInputElement)) return;
    if (event.target.classList.contains("select-all")) {
      for (const box of document.querySelectorAll('#message-list input[name="id"]')) box.checked = event.target.checked;
    }
    if (event.target.name === "id" || event.target.classList.contains("select-all")) updateBulkButtons();
  });

  function ready() {
    updateBulkButtons();
    scheduleNoticeClearing();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();

  // After a bulk action the list is new: keep the place, so e, e, e works down the list.
  document.addEventListener("htmx:afterSwap", () => {
    ready();
    if (current >= 0) focusRow(current);
  });
})();
