/**
 * Every setting the workers specs run with (ADR 026.5): each var at the code's default (or a spec
 * value where the default is blank) and each secret, so that the operator's wrangler.toml
 * `[vars]`, `.dev.vars`, `.env` or shell, all of which wrangler reads beside `configPath`, never
 * reach a spec. spec/node/pinned-settings.spec.ts holds it to every setting there is, and
 * spec/pinned-settings.spec.ts finds exactly these in the Worker's env.
 */
export const specBindings: Readonly<Record<string, string>> = {
  OPENAI_API_KEY: "sk-spec",
  OPENAI_BASE_URL: "https://api.openai.com/v1",
  OPENAI_MODEL: "gpt-6-luna",
  OPENAI_TRANSCRIPTION_MODEL: "gpt-transcribe",
  TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
  TWILIO_AUTH_TOKEN: "spec-auth-token",
  // Set only during a rotation (ADR 030.3): unset here; spec/twilio-token-rotation.spec.ts sets it.
  TWILIO_AUTH_TOKEN_SECONDARY: "",
  TWILIO_WHATSAPP_NUMBER: "whatsapp:+14155238886",
  TWILIO_API_BASE_URL: "https://api.twilio.com",
  TWILIO_DELETE_MEDIA_AFTER_INGEST: "true",
  TWILIO_MESSAGING_BASE_URL: "https://messaging.twilio.com",
  PUBLIC_BASE_URL: "https://wa.example.com",
  STYLIST_WHATSAPP_NUMBER: "+15550001111",
  STYLIST_NAME: "Tata Oro",
  STYLIST_CITY: "",
  STYLIST_BOOKING_URL: "",
  LINK_SIGNING_SECRET: "spec-link-signing-secret-0123456789",
  RETENTION_DAYS: "180",
  OPENAI_DAILY_CALL_CAP: "2000",
  // The console is off unless a spec turns it on (ADR 028).
  CF_ACCESS_TEAM_DOMAIN: "",
  CF_ACCESS_AUD: "",
  TWILIO_CONTENT_BASE_URL: "https://content.twilio.com",
  TWILIO_FOLLOW_UP_CONTENT_SID: "",
};
