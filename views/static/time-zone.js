// Sign-up: the browser's time zone, so dates are shown in it from the start (checked on the server).
for (const input of document.querySelectorAll("input[data-browser-time-zone]")) {
  input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
}
