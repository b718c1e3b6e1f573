/**
 * The scope each operation needs, written into the OpenAPI document: a
 * post-processing step over the generated document that appends
 * "Scope: `x`." to every /api/v1 operation's description, from the same rule
 * the bearer middleware enforces (src/auth/api-token-scopes.ts), so the
 * document cannot disagree with the server.
 *
 * @example
 *   const document = describeTokenScopes(app.getOpenAPI31Document(openApiInfo(publicUrl)));
 *   document.paths["/api/v1/sends"].post.description // "… Scope: `send`."
 */
import { requiredScope, type RequiredScope } from "../../../../auth/api-token-scopes.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface Operation {
  description?: string;
}
type Document = { paths?: object };
type PathItems = Record<string, Partial<Record<string, unknown>> | undefined>;

/** The document's `/api/v1/things/{thingId}` as a request path the scope rule can match (a parameter stands for one segment). */
export function samplePath(templated: string): string {
  return templated.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
}

/** The scope an operation of the document needs. */
export function operationScope(method: string, templatedPath: string): RequiredScope {
  return requiredScope(method, samplePath(templatedPath));
}

export function scopeSentence(scope: RequiredScope): string {
  return scope === "session" ? "Not with an API token: only with a signed-in session." : `Scope: \`${scope}\`.`;
}

/** Appends the scope sentence to every /api/v1 operation (once: running it again changes nothing). Returns the same document. */
export function describeTokenScopes<T extends Document>(document: T): T {
  for (const [path, item] of Object.entries((document.paths ?? {}) as PathItems)) {
    if (!item || !/^\/api\/v1(\/|$)/.test(path)) continue;
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const sentence = scopeSentence(operationScope(method, path));
      if (operation.description?.includes(sentence)) continue;
      operation.description = operation.description ? `${operation.description}\n\n${sentence}` : sentence;
    }
  }
  return document;
}
