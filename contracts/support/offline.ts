/**
 * Setup file of the contract projects. Pact's core, its Scarf analytics and wrangler each try to
 * phone home unless told not to; these projects must never leave 127.0.0.1.
 */
process.env.PACT_DO_NOT_TRACK = "true";
process.env.SCARF_ANALYTICS = "false";
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
