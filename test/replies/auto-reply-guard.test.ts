/** RFC 3834: which mail never gets an automatic answer, and that ordinary mail does. */
import { describe, expect, test } from "bun:test";
import { headerFieldsOf, mayAnswerAutomatically } from "../../src/replies/auto-reply-guard.ts";

const anna = [{ name: "Anna Beispiel", address: "anna@example.org" }];
const own = ["max@example.org", "Max.Muster@Firma.Example"];
const verdict = (fields: Record<string, string>, from = anna, replyTo: typeof anna = []) => mayAnswerAutomatically({ from, replyTo, fields }, own);

describe("mayAnswerAutomatically", () => {
  test("a person's mail may be answered", () => {
    expect(verdict({})).toEqual({ ok: true });
    expect(verdict({ "auto-submitted": "no" })).toEqual({ ok: true });
    expect(verdict({ "x-auto-response-suppress": "None" })).toEqual({ ok: true });
    expect(verdict({ precedence: "normal" })).toEqual({ ok: true });
  });

  test("automatic mail: Auto-Submitted other than no, X-Auto-Response-Suppress, Precedence auto_reply", () => {
    for (const value of ["auto-replied", "auto-generated", "auto-notified; owner-email=x@y", "Auto-Replied"])
      expect(verdict({ "auto-submitted": value })).toEqual({ ok: false, reason: "auto_submitted" });
    expect(verdict({ "x-auto-response-suppress": "OOF, AutoReply" })).toEqual({ ok: false, reason: "auto_submitted" });
    expect(verdict({ precedence: "auto_reply" })).toEqual({ ok: false, reason: "auto_submitted" });
  });

  test("lists and bulk mail", () => {
    expect(verdict({ "list-id": "<team.lists.example.org>" })).toEqual({ ok: false, reason: "list" });
    expect(verdict({ "list-unsubscribe": "<mailto:leave@example.org>" })).toEqual({ ok: false, reason: "list" });
    expect(verdict({ "list-post": "<mailto:team@example.org>" })).toEqual({ ok: false, reason: "list" });
    expect(verdict({ precedence: "list" })).toEqual({ ok: false, reason: "list" });
    expect(verdict({ precedence: "bulk" })).toEqual({ ok: false, reason: "bulk" });
    expect(verdict({ precedence: "Junk" })).toEqual({ ok: false, reason: "bulk" });
  });

  test("bounces and machine senders", () => {
    expect(verdict({ "return-path": "<>" })).toEqual({ ok: false, reason: "bounce" });
    expect(verdict({}, [{ name: "Mail Delivery System", address: "MAILER-DAEMON@mx.example.org" }])).toEqual({ ok: false, reason: "bounce" });
    expect(verdict({}, [{ name: "", address: "postmaster@example.org" }])).toEqual({ ok: false, reason: "bounce" });
    expect(verdict({}, [{ name: "Shop", address: "noreply@shop.example" }])).toEqual({ ok: false, reason: "no_reply_address" });
    expect(verdict({}, [{ name: "Shop", address: "no-reply@shop.example" }])).toEqual({ ok: false, reason: "no_reply_address" });
    expect(verdict({}, anna, [{ name: "", address: "do-not-reply@example.org" }])).toEqual({ ok: false, reason: "no_reply_address" });
    expect(verdict({}, [])).toEqual({ ok: false, reason: "no_reply_address" });
    // A person whose name merely contains the words is a person.
    expect(verdict({}, [{ name: "", address: "noreen.plyer@example.org" }])).toEqual({ ok: true });
  });

  test("the user's own addresses, with plus tags and any case, in From or Reply-To", () => {
    expect(verdict({}, [{ name: "Max", address: "max@example.org" }])).toEqual({ ok: false, reason: "own_address" });
    expect(verdict({}, [{ name: "Max", address: "MAX+newsletter@Example.org" }])).toEqual({ ok: false, reason: "own_address" });
    expect(verdict({}, anna, [{ name: "", address: "max.muster@firma.example" }])).toEqual({ ok: false, reason: "own_address" });
  });

  test("headerFieldsOf reads the fields the store does not select from the raw header block", () => {
    const fields = headerFieldsOf({ precedence: "bulk" }, "Received: x\r\nList-Post:\r\n <mailto:team@example.org>\r\nX-Auto-Response-Suppress: All\r\nReturn-Path: <>\r\n");
    expect(fields).toEqual({ precedence: "bulk", "list-post": "<mailto:team@example.org>", "x-auto-response-suppress": "All", "return-path": "<>" });
    expect(mayAnswerAutomatically({ from: anna, fields: headerFieldsOf({}, "X-Auto-Response-Suppress: All\r\n") }, own)).toEqual({ ok: false, reason: "auto_submitted" });
  });
});
