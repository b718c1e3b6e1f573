import type { Services } from "../../../services.ts";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.ts";
import { ErrorEnvelopeSchema } from "../../errors.ts";

export const OPENAPI_PATH = "/api/openapi.json";

export function openApiInfo(publicUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Mail Helper API",
      version: "1",
      description: "JSON API of Mail Helper. Errors always use the `Error` envelope.",
    },
    servers: [{ url: publicUrl }],
  };
}

/** The OpenAPI 3.1 document of every route registered with `app.openapi()`. */
export function registerOpenApiDocument(app: OpenAPIHono<AppEnv>, { config }: Services) {
  // Every route may answer with it, so it is part of the document even before a route names it.
  app.openAPIRegistry.register("Error", ErrorEnvelopeSchema);
  app.doc31(OPENAPI_PATH, openApiInfo(config.publicUrl));
}
