/**
 * The hand-off (ADR 009): a `https://wa.me/{stylist}?text=` link whose text is the plain-text
 * summary (no emoji) and the summary page link. Links are built here, from config, never by the model.
 */

/** Pictographs with their skin-tone modifiers, variation selectors, keycaps, flags and tag sequences. */
const emoji =
  /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}\u{20E3}]|\u{FE0F}|\u{FE0E}/gu;
/** A zero-width joiner only goes when it joined emoji: elsewhere (Persian, Indic scripts) it shapes letters. */
const emojiJoiner = /\u{200D}(?=\p{Extended_Pictographic})|(?<=[\p{Extended_Pictographic}\u{FE0F}\u{1F3FB}-\u{1F3FF}])\u{200D}/gu;
/** Control characters other than tab and newline, and lone surrogates (they cannot be URL-encoded). */
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|\p{Cs}/gu;

/**
 * The whole wa.me URL stays within this many characters, so that it reaches the client whole: it
 * travels in a reply that Twilio caps at 1600 characters a message, and a longer reply is split
 * (ADR 004), preferably at a paragraph. With the model's closing words and the page link before
 * it, a link this long still lands inside one message. WhatsApp accepts pre-filled texts this long.
 */
export const MAX_HANDOFF_LINK = 1000;

/**
 * The line without the spaces and tabs that end it. A loop, not `/[ \t]+$/` or `/[ \t]+\n/`:
 * those backtrack from every space of a long run that no newline ends, in quadratic time.
 */
function withoutTrailingBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  return line.slice(0, end);
}

export function plainText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(emojiJoiner, "")
    .replace(emoji, "")
    .replace(controls, "")
    .split("\n")
    .map(withoutTrailingBlanks)
    .join("\n")
    .replace(/[ \t]{2,}/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Percent-encodes everything but letters, digits and `-._~`: WhatsApp's link detection stops at `'()!*`. */
const encodeText = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const encodedLength = (text: string) => encodeText(text).length;

/**
 * The text the stylist receives: the summary, then the page link, shortened (at a line or word,
 * marked with "…") so that its encoded form fits `room` characters. The link is never cut.
 */
export function handoffText(summary: string, summaryPageUrl: string, room = MAX_HANDOFF_LINK): string {
  const withLink = (body: string) => (body ? `${body}\n\n${summaryPageUrl}` : summaryPageUrl);
  const body = plainText(summary);
  if (encodedLength(withLink(body)) <= room) return withLink(body);
  // The longest prefix (in whole code points) whose encoded form fits, found by bisection.
  const points = [...body];
  let [low, high] = [0, points.length];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (encodedLength(withLink(`${points.slice(0, mid).join("")}…`)) <= room) low = mid;
    else high = mid - 1;
  }
  const cut = points.slice(0, low).join("");
  const boundary = Math.max(cut.lastIndexOf("\n"), cut.lastIndexOf(" "));
  return withLink(`${(boundary > cut.length / 2 ? cut.slice(0, boundary) : cut).trimEnd()}…`);
}

export function waMeLink(stylistNumber: string, summary: string, summaryPageUrl: string): string {
  const base = `https://wa.me/${stylistNumber.replace(/\D/g, "")}?text=`;
  return base + encodeText(handoffText(summary, summaryPageUrl, MAX_HANDOFF_LINK - base.length));
}
