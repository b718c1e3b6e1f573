import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { providerFor, testConnection } from "../../../analysis/llm/providers/index.ts";
import { loadOutboundPolicy } from "../../../net/allowed-targets-store.ts";
import { claimConnectionTestOrRefuse, visibleTransportFailure } from "../../connection-tests.ts";
import type { AppEnv } from "../../env.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { isHtmx, requestDataKey } from "../../request.ts";
import { formConnection } from "../../../analysis/llm/unsaved-connection.ts";
import { formValues, parseConnectionForm } from "../../../analysis/llm/settings-input.ts";
import { renderAiSettings } from "./ai-render.tsx";
import { ModelFields, TestResult, type ModelsState, type TestState } from "../../../../views/settings/ai-page.tsx";

/**
 * "Load models" and "test connection" on the values typed into the form,
 * before they are saved. Both only read from the provider; they are POSTs
 * because the form may carry a new API key, which must not go into a URL.
 */
export function registerAiSettingsProbes(app: Hono<AppEnv>, services: Services) {
  app.post("/settings/ai/models", async (c) => {
    const form = await readForm(c);
    const values = formValues(form);
    const parsed = parseConnectionForm(form);
    let models: ModelsState;
    if (!parsed.ok) models = { invalid: parsed.invalid };
    else {
      const user = actingUser(c);
      const connection = await formConnection(services.sql, await requestDataKey(c, services), user.id, parsed.value);
      await claimConnectionTestOrRefuse(c, services);
      const list = await providerFor(connection.kind).listModels(connection, { outbound: await loadOutboundPolicy(services.sql), signal: c.req.raw.signal });
      models = list.ok ? { models: list.models } : visibleTransportFailure(c, { reason: list.reason, detail: list.detail });
      c.get("log").info("llm models listed", { userId: user.id, kind: connection.kind, outcome: list.ok ? "ok" : list.reason });
    }
    // On a list, the first model is preselected when none was chosen yet.
    if ("models" in models && !values.model) values.model = models.models[0];
    if (isHtmx(c)) return c.html(<ModelFields page={pageContext(c)} values={values} models={models} />);
    return renderAiSettings(c, services, { values, models });
  });

  app.post("/settings/ai/test", async (c) => {
    const form = await readForm(c);
    const values = formValues(form);
    const parsed = parseConnectionForm(form);
    let test: TestState;
    if (!parsed.ok) test = { ok: false, invalid: parsed.invalid };
    else {
      const user = actingUser(c);
      const connection = await formConnection(services.sql, await requestDataKey(c, services), user.id, parsed.value);
      const model = values.model?.trim() || undefined;
      await claimConnectionTestOrRefuse(c, services);
      const result = await testConnection(connection, model, { outbound: await loadOutboundPolicy(services.sql), signal: c.req.raw.signal });
      test = result.ok ? { ok: true, models: result.models.length, modelAvailable: result.modelAvailable, model } : visibleTransportFailure(c, result);
      c.get("log").info("llm connection tested", { userId: user.id, kind: connection.kind, outcome: result.ok ? "ok" : result.reason });
    }
    if (isHtmx(c)) return c.html(<TestResult page={pageContext(c)} test={test} />);
    return renderAiSettings(c, services, { values, test });
  });
}
