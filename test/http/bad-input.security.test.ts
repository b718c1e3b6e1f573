/**
 * Bad input is a clear 4xx, never a 5xx (and so never a half-done change).
 * First the cases an outside review found (the sixth, a newline in ?next=,
 * is in form.security.test.ts), then a property-based sweep:
 * fast-check sends generated bad values (control characters, NUL, lone
 * surrogates, huge strings, impossible dates, negative and huge numbers,
 * wrong JSON types, malformed ids) in the path, the query and the body of
 * every route and method the app has, signed in and signed out.
 *
 * The sweep is deterministic (a fixed seed per route) and small (a few runs
 * per route); a failure prints the shrunk request that answered 5xx.
 */
import { afterAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { createInvitation } from "../../src/auth/invitations.ts";
import { LIST_PARAMS } from "../../src/inbox/list-query.ts";
import { openTestApp } from "../support/test-app.ts";
import { appRoutes, fillPath, rowIdsOf, VALID_JSON_BODIES, type Route, type RowIds } from "../support/routes.ts";
import { client, cookieFor, createTestUser, FORM_HEADERS, signInAs } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

// The sweep acts as an administrator (every route goes past the sign-in
// check), on its own rows, and on a victim of its own for the admin routes.
const actor = await createTestUser(services, { role: "admin" });
const victim = await createTestUser(services);
const OWN_IDS: RowIds = { ...rowIdsOf(services, actor, actor), userId: async () => victim.user.id };

const ORIGIN = FORM_HEADERS.Origin;
const json = (cookie: string, body: unknown) => ({
  method: "POST",
  headers: { Origin: ORIGIN, "Content-Type": "application/json", Accept: "application/json", Cookie: cookie },
  body: JSON.stringify(body),
});

describe("the bad input the review found", () => {
  test("list dates that are no dates: /messages?from=notadate, /api/v1/messages?to=2020-13-45", async () => {
    const signedIn = client(app, { cookie: actor.cookie });
    expect((await signedIn.get("/messages?from=notadate")).status).toBe(400);
    expect((await signedIn.json("/api/v1/messages?to=2020-13-45")).status).toBe(400);
  });

  test("a NUL byte in the e-mail address of a sign-in", async () => {
    const response = await client(app).post("/signin", { email: "anna\u0000@example.org", password: "irrelevant passphrase" });
    expect(response.status).toBe(400);
  });

  test("a lone surrogate as the keyword of add_keyword", async () => {
    const response = await app.request(`/api/v1/messages/${await OWN_IDS.messageId!()}/actions`, json(actor.cookie, { action: "add_keyword", keyword: "\ud800" }));
    expect(response.status).toBe(400);
    expect((await db.sql`select count(*)::int as n from action_journal where action = 'add_keyword'`)[0]!.n).toBe(0);
  });

  test("an invitation used with an address that has an account answers like a mismatch, revealing nothing", async () => {
    const { token } = await createInvitation(db.sql, { createdBy: actor.user.id, role: "user", days: 1 });
    const signUp = (email: string) => client(app).post("/signup", { token, email, password: "Wolke Fahrrad lange Tasse 42", displayName: "" });
    const taken = await signUp(victim.user.email.toUpperCase());
    const fixed = await createInvitation(db.sql, { createdBy: actor.user.id, role: "user", days: 1, email: "someone@example.org" });
    const mismatch = await client(app).post("/signup", { token: fixed.token, email: "other@example.org", password: "Wolke Fahrrad lange Tasse 42", displayName: "" });
    expect(taken.status).toBe(400);
    expect(taken.status).toBe(mismatch.status);
    const errorOf = async (response: Response) => /<div class="form-error" role="alert">([^<]*)</.exec(await response.text())?.[1];
    expect(await errorOf(taken)).toBe(await errorOf(mismatch));
    // The invitation is still there to use with another address.
    expect((await signUp(`new-${crypto.randomUUID().slice(0, 8)}@example.org`)).status).toBe(303);
  });
});

/** Names the app's forms, queries and JSON bodies use, read from the source and the OpenAPI document, so new fields are swept too. */
async function fieldNames(): Promise<string[]> {
  const names = new Set<string>([...LIST_PARAMS, "next", "back", "token", "id"]);
  const patterns = [/\bname="(\w+)"/g, /\bform\.(\w+)\b/g, /\bfield\("(\w+)"\)/g, /\bquery\("(\w+)"\)/g];
  for (const dir of ["src/http", "views"]) {
    for await (const file of new Bun.Glob("**/*.{ts,tsx}").scan({ cwd: dir })) {
      const text = await Bun.file(`${dir}/${file}`).text();
      for (const pattern of patterns) for (const [, name] of text.matchAll(pattern)) names.add(name!);
    }
  }
  const document = (await (await app.request("/api/openapi.json")).json()) as {
    components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
    paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
  };
  for (const schema of Object.values(document.components?.schemas ?? {})) for (const name of Object.keys(schema.properties ?? {})) names.add(name);
  for (const operations of Object.values(document.paths)) for (const operation of Object.values(operations)) for (const parameter of operation.parameters ?? []) names.add(parameter.name);
  return [...names].sort();
}

const CONTROL_CHARACTERS = [..."\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u007f\u0085\u2028"];

/** Strings no field should take, and a few it would, to get past the first check. */
const badText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CONTROL_CHARACTERS), minLength: 1, maxLength: 4 }),
  fc.string({ maxLength: 8 }).map((text) => `${text}\u0000`),
  fc.constantFrom("\ud800", "x\udfff", "\udc00\ud800", "\ud83d"),
  fc.constantFrom("x".repeat(20_000), "ä".repeat(5_000), "1".repeat(400)),
  fc.constantFrom("notadate", "2020-13-45", "2026-02-31", "0000-00-00", "+275760-09-14", "2020-01-01T25:61:00Z"),
  fc.constantFrom("-1", "0", "-0", "1.5", "1e309", "NaN", "Infinity", "2147483648", "99999999999999999999", "-9007199254740993", "0x10"),
  fc.constantFrom("not-an-id", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-fffffffffffg", "0".repeat(64), "zz", "1"),
  fc.constantFrom(
    "",
    " ",
    "de",
    "en",
    "true",
    "yes",
    "on",
    "admin",
    "root",
    "strict",
    "headers",
    "mark_read",
    "add_keyword",
    "move",
    "tls",
    "https://evil.example/",
    "//evil.example",
    "<script>x</script>",
    "' or 1=1 --",
    "../../etc/passwd",
    "%",
    "%00",
  ),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);

const badNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, -0, 0.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_VALUE));
const badJsonLeaf = fc.oneof(badText, badNumber, fc.boolean(), fc.constant(null));

/** A body and its Content-Type; neither for none. */
type RequestBody = { type?: string; text?: string };

async function sweepArbitraries() {
  const field = fc.constantFrom(...(await fieldNames()));
  const badJson = fc.oneof(badJsonLeaf, fc.array(badJsonLeaf, { maxLength: 3 }), fc.dictionary(field, badJsonLeaf, { maxKeys: 3 }));
  const query = fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(field, badText, { maxKeys: 3 }).map((entries) => new URLSearchParams(entries).toString()) },
    // Escapes that are not UTF-8, or not escapes at all.
    { weight: 1, arbitrary: fc.constantFrom("", "q=%FF", "from=%E0%A4%A", "next=%", "%%%=%zz", "token=%00", "account=%ED%A0%80") },
  );
  const body = (route: Route) => {
    const valid = VALID_JSON_BODIES[`${route.method} ${route.path}`];
    const kinds: fc.Arbitrary<RequestBody>[] = [
      fc.dictionary(field, badText, { maxKeys: 4 }).map((entries) => ({ type: "application/x-www-form-urlencoded", text: new URLSearchParams(entries).toString() })),
      fc.dictionary(field, badJson, { maxKeys: 4 }).map((object) => ({ type: "application/json", text: JSON.stringify(object) })),
      badJson.map((value) => ({ type: "application/json", text: JSON.stringify(value) ?? "null" })),
      fc.constantFrom("{", '{"action":', "\u0000", "%%%=&&=%zz", "a=%FF&b=%00", "").map((text) => ({ type: text.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded", text })),
      fc.constant<RequestBody>({}),
    ];
    // A valid body with one field made bad gets past the schema's first complaint.
    if (valid && typeof valid === "object") kinds.push(fc.tuple(field, badJson).map(([name, value]) => ({ type: "application/json", text: JSON.stringify({ ...valid, [name]: value }) })));
    return fc.oneof(...kinds);
  };
  /** A path parameter: one of the actor's own ids (resolved when sent), or a malformed one. */
  const pathValue = fc.oneof(
    fc.constant(undefined),
    badText.filter((text) => text !== ""),
  );
  return (route: Route) =>
    fc.record({
      params: fc.array(pathValue, { minLength: (route.path.match(/:/g) ?? []).length, maxLength: (route.path.match(/:/g) ?? []).length }),
      query,
      body: route.method === "GET" ? fc.constant<RequestBody>({}) : body(route),
      signedIn: fc.boolean(),
      accept: fc.constantFrom("application/json", "text/html", "htmx"),
    });
}

/** /readyz answers 503 while no worker runs (none does here): that is what it is for, not a failure. */
const meant = (route: Route, status: number) => route.path === "/readyz" && status === 503;

/** Fixed, so a failure is the same failure on every machine; runs per route, kept small for the whole sweep to stay well under a minute. */
const SEED = 20_240_612;
const RUNS_PER_ROUTE = 20;

describe("every route, every method", () => {
  test("answers generated bad input with less than 500", async () => {
    // A route whose path parameter has no id maker fails here, naming it (rowIdsOf in test/support/routes.ts).
    for (const route of appRoutes(app)) await fillPath(route.path, OWN_IDS);
    const arbitraryFor = await sweepArbitraries();
    for (const [index, route] of appRoutes(app).entries()) {
      // A session of its own per route: a route that ends sessions (sign-out) must not blind the routes after it.
      const cookie = cookieFor(services, await signInAs(services, actor.user, actor.dataKey));
      await fc.assert(
        fc.asyncProperty(arbitraryFor(route), async (input) => {
          let path = route.path;
          for (const [position, name] of [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!).entries()) {
            const value = input.params[position];
            path = path.replace(`:${name}`, value === undefined ? await OWN_IDS[name]!() : encodeURIComponent(value.isWellFormed() ? value : "\ufffd"));
          }
          const headers: Record<string, string> = { Origin: ORIGIN, Accept: input.accept === "htmx" ? "text/html" : input.accept };
          if (input.accept === "htmx") headers["HX-Request"] = "true";
          if (input.signedIn) headers.Cookie = cookie;
          if (input.body.type) headers["Content-Type"] = input.body.type;
          const target = `${path}${input.query ? `?${input.query}` : ""}`;
          const response = await app.request(target, { method: route.method, headers, body: input.body.text });
          if (response.status >= 500 && !meant(route, response.status)) throw new Error(`${route.method} ${target} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
        }),
        { seed: SEED + index, numRuns: RUNS_PER_ROUTE },
      );
    }
  });
});
