/** Renders an OpenAPI 3.1 document as a page: one section per operation, schemas as JSON. */
import { translator } from "../../src/i18n/messages.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

type Json = Record<string, unknown>;
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Json }[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
}
interface Document {
  info: { title: string; description?: string };
  paths?: Record<string, Record<string, Operation> | undefined>;
  components?: { schemas?: Record<string, Json> };
}

const METHODS = ["get", "post", "put", "patch", "delete"];

/** Inlines `#/components/schemas/X` references one level deep, so each operation reads on its own. */
function resolve(schema: Json | undefined, components: Record<string, Json>): Json | undefined {
  const ref = schema?.$ref;
  return typeof ref === "string" ? { title: ref.split("/").pop(), ...components[ref.split("/").pop() ?? ""] } : schema;
}

function SchemaBlock({ schema }: { schema: Json | undefined }) {
  return schema ? <pre>{JSON.stringify(schema, null, 2)}</pre> : null;
}

export function ApiReferencePage({ page, document, specUrl }: { page: PageContext; document: Document; specUrl: string }) {
  const tr = translator(page.lang);
  const components = document.components?.schemas ?? {};
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) => METHODS.filter((method) => item?.[method]).map((method) => ({ path, method, operation: item![method]! })));
  return (
    <Layout page={page} title={tr("docs.title")}>
      <h1>{document.info.title}</h1>
      <p>
        {tr("docs.intro")} <a href={specUrl}>{specUrl}</a>
      </p>
      {document.info.description && <p>{document.info.description}</p>}
      {operations.map(({ path, method, operation }) => (
        <section class="api-op" id={`${method}-${path}`}>
          <h2>
            <code class="method">{method}</code>
            <code>{path}</code>
          </h2>
          {operation.summary && <p>{operation.summary}</p>}
          {operation.description && <p>{operation.description}</p>}
          <h3>{tr("docs.parameters")}</h3>
          {operation.parameters?.length ? (
            <ul>
              {operation.parameters.map((parameter) => (
                <li>
                  <code>{parameter.name}</code> ({parameter.in}
                  {parameter.required ? ", required" : ""}) {parameter.description}
                </li>
              ))}
            </ul>
          ) : (
            <p>{tr("docs.noParameters")}</p>
          )}
          {operation.requestBody && (
            <>
              <h3>{tr("docs.request")}</h3>
              <SchemaBlock schema={resolve(Object.values(operation.requestBody.content ?? {})[0]?.schema, components)} />
            </>
          )}
          <h3>{tr("docs.responses")}</h3>
          {Object.entries(operation.responses ?? {}).map(([status, response]) => (
            <div>
              <p>
                <strong>{status}</strong> {response.description}
              </p>
              <SchemaBlock schema={resolve(Object.values(response.content ?? {})[0]?.schema, components)} />
            </div>
          ))}
        </section>
      ))}
    </Layout>
  );
}
