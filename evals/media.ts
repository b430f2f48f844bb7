/**
 * The simulated clients' attachments. Each photo is the fixture hair photo carrying its client's
 * name in a PNG text chunk, and each voice note names its transcript: the model side can then tell
 * whose photo it is asked to look at, and the transcription stand-in what the client said.
 */
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { personaById, type Topic } from "./personas";

const photo = readFileSync(new URL("../fixtures/media/curls.png", import.meta.url));
const PHOTO_TAG = "tata-eval-photo";
const VOICE_TAG = "tata-eval-voice";

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The hair photo with a `tEXt` chunk naming the persona, before the image's end. */
export function personaPhoto(personaId: string): Buffer {
  const end = photo.length - 12; // IEND: length, type, CRC
  return Buffer.concat([photo.subarray(0, end), pngChunk("tEXt", Buffer.from(`${PHOTO_TAG}\0${personaId};`, "latin1")), photo.subarray(end)]);
}

/** The persona a photo's bytes name, or null. */
export function photoPersona(bytes: Uint8Array): string | null {
  const text = Buffer.from(bytes).toString("latin1");
  return new RegExp(`${PHOTO_TAG}\\0([\\w-]+);`).exec(text)?.[1] ?? null;
}

/** A voice note's bytes: an Ogg page header and the persona and topic whose answer it speaks. */
export const personaVoiceNote = (personaId: string, topic: Topic) => Buffer.from(`OggS\0${VOICE_TAG}:${personaId}:${topic}\0`, "latin1");

/** What the voice note in a transcription request says, and whose it is; null for an unknown one. */
export function voiceNoteOf(body: Buffer): { persona: string; text: string } | null {
  const match = new RegExp(`${VOICE_TAG}:([\\w-]+):(\\w+)`).exec(body.toString("latin1"));
  if (!match) return null;
  const answer = personaById(match[1]!).answers[match[2] as Topic];
  return answer ? { persona: match[1]!, text: answer.text } : null;
}
