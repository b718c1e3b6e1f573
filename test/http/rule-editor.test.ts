/**
 * The rule editor over HTTP (src/http/routes/rules/editor.tsx) against the
 * real database: create and edit through the form, problems shown at their
 * field in German and English, the ops that add and remove rows, the live
 * preview with its count, list and warnings, templates, a rule from a
 * message, a rule drafted from a sentence by the LLM stub, moving rules;
 * another user's rule or message is 404 and a cross-site post is refused.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { saveLlmSettings } from "../../src/analysis/llm/settings.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { listRules } from "../../src/rules/store.ts";
import { createTag } from "../../src/tags/store.ts";
import { seedMailbox } from "../mail/render/seed.ts";
import { startLlmStub } from "../support/llm-stub.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { client } from "../support/users.ts";

const { db, services, app } = await openTestApp();
const stub = await startLlmStub();
afterAll(async () => {
  await stub.close();
  await closeParsePool();
  await db.drop();
});

async function mailbox() {
  const box = await seedMailbox(services);
  const ids: string[] = [];
  for (const subject of ["Rechnung März", "Vorlesung Analysis", "Rechnung April"])
    ids.push(await box.store(makeMessage({ from: "shop@example.org", to: "me@example.org", subject, body: "Text", messageId: `<editor-${crypto.randomUUID()}@example.org>` })));
  ids.push(
    await box.store(
      makeMessage({
        from: "Verein <news@verein.example>",
        to: "me@example.org",
        subject: "Sommerfest Einladung",
        body: "Kommt alle",
        messageId: `<editor-${crypto.randomUUID()}@example.org>`,
        headers: { "List-Id": "Vereinsnachrichten <news.verein.example>" },
      }),
    ),
  );
  return { box, ids, web: client(app, { cookie: box.user.cookie }) };
}

/** The fields of an "invoices are flagged" rule as the editor posts them. */
const invoiceForm = (extra: Record<string, string> = {}) => ({
  name: "Rechnungen",
  enabled: "true",
  mode: "act",
  "c.type": "all",
  "c.0.type": "text",
  "c.0.field": "subject",
  "c.0.match": "contains",
  "c.0.value": "rechnung",
  "a.0.type": "flag",
  ...extra,
});

const rulesOf = async (box: Awaited<ReturnType<typeof mailbox>>["box"]) => listRules(db.sql, box.user.dataKey, box.user.user.id);

