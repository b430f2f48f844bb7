/**
 * ADR 007 in a real browser: the Worker runs under wrangler (workerd, local KV and R2) against
 * local stand-ins for OpenAI and Twilio; a consultation arrives through signed webhooks, photos
 * and a voice note included, and headless Chromium opens the summary page.
 */
import { crc32, deflateSync } from "node:zlib";
import { type Browser, type Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker";
import { chatCompletion, startStandIns, type StandIns } from "../../scripts/stand-ins";
import { pngInfo, screenshotFolder, type ScreenshotFolder } from "../support/screenshots";
import { twilioSignature } from "../support/twilio-signature";
import { PROCESS_WAIT_MS, SPEC_HANG_MS, patientContext } from "../support/patience";

const ACCOUNT_SID = "AC00000000000000000000000000000000";
const AUTH_TOKEN = "browser-spec-auth-token";
const CLIENT = "whatsapp:+5215512345678";
const SUMMARY = "Cabello hoy: rizos 3A con frizz en la coronilla.\nObjetivo: rizos definidos y con volumen.\nExpectativas: 10 minutos al dia, boda en diciembre.";
const INJECTED_IMG = `<img src=x onerror="document.title='pwned'">`;
const INJECTED_SCRIPT = "<script>window.pwned=1</script>";
/** A blank or near-blank page compresses far below this; the page with two photos does not. */
const MIN_SCREENSHOT_BYTES = 20_000;

/** A real PNG: a warm gradient with a lighter band, `width` x `height`. */
function photoPng(width: number, height: number, hue: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const wave = Math.sin((x + y * 0.6) / 7) * 30;
      const at = y * (1 + width * 3) + 1 + x * 3;
      rows[at] = Math.min(255, 120 + hue + wave + (y / height) * 60);
      rows[at + 1] = Math.min(255, 70 + wave / 2 + (x / width) * 50);
      rows[at + 2] = Math.min(255, 50 + hue / 3);
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

let standIns: StandIns;
let worker: LocalWorker;
let browser: Browser;
let page: Page;
let screenshots: ScreenshotFolder;
let sequence = 0;

/** The conclusion as OpenAI sends it: a conclude_consultation tool call. */
const conclusion = () => ({
  ...chatCompletion(""),
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: "call_browser_spec",
            type: "function",
            function: { name: "conclude_consultation", arguments: JSON.stringify({ summary: SUMMARY, message: "¡Gracias! Ya tengo todo lo que Tata necesita." }) },
          },
        ],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    },
  ],
});

