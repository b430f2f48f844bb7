/**
 * Everything the summary page shows, read live from KV and R2 for one request (ADR 010): nothing
 * here is stored or cached. What could not be read is carried along to be said plainly.
 */
import type { Config } from "../config/settings";
import { detectLanguage, type Language } from "../utils/language";
import { readConsent, readConversation, type ClientKey, type MediaObjectInfo, type Storage } from "../storage/store";
import { clientWords, latestHandoffSummary, timelineOf, type ClientTurn } from "../conversation/timeline";
import { observationEntries, observationsBySidIndex, type ObservationField } from "../conversation/photo-observation";
import { linkExpiry, mediaLink } from "../media/signed-links";
import { resolveConversationId } from "./conversation-id";
import { waMeLink } from "./handoff-link";
import { consultationStatus, isPhoto, type ConsultationStatus } from "./status";

export type Attachment =
  | { kind: "photo"; src: string; note?: "no-content-type"; observation?: Array<[ObservationField, string]> }
  | { kind: "voice-note"; transcript?: string }
  | { kind: "other"; contentType: string }
  | { kind: "empty" }
  | { kind: "not-stored"; contentType: string };

export type PageTurn =
  | { kind: "client"; at: string; text: string; attachments: Attachment[] }
  | { kind: "assistant"; at: string; text: string; delivered: boolean };

export interface SummaryView {
  language: Language;
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

/** The page's content for a conversation id, or null when the id is unknown, forged, tampered or revoked. */
export async function loadSummaryView(deps: SummaryDeps, conversationId: string): Promise<SummaryView | null> {
  const resolved = await resolveConversationId(deps.config.linkSigningSecret, deps.store, conversationId);
  if (!resolved) return null;
  const { client, consultation } = resolved;
  const [state, consent] = await Promise.all([readConversation(deps.store, client), readConsent(deps.store, client)]);
  const turns = timelineOf(state);
  const expiry = linkExpiry(deps.now, PAGE_PHOTO_LINK_SECONDS);
  // Relative links: the page's CSP allows images from 'self' only, whatever origin served it.
  const photoLink = (key: string) => mediaLink(deps.config.linkSigningSecret, "", client, consultation, key, expiry);

  const clientTurns = turns.filter((t): t is ClientTurn => t.kind === "client");
  const observed = observationsBySidIndex(state);
  const attachedKeys = new Set(clientTurns.flatMap((t) => t.media.map((m) => m.key)));
  const attachedSids = new Set(clientTurns.map((t) => t.sid));
  const pageTurns = await Promise.all(
    turns.map(async (turn): Promise<PageTurn> =>
      turn.kind === "client"
        ? { kind: "client", at: turn.at, text: turn.text, attachments: await attachmentsOf(turn, photoLink, observed) }
        : { kind: "assistant", at: turn.at, text: turn.text, delivered: turn.status !== "failed" },
    ),
  );
  const orphanMedia = state.media.filter((m) => !attachedKeys.has(m.key));
  const orphans = [
    ...(await Promise.all(orphanMedia.map((m) => attachmentOf(m, undefined, undefined, photoLink)))),
    ...state.transcripts.filter((t) => !attachedSids.has(t.sid)).map((t): Attachment => ({ kind: "voice-note", transcript: t.text })),
  ];

  const photoTimes = [
    ...clientTurns.flatMap((t) => t.media.filter((m) => m.size > 0 && isPhoto(m, announcedType(t, m.index))).map(() => t.at)),
    ...orphanMedia.filter((m) => m.size > 0 && isPhoto(m)).map((m) => m.uploaded),
  ];
  const summary = latestHandoffSummary(turns);
  const pageUrl = `${deps.publicOrigin}/summary/${conversationId}`;
  return {
    language: detectLanguage(clientWords(turns)),
    profileName: [...state.inbound].reverse().find((m) => m.params.ProfileName?.trim())?.params.ProfileName?.trim() ?? "",
    startedAt: consultation.startedAt,
    lastActiveAt: turns.reduce((latest, t) => (Date.parse(t.at) > Date.parse(latest) ? t.at : latest), consultation.startedAt),
    status: consultationStatus(turns, photoTimes),
    ...(summary ? { handoff: { summary, waMeLink: waMeLink(deps.config.stylist.whatsappNumber, summary, pageUrl) } } : {}),
    turns: pageTurns,
    orphans,
    problems: state.problems.map((p) => ({ name: nameUnder(client, p.key), reason: p.reason })),
    photoCount: photoTimes.length,
    ...(consent.since ? { optedOutSince: consent.since } : {}),
    retentionDays: deps.config.retentionDays,
  };
}

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

const nameUnder = (client: ClientKey, key: string) => (key.startsWith(`${client}/`) ? key.slice(client.length + 1) : key);
