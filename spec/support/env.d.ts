// Secrets are not in wrangler.toml, so `wrangler types` cannot see them; the specs set them (vitest.config.ts).
declare namespace Cloudflare {
  interface Env {
    OPENAI_API_KEY?: string;
    TWILIO_AUTH_TOKEN?: string;
    LINK_SIGNING_SECRET?: string;
  }
}
