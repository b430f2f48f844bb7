/**
 * Headless Chromium for the browser specs: found on any OS (scripts/chromium.ts), started with the
 * flags that keep it offline and quiet.
 */
import { chromium, type Browser } from "playwright-core";
import { chromiumPath } from "../../scripts/chromium";

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}
