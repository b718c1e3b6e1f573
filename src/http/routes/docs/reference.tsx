import type { Services } from "../../../services.ts";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { ApiReferencePage } from "../../../../views/docs/api-reference.tsx";
import type { AppEnv } from "../../env.ts";
import { pageContext } from "../../page.ts";
import { OPENAPI_PATH, openApiInfo } from "./openapi.ts";

/** A browsable, server-rendered reference of the OpenAPI document (no third-party script, works under the CSP). */
export function registerApiReference(app: OpenAPIHono<AppEnv>, { config }: Services) {
  app.get("/api/docs", (c) => {
    const document = app.getOpenAPI31Document(openApiInfo(config));
    return c.html(<ApiReferencePage page={pageContext(c)} document={document as Parameters<typeof ApiReferencePage>[0]["document"]} specUrl={OPENAPI_PATH} />);
  });
}
