/**
 * A provider whose every request is counted in the metrics (calls, failures
 * by reason, the tokens a chat answer reports): one wrapper here rather than
 * a line in each provider and each caller. Nothing of the request or the
 * answer is kept, only the kind, the operation and the reason.
 */
import { recordLlmCall } from "../../../metrics/record.ts";
import type { LlmKind } from "../types.ts";
import type { LlmProvider } from "./provider.ts";

export function countedProvider(kind: LlmKind, provider: LlmProvider): LlmProvider {
  const embed = provider.embed;
  return {
    async chat(connection, request, call) {
      const answer = await provider.chat(connection, request, call);
      recordLlmCall(kind, "chat", answer);
      return answer;
    },
    async listModels(connection, call) {
      const answer = await provider.listModels(connection, call);
      recordLlmCall(kind, "list_models", answer);
      return answer;
    },
    ...(embed && {
      async embed(connection, request, call) {
        const answer = await embed(connection, request, call);
        recordLlmCall(kind, "embed", answer);
        return answer;
      },
    }),
  };
}
