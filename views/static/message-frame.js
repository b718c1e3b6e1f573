// The message page's HTML frame grows with its mail. The frame's document (sandboxed, no origin
// of ours) cannot be measured from here, so a script of ours inside it posts its height
// (src/mail/render/body-document.ts); only a number from that frame is taken, within bounds.
// Without JavaScript the frame keeps its fixed height and scrolls inside.
(() => {
  const MIN_PX = 60;
  // A mail whose height follows the frame's (100vh and a margin) would grow it forever: it stops here.
  const MAX_PX = 60_000;
  addEventListener("message", (event) => {
    // Any number of frames (a conversation shows several): the one whose document sent it.
    const frame = Array.from(document.querySelectorAll("iframe.mh-frame")).find((candidate) => candidate.contentWindow === event.source);
    if (!frame) return;
    const height = event.data && event.data.mhFrameHeight;
    if (typeof height !== "number" || !Number.isFinite(height)) return;
    // The height set is the border box's: the frame's own border comes on top of its document.
    const border = frame.offsetHeight - frame.clientHeight;
    frame.style.height = `${Math.min(Math.max(Math.ceil(height), MIN_PX), MAX_PX) + border}px`;
    frame.classList.add("sized");
  });
})();
