/**
 * Media content types (RFC 9110 §8.3.1): `type/subtype` followed by `; name=value` parameters.
 * Only the essence (`audio/ogg` of `audio/ogg; codecs=opus`) decides what a file is, its
 * extension and whether it may be shown inline, and only the essence is stored and served
 * (ADR 006.3): a browser reads `image/png; a=b, text/html` as a list and renders it as HTML.
 */

export interface ContentType {
  /** `type/subtype`, lower case. */
  essence: string;
  type: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The essence of a content type, or null when it is none: control characters, `,` (a list) and `"` (quoting) are refused. */
export function parseContentType(value: string | null | undefined): ContentType | null {
  const full = (value ?? "").trim();
  if (!/^[\x20-\x7e]*$/.test(full) || /[,"]/.test(full)) return null;
  const [essence = "", ...parameters] = full.split(";");
  const [type = "", subtype = "", extra] = essence.trim().toLowerCase().split("/");
  if (extra !== undefined || !TOKEN.test(type) || !TOKEN.test(subtype)) return null;
  for (const parameter of parameters) {
    if (parameter.trim() === "") continue;
    const [name = ""] = parameter.split("=");
    if (!TOKEN.test(name.trim()) || !parameter.includes("=")) return null;
  }
  return { essence: `${type}/${subtype}`, type };
}

const extensions: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/heic": "heic",
  "audio/ogg": "ogg",
  "audio/opus": "opus",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
  "audio/amr": "amr",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "application/pdf": "pdf",
  "text/plain": "txt",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
};

/** The file extension for a content type; `bin` when it is unknown or missing. */
export function extensionOf(contentType: ContentType | null): string {
  return (contentType && extensions[contentType.essence]) ?? "bin";
}

/** Formats the vision model accepts (OpenAI: PNG, JPEG, WEBP, non-animated GIF). */
const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

export type MediaKind = "photo" | "voice" | "other";

/** Photos are shown to the model, voice notes transcribed; everything else is only kept. */
export function mediaKindOf(contentType: ContentType | null): MediaKind {
  if (!contentType) return "other";
  if (PHOTO_TYPES.has(contentType.essence)) return "photo";
  return contentType.type === "audio" ? "voice" : "other";
}

/** A photo the vision model can read (by stored content type): the page and the model agree on this kind. */
export function isReadablePhoto(contentType: string | null | undefined): boolean {
  return mediaKindOf(parseContentType(contentType)) === "photo";
}

/** Images and audio may be shown in a browser; never SVG (it can carry script), HTML or anything else. */
export function isInlineSafe(contentType: ContentType | null): boolean {
  if (!contentType) return false;
  if (contentType.type === "audio") return true;
  return contentType.type === "image" && contentType.essence !== "image/svg+xml";
}
