/**
 * The evaluator on messages in memory: every condition and match type,
 * German text (case, umlauts, ß), all / any / not, order, stop and implicit
 * keep, what suggest and shadow rules do to the plan, the watched folders,
 * and a regex written to backtrack catastrophically, which RE2 answers
 * correctly (and linearly: see bench/rules.ts for time).
 */
import { describe, expect, test } from "bun:test";
import { compileRules, evaluateRules, parseHeaderBlock, type EvaluableRule } from "../../src/rules/evaluate.ts";
import { foldCase, wildcardToRegex } from "../../src/rules/match-text.ts";
import type { MessageView } from "../../src/rules/message-view.ts";
import { parseRuleDefinition, type Condition, type RuleAction } from "../../src/rules/rule-schema.ts";

const NOW = new Date("2026-03-10T12:00:00Z");
const INBOX = crypto.randomUUID();
const TAG = crypto.randomUUID();
const ARCHIVE = crypto.randomUUID();

function message(overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: crypto.randomUUID(),
    accountId: "account",
    subject: "Ihre Rechnung für März – Hauptstraße 5",
    from: [{ name: "Hausverwaltung Müller", address: "Rechnung@Hausverwaltung-Mueller.de" }],
    to: [{ name: "", address: "me@example.org" }],
    cc: [{ name: "Jörg Öztürk", address: "joerg@example.org" }],
    replyTo: [],
    listId: "<rundbrief.verein.example>",
    rawHeaders: "Subject: Ihre Rechnung\r\nX-Spam-Flag: NO\r\nX-Mailer: Outlook\r\n  16.0\r\nReceived: a\r\nReceived: b\r\n",
    body: "Sehr geehrte Frau Weiß,\nanbei die Rechnung Nr. 2026-0042 über 120,00 €.\nGRÜSSE AUS KÖLN",
    size: 12_000,
    date: new Date("2026-03-08T09:00:00Z"),
    storedAt: new Date("2026-03-08T09:01:00Z"),
    hasAttachments: true,
    attachments: [{ filename: "Rechnung-März.PDF", contentType: "application/pdf" }],
    folderIds: [INBOX],
    tagIds: [TAG],
    analysis: { category: "action_required", spam: false, newsletter: false, phishing: false, urgency: 3, importance: 2, language: "de" },
    vip: false,
    ...overrides,
  };
}

function ruleWith(condition: Condition, actions: RuleAction[] = [{ type: "flag" }], extra: Partial<EvaluableRule> = {}): EvaluableRule {
  const parsed = parseRuleDefinition({ condition, actions });
  if (!parsed.ok) throw new Error(parsed.message);
  return { id: crypto.randomUUID(), mode: "act", accountIds: null, folderIds: null, definition: parsed.definition, ...extra };
}

const holds = (condition: Condition, view = message()) => evaluateRules(compileRules([ruleWith(condition)]), view, NOW).outcomes[0]!.matched;

