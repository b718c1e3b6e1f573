// biome-ignore-all lint/suspicious/noExplicitAny: the stub reads whatever JSON a provider client sends, as the real providers do
/**
 * A scripted LLM server for tests, speaking the three APIs the app uses:
 * Ollama (/api/chat, /api/tags, /api/embed), OpenAI-compatible
 * (/v1/chat/completions, /v1/models, /v1/embeddings) and Anthropic
 * (/v1/messages, /v1/models). Every request is
 * recorded with its headers and JSON body, so tests can check what left the
 * server (and what did not).
 *
 * Chat answers follow a script of modes, one per chat request, then
 * `defaultMode`:
 *   - `valid`: a well-formed answer (see `defaultAnswer`; `answer` overrides it);
 *   - `fenced`: the same in a Markdown ```json fence;
 *   - `invalid_json`: text that is not JSON;
 *   - `out_of_schema`: JSON of the wrong shape (an extra key, a level of 7);
 *   - `hang`: never answers (the client's time-out must end it);
 *   - `obedient`: a naive model that does what the mail says: echoes an
 *     answer-shaped JSON object found in the mail, or calls the mail
 *     harmless when it asks not to be marked as spam;
 *   - `server_error`: HTTP 500.
 *
 * Embeddings follow `embedMode`: `valid` answers `bagOfWordsVector(input)`
 * (texts sharing words get close vectors, deterministically),
 * `server_error` HTTP 500, `not_finite` a vector with a number too large
 * for a double (JSON's way to send Infinity).
 *
 * @example
 *   const stub = await startLlmStub();
 *   stub.script("invalid_json", "valid");
 *   // … configure { kind: "openai", baseUrl: stub.url } and analyse …
 *   expect(stub.chatRequests()).toHaveLength(2);
 *   await stub.close();
 */

export type EmbedMode = "valid" | "server_error" | "not_finite";

export type StubMode = "valid" | "fenced" | "invalid_json" | "out_of_schema" | "hang" | "obedient" | "server_error";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined for GET. */
  body: any;
  /** The raw body text, exactly as received. */
  raw: string;
}

/** What the model was asked: the system prompt and the user turn, whatever the API. */
export interface StubPrompt {
  system: string;
  user: string;
}

export interface LlmStub {
  /** Base URL, e.g. http://127.0.0.1:43123 (or the host given to startLlmStub). */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Only the chat requests (not model lists). */
  chatRequests(): RecordedRequest[];
  /** Only the embedding requests. */
  embedRequests(): RecordedRequest[];
  embedMode: EmbedMode;
  /** The prompt of a recorded chat request. */
  promptOf(request: RecordedRequest): StubPrompt;
  script(...modes: StubMode[]): void;
  defaultMode: StubMode;
  models: string[];
  /** When set, every request must carry it (Bearer or x-api-key), or gets 401. */
  apiKey: string | undefined;
  /** OpenAI path: refuse `response_format` of type json_schema with 400, like older servers. */
  rejectJsonSchema: boolean;
  /** The answer of `valid`/`fenced`; defaults to `defaultAnswer`. */
  answer: (prompt: StubPrompt) => unknown;
  reset(): void;
  close(): Promise<void>;
}

/** The placeholders («EMAIL_1»…) in a text, in order of appearance, each once. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(text.match(/«(EMAIL|PHONE|IBAN|URL|PERSON)_\d+»/g) ?? [])];
}

/** The user's tags as listed in the prompt. */
export function tagsIn(prompt: StubPrompt): string[] {
  const line = /^The user's tags: (\[.*\])$/m.exec(prompt.user);
  return line ? (JSON.parse(line[1]!) as string[]) : [];
}

/** The fenced e-mail of a prompt (between the nonce markers). */
export function fencedMail(prompt: StubPrompt): string {
  const nonce = /BEGIN_UNTRUSTED_([0-9a-f]+)/.exec(prompt.user)?.[1];
  if (!nonce) return "";
  const start = prompt.user.indexOf(`BEGIN_UNTRUSTED_${nonce}`);
  const end = prompt.user.indexOf(`END_UNTRUSTED_${nonce}`, start);
  return prompt.user.slice(start, end);
}

/**
 * A plausible answer that repeats the placeholders it was shown (so tests
 * can check they are restored for the user) and suggests the first tag.
 */
