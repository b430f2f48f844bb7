/**
 * The model's input, composed from current stored state at the moment of the request
 * (ADR 010.1, 010.5). Ordered so that each request starts with what the previous one started
 * with (ADR-019.8): the system prompt and the tools (fixed for a deployment), then the
 * observations of the photos (they only grow, when a photo arrives), then the client's earlier
 * words, condensed (they grow at their end, ADR 011), then the recent turns verbatim. The same
 * state always composes the same request, which is what makes replay exact.
 */
import type { Config } from "../config/settings";
import { mediaKindOf, parseContentType } from "../media/content-type";
import { answerLimits } from "./answer-limits";
import { arrivingPhotos, modelPhotoPolicy, photoLinks, unansweredTurns } from "./model-photos";
import type { ChatCompletionContentPart, ChatCompletionMessageParam, ChatCompletionTool } from "../openai/client";
import { consultantPrompt, handoffTool } from "./consultant-prompt";
import { condensedEarlierWords, photoNumbers, photoReference, splitAtWindow } from "./context-policy";
import { observationEntries, observationsBySidIndex, type ObservationField } from "./photo-observation";
import type { ConversationState, ObservationRecord } from "../storage/records";
import { timelineOf, type ClientTurn, type Turn } from "./timeline";

const fieldLabels: Record<ObservationField, string> = {
  curl_pattern: "curls",
  density: "density",
  porosity_and_damage: "damage",
  length: "length",
  scalp: "scalp",
  photo_quality: "photo",
  check_in_person: "check",
};

/**
 * ADR-019.5: a field is cut to this many characters in the request, so a wordy observation
 * cannot grow every later prompt; the record and the summary page keep it whole.
 */
const OBSERVATION_FIELD_MAX_CHARS = 48;
const cut = (text: string) => (text.length <= OBSERVATION_FIELD_MAX_CHARS ? text : `${text.slice(0, OBSERVATION_FIELD_MAX_CHARS - 1).trimEnd()}…`);

/**
 * ADR 029.7: the bounds of a request's input. A client's message and a voice note's transcript
 * reach the model cut to this many characters each (the record and the summary page keep them
 * whole); the observations' block lists the photos in order until it holds this many characters.
 */
export const inputLimits = { clientTextChars: 2000, observationBlockChars: 6000 } as const;
const bounded = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/** ADR-019.5 (amended 2026-12-07): a photo of a turn not answered yet that could not be attached; the model is not to pretend it saw it. */
export const UNSEEN_PHOTO = "sent with the client's message below, but it could not be shown to you: you have not seen it, so say so and ask for it again.";

export const OBSERVATIONS_HEADING =
  "What you saw in the client's photos, each looked at once when it arrived (your own notes, by photo number; the photos are not sent again):";

/**
 * ADR-019.5: one line per photo of the consultation, in the order they arrived. A photo without
 * an observation is attached to its own turn below (not answered yet), or could not be (no link
 * could be made for it: the model has not seen it), or was shown once.
 */
function observationLines(
  turns: readonly Turn[],
  numbers: ReadonlyMap<string, number>,
  observed: ReadonlyMap<string, ObservationRecord>,
  attachable: ReadonlySet<string>,
  attached: ReadonlyMap<string, string>,
): string[] {
  const lines: string[] = [];
  for (const turn of turns) {
    if (turn.kind !== "client") continue;
    for (const media of turn.media) {
      const number = numbers.get(media.key);
      if (number === undefined) continue;
      const record = observed.get(`${turn.sid}-${media.index}`);
      const described = record && observationEntries(record.observation).map(([field, text]) => `${fieldLabels[field]} ${cut(text)}`).join("; ");
      if (described) lines.push(`Photo ${number}: ${described}`);
      else if (attached.has(media.key)) lines.push(`Photo ${number}: attached to the client's message below; no notes yet.`);
      else if (attachable.has(media.key)) lines.push(`Photo ${number}: ${UNSEEN_PHOTO}`);
      else lines.push(`Photo ${number}: shown to you once when it arrived; no notes were recorded.`);
    }
  }
  return lines;
}

/**
 * The first lines that fit in `maxChars` (with their line breaks), then one line saying how many
 * were left out: the block only grows at its end, so the request keeps its stable prefix (ADR-019.8).
 */
