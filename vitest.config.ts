import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
                TWILIO_AUTH_TOKEN: "spec-auth-token",
                TWILIO_WHATSAPP_NUMBER: "whatsapp:+14155238886",
                PUBLIC_BASE_URL: "https://wa.example.com",
                OPENAI_API_KEY: "sk-spec",
                LINK_SIGNING_SECRET: "spec-link-signing-secret-0123456789",
                STYLIST_WHATSAPP_NUMBER: "+15550001111",
              },
            },
          }),
        ],
        test: { name: "workers", include: ["spec/**/*.spec.ts"], setupFiles: ["spec/support/setup.ts"], testTimeout: 20_000 },
      },
    ],
  },
});