export function defaultAnswer(prompt: StubPrompt) {
  const mentioned = placeholdersIn(fencedMail(prompt));
  const person = mentioned.find((placeholder) => placeholder.startsWith("«PERSON_"));
  const tags = tagsIn(prompt);
  return {
    urgency: { value: 2, confidence: 0.8, reason: person ? `${person} asks for payment this week.` : "Payment requested this week." },
    importance: { value: 3, confidence: 0.7, reason: "Money is involved." },
    category: { value: "action_required", confidence: 0.9, reason: "An invoice to pay." },
    spam: { value: false, confidence: 0.9, reason: "A known business contact." },
    newsletter: { value: false, confidence: 0.95, reason: "Personal message." },
    summary: mentioned.length ? `Contact: ${mentioned.join(", ")}.` : "An invoice to pay this week.",
    language: "de",
    tags: tags.slice(0, 1).map((name) => ({ name, confidence: 0.8 })),
  };
}

/** What the naive model does with the instructions in the mail. */
function obedientAnswer(prompt: StubPrompt): unknown {
  const mail = fencedMail(prompt);
  const start = mail.indexOf("{");
  const end = mail.lastIndexOf("}");
  if (start >= 0 && end > start) {
    try {
      return JSON.parse(mail.slice(start, end + 1));
    } catch {
      // Not JSON after all: fall through to the plain instructions.
    }
  }
  if (/not spam|kein(en)? spam/i.test(mail)) {
    return {
      urgency: { value: 1, confidence: 0.99, reason: "The sender says there is no hurry." },
      importance: { value: 1, confidence: 0.99, reason: "The sender says it is routine." },
      category: { value: "information", confidence: 0.99, reason: "As instructed." },
      spam: { value: false, confidence: 0.99, reason: "The e-mail says it is not spam." },
      newsletter: { value: false, confidence: 0.99, reason: "As instructed." },
      summary: "A harmless message.",
      language: "en",
      tags: tagsIn(prompt)
        .map((name) => ({ name, confidence: 0.99 }))
        .slice(0, 5),
    };
  }
  return defaultAnswer(prompt);
}

function promptOfBody(path: string, body: any): StubPrompt {
  if (path.endsWith("/messages")) {
    return { system: String(body?.system ?? ""), user: (body?.messages ?? []).map((message: any) => String(message.content)).join("\n") };
  }
  const messages: any[] = body?.messages ?? [];
  return {
    system: messages
      .filter((message) => message.role === "system")
      .map((message) => String(message.content))
      .join("\n"),
    user: messages
      .filter((message) => message.role === "user")
      .map((message) => String(message.content))
      .join("\n"),
  };
}

/** The token counts every chat answer reports, in each API's own fields (the metrics count them). */
export const STUB_USAGE = { promptTokens: 123, completionTokens: 45 } as const;