export function boundedBlock(lines: readonly string[], maxChars: number): string[] {
  let size = 0;
  const kept = lines.findIndex((line) => (size += line.length + 1) > maxChars);
  return kept === -1 ? [...lines] : [...lines.slice(0, kept), `(${lines.length - kept} more photos: your notes on them are not repeated here)`];
}

/**
 * A client turn as the model reads it: the words, voice-note transcripts, and a note for each
 * attachment (ADR 006). A photo is referred to by its number (the observations say what it
 * showed); only a photo of a turn not answered yet that has no observation is attached as an image
 * (ADR-019.5).
 */
function clientContent(turn: ClientTurn, numbers: ReadonlyMap<string, number>, attached: ReadonlyMap<string, string>): ChatCompletionContentPart[] | string {
  const lines: string[] = [];
  if (turn.text.trim()) lines.push(bounded(turn.text.trim(), inputLimits.clientTextChars));
  for (const transcript of turn.transcripts) lines.push(`[voice note] ${bounded(transcript.text, inputLimits.clientTextChars)}`);
  const photos = turn.media.flatMap((media) => numbers.get(media.key) ?? []);
  if (photos.length) lines.push(photoReference(photos));
  const images: ChatCompletionContentPart[] = [];
  for (const media of turn.media) {
    const attachment = `attachment ${media.index + 1} (${media.contentType || "unknown type"})`;
    const kind = mediaKindOf(parseContentType(media.contentType));
    const number = numbers.get(media.key);
    const link = attached.get(media.key);
    if (number !== undefined) {
      if (link) images.push({ type: "image_url", image_url: { url: link, detail: modelPhotoPolicy.detail } });
    } else if (kind === "voice" && !turn.transcripts.some((t) => t.index === media.index)) {
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

/** ADR-028.6: what the stylist wrote herself stays in the assistant's place, marked as hers, so the model never contradicts her. */
export const stylistWords = (name: string, text: string) => `[${name} wrote this to the client herself, from her console]\n${text}`;

/**
 * `photoLinks`: signed links, by R2 key, of the photos to attach as images: those of the turns
 * not answered yet that have no observation (see `consultantRequest`).
 */
export function composeModelInput(
  state: ConversationState,
  config: Pick<Config, "stylist">,
  photoLinks: ReadonlyMap<string, string> = new Map(),
): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: "system", content: consultantPrompt(config.stylist) }];
  const turns = timelineOf(state);
  const numbers = photoNumbers(turns);
  const observed = observationsBySidIndex(state);
  const attachable = new Set(unansweredTurns(turns).flatMap((turn) => turn.media.filter((m) => !observed.has(`${turn.sid}-${m.index}`)).map((m) => m.key)));
  const attached = new Map([...photoLinks].filter(([key]) => attachable.has(key)));
  const lines = boundedBlock(observationLines(turns, numbers, observed, attachable, attached), inputLimits.observationBlockChars);
  // Derived from the client's photos, so never system text (ADR-019.2).
  if (lines.length) messages.push({ role: "user", content: [OBSERVATIONS_HEADING, ...lines].join("\n") });
  const { earlier, recent } = splitAtWindow(turns);
  const condensed = condensedEarlierWords(earlier, numbers);
  if (condensed) messages.push(condensed);
  for (const turn of recent) {
    if (turn.kind === "client") messages.push({ role: "user", content: clientContent(turn, numbers, attached) });
    else if (turn.status !== "failed") messages.push({ role: "assistant", content: turn.stylist ? stylistWords(config.stylist.name, turn.text) : turn.text });
  }
  return messages;
}

/**
 * The whole request for the model at `now`: the composed messages, with signed links to the
 * arriving photos that have no observation, the consultant's tools and the output cap
 * (ADR 018.1). The reply path sends it; replay prints it.
 */
export async function consultantRequest(
  state: ConversationState,
  config: Pick<Config, "stylist" | "linkSigningSecret">,
  origin: string,
  now: Date,
): Promise<{ messages: ChatCompletionMessageParam[]; tools: ChatCompletionTool[]; maxCompletionTokens: number }> {
  const observed = observationsBySidIndex(state);
  const unobserved = arrivingPhotos(state).filter((photo) => !observed.has(`${photo.sid}-${photo.index}`));
  const links = await photoLinks(state, { secret: config.linkSigningSecret, origin, now }, unobserved);
  return { messages: composeModelInput(state, config, links), tools: [handoffTool], maxCompletionTokens: answerLimits.maxCompletionTokens };
}
