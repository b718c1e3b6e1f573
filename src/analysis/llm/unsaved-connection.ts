/**
 * The connection a test or a model list uses for values typed into the
 * settings form (not saved yet): the key typed, or else the stored one, but
 * the stored key only for the origin it was stored for, so a changed base
 * URL cannot carry it to another host.
 */
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { loadLlmSettings, sameOrigin } from "./settings.ts";
import { DEFAULT_TIMEOUT_SECONDS } from "./limits.ts";
import type { ProviderConnection } from "./types.ts";
import type { ConnectionInput } from "./settings-input.ts";

export async function formConnection(sql: Sql, dataKey: SecretKey, userId: string, input: ConnectionInput): Promise<ProviderConnection> {
  let apiKey = input.apiKey ?? null;
  if (input.apiKey === undefined) {
    const saved = await loadLlmSettings(sql, dataKey, userId);
    if (saved?.apiKey && sameOrigin(saved.baseUrl, input.baseUrl)) apiKey = saved.apiKey;
  }
  return { kind: input.kind, baseUrl: input.baseUrl, apiKey, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS };
}
