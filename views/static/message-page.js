// The message page's keys (views/messages/list-navigation.tsx): j or n the
// next message in the list it was opened from, k or p the previous, u back
// to that list. They follow the page's own links, so without them (opened
// from elsewhere) the keys do nothing.
(() => {
  const typing = (target) => target instanceof Element && target.closest("input, select, textarea, [contenteditable], dialog[open]") !== null;
  const follow = (id) => {
    const link = document.getElementById(id);
    if (link instanceof HTMLAnchorElement) link.click();
  };
  const KEYS = { j: "list-next", n: "list-next", k: "list-previous", p: "list-previous", u: "list-back" };
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const id = KEYS[event.key];
    if (!id) return;
    event.preventDefault();
    follow(id);
  });
})();
