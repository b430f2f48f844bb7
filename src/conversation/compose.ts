/**
 * The model's input, composed from current stored state at the moment of the request
 * (ADR 010.1, 010.5): the system prompt, then the consultation as chat messages, bounded by
 * the context policy (ADR 011: recent turns verbatim, earlier ones condensed). The same
 * state always composes the same request, which is what makes replay exact.
 */
import type { Config } from "../config/settings";
import type { ChatCompletionContentPart } from "openai/resources/chat/completions";
import { mediaKindOf, parseContentType } from "../media/content-type";
import { answerLimits } from "./answer-limits";
import { modelPhotoPolicy, photoLinks } from "./model-photos";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "../openai/client";
import { consultantPrompt, handoffTool } from "./consultant-prompt";
import { condensedEarlierTurns, splitAtWindow } from "./context-policy";
import type { ConversationState } from "../storage/store";
import { timelineOf, type ClientTurn } from "./timeline";

/**
 * A client turn as the model reads it: the words, voice-note transcripts, and a note for each
 * attachment it cannot see (ADR 006); its photos as image parts when `photoLinks` has them.
 */
function clientContent(turn: ClientTurn, photoLinks: ReadonlyMap<string, string>): ChatCompletionContentPart[] | string {
  const lines: string[] = [];
  if (turn.text.trim()) lines.push(turn.text.trim());
  for (const transcript of turn.transcripts) lines.push(`[voice note] ${transcript.text}`);
  const images: ChatCompletionContentPart[] = [];
  for (const media of turn.media) {
    const attachment = `attachment ${media.index + 1} (${media.contentType || "unknown type"})`;
    const kind = mediaKindOf(parseContentType(media.contentType));
    const link = photoLinks.get(media.key);
    if (kind === "photo" && link) images.push({ type: "image_url", image_url: { url: link, detail: modelPhotoPolicy.detail } });
    else if (kind === "photo") lines.push(`[${attachment}: a photo shown to you earlier in the consultation]`);
    else if (kind === "voice" && !turn.transcripts.some((t) => t.index === media.index)) {
      lines.push(`[${attachment}: a voice note that could not be transcribed; the client was asked to resend or write it]`);
    } else if (kind === "other") {
      lines.push(`[${attachment}: kept for the stylist; you cannot see it, and the client was told that only photos can be looked at]`);
    }
  }
  const stored = new Set(turn.media.map((m) => m.index));
  for (const announced of turn.announcedMedia) {
    if (!stored.has(announced.index) && !turn.transcripts.some((t) => t.index === announced.index)) {
      lines.push(`[attachment ${announced.index + 1} (${announced.contentType || "unknown type"}) did not come through]`);
    }
  }
  if (images.length === 0) return lines.join("\n") || "[empty message]";
  return lines.length ? [{ type: "text", text: lines.join("\n") }, ...images] : images;
}

/** `photoLinks`: the signed links of the photos to attach, by R2 key (see `model-photos.ts`). */
export function composeModelInput(
  state: ConversationState,
  config: Pick<Config, "stylist">,
  photoLinks: ReadonlyMap<string, string> = new Map(),
): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: "system", content: consultantPrompt(config.stylist) }];
  const turns = timelineOf(state);
  const { earlier, recent } = splitAtWindow(turns);
  messages.push(...condensedEarlierTurns(earlier, turns, photoLinks, modelPhotoPolicy.detail));
  for (const turn of recent) {
    if (turn.kind === "client") messages.push({ role: "user", content: clientContent(turn, photoLinks) });
    else if (turn.status !== "failed") messages.push({ role: "assistant", content: turn.text });
  }
  return messages;
}

/**
 * The whole request for the model at `now`: the composed messages with signed links to the photos
 * it attaches, the consultant's tools and the output cap (ADR 018.1). The reply path sends it;
 * replay prints it.
 */
export async function consultantRequest(
  state: ConversationState,
  config: Pick<Config, "stylist" | "linkSigningSecret">,
  origin: string,
  now: Date,
): Promise<{ messages: ChatCompletionMessageParam[]; tools: ChatCompletionTool[]; maxCompletionTokens: number }> {
  const links = await photoLinks(state, { secret: config.linkSigningSecret, origin, now });
  return { messages: composeModelInput(state, config, links), tools: [handoffTool], maxCompletionTokens: answerLimits.maxCompletionTokens };
}
