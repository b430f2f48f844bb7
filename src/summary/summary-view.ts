/**
 * Everything the summary page shows, read live from KV and R2 for one request (ADR 010): nothing
 * here is stored or cached. What could not be read is carried along to be said plainly.
 */
import type { Config } from "../config/settings";
import { detectLanguage, type Language } from "../utils/language";
import type { Storage } from "../storage/bucket";
import { mediaReceivedMsOf, nameUnderClient } from "../storage/keys";
import { readConsent } from "../storage/outside-client";
import type { MediaObjectInfo } from "../storage/records";
import { pageCursorText, parsePageCursor, readConversationPage } from "../storage/conversation-page";
import { clientWords, timelineOf, type ClientTurn } from "../conversation/timeline";
import { observationEntries, observationsBySidIndex, type ObservationField } from "../conversation/photo-observation";
import { linkExpiry, mediaLink } from "../media/signed-links";
import { resolveConversationId } from "./conversation-id";
import { waMeLink } from "./handoff-link";
import { deliveryOnPage, type DeliveryOnPage } from "./delivery";
import { consultationStatus, isPhoto, type ConsultationStatus } from "./status";

export type Attachment =
  | { kind: "photo"; src: string; note?: "no-content-type"; observation?: Array<[ObservationField, string]> }
  | { kind: "voice-note"; transcript?: string }
  | { kind: "other"; contentType: string }
  | { kind: "empty" }
  | { kind: "not-stored"; contentType: string };

export type PageTurn =
  | { kind: "client"; at: string; text: string; attachments: Attachment[] }
  | { kind: "assistant"; at: string; text: string; delivery: DeliveryOnPage; byStylist?: true };

export interface SummaryView {
  language: Language;
  /** Who the stylist's own messages are shown as (ADR 028.5). */
  stylistName: string;
  profileName: string;
  startedAt: string;
  lastActiveAt: string;
  status: ConsultationStatus;
  handoff?: { summary: string; waMeLink: string };
  turns: PageTurn[];
  /** Media and transcripts whose message record is missing or unreadable. */
  orphans: Attachment[];
  /** What exists but could not be read: its name under the client's prefix (never the phone number), and why. */
  problems: Array<{ name: string; reason: string }>;
  photoCount: number;
  /** When the client opted out, while the opt-out is in force (ADR 020.2). */
  optedOutSince?: string;
  /** How long stored data lives before it is deleted by itself (ADR 020.4). */
  retentionDays: number;
  /** Links to the neighbouring pages, relative to this one (ADR 022.4). */
  paging: { earlier?: string; latest?: string };
  /** Entries this page leaves out by its limits; earlier pages or a reload show them. */
  notShown: number;
}

/** Photo links on the page live 1 to 2 hours: long enough to read and print. A reset revokes them sooner. */
const PAGE_PHOTO_LINK_SECONDS = 3600;

export interface SummaryDeps {
  store: Storage;
  config: Config;
  /** Origin of the page link inside the hand-off text. */
  publicOrigin: string;
  now: Date;
}

/**
 * The page's content for a conversation id and an optional page cursor (ADR 022.4), or null when
 * the id is unknown, forged, tampered or revoked. The header (name, times, status, photos, the
 * hand-off) is the consultation's; the turns are those of the page.
 */
