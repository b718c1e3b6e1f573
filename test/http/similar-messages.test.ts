/** "Similar messages": the lazy section on the message page, its fragment and page, and the JSON API — the owner's only. */
import { afterAll, describe, expect, test } from "bun:test";
import type { z } from "@hono/zod-openapi";
import { rememberSender } from "../../src/analysis/sender-patterns.ts";
import type { SimilarMessagesSchema } from "../../src/http/routes/api/v1/similar-messages-schemas.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

async function mailbox() {
  const owner = await createTestUser(services);
  const box = await createTestMailbox(services, owner);
  const [source, sibling, unrelated] = await storeMails(services, owner, box, [
    { subject: "Stromrechnung Oktober", from: "Stadtwerke <rechnung@stadtwerke.example>", body: "Ihre Rechnung für den Tarif Sonnenwind" },
    { subject: "Zählerablesung <bitte>", from: "Stadtwerke <rechnung@stadtwerke.example>", body: "Bitte lesen Sie den Zähler ab." },
    { subject: "Sommerfest", from: "Verein <info@verein.example>", body: "Grill und Kuchen" },
  ]);
  for (const id of [source!, sibling!]) await rememberSender(db.sql, owner.dataKey, owner.user.id, id, "rechnung@stadtwerke.example");
  return { owner, source: source!, sibling: sibling!, unrelated: unrelated! };
}

describe("similar messages", () => {
  test("the message page only holds the placeholder, loaded when revealed, with a link for a browser without JavaScript", async () => {
    const { owner, source } = await mailbox();
    const html = await (await client(app, { cookie: owner.cookie }).get(`/messages/${source}`, { "Accept-Language": "de" })).text();
    expect(html).toContain(`hx-get="/messages/${source}/similar"`);
    expect(html).toContain('hx-trigger="revealed"');
    expect(html).toContain(`<a href="/messages/${source}/similar">Ähnliche Nachrichten anzeigen</a>`);
  });

  test("the fragment lists the sender's other mail with its reason, escaped, and the spot for actions on them", async () => {
    const { owner, source, sibling, unrelated } = await mailbox();
    const browser = client(app, { cookie: owner.cookie });
    const fragment = await browser.get(`/messages/${source}/similar`, { "HX-Request": "true", "Accept-Language": "de" });
    expect(fragment.status).toBe(200);
    const html = await fragment.text();
    expect(html).not.toContain("<html");
    expect(html).toContain(`href="/messages/${sibling}"`);
    expect(html).toContain("Zählerablesung &lt;bitte&gt;");
    expect(html).toContain("selber Absender");
    expect(html).not.toContain(unrelated);
    expect(html).toContain('<div id="similar-actions"');

    const page = await (await browser.get(`/messages/${source}/similar`, { "Accept-Language": "en" })).text();
    expect(page).toContain("<html");
    expect(page).toContain("same sender");
    expect(page).toContain(`href="/messages/${source}"`);

    const alone = await (await browser.get(`/messages/${unrelated}/similar`, { "HX-Request": "true", "Accept-Language": "en" })).text();
    expect(alone).toContain("No similar messages.");
  });

  test("the API answers the ranked messages with score and reasons", async () => {
    const { owner, source, sibling } = await mailbox();
    const response = await client(app, { cookie: owner.cookie }).json(`/api/v1/messages/${source}/similar`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as z.infer<typeof SimilarMessagesSchema>;
    expect(body.messageId).toBe(source);
    expect(body.messages[0]).toMatchObject({ id: sibling, subject: "Zählerablesung <bitte>", from: { address: "rechnung@stadtwerke.example" } });
    expect(body.messages[0]!.reasons).toContain("sameSender");
    expect(body.messages[0]!.score).toBeGreaterThanOrEqual(1);
    expect(Number.isNaN(Date.parse(body.messages[0]!.date))).toBe(false);
  });

  test("signed out, another user's message and a malformed id: nothing is shown", async () => {
    const { source } = await mailbox();
    const stranger = client(app, { cookie: (await createTestUser(services)).cookie });
    expect((await stranger.get(`/messages/${source}/similar`, { "HX-Request": "true" })).status).toBe(404);
    expect((await stranger.get(`/messages/${source}/similar`)).status).toBe(404);
    expect((await stranger.json(`/api/v1/messages/${source}/similar`)).status).toBe(404);
    expect((await stranger.json("/api/v1/messages/not-a-uuid/similar")).status).toBe(404);
    expect((await client(app).json(`/api/v1/messages/${source}/similar`)).status).toBe(401);
    const signedOut = await client(app).get(`/messages/${source}/similar`);
    expect(signedOut.status).toBe(303);
    expect(await signedOut.text()).not.toContain("Zählerablesung");
  });
});