describe("text conditions", () => {
  test("is, contains, starts-with ignore case, umlauts and ß", () => {
    expect(holds({ type: "text", field: "subject", match: "contains", value: "RECHNUNG FÜR MÄRZ" })).toBe(true);
    expect(holds({ type: "text", field: "subject", match: "contains", value: "hauptstrasse" })).toBe(true);
    expect(holds({ type: "text", field: "body", match: "contains", value: "grüße aus köln" })).toBe(true);
    expect(holds({ type: "text", field: "body", match: "contains", value: "Frau Weiss" })).toBe(true);
    expect(holds({ type: "text", field: "subject", match: "starts-with", value: "ihre rechnung" })).toBe(true);
    expect(holds({ type: "text", field: "subject", match: "starts-with", value: "Rechnung" })).toBe(false);
    expect(holds({ type: "text", field: "subject", match: "is", value: "ihre rechnung für märz – hauptstraße 5" })).toBe(true);
    expect(holds({ type: "text", field: "subject", match: "is", value: "ihre rechnung" })).toBe(false);
    expect(holds({ type: "text", field: "body", match: "contains", value: "Mahnung" })).toBe(false);
  });

  test("address fields match the address, the name or both, in any letter case", () => {
    expect(holds({ type: "text", field: "from", match: "is", value: "rechnung@hausverwaltung-mueller.de" })).toBe(true);
    expect(holds({ type: "text", field: "from", match: "is", value: "hausverwaltung müller" })).toBe(true);
    expect(holds({ type: "text", field: "from", match: "matches", value: "*@hausverwaltung-*.de" })).toBe(true);
    expect(holds({ type: "text", field: "from", match: "contains", value: "Hausverwaltung Müller <rechnung@" })).toBe(true);
    expect(holds({ type: "text", field: "to", match: "is", value: "ME@example.org" })).toBe(true);
    expect(holds({ type: "text", field: "cc", match: "contains", value: "jörg öztürk" })).toBe(true);
    expect(holds({ type: "text", field: "reply-to", match: "contains", value: "@" })).toBe(false);
    expect(holds({ type: "text", field: "reply-to", match: "contains", value: "@" }, message({ replyTo: [{ name: "", address: "noreply@x.example" }] }))).toBe(true);
  });

  test("matches: * and ? over the whole text, \\ escapes", () => {
    expect(holds({ type: "text", field: "subject", match: "matches", value: "ihre * für m?rz*" })).toBe(true);
    expect(holds({ type: "text", field: "subject", match: "matches", value: "rechnung*" })).toBe(false);
    expect(holds({ type: "text", field: "subject", match: "matches", value: "*5" })).toBe(true);
    expect(holds({ type: "text", field: "subject", match: "matches", value: "\\*" }, message({ subject: "*" }))).toBe(true);
    expect(holds({ type: "text", field: "subject", match: "matches", value: "\\*" }, message({ subject: "x" }))).toBe(false);
    expect(holds({ type: "text", field: "body", match: "matches", value: "sehr geehrte*köln" })).toBe(true);
    expect(wildcardToRegex("a.b*")).toBe("^a\\.b(?s:.*)$");
  });

  test("regex: RE2 syntax, case-insensitive, found anywhere", () => {
    expect(holds({ type: "text", field: "body", match: "regex", value: "rechnung nr\\. \\d{4}-\\d{4}" })).toBe(true);
    expect(holds({ type: "text", field: "body", match: "regex", value: "^grüsse aus köln$" })).toBe(false);
    expect(holds({ type: "text", field: "body", match: "regex", value: "(?m)^GRÜSSE AUS KÖLN$" })).toBe(true);
    expect(holds({ type: "text", field: "subject", match: "regex", value: "MÄRZ" })).toBe(true);
    expect(holds({ type: "text", field: "subject", match: "regex", value: "^\\d+$" })).toBe(false);
  });

  test("list-id and any header, unfolded, every occurrence", () => {
    expect(holds({ type: "text", field: "list-id", match: "contains", value: "rundbrief.verein" })).toBe(true);
    expect(holds({ type: "text", field: "list-id", match: "contains", value: "x" }, message({ listId: null }))).toBe(false);
    expect(holds({ type: "header", name: "x-spam-flag", match: "is", value: "no" })).toBe(true);
    expect(holds({ type: "header", name: "X-Mailer", match: "is", value: "outlook 16.0" })).toBe(true);
    expect(holds({ type: "header", name: "Received", match: "is", value: "b" })).toBe(true);
    expect(holds({ type: "header", name: "X-Missing", match: "contains", value: "a" })).toBe(false);
    expect(parseHeaderBlock("A: 1\r\nb: 2\r\n 3\r\nA: 4").get("a")).toEqual(["1", "4"]);
  });

  test("foldCase folds ß and ẞ to ss and composes umlauts", () => {
    expect(foldCase("STRAẞE Straße")).toBe("strasse strasse");
    expect(foldCase("Mu\u0308ller")).toBe("müller");
  });
});