export async function loadSummaryView(deps: SummaryDeps, conversationId: string, before?: string): Promise<SummaryView | null> {
  const resolved = await resolveConversationId(deps.config.linkSigningSecret, deps.store, conversationId);
  if (!resolved) return null;
  const { client, consultation } = resolved;
  const cursor = before === undefined ? undefined : (parsePageCursor(before) ?? undefined);
  const [page, consent] = await Promise.all([readConversationPage(deps.store, client, cursor), readConsent(deps.store, client)]);
  const { state } = page;
  const turns = timelineOf(state);
  const recentTurns = page.recent === state ? turns : timelineOf(page.recent);
  const expiry = linkExpiry(deps.now, PAGE_PHOTO_LINK_SECONDS);
  // Relative links: the page's CSP allows images from 'self' only, whatever origin served it.
  const photoLink = (key: string) => mediaLink(deps.config.linkSigningSecret, "", client, consultation, key, expiry);

  const clientTurns = turns.filter((t): t is ClientTurn => t.kind === "client");
  const observed = observationsBySidIndex(state);
  const attachedKeys = new Set(clientTurns.flatMap((t) => t.media.map((m) => m.key)));
  const attachedSids = new Set(clientTurns.map((t) => t.sid));
  const language = detectLanguage(clientWords(recentTurns));
  const pageTurns = await Promise.all(
    turns.map(async (turn): Promise<PageTurn> =>
      turn.kind === "client"
        ? { kind: "client", at: turn.at, text: turn.text, attachments: await attachmentsOf(turn, photoLink, observed) }
        : { kind: "assistant", at: turn.at, text: turn.text, delivery: deliveryOnPage(turn, language), ...(turn.stylist ? { byStylist: true as const } : {}) },
    ),
  );
  const orphanMedia = state.media.filter((m) => !attachedKeys.has(m.key));
  const orphans = [
    ...(await Promise.all(orphanMedia.map((m) => attachmentOf(m, undefined, undefined, photoLink)))),
    ...state.transcripts.filter((t) => !attachedSids.has(t.sid)).map((t): Attachment => ({ kind: "voice-note", transcript: t.text })),
  ];

  // Photos and status are the whole consultation's, from the listing: what Twilio announced for a
  // photo stored without a content type is known where its message was read.
  const announced = new Map(
    [...clientTurns, ...recentTurns.filter((t): t is ClientTurn => t.kind === "client")].flatMap((t) =>
      t.announcedMedia.map((a) => [`-${t.sid}-${a.index}.`, a.contentType] as const),
    ),
  );
  const announcedFor = (key: string) => [...announced].find(([marker]) => key.includes(marker))?.[1];
  const photoTimes = page.media.filter((m) => m.size > 0 && isPhoto(m, m.contentType ? undefined : announcedFor(m.key))).map(receivedAtOf);
  const summary = page.handoff?.handoffSummary;
  const pageUrl = `${deps.publicOrigin}/summary/${conversationId}`;
  return {
    language,
    stylistName: deps.config.stylist.name,
    profileName: [...page.recent.inbound].reverse().find((m) => m.params.ProfileName?.trim())?.params.ProfileName?.trim() ?? "",
    startedAt: consultation.startedAt,
    lastActiveAt: recentTurns.reduce((latest, t) => (Date.parse(t.at) > Date.parse(latest) ? t.at : latest), consultation.startedAt),
    status: summary ? "summary-ready" : consultationStatus(recentTurns, photoTimes),
    ...(summary ? { handoff: { summary, waMeLink: waMeLink(deps.config.stylist.whatsappNumber, summary, pageUrl) } } : {}),
    turns: pageTurns,
    orphans,
    problems: state.problems.map((p) => ({ name: nameUnderClient(client, p.key), reason: p.reason })),
    photoCount: photoTimes.length,
    ...(consent.since ? { optedOutSince: consent.since } : {}),
    retentionDays: deps.config.retentionDays,
    paging: {
      ...(page.earlier ? { earlier: `?before=${pageCursorText(page.earlier)}` } : {}),
      ...(cursor ? { latest: conversationId } : {}),
    },
    notShown: page.notShown,
  };
}

/** Whether `text` is a page cursor as the page's own links carry them (`?before=`). */
export const isPageCursor = (text: string) => parsePageCursor(text) !== null;

/** When a media object arrived: its key says (ADR 003), else when it was stored. */
const receivedAtOf = (media: MediaObjectInfo) => {
  const ms = mediaReceivedMsOf(media.key);
  return ms !== null ? new Date(ms).toISOString() : media.uploaded;
};

const announcedType = (turn: ClientTurn, index: number) => turn.announcedMedia.find((a) => a.index === index)?.contentType;

/** A turn's attachments in index order; a photo carries what the model saw in it (ADR-019.7). */
async function attachmentsOf(turn: ClientTurn, photoLink: (key: string) => Promise<string>, observed: ReturnType<typeof observationsBySidIndex>): Promise<Attachment[]> {
  const indexes = [...new Set([...turn.media, ...turn.announcedMedia, ...turn.transcripts].map((x) => x.index))].sort((a, b) => a - b);
  return Promise.all(
    indexes.map(async (index): Promise<Attachment> => {
      const stored = turn.media.find((m) => m.index === index);
      const transcript = turn.transcripts.find((t) => t.index === index)?.text;
      const announced = announcedType(turn, index);
      if (stored) {
        const attachment = await attachmentOf(stored, announced, transcript, photoLink);
        const observation = observed.get(`${turn.sid}-${index}`)?.observation;
        return attachment.kind === "photo" && observation ? { ...attachment, observation: observationEntries(observation) } : attachment;
      }
      if (transcript !== undefined) return { kind: "voice-note", transcript };
      return { kind: "not-stored", contentType: announced ?? "" };
    }),
  );
}

async function attachmentOf(
  media: MediaObjectInfo,
  announced: string | undefined,
  transcript: string | undefined,
  photoLink: (key: string) => Promise<string>,
): Promise<Attachment> {
  const type = (media.contentType ?? announced ?? "").toLowerCase();
  if (type.startsWith("audio/") || transcript !== undefined) return transcript === undefined ? { kind: "voice-note" } : { kind: "voice-note", transcript };
  if (media.size === 0) return { kind: "empty" };
  if (isPhoto(media, announced)) {
    const src = await photoLink(media.key);
    return media.contentType ? { kind: "photo", src } : { kind: "photo", src, note: "no-content-type" };
  }
  return { kind: "other", contentType: type };
}

