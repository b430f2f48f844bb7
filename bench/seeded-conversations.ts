/**
 * Conversations written straight into local KV and R2 through the storage module (the same
 * schema the Worker writes), via wrangler's getPlatformProxy on the persist directory the
 * benchmarked Worker then starts on. Far faster than replaying thousands of webhooks.
 */
import { join } from "node:path";
import { storageOf, type Storage } from "../src/storage/bucket";
import { ensureConsultation } from "../src/storage/consultation";
import { claimAnswer, decideAnswer, recordInbound, recordPartOutcome } from "../src/storage/conversation";
import { mediaKey, type ClientKey } from "../src/storage/keys";
import { putMedia } from "../src/storage/media";
import type { Consultation } from "../src/storage/records";
import { commandOf } from "../src/conversation/commands";
import { ACCOUNT_SID, ASSISTANT_NUMBER } from "./local-stack";

export interface SeedSpec {
  client: ClientKey;
  /** Client messages; each one is answered by the assistant, so the page shows twice as many. */
  messages: number;
  photos: number;
  photoBytes: number;
}

export interface SeededConversation extends SeedSpec {
  consultation: Consultation;
  mediaKeys: string[];
}

const START = Date.parse("2026-11-01T09:00:00.000Z");
const BATCH = 25;

const clientLines = [
  "Hi! I'd like a curl consultation before my first appointment.",
  "My hair is wavy to curly, 2C to 3A, shoulder length, and it frizzes a lot in humid weather.",
  "I bleached the ends in March 2024 and had a keratin treatment in 2023.",
  "I wash twice a week with a sulfate-free shampoo and use a leave-in conditioner.",
  "I'd love defined curls that last until the next wash day, without crunch.",
];

/** Photos are spread over the client messages, at most 10 per message (Twilio's limit). */
function photosPerMessage(messages: number, photos: number): number[] {
  const counts = Array.from({ length: messages }, () => 0);
  for (let p = 0; p < photos; p++) counts[p % messages]! += 1;
  if (counts.some((c) => c > 10)) throw new Error(`${photos} photos do not fit in ${messages} messages`);
  return counts;
}

async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await Promise.all(items.slice(i, i + BATCH).map(work));
}

/** Writes one conversation through the storage module, into any KV and R2. */
export async function seedConversation(store: Storage, spec: SeedSpec): Promise<SeededConversation> {
  const photo = new Uint8Array(spec.photoBytes).map((_, i) => (i * 31) & 0xff).buffer;
  const consultation = await ensureConsultation(store, spec.client, new Date(START).toISOString());
  const counts = photosPerMessage(spec.messages, spec.photos);
  const mediaKeys: string[] = [];
  const writes: Array<() => Promise<unknown>> = [];
  for (let m = 0; m < spec.messages; m++) {
    const sid = `SM${spec.client.replace(/\D/g, "").padStart(15, "0")}${String(m).padStart(17, "0")}`;
    const receivedAt = new Date(START + m * 120_000).toISOString();
    const params: Record<string, string> = {
      MessageSid: sid,
      SmsMessageSid: sid,
      AccountSid: ACCOUNT_SID,
      From: spec.client,
      To: ASSISTANT_NUMBER,
      ProfileName: "Bench Client",
      Body: clientLines[m % clientLines.length]!,
      NumMedia: String(counts[m]),
    };
    for (let i = 0; i < counts[m]!; i++) {
      params[`MediaContentType${i}`] = "image/jpeg";
      params[`MediaUrl${i}`] = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/ME${i}`;
      const key = mediaKey(spec.client, receivedAt, sid, i, "jpg");
      mediaKeys.push(key);
      writes.push(() => putMedia(store, key, photo, "image/jpeg"));
    }
    // Tagged with its command, as the webhook records it.
    writes.push(() => recordInbound(store, spec.client, { v: 1, sid, receivedAt, params }, commandOf(params.Body!)));
    const seq = m + 1;
    const answeredAt = new Date(START + m * 120_000 + 30_000).toISOString();
    const text = "Thank you, that helps. How often do you use heat tools such as a diffuser or a flat iron?";
    writes.push(() => claimAnswer(store, spec.client, { v: 1, seq, covers: [sid], claimedAt: answeredAt }));
    writes.push(() => decideAnswer(store, spec.client, { v: 1, seq, outcome: "send", decidedAt: answeredAt, source: "model", text, parts: 1 }));
    writes.push(() =>
      recordPartOutcome(store, spec.client, { v: 1, seq, index: 0, status: "sent", twilioSid: `SM${String(m).padStart(32, "0")}`, at: answeredAt }),
    );
  }
  await inBatches(writes, (write) => write());
  return { ...spec, consultation, mediaKeys };
}

/** Seeds every conversation into `persistDir` (the directory given to startLocalWorker). */
export async function seedConversations(persistDir: string, specs: readonly SeedSpec[]): Promise<SeededConversation[]> {
  const { getPlatformProxy } = await import("wrangler"); // on first use, as in local-stack.ts
  const proxy = await getPlatformProxy<{ CHAT_HISTORY: KVNamespace; MEDIA_BUCKET: R2Bucket }>({
    configPath: "wrangler.toml",
    // startLocalWorker's persist directory holds its state under v3/.
    persist: { path: join(persistDir, "v3") },
  });
  try {
    const store: Storage = storageOf(proxy.env);
    const seeded: SeededConversation[] = [];
    for (const spec of specs) seeded.push(await seedConversation(store, spec));
    return seeded;
  } finally {
    await proxy.dispose();
  }
}
