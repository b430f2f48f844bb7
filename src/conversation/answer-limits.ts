/**
 * What one answer may be (ADR 018), in one place: the model's output cap on every chat request.
 * 1000 tokens are about 4000 characters of Spanish or English: room for a consultation turn (a
 * few hundred characters) or the hand-off tool call (summary and closing message), and no more
 * than three WhatsApp messages' worth of text.
 */
export const answerLimits = {
  maxCompletionTokens: 1000,
} as const;