/** Sends one signed webhook as Twilio would, then waits for the Worker's reply through the Messages stand-in. */
async function say(body: string, media: Array<{ bytes: Buffer; contentType: string }> = []): Promise<string> {
  const sid = `MM${String(++sequence).padStart(32, "0")}`;
  const params: Record<string, string> = { MessageSid: sid, SmsMessageSid: sid, AccountSid: ACCOUNT_SID, From: CLIENT, To: "whatsapp:+14155238886", Body: body, ProfileName: "Mariana", NumMedia: String(media.length) };
  media.forEach((m, i) => {
    params[`MediaUrl${i}`] = standIns.addMedia(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/ME${String(i).padStart(32, "0")}`, m.bytes, m.contentType);
    params[`MediaContentType${i}`] = m.contentType;
  });
  const url = `${worker.url}/whatsapp/incoming`;
  const sentBefore = standIns.sent.length;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": await twilioSignature(AUTH_TOKEN, url, params) },
    body: new URLSearchParams(params),
  });
  expect(response.status).toBe(200);
  return (await standIns.waitForSent(sentBefore + 1, PROCESS_WAIT_MS)).at(-1)!.Body;
}

let summaryUrl: string;

beforeAll(async () => {
  screenshots = screenshotFolder();
  standIns = await startStandIns({
    chat: (request) => {
      const last = request.messages.at(-1)?.content;
      const text = typeof last === "string" ? last : JSON.stringify(last ?? "");
      return /diciembre/.test(text) ? conclusion() : chatCompletion("¡Gracias! Cuéntame un poco más, por favor.");
    },
    transcribe: () => "Me lavo el pelo dos veces por semana con champú sin sulfatos.",
  });
  worker = await startLocalWorker({
    vars: {
      OPENAI_API_KEY: "sk-local",
      OPENAI_BASE_URL: standIns.openaiBaseUrl,
      TWILIO_API_BASE_URL: standIns.twilioBaseUrl,
      TWILIO_MESSAGING_BASE_URL: standIns.twilioBaseUrl,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_WHATSAPP_NUMBER: "whatsapp:+14155238886",
      LINK_SIGNING_SECRET: "browser-spec-link-signing-secret-0123",
      STYLIST_WHATSAPP_NUMBER: "+15550001111",
    },
  });
  browser = await launchChromium();
  page = await (await patientContext(browser, { viewport: { width: 430, height: 932 } })).newPage();

  await say("Hola, quiero una consulta para mis rizos");
  await say("Aquí van de frente y de lado", [
    { bytes: photoPng(240, 320, 40), contentType: "image/png" },
    { bytes: photoPng(240, 320, 90), contentType: "image/png" },
  ]);
  await say("", [{ bytes: Buffer.from("OggS fake voice note"), contentType: "audio/ogg" }]);
  await say(INJECTED_IMG);
  await say(INJECTED_SCRIPT);
  const concluded = await say("Quiero rizos definidos y con volumen para una boda en diciembre");
  expect(concluded).toContain("https://wa.me/15550001111?text=");
  const link = /(https?:\/\/\S+\/summary\/[A-Za-z0-9_-]+)/.exec(await say("resumen"))?.[1];
  expect(link).toBeDefined();
  summaryUrl = link!;
}, SPEC_HANG_MS);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await standIns?.stop();
  screenshots?.dispose();
});

describe("the summary page in Chromium", () => {
  it("ADR-007.5 shows the consultation and loads every photo through its signed link", async () => {
    const cspViolations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    const response = await page.goto(summaryUrl);
    expect(response!.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe("Mariana");
    expect(await page.locator("[data-status]").getAttribute("data-status")).toBe("summary-ready");
    expect(await page.locator(".handoff .text").textContent()).toBe(SUMMARY);
    expect(await page.locator("a.button").getAttribute("href")).toMatch(/^https:\/\/wa\.me\/15550001111\?text=/);
    await page.getByText("Me lavo el pelo dos veces por semana").waitFor();

    const photos = page.locator("img");
    expect(await photos.count()).toBe(2);
    for (const photo of await photos.all()) {
      await photo.scrollIntoViewIfNeeded();
      await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: PROCESS_WAIT_MS }).toBe(240);
    }
    // The inline stylesheet applied (its hash is in the CSP) and nothing was refused.
    expect(await page.locator(".status").evaluate((e) => getComputedStyle(e).borderTopLeftRadius)).not.toBe("0px");
    expect(cspViolations).toEqual([]);

    await page.evaluate(() => window.scrollTo(0, 0));
    const shot = screenshots.path("summary-page.png");
    await page.screenshot({ path: shot, fullPage: true });
    const { width, height, bytes } = pngInfo(shot);
    expect(width).toBe(430);
    expect(height).toBeGreaterThan(932); // the whole page, longer than one phone screen
    expect(bytes).toBeGreaterThan(MIN_SCREENSHOT_BYTES);
  });

  it("ADR-007.5 prints as a document: no button, no turn split across pages", async () => {
    await page.goto(summaryUrl);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("a.button").isVisible()).toBe(false);
    expect(await page.locator(".turn").first().evaluate((e) => getComputedStyle(e).breakInside)).toBe("avoid");
    expect((await page.pdf({ format: "A4" })).subarray(0, 5).toString()).toBe("%PDF-");
    await page.emulateMedia({ media: "screen" });
    expect(await page.locator("a.button").isVisible()).toBe(true);
  });

  it("ADR-007.6 a script injected in a message does not run; the message is shown as text", async () => {
    await page.goto(summaryUrl);
    await page.getByText(INJECTED_IMG, { exact: true }).waitFor();
    await page.getByText(INJECTED_SCRIPT, { exact: true }).waitFor();
    await page.waitForTimeout(500); // an onerror handler would have fired by now
    expect(await page.title()).toBe("Consulta de rizos: Mariana");
    expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(await page.locator("main script, main img[src='x']").count()).toBe(0);
  });

  it("ADR-007.7 the page arrives with its private headers, and a changed id is a 404", async () => {
    const response = await fetch(summaryUrl);
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'; img-src 'self'; style-src 'sha256-/);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const id = summaryUrl.slice(summaryUrl.lastIndexOf("/") + 1);
    const changed = `${summaryUrl.slice(0, -id.length)}${id[0] === "A" ? "B" : "A"}${id.slice(1)}`;
    expect((await page.goto(changed))!.status()).toBe(404);
  });
});
