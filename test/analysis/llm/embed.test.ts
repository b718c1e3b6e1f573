/**
 * The embedding clients against the stub: Ollama's /api/embed and the
 * OpenAI-compatible /v1/embeddings, through the outbound policy; what is
 * sent follows the mailbox's visibility and the anonymiser like the chat
 * prompt; answers that are not a sane vector are refused.
 */
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { embeddingInput, embedWithLlm } from "../../../src/analysis/llm/embed.ts";
import { BODY_START_CHARS } from "../../../src/analysis/llm/limits.ts";
import { embeddingVector } from "../../../src/analysis/llm/providers/provider.ts";
import type { LlmKind } from "../../../src/analysis/llm/types.ts";
import { bagOfWordsVector, startLlmStub } from "../../support/llm-stub.ts";
import { LOOPBACK_ALLOWED } from "../../support/outbound.ts";
import { invoiceInput, PLANTED, settingsFor } from "./fixtures.ts";

const stub = await startLlmStub();
afterAll(() => stub.close());
beforeEach(() => stub.reset());

const settings = (kind: LlmKind) => settingsFor(kind, stub.url, { embeddingModel: "stub-embed" });

describe("embedWithLlm", () => {
  for (const [kind, path] of [
    ["ollama", "/api/embed"],
    ["openai", "/v1/embeddings"],
  ] as const) {
    test(`${kind}: ${path} with the model and the text; the vector comes back as floats`, async () => {
      const result = await embedWithLlm(settings(kind), invoiceInput(), { visibility: "full", outbound: LOOPBACK_ALLOWED });
      expect(result.ok).toBe(true);
      const [request] = stub.embedRequests();
      expect(request).toMatchObject({ method: "POST", path });
      expect(request!.body.model).toBe("stub-embed");
      expect(result.ok && [...result.vector]).toEqual(bagOfWordsVector(request!.body.input));
      expect(result.ok && result.model).toBe("stub-embed");
    });
  }

  test("a provider that is not local gets the text anonymised, and never more body than the visibility allows", async () => {
    const result = await embedWithLlm(settings("openai"), invoiceInput(), { visibility: "headers_body_start", outbound: LOOPBACK_ALLOWED });
    expect(result.ok).toBe(true);
    const sent: string = stub.embedRequests()[0]!.body.input;
    for (const planted of [...PLANTED.emails, ...PLANTED.ibans, ...PLANTED.urls, "Anna Schmidt", "Mustermann"]) expect(sent).not.toContain(planted);
    expect(sent).toContain("Rechnung 4711");
    expect(sent.length).toBeLessThanOrEqual(500 + 2 + BODY_START_CHARS + 4);
    // Who wrote to whom is not what a mail is about: no addresses or other headers.
    expect(sent).not.toContain("From:");
  });

  test("an Ollama on loopback gets the text in clear, as the chat does", () => {
    const text = embeddingInput(settings("ollama"), invoiceInput(), "full");
    expect(text).toContain("Anna Schmidt");
  });

  test("a headers-only mailbox: no embedding, and nothing is sent", async () => {
    const result = await embedWithLlm(settings("openai"), invoiceInput(), { visibility: "headers", outbound: LOOPBACK_ALLOWED });
    expect(result).toMatchObject({ ok: false, reason: "not_shared" });
    expect(stub.requests).toHaveLength(0);
  });

  test("Anthropic has no embeddings API: refused without a request", async () => {
    const result = await embedWithLlm(settings("anthropic"), invoiceInput(), { visibility: "full", outbound: LOOPBACK_ALLOWED });
    expect(result).toMatchObject({ ok: false, reason: "no_embeddings_api" });
    expect(stub.requests).toHaveLength(0);
  });

  test("the outbound policy applies: a refused target is unreachable and gets nothing", async () => {
    const result = await embedWithLlm(settings("openai"), invoiceInput(), { visibility: "full", outbound: { allowed: [] } });
    expect(result).toMatchObject({ ok: false, reason: "unreachable" });
    expect(stub.requests).toHaveLength(0);
  });

  test("a server error and a non-finite vector are failures with a reason, never a stored vector", async () => {
    stub.embedMode = "server_error";
    expect(await embedWithLlm(settings("ollama"), invoiceInput(), { visibility: "full", outbound: LOOPBACK_ALLOWED })).toMatchObject({ ok: false, reason: "http_error" });
    stub.embedMode = "not_finite";
    expect(await embedWithLlm(settings("openai"), invoiceInput(), { visibility: "full", outbound: LOOPBACK_ALLOWED })).toMatchObject({ ok: false, reason: "bad_response" });
  });
});

describe("embeddingVector", () => {
  test("accepts finite numbers of a sane length; refuses the rest", () => {
    expect(embeddingVector([0.1, -0.2, 3])).toEqual({ ok: true, vector: [0.1, -0.2, 3] });
    for (const bad of [[], [0, 0, 0], [1, "2"], [1, Number.NaN], [Number.POSITIVE_INFINITY], new Array(8193).fill(1), "1,2,3", null]) {
      expect(embeddingVector(bad)).toMatchObject({ ok: false, reason: "bad_response" });
    }
  });
});
