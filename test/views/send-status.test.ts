/** The queued send's section: "Wird in 10 s gesendet — Rückgängig" while it can be undone, then its state; polled until settled. */
import { describe, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { SendStatus } from "../../views/compose/send-status.tsx";

const now = new Date("2026-12-06T12:00:00Z");
const sendId = "5f1c2a9e-5d7b-4c4e-9a51-0e6f2b8d7c11";
const draftId = "0b0e7d0e-8c5f-4f4e-9d8e-0c3a1b2c3d4e";
const render = (props: Parameters<typeof SendStatus>[0]) => String(SendStatus(props));

describe("SendStatus", () => {
  test("queued within the undo window: the seconds left and the undo button, polled", () => {
    const html = render({ lang: "de", state: { id: sendId, status: "queued", undoUntil: new Date(now.getTime() + 9_500) }, now });
    expect(html).toContain(t("de", "compose.sending", { seconds: "10" }));
    expect(html).toContain(`action="/compose/sends/${sendId}/undo"`);
    expect(html).toContain(`>${t("de", "compose.undo")}</button>`);
    expect(html).toContain(`hx-get="/compose/sends/${sendId}/status"`);
    expect(html).toContain('hx-trigger="every 2s"');
    const english = render({ lang: "en", state: { id: sendId, status: "queued", undoUntil: new Date(now.getTime() + 9_500) }, now });
    expect(english).toContain("Sending in 10 s");
    expect(english).toContain(">Undo</button>");
  });

  test("past the window or sending: no undo, still polled; sent: no more polling", () => {
    const sending = render({ lang: "en", state: { id: sendId, status: "sending", undoUntil: now }, now });
    expect(sending).not.toContain("/undo");
    expect(sending).toContain(t("en", "compose.state.sending"));
    expect(sending).toContain("hx-get=");
    const sent = render({ lang: "de", state: { id: sendId, status: "sent", undoUntil: now, sentAt: now }, now });
    expect(sent).toContain(t("de", "compose.state.sent"));
    expect(sent).not.toContain("hx-get=");
  });

  test("failed: the error, and the draft kept to open again", () => {
    const html = render({ lang: "de", state: { id: sendId, status: "failed", undoUntil: now, error: "550 mailbox unavailable" }, draftId, now });
    expect(html).toContain(t("de", "compose.state.failed", { error: "550 mailbox unavailable" }));
    expect(html).toContain(`href="/compose?draft=${draftId}"`);
    expect(html).toContain(t("de", "compose.draftKept"));
    expect(html).not.toContain("hx-get=");
  });
});
