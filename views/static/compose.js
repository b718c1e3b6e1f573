// The compose form (views/compose/compose-page.tsx): saves the draft once more when the page is
// left or hidden, so nothing typed since the last autosave is lost, and asks the server to write
// it to the Drafts folder at once (flush=1). Files are never sent with a draft save.
(() => {
  const form = document.getElementById("compose-form");
  if (!(form instanceof HTMLFormElement)) return;
  let dirty = false;
  let submitting = false;
  form.addEventListener("input", () => {
    dirty = true;
  });
  form.addEventListener("submit", () => {
    submitting = true;
  });
  // An autosave answered: what was typed until then is saved.
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail?.elt?.id === "draft-autosave" && event.detail.successful) dirty = false;
  });

  function saveOnLeaving() {
    if (!dirty || submitting) return;
    dirty = false;
    const fields = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === "string") fields.append(name, value);
    fields.set("flush", "1");
    fetch("/compose/drafts", { method: "POST", body: fields, keepalive: true, credentials: "same-origin" }).catch(() => {
      dirty = true;
    });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") saveOnLeaving();
  });
  window.addEventListener("pagehide", saveOnLeaving);
})();