describe("other conditions", () => {
  test("size, date and age with every comparison", () => {
    expect(holds({ type: "size", op: "gt", bytes: 11_999 })).toBe(true);
    expect(holds({ type: "size", op: "ge", bytes: 12_000 })).toBe(true);
    expect(holds({ type: "size", op: "lt", bytes: 12_000 })).toBe(false);
    expect(holds({ type: "size", op: "le", bytes: 12_000 })).toBe(true);
    expect(holds({ type: "size", op: "eq", bytes: 12_000 })).toBe(true);
    expect(holds({ type: "date", op: "eq", value: "2026-03-08" })).toBe(true);
    expect(holds({ type: "date", op: "lt", value: "2026-03-08" })).toBe(false);
    expect(holds({ type: "date", op: "gt", value: "2026-02-28" })).toBe(true);
    expect(holds({ type: "age", op: "eq", days: 2 })).toBe(true);
    expect(holds({ type: "age", op: "gt", days: 7 })).toBe(false);
    expect(holds({ type: "age", op: "le", days: 2 })).toBe(true);
  });

  test("attachments: any, by extension (any case) or MIME type with wildcards", () => {
    expect(holds({ type: "has-attachment" })).toBe(true);
    expect(holds({ type: "has-attachment" }, message({ hasAttachments: false, attachments: [] }))).toBe(false);
    expect(holds({ type: "has-attachment", fileType: "pdf" })).toBe(true);
    expect(holds({ type: "has-attachment", fileType: ".pdf" })).toBe(true);
    expect(holds({ type: "has-attachment", fileType: "docx" })).toBe(false);
    expect(holds({ type: "has-attachment", fileType: "application/*" })).toBe(true);
    expect(holds({ type: "has-attachment", fileType: "image/*" })).toBe(false);
  });

  test("folder, tag, VIP", () => {
    expect(holds({ type: "folder", folderId: INBOX })).toBe(true);
    expect(holds({ type: "folder", folderId: ARCHIVE })).toBe(false);
    expect(holds({ type: "tag", tagId: TAG })).toBe(true);
    expect(holds({ type: "tag", tagId: crypto.randomUUID() })).toBe(false);
    expect(holds({ type: "vip-sender" })).toBe(false);
    expect(holds({ type: "vip-sender" }, message({ vip: true }))).toBe(true);
  });

  test("the AI's results, and none of them hold before the analysis", () => {
    expect(holds({ type: "category", value: "action_required" })).toBe(true);
    expect(holds({ type: "category", value: "newsletter" })).toBe(false);
    expect(holds({ type: "ai-flag", flag: "spam", value: false })).toBe(true);
    expect(holds({ type: "ai-flag", flag: "newsletter", value: true })).toBe(false);
    expect(holds({ type: "ai-flag", flag: "phishing", value: true }, message({ analysis: { ...message().analysis!, phishing: true } }))).toBe(true);
    expect(holds({ type: "level", field: "urgency", op: "ge", value: 3 })).toBe(true);
    expect(holds({ type: "level", field: "importance", op: "gt", value: 2 })).toBe(false);
    // 2 × 3 + 2 = 8: red.
    expect(holds({ type: "traffic-light", value: "red" })).toBe(true);
    expect(holds({ type: "traffic-light", value: "green" })).toBe(false);
    expect(holds({ type: "language", value: "de" })).toBe(true);
    const unanalysed = message({ analysis: null });
    for (const condition of [
      { type: "category", value: "action_required" },
      { type: "ai-flag", flag: "spam", value: false },
      { type: "level", field: "urgency", op: "ge", value: 1 },
      { type: "traffic-light", value: "green" },
      { type: "language", value: "de" },
    ] as Condition[])
      expect(holds(condition, unanalysed)).toBe(false);
  });
});

describe("groups and why", () => {
  test("all / any / not at depth, and why lists the conditions that held", () => {
    const condition: Condition = {
      type: "all",
      conditions: [
        { type: "text", field: "from", match: "contains", value: "hausverwaltung" },
        {
          type: "any",
          conditions: [
            { type: "text", field: "subject", match: "contains", value: "Mahnung" },
            { type: "text", field: "subject", match: "contains", value: "rechnung" },
          ],
        },
        { type: "not", condition: { type: "ai-flag", flag: "spam", value: true } },
      ],
    };
    const [outcome] = evaluateRules(compileRules([ruleWith(condition)]), message(), NOW).outcomes;
    expect(outcome!.matched).toBe(true);
    expect(outcome!.why).toEqual([
      { path: "0.0", type: "text", field: "from", match: "contains" },
      { path: "0.1.1", type: "text", field: "subject", match: "contains" },
      { path: "0.2", type: "not" },
    ]);
    expect(holds({ type: "not", condition })).toBe(false);
    expect(holds({ type: "all", conditions: [] })).toBe(true);
    expect(holds({ type: "any", conditions: [] })).toBe(false);
  });
});

