// Recovery codes just shown: copy them, download them as a .txt made here from the page,
// print only them. Nothing is sent anywhere, and the codes are never stored in plain text.
// Without this file the buttons stay hidden and the codes remain on the page to select.
(() => {
  const sheet = document.querySelector(".recovery-sheet");
  const tools = document.querySelector(".recovery-tools");
  if (!sheet || !tools) return;
  const status = tools.querySelector(".recovery-status");
  const codes = () => Array.from(sheet.querySelectorAll(".recovery-codes code"), (code) => code.textContent.trim());
  const asText = () =>
    `${sheet.dataset.fileHeading}\n\n${codes()
      .map((code, index) => `${String(index + 1).padStart(2, " ")}. ${code}`)
      .join("\n")}\n`;

  function say(text) {
    status.textContent = text;
  }

  // The Clipboard API needs a secure context; over plain HTTP on a LAN name the selection is copied instead.
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(asText());
      say(status.dataset.copied);
    } catch {
      const range = document.createRange();
      range.selectNodeContents(sheet.querySelector(".recovery-codes"));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      say(document.execCommand("copy") ? status.dataset.copied : status.dataset.copyFailed);
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([asText()], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = sheet.dataset.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  tools.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-recovery]") : null;
    if (!button) return;
    if (button.dataset.recovery === "copy") copy();
    if (button.dataset.recovery === "download") download();
    if (button.dataset.recovery === "print") window.print();
  });
  tools.hidden = false;
})();
