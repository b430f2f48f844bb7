/**
 * What Twilio's error codes mean for the operator reading a log line (ADR 021), from Twilio's
 * error catalogue (twilio.com/docs/api/errors/{code}). Only codes a send of this Worker meets.
 */
const MEANINGS: Readonly<Record<number, string>> = {
  20003: "authentication failed: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
  20429: "too many requests: Twilio is rate limiting this account",
  21211: "invalid 'To' number",
  21610: "the recipient has unsubscribed from this sender (replied STOP)",
  63007: "no WhatsApp sender found for TWILIO_WHATSAPP_NUMBER on this account",
  63015: "the WhatsApp sandbox only sends to numbers that joined it (join <code>)",
  63016: "outside the 24-hour window the client's last message opened: free text is refused until they write again",
};

export function twilioErrorMeaning(code: number | undefined): string {
  return (code !== undefined && MEANINGS[code]) || "see Twilio's error catalogue";
}
