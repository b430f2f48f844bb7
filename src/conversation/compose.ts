/**
 * The model's input, composed from current stored state at the moment of the request
 * (ADR 010.1, 010.5): the system prompt, then the consultation as chat messages. The same
 * state always composes the same request, which is what makes replay exact.
 */
import type { Config } from "../config";
import type { ChatCompletionMessageParam } from "../openai/client";
import { consultantPrompt } from "./consultant-prompt";
import type { ConversationState } from "./store";
import { timelineOf, type ClientTurn } from "./timeline";

function clientText(turn: ClientTurn): string {
  const lines: string[] = [];
  if (turn.text.trim()) lines.push(turn.text.trim());
  for (const transcript of turn.transcripts) lines.push(`[voice note] ${transcript.text}`);
  const stored = new Set(turn.media.map((m) => m.index));
  for (const announced of turn.announcedMedia) {
    if (!stored.has(announced.index) && !turn.transcripts.some((t) => t.index === announced.index)) {
      lines.push(`[attachment ${announced.index + 1} (${announced.contentType || "unknown type"}) did not come through]`);
    }
  }
  return lines.join("\n") || "[empty message]";
}

export function composeModelInput(state: ConversationState, config: Pick<Config, "stylist">): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: "system", content: consultantPrompt(config.stylist) }];
  for (const turn of timelineOf(state)) {
    if (turn.kind === "client") messages.push({ role: "user", content: clientText(turn) });
    else if (turn.status !== "failed") messages.push({ role: "assistant", content: turn.text });
  }
  return messages;
}
