/** Rendering the AI settings page for a request, with whatever a form post left to show. */
import type { Services } from "../../../services.ts";
import type { Context } from "hono";
import { isLocalProvider } from "../../../analysis/llm/base-url.ts";
import { readLlmSettingsSummary } from "../../../analysis/llm/settings.ts";
import { listAccountVisibility } from "../../../analysis/llm/visibility.ts";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { AiSettingsPage, summaryValues, type AiSettingsProps } from "../../../../views/settings/ai-page.tsx";

type Extra = Partial<Pick<AiSettingsProps, "values" | "invalid" | "notice" | "models" | "test">>;

export async function renderAiSettings(c: Context<AppEnv>, { sql }: Services, extra: Extra = {}, status: 200 | 400 = 200) {
  const userId = actingUser(c).id;
  const [summary, accounts] = await Promise.all([readLlmSettingsSummary(sql, userId), listAccountVisibility(sql, userId)]);
  const values = extra.values ?? summaryValues(summary);
  c.header("Cache-Control", "no-store");
  return c.html(<AiSettingsPage page={pageContext(c)} summary={summary} local={summary ? isLocalProvider(summary) : null} accounts={accounts} {...extra} values={values} />, status);
}
