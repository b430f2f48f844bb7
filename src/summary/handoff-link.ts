/**
 * The hand-off (ADR 009): a `https://wa.me/{stylist}?text=` link whose text is the plain-text
 * summary (no emoji) and the summary page link. Links are built here, from config, never by the model.
 */

/** Emoji and other pictographs, their joiners and variation selectors. */
const emoji = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{FE0F}\u{200D}\u{20E3}\u{1F3FB}-\u{1F3FF}]/gu;

/** wa.me pre-filled text is kept well within what WhatsApp accepts in a link. */
export const MAX_HANDOFF_TEXT = 1500;

export function plainText(text: string): string {
  return text.replace(emoji, "").replace(/[ \t]+\n/g, "\n").replace(/[ \t]{2,}/g, " ").trim();
}

/** The text the stylist receives: the summary (shortened at a line or word if needed), then the page link. */
export function handoffText(summary: string, summaryPageUrl: string): string {
  const tail = `\n\n${summaryPageUrl}`;
  let body = plainText(summary);
  const room = MAX_HANDOFF_TEXT - tail.length;
  if (body.length > room) {
    const cut = body.slice(0, room - 1);
    const boundary = Math.max(cut.lastIndexOf("\n"), cut.lastIndexOf(" "));
    body = `${cut.slice(0, boundary > room / 2 ? boundary : cut.length).trimEnd()}…`;
  }
  return body + tail;
}

export function waMeLink(stylistNumber: string, summary: string, summaryPageUrl: string): string {
  const digits = stylistNumber.replace(/\D/g, "");
  return `https://wa.me/${digits}?text=${encodeURIComponent(handoffText(summary, summaryPageUrl))}`;
}
