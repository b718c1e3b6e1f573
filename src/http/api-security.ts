/**
 * The `security` of every signed-in JSON API operation: the browser's
 * session cookie, or a personal API token (`Authorization: Bearer mh_…`).
 * The schemes are registered with the OpenAPI document
 * (src/http/routes/docs/openapi.ts); public operations say `security: []`.
 *
 * Typed as a list of requirement objects: an inline literal of the two
 * alternatives is inferred as a union that createRoute refuses.
 *
 * @example
 *   createRoute({ method: "get", path: "/api/v1/things", operationId: "listThings", security: API_SECURITY, ... })
 */
export const API_SECURITY: Record<string, string[]>[] = [{ cookieSession: [] }, { bearerToken: [] }];