describe("the rule editor", () => {
  test("creates a nested rule from the form, shows it saved, edits it", async () => {
    const { box, web } = await mailbox();
    const page = await web.get("/rules/new", { "Accept-Language": "de" });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="c.type"');
    expect(html).toContain("Regel speichern");

    const created = await web.post(
      "/rules/new",
      invoiceForm({
        op: "save",
        "c.1.type": "any",
        "c.1.0.type": "size",
        "c.1.0.op": "gt",
        "c.1.0.amount": "1",
        "c.1.0.unit": "KB",
        "c.1.1.type": "not",
        "c.1.1.0.type": "vip-sender",
        mode: "suggest",
      }),
    );
    expect(created.status).toBe(303);
    const [rule] = await rulesOf(box);
    expect(created.headers.get("location")).toBe(`/rules/${rule!.id}/edit?done=saved`);
    expect(rule).toMatchObject({ name: "Rechnungen", mode: "suggest", enabled: true, accountIds: null, folderIds: null });
    expect(rule!.definition).toEqual({
      condition: {
        type: "all",
        conditions: [
          { type: "text", field: "subject", match: "contains", value: "rechnung" },
          {
            type: "any",
            conditions: [
              { type: "size", op: "gt", bytes: 1024 },
              { type: "not", condition: { type: "vip-sender" } },
            ],
          },
        ],
      },
      actions: [{ type: "flag" }],
    });
    const saved = await (await web.get(`/rules/${rule!.id}/edit?done=saved`, { "Accept-Language": "en" })).text();
    expect(saved).toContain("Rule saved.");
    expect(saved).toContain('value="rechnung"');

    const edited = await web.post(`/rules/${rule!.id}/edit`, invoiceForm({ op: "save", name: "Alle Rechnungen", enabled: "", [`scope.folder.${box.inbox.id}`]: "on" }));
    expect(edited.status).toBe(303);
    expect((await rulesOf(box))[0]).toMatchObject({ name: "Alle Rechnungen", enabled: false, folderIds: [box.inbox.id] });
  });

  test("problems are shown at their field, in German and in English; nothing is saved", async () => {
    const { box, web } = await mailbox();
    const form = invoiceForm({ op: "save", name: "", "c.0.match": "regex", "c.0.value": "(a)\\1", "a.0.type": "move", "a.0.folderId": "" });
    const de = await web.post("/rules/new", form, { "Accept-Language": "de" });
    expect(de.status).toBe(400);
    const deHtml = await de.text();
    expect(deHtml).toContain('<span class="field-error" id="name-error">Bitte ausfüllen.</span>');
    expect(deHtml).toContain('id="c.0.value-error">Dieser reguläre Ausdruck ist nicht verwendbar');
    expect(deHtml).toContain('id="a.0.folderId-error">Bitte auswählen.</span>');
    expect(deHtml).toContain('aria-describedby="c.0.value-error"');
    // What was typed stays.
    expect(deHtml).toContain('value="(a)\\1"');
    const en = await (await web.post("/rules/new", form, { "Accept-Language": "en" })).text();
    expect(en).toContain('id="name-error">Please fill this in.</span>');
    expect(en).toContain('id="a.0.folderId-error">Please choose one.</span>');
    // htmx swaps the form in place, so a refused save answers 200 with the form.
    const htmx = await web.post("/rules/new", form, { "HX-Request": "true" });
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toStartWith('<form id="rule-editor"');
    expect(await rulesOf(box)).toHaveLength(0);
  });

  test("a folder that is not the user's is refused as the API refuses it", async () => {
    const { box, web } = await mailbox();
    const other = await mailbox();
    const response = await web.post("/rules/new", invoiceForm({ op: "save", "a.0.type": "move", "a.0.folderId": other.box.inbox.id }), { "Accept-Language": "en" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("A chosen folder, tag or account is not one of yours.");
    expect(await rulesOf(box)).toHaveLength(0);
  });

  test("ops add and remove conditions, groups and actions, with and without htmx", async () => {
    const { web } = await mailbox();
    const grouped = await (await web.post("/rules/new", invoiceForm({ op: "group:c" }))).text();
    expect(grouped).toContain('name="c.1.type"');
    expect(grouped).toContain('name="c.1.0.type"');
    expect(grouped).toContain("<!doctype html>");
    const added = await (await web.post("/rules/new", invoiceForm({ op: "add-action" }), { "HX-Request": "true" })).text();
    expect(added).toContain('name="a.1.type"');
    expect(added).not.toContain("<!doctype html>");
    const removed = await (await web.post("/rules/new", invoiceForm({ op: "remove:c.0" }))).text();
    expect(removed).not.toContain('name="c.0.type"');
    // A type changed by its picker (htmx posts with ?op=refresh): the fields of the new type.
    const changed = await (await web.post("/rules/new?op=refresh", invoiceForm({ "c.0.type": "age" }), { "HX-Request": "true" })).text();
    expect(changed).toContain('name="c.0.days"');
    expect(changed).not.toContain('name="c.0.match"');
  });

  test("the preview counts and lists what the rule would touch, and says the static checks' warnings", async () => {
    const { ids, web } = await mailbox();
    const de = await (await web.post("/rules/new/preview", invoiceForm(), { "Accept-Language": "de", "HX-Request": "true" })).text();
    expect(de).toContain("Würde 2 Nachrichten der letzten 30 Tage treffen.");
    expect(de).toContain(`href="/messages/${ids[0]}"`);
    expect(de).toContain(`href="/messages/${ids[2]}"`);
    expect(de).not.toContain(`href="/messages/${ids[1]}"`);
    const en = await (await web.post("/rules/new/preview", invoiceForm(), { "Accept-Language": "en" })).text();
    expect(en).toContain("Would touch 2 messages in the last 30 days.");

    // A delete rule on everything: the warning, named as the unsaved rule.
    const wide = await (
      await web.post(
        "/rules/new/preview",
        { name: "Weg", enabled: "true", mode: "act", "c.type": "size", "c.op": "ge", "c.amount": "0", "c.unit": "B", "a.0.type": "delete" },
        { "Accept-Language": "en" },
      )
    ).text();
    expect(wide).toContain("Would touch 4 messages");
    expect(wide).toContain('data-warning-code="destructive_wide"');
    expect(wide).toContain("rule 1 “Weg” deletes");
    // An incomplete rule: no count yet.
    expect(await (await web.post("/rules/new/preview", invoiceForm({ "c.0.value": "" }), { "Accept-Language": "en" })).text()).toContain("The preview appears once the rule is complete.");
    // Without JavaScript, "update preview" brings the page back with the preview in it.
    expect(await (await web.post("/rules/new", invoiceForm({ op: "refresh" }), { "Accept-Language": "en" })).text()).toContain("Would touch 2 messages in the last 30 days.");
  });

  test("a saved rule shadowed by an earlier one: the warning in the preview and after saving", async () => {
    const { box, web } = await mailbox();
    await web.post("/rules/new", { name: "Alles", enabled: "true", mode: "act", "c.type": "all", "a.0.type": "stop", op: "save" });
    const preview = await (await web.post("/rules/new/preview", invoiceForm(), { "Accept-Language": "de" })).text();
    expect(preview).toContain("Regel 2 „Rechnungen“ kommt nie zum Zug: Regel 1 „Alles“ steht davor");
    const saved = await web.post("/rules/new", invoiceForm({ op: "save" }));
    const location = saved.headers.get("location")!;
    expect(await (await web.get(location, { "Accept-Language": "de" })).text()).toContain("Regel 2 „Rechnungen“ kommt nie zum Zug");
    expect(await rulesOf(box)).toHaveLength(2);
  });

  test("templates open prefilled and save nothing", async () => {
    const { box, web } = await mailbox();
    const junk = box.folders.find((folder) => folder.path === "Trash")!;
    await db.sql`update folders set special_use = 'junk' where id = ${junk.id}`;
    await createTag(db.sql, box.user.dataKey, box.user.user.id, "Rechnungen");
    const list = await (await web.get("/rules/new", { "Accept-Language": "en" })).text();
    for (const template of ["newsletters", "invoices", "vip", "notifications", "spam"]) expect(list).toContain(`/rules/new?template=${template}`);
    const spam = await (await web.get("/rules/new?template=spam", { "Accept-Language": "en" })).text();
    expect(spam).toContain('value="Spam to the junk folder"');
    expect(spam).toMatch(new RegExp(`<option value="${junk.id}" selected`));
    const invoices = await (await web.get("/rules/new?template=invoices", { "Accept-Language": "de" })).text();
    expect(invoices).toContain('value="Rechnungen mit Schlagwort"');
    expect(invoices).toContain('value="Invoice"');
    const old = await (await web.get("/rules/new?template=notifications")).text();
    expect(old).toContain('name="c.1.days" type="text" value="14"');
    expect(await rulesOf(box)).toHaveLength(0);
  });

  test("a rule from a message: its list, else its sender, and its subject's words; another user's message is 404", async () => {
    const { ids, web } = await mailbox();
    const fromSender = await (await web.get(`/rules/new?message=${ids[0]}`, { "Accept-Language": "de" })).text();
    expect(fromSender).toContain('value="shop@example.org"');
    expect(fromSender).toContain("Aus der Nachricht „Rechnung März“ vorausgefüllt");
    expect(fromSender).toContain('value="word:Rechnung"');
    const fromList = await (await web.get(`/rules/new?message=${ids[3]}`, { "Accept-Language": "en" })).text();
    expect(fromList).toContain('value="news.verein.example"');
    expect(fromList).toMatch(/<option value="list-id" selected/);
    // The word button narrows the rule.
    const narrowed = await (
      await web.post("/rules/new", {
        name: "x",
        enabled: "true",
        mode: "act",
        "c.type": "all",
        "c.0.type": "text",
        "c.0.field": "from",
        "c.0.match": "is",
        "c.0.value": "shop@example.org",
        "a.0.type": "flag",
        words: "Rechnung März",
        op: "word:Rechnung",
      })
    ).text();
    expect(narrowed).toContain('name="c.1.value" type="text" value="Rechnung"');

    // The message page links here.
    expect(await (await web.get(`/messages/${ids[0]}`, { "Accept-Language": "de" })).text()).toContain(`href="/rules/new?message=${ids[0]}"`);

    const other = await mailbox();
    expect((await other.web.get(`/rules/new?message=${ids[0]}`)).status).toBe(404);
    expect((await web.get("/rules/new?message=not-an-id")).status).toBe(404);
  });

  test("another user's rule is 404 on every editor route; a cross-site post is refused", async () => {
    const alice = await mailbox();
    const bob = await mailbox();
    await alice.web.post("/rules/new", invoiceForm({ op: "save" }));
    const [rule] = await rulesOf(alice.box);
    expect((await bob.web.get(`/rules/${rule!.id}/edit`)).status).toBe(404);
    expect((await bob.web.post(`/rules/${rule!.id}/edit`, invoiceForm({ op: "save", name: "Bob" }))).status).toBe(404);
    expect((await bob.web.post(`/rules/${rule!.id}/edit/preview`, invoiceForm())).status).toBe(404);
    expect((await bob.web.post(`/rules/${rule!.id}/move`, { direction: "down" })).status).toBe(404);
    expect((await rulesOf(alice.box))[0]!.name).toBe("Rechnungen");

    for (const origin of ["https://evil.example", "null"]) {
      const refused = await alice.web.post("/rules/new", invoiceForm({ op: "save", name: "CSRF" }), { Origin: origin });
      expect(refused.status).toBe(403);
    }
    expect((await rulesOf(alice.box)).map((entry) => entry.name)).toEqual(["Rechnungen"]);
  });

  test("rules move up and down; /rules links to the editor", async () => {
    const { box, web } = await mailbox();
    for (const name of ["Eins", "Zwei", "Drei"]) await web.post("/rules/new", invoiceForm({ op: "save", name }));
    const [one, two] = await rulesOf(box);
    expect((await web.post(`/rules/${two!.id}/move`, { direction: "up" })).status).toBe(303);
    expect((await rulesOf(box)).map((rule) => rule.name)).toEqual(["Zwei", "Eins", "Drei"]);
    await web.post(`/rules/${one!.id}/move`, { direction: "down" });
    expect((await rulesOf(box)).map((rule) => rule.name)).toEqual(["Zwei", "Drei", "Eins"]);
    // Already last: stays.
    await web.post(`/rules/${one!.id}/move`, { direction: "down" });
    expect((await rulesOf(box)).map((rule) => rule.name)).toEqual(["Zwei", "Drei", "Eins"]);
    expect((await web.post(`/rules/${one!.id}/move`, { direction: "sideways" })).status).toBe(400);

    const page = await (await web.get("/rules", { "Accept-Language": "de" })).text();
    expect(page).toContain('href="/rules/new"');
    expect(page).toContain(`href="/rules/${one!.id}/edit"`);
    expect(page).toContain("Bearbeiten");
    expect(page).toContain(`action="/rules/${one!.id}/move"`);
    // The first rule has no "up", the last no "down".
    const moveForm = (id: string) => new RegExp(`action="/rules/${id}/move" class="inline rule-move">(.*?)</form>`).exec(page)?.[1] ?? "";
    const [top, , bottom] = await rulesOf(box);
    expect(moveForm(top!.id)).not.toContain('value="up"');
    expect(moveForm(top!.id)).toContain('value="down"');
    expect(moveForm(bottom!.id)).toContain('value="up"');
    expect(moveForm(bottom!.id)).not.toContain('value="down"');
  });

  test("a rule drafted from a sentence by the provider is shown for confirmation, never saved; without a provider there is no box", async () => {
    const { box, web } = await mailbox();
    expect(await (await web.get("/rules/new", { "Accept-Language": "de" })).text()).not.toContain('name="sentence"');
    expect((await web.post("/rules/new/draft", { sentence: "alles" })).status).toBe(404);

    await saveLlmSettings(db.sql, box.user.dataKey, box.user.user.id, {
      kind: "ollama",
      baseUrl: stub.url,
      model: "stub-model",
      secondOpinionModel: null,
      apiKey: null,
      dailyBudget: 20,
      enabled: true,
      timeoutSeconds: 10,
    });
    await createTag(db.sql, box.user.dataKey, box.user.user.id, "Wohnung");
    stub.reset();
    stub.answer = () => ({
      name: "Hausverwaltung",
      condition: {
        type: "all",
        conditions: [
          { type: "text", field: "from", match: "contains", value: "hausverwaltung" },
          { type: "text", field: "subject", match: "contains", value: "Rechnung" },
        ],
      },
      actions: [{ type: "move", folder: "Archive" }, { type: "add-tag", tag: "wohnung" }, { type: "add-tag", tag: "Nebenkosten" }, { type: "flag" }],
    });
    expect(await (await web.get("/rules/new", { "Accept-Language": "de" })).text()).toContain('name="sentence"');
    const sentence = "alles von der Hausverwaltung mit Rechnung → Ordner Archive, markieren";
    const drafted = await web.post("/rules/new/draft", { sentence }, { "Accept-Language": "de" });
    expect(drafted.status).toBe(200);
    const html = await drafted.text();
    const archive = box.folders.find((folder) => folder.path === "Archive")!;
    expect(html).toContain("Aus Ihrem Satz entworfen");
    expect(html).toContain('value="hausverwaltung"');
    expect(html).toMatch(new RegExp(`<option value="${archive.id}" selected`));
    expect(html).toContain("Nicht unter Ihren Ordnern und Schlagwörtern gefunden, bitte auswählen: Nebenkosten");
    expect(html).toContain('name="a.3.type"');
    expect(await rulesOf(box)).toHaveLength(0);

    // The prompt: the sentence and the names, no mail.
    const [request] = stub.chatRequests();
    const prompt = stub.promptOf(request!);
    expect(prompt.user).toContain(JSON.stringify(sentence));
    expect(prompt.user).toContain('"Wohnung"');
    expect(prompt.user).toContain('"Archive"');
    expect(prompt.user).not.toContain("Rechnung März");
    expect(prompt.user).not.toContain("shop@example.org");

    // An answer that is no rule: said, nothing drafted.
    stub.answer = () => ({ name: "x", condition: { type: "text", field: "nowhere", match: "is", value: "a" }, actions: [{ type: "flag" }] });
    expect(await (await web.post("/rules/new/draft", { sentence }, { "Accept-Language": "en" })).text()).toContain("The AI provider could not draft a rule from this sentence.");
  });
});