describe("Sieve semantics", () => {
  const invoices: Condition = { type: "text", field: "subject", match: "contains", value: "rechnung" };

  test("every matching rule acts in order; stop ends it; no move is an implicit keep", () => {
    const first = ruleWith(invoices, [{ type: "flag" }, { type: "add-tag", tagId: TAG }]);
    const stopper = ruleWith(invoices, [{ type: "mark-read" }, { type: "stop" }, { type: "trash" }]);
    const after = ruleWith(invoices, [{ type: "delete" }]);
    const evaluation = evaluateRules(compileRules([first, stopper, after]), message(), NOW);
    expect(evaluation.plan).toEqual([{ type: "flag" }, { type: "add-tag", tagId: TAG }, { type: "mark-read" }]);
    expect(evaluation.outcomes.map((outcome) => outcome.ruleId)).toEqual([first.id, stopper.id]);
    expect(evaluation.keep).toBe(true);
  });

  test("the first move wins and comes last; a second disposition and a snooze beside a move are dropped", () => {
    const moves = ruleWith(invoices, [
      { type: "move", folderId: ARCHIVE },
      { type: "snooze", hours: 5 },
    ]);
    const flags = ruleWith(invoices, [{ type: "flag" }, { type: "trash" }, { type: "set-priority", urgency: 1 }]);
    const more = ruleWith(invoices, [{ type: "set-priority", importance: 3 }, { type: "flag" }]);
    const evaluation = evaluateRules(compileRules([moves, flags, more]), message(), NOW);
    expect(evaluation.plan).toEqual([{ type: "flag" }, { type: "set-priority", urgency: 1, importance: 3 }, { type: "move", folderId: ARCHIVE }]);
    expect(evaluation.dropped).toEqual([{ type: "trash" }, { type: "snooze", hours: 5 }]);
    expect(evaluation.keep).toBe(false);
  });

  test("suggest and shadow rules are recorded but add nothing to the plan, and their stop stops nothing", () => {
    const suggest = ruleWith(invoices, [{ type: "archive" }, { type: "stop" }], { mode: "suggest" });
    const shadow = ruleWith(invoices, [{ type: "delete" }, { type: "stop" }], { mode: "shadow" });
    const act = ruleWith(invoices, [{ type: "flag" }]);
    const evaluation = evaluateRules(compileRules([suggest, shadow, act]), message(), NOW);
    expect(evaluation.outcomes.map((outcome) => [outcome.mode, outcome.matched, outcome.actions])).toEqual([
      ["suggest", true, [{ type: "archive" }]],
      ["shadow", true, [{ type: "delete" }]],
      ["act", true, [{ type: "flag" }]],
    ]);
    expect(evaluation.plan).toEqual([{ type: "flag" }]);
  });

  test("a rule runs only on the accounts and folders it watches", () => {
    const inArchive = ruleWith(invoices, [{ type: "flag" }], { folderIds: [ARCHIVE] });
    const otherAccount = ruleWith(invoices, [{ type: "flag" }], { accountIds: ["other"] });
    const inInbox = ruleWith(invoices, [{ type: "mark-read" }], { folderIds: [INBOX], accountIds: ["account"] });
    const evaluation = evaluateRules(compileRules([inArchive, otherAccount, inInbox]), message(), NOW);
    expect(evaluation.outcomes.map((outcome) => outcome.ruleId)).toEqual([inInbox.id]);
    expect(evaluation.plan).toEqual([{ type: "mark-read" }]);
  });
});

describe("a regex written to backtrack catastrophically", () => {
  test("(a+)+$ on 50,000 a's and a b: answered (no match) by the linear engine, over every message of a batch", () => {
    const evil = ruleWith({ type: "text", field: "body", match: "regex", value: "(a+)+$" });
    const alsoEvil = ruleWith({ type: "text", field: "subject", match: "regex", value: "^(\\w+\\s?)*$" });
    const compiled = compileRules([evil, alsoEvil]);
    const hostile = message({ body: `${"a".repeat(50_000)}b`, subject: `${"word ".repeat(5_000)}!` });
    const results = Array.from({ length: 20 }, () => evaluateRules(compiled, hostile, NOW));
    expect(results.every((result) => result.outcomes.every((outcome) => !outcome.matched))).toBe(true);
    // And the same pattern still finds what it should.
    expect(evaluateRules(compiled, message({ body: "aaaa" }), NOW).outcomes[0]!.matched).toBe(true);
  });

  test("text past MAX_RULE_TEXT_CHARS is not looked at", () => {
    const late = message({ body: `${"x".repeat(200_000)}Rechnungsnummer` });
    expect(holds({ type: "text", field: "body", match: "contains", value: "rechnungsnummer" }, late)).toBe(false);
    expect(holds({ type: "text", field: "body", match: "regex", value: "Rechnungsnummer" }, late)).toBe(false);
  });
});