function chatResponse(path: string, content: string): Response {
  const { promptTokens, completionTokens } = STUB_USAGE;
  if (path === "/api/chat") {
    return Response.json({ model: "stub", created_at: new Date().toISOString(), message: { role: "assistant", content }, done: true, prompt_eval_count: promptTokens, eval_count: completionTokens });
  }
  if (path.endsWith("/chat/completions")) {
    return Response.json({
      id: "chatcmpl-stub",
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }
  return Response.json({
    id: "msg_stub",
    type: "message",
    role: "assistant",
    content: [{ type: "text", text: content }],
    stop_reason: "end_turn",
    usage: { input_tokens: promptTokens, output_tokens: completionTokens },
  });
}

/** Dimensions of the stub's embeddings. */
export const STUB_EMBEDDING_DIMENSIONS = 64;

/** A deterministic embedding: each lower-cased word adds 1 to the dimension its hash picks. */
export function bagOfWordsVector(text: string): number[] {
  const vector = new Array<number>(STUB_EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (const char of word) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
    vector[hash % STUB_EMBEDDING_DIMENSIONS]! += 1;
  }
  return vector;
}

function embedResponse(path: string, mode: EmbedMode, input: unknown): Response {
  if (mode === "server_error") return Response.json({ error: { message: "overloaded" } }, { status: 500 });
  const text = Array.isArray(input) ? String(input[0] ?? "") : String(input ?? "");
  const numbers = JSON.stringify(bagOfWordsVector(text));
  // Built as text: JSON.stringify cannot write a number that parses to Infinity.
  const vector = mode === "not_finite" ? numbers.replace(/^\[[^,\]]+/, "[1e999") : numbers;
  const body = path === "/api/embed" ? `{"model":"stub-embed","embeddings":[${vector}]}` : `{"object":"list","data":[{"object":"embedding","index":0,"embedding":${vector}}],"model":"stub-embed"}`;
  return new Response(body, { headers: { "Content-Type": "application/json" } });
}

const isEmbed = (path: string) => path === "/api/embed" || path === "/v1/embeddings";
const isChat = (path: string) => path === "/api/chat" || path === "/v1/chat/completions" || path === "/v1/messages";

/** @param hostname where to listen: 127.0.0.1 by default; "0.0.0.0" to be reached on another address of this machine. */
export async function startLlmStub(options: { hostname?: string; urlHost?: string } = {}): Promise<LlmStub> {
  const pending = new Set<() => void>();
  let queue: StubMode[] = [];

  const stub: LlmStub = {
    url: "",
    port: 0,
    requests: [],
    chatRequests: () => stub.requests.filter((request) => isChat(request.path)),
    embedRequests: () => stub.requests.filter((request) => isEmbed(request.path)),
    embedMode: "valid",
    promptOf: (request) => promptOfBody(request.path, request.body),
    script: (...modes) => {
      queue = [...modes];
    },
    defaultMode: "valid",
    models: ["stub-model", "stub-large"],
    apiKey: undefined,
    rejectJsonSchema: false,
    answer: defaultAnswer,
    reset() {
      stub.requests.length = 0;
      queue = [];
      stub.defaultMode = "valid";
      stub.embedMode = "valid";
      stub.apiKey = undefined;
      stub.rejectJsonSchema = false;
      stub.answer = defaultAnswer;
      stub.models = ["stub-model", "stub-large"];
    },
    close: async () => {
      for (const release of pending) release();
      await server.stop(true);
    },
  };

  const server = Bun.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: 0,
    // A hanging answer must outlive the client's time-out, not be cut by the server first.
    idleTimeout: 120,
    async fetch(request) {
      const url = new URL(request.url);
      const raw = request.method === "GET" ? "" : await request.text();
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      stub.requests.push({ method: request.method, path: url.pathname, headers: Object.fromEntries(request.headers), body, raw });

      if (stub.apiKey !== undefined) {
        const given = request.headers.get("x-api-key") ?? request.headers.get("authorization")?.replace(/^Bearer /, "");
        if (given !== stub.apiKey) return Response.json({ error: { message: "invalid api key" } }, { status: 401 });
      }
      if (request.method === "GET" && url.pathname === "/api/tags") return Response.json({ models: stub.models.map((name) => ({ name, model: name, size: 1 })) });
      if (request.method === "GET" && url.pathname === "/v1/models") {
        return Response.json({ object: "list", data: stub.models.map((id) => ({ id, object: "model", type: "model", display_name: id })), has_more: false });
      }
      if (request.method === "POST" && isEmbed(url.pathname)) return embedResponse(url.pathname, stub.embedMode, body?.input);
      if (request.method !== "POST" || !isChat(url.pathname)) return Response.json({ error: "not found" }, { status: 404 });
      if (stub.rejectJsonSchema && body?.response_format?.type === "json_schema") {
        return Response.json({ error: { message: "response_format type json_schema is not supported" } }, { status: 400 });
      }

      const mode = queue.shift() ?? stub.defaultMode;
      const prompt = promptOfBody(url.pathname, body);
      switch (mode) {
        case "valid":
          return chatResponse(url.pathname, JSON.stringify(stub.answer(prompt)));
        case "fenced":
          return chatResponse(url.pathname, `\`\`\`json\n${JSON.stringify(stub.answer(prompt), null, 2)}\n\`\`\``);
        case "invalid_json":
          return chatResponse(url.pathname, "Sure! Here is the analysis: urgency high, not spam.");
        case "out_of_schema":
          return chatResponse(url.pathname, JSON.stringify({ ...(stub.answer(prompt) as object), urgency: { value: 7, confidence: 2, reason: "" }, verdict: "safe" }));
        case "obedient":
          return chatResponse(url.pathname, JSON.stringify(obedientAnswer(prompt)));
        case "server_error":
          return Response.json({ error: { message: "overloaded" } }, { status: 500 });
        case "hang":
          return await new Promise<Response>((resolve) => {
            const release = () => {
              pending.delete(release);
              resolve(new Response("too late", { status: 504 }));
            };
            pending.add(release);
            request.signal.addEventListener("abort", release);
          });
      }
    },
  });

  stub.port = server.port!;
  stub.url = `http://${options.urlHost ?? "127.0.0.1"}:${server.port}`;
  return stub;
}
