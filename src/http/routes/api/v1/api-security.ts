/**
 * The security requirement of every JSON API operation: either the
 * browser's session cookie or a personal API token (the two schemes the
 * OpenAPI document registers as `cookieSession` and `bearerToken`).
 */
export const API_SECURITY: Record<string, string[]>[] = [{ cookieSession: [] }, { bearerToken: [] }];
