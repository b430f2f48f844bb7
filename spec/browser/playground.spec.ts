/**
 * ADR 012: the local playground in headless Chromium, started as `npm start` starts it (same
 * `startPlayground`, with a temporary persist directory and free ports). A Spanish-speaking
 * client holds a whole consultation offline: text, a photo, the five questions, the hand-off
 * with its links, the live summary page, then reset.
 *
 * ADR 028.8 and 028.9 on the same playground and Chromium, first, on a phone-sized screen (375 px):
 * `npm start`'s playground plays Cloudflare Access, so the stylist's console works offline. Another
 * client writes through the playground; the stylist opens the list, then the consultation, pauses
 * the assistant, answers as herself with the plain HTML form, and resumes. (One Worker and one
 * Chromium for both: each start costs 2 to 3 s of CPU, ADR 031 amended 2026-12-07.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlayground, type Playground } from "../../playground/launch";
import { pngInfo, screenshotFolder, type ScreenshotFolder } from "../support/screenshots";
import { PROCESS_WAIT_MS, patientContext } from "../support/patience";

const PHOTO = "fixtures/media/curls.png";
const NUMBER = "+5215512345678";
/** The console's client, and the phone the stylist holds. */
const CONSOLE_CLIENT = "+5215598765432";
const PHONE = { width: 375, height: 812 };

let persistDir: string;
let playground: Playground;
let browser: Browser;
let page: Page;
let screenshots: ScreenshotFolder;

const reply = (text: string | RegExp) => page.locator(".bubble.in", { hasText: text });
async function say(text: string, expected: string | RegExp) {
  await page.fill("#text", text);
  await page.click("#send");
  await reply(expected).waitFor({ timeout: PROCESS_WAIT_MS });
}

beforeAll(async () => {
  screenshots = screenshotFolder();
  persistDir = mkdtempSync(join(tmpdir(), "playground-spec-"));
  playground = await startPlayground({ devVars: {}, persistDir, ports: { worker: 0, page: 0, standIns: 0 } });
  browser = await launchChromium();
  page = await (await patientContext(browser, { viewport: { width: 820, height: 980 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  rmSync(persistDir, { recursive: true, force: true });
  screenshots?.dispose();
});

/** Nothing wider than the screen: no sideways scrolling on a phone. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("the stylist's console on a phone", () => {
  let phone: Page;

  beforeAll(async () => {
    const chat = await (await patientContext(browser, { viewport: { width: 820, height: 980 } })).newPage();
    phone = await (await patientContext(browser, { viewport: PHONE, isMobile: true, javaScriptEnabled: false })).newPage();
    await chat.goto(playground.pageUrl);
    await chat.fill("#name", "Valentina Ruiz");
    await chat.fill("#number", CONSOLE_CLIENT);
    await chat.fill("#text", "Hola, quiero una consulta para mis rizos");
    await chat.click("#send");
    // The answer, not "typing…" (also a .bubble.in): the typing call comes before the settling window,
    // the consultation record (the list row's link) after it.
    await chat.locator(".bubble.in:not(.typing)").first().waitFor({ timeout: PROCESS_WAIT_MS });
    await chat.context().close();
  });

  afterAll(() => phone?.context().close());

  it("ADR-028.9 the playground plays Access: the list opens with no account, the client's row masked, and it fits 375 px", async () => {
    const response = await phone.goto(`${playground.pageUrl}/console`);
    expect(response!.status()).toBe(200);
    const row = phone.locator("li[data-state]", { hasText: "Valentina Ruiz" });
    await row.waitFor();
    expect(await row.getAttribute("data-state")).toBe("in progress");
    expect(await row.textContent()).toContain("•••• 5432");
    expect(await phone.content()).not.toContain("5598765432");
    expect(await fitsWidth(phone)).toBe(true);
    await phone.screenshot({ path: screenshots.path("console-list.png"), fullPage: true });
    expect(pngInfo(screenshots.path("console-list.png")).width).toBe(PHONE.width);
    // Straight to the Worker, without Access's token: refused.
    expect((await fetch(`${playground.workerUrl}/console`)).status).toBe(403);
  });

  it("ADR-028.8 a consultation page: pause, a reply as the stylist with the plain form (no script), resume", async () => {
    await phone.goto(`${playground.pageUrl}/console`);
    await phone.locator("li[data-state]", { hasText: "Valentina Ruiz" }).locator("a").click();
    await phone.locator("text=Hola, quiero una consulta para mis rizos").waitFor();
    expect(await fitsWidth(phone)).toBe(true);
    await phone.click("text=Pause the assistant");
    await phone.locator('[data-paused="true"]').waitFor();
    const sentBefore = playground.standIns!.sent.length;
    await phone.fill("textarea[name=text]", "Hola Valentina, soy Tata. ¿Te va bien el martes a las 10?");
    await phone.click("text=Send");
    await phone.locator(".turn.stylist", { hasText: "¿Te va bien el martes a las 10?" }).waitFor();
    const sent = playground.standIns!.sent.slice(sentBefore);
    expect(sent.map((m) => [m.To, m.Body])).toEqual([[`whatsapp:${CONSOLE_CLIENT}`, "Hola Valentina, soy Tata. ¿Te va bien el martes a las 10?"]]);
    expect(await fitsWidth(phone)).toBe(true);
    await phone.screenshot({ path: screenshots.path("console-consultation.png"), fullPage: true });
    expect(pngInfo(screenshots.path("console-consultation.png")).width).toBe(PHONE.width);
    await phone.click("text=Resume the assistant");
    await phone.locator('[data-paused="false"]').waitFor();
  });
});

describe("the local playground", () => {
  it("ADR-012.2 the chat page is served by the local node process, says it talks to stand-ins, and has a CSP and no inline script", async () => {
    expect(playground.modes).toEqual({ openai: "stand-in", twilio: "stand-in" });
    expect(new URL(playground.pageUrl).port).not.toBe(new URL(playground.workerUrl).port);
    const response = await page.goto(playground.pageUrl);
    expect(response!.status()).toBe(200);
    expect(response!.headers()["content-security-policy"]).toContain("script-src 'self'");
    expect(await page.locator("script:not([src])").count()).toBe(0);
    await page.locator("#notice", { hasText: "local stand-in model" }).waitFor();
    expect(await page.textContent("#notice")).toContain("captured by a local Twilio stand-in");
  });

  it("ADR-012.3 a typed message goes through the signed webhook, and the Spanish reply appears as Twilio delivered it", async () => {
    await page.fill("#name", "Mariana");
    await page.fill("#number", NUMBER);
    await say("Hola, quiero una consulta para mis rizos", "¿me envías fotos de tu cabello hoy");
    const sent = playground.standIns!.sent.filter((m) => m.To === `whatsapp:${NUMBER}`);
    expect(sent).toHaveLength(1);
    expect(await reply(sent[0]!.Body).count()).toBe(1);
    expect(await page.locator(".bubble.out .ticks").first().textContent()).toBe("✓✓");
  });

  it("ADR-012.3 an attached photo is fetched by the Worker from the Twilio stand-in, shown to the model and acknowledged", async () => {
    await page.setInputFiles("#attachment", PHOTO);
    await say("Aquí va una foto de frente", "Gracias por la foto, ya veo tus rizos.");
    const mediaFetches = playground.standIns!.requests.filter((r) => r.method === "GET" && r.path.includes("/Media/ME"));
    expect(mediaFetches).toHaveLength(1);
    expect(mediaFetches[0]!.headers.authorization).toMatch(/^Basic /);
    expect(await page.locator(".bubble.out img").count()).toBe(1);
  });

  it("ADR-012.4 the whole consultation concludes offline with the summary link and the wa.me hand-off link", async () => {
    await say("Me decoloré hace dos años y usaba plancha cada semana", "¿Cuál es tu rutina hoy");
    await say("Lavo dos veces por semana con champú sin sulfatos y gel ligero", "¿Cómo te gustaría que se vieran");
    await say("Quiero rizos definidos y con volumen", "Última pregunta");
    await say("Diez minutos al día, y tengo una boda en diciembre", "Tu resumen está listo");
    const handoff = await page.locator("a.handoff-link").getAttribute("href");
    expect(handoff).toMatch(/^https:\/\/wa\.me\/15550001111\?text=/);
    expect(decodeURIComponent(handoff!.split("?text=")[1]!)).toContain("Historial: Me decoloré hace dos años");
    expect(await page.locator("a.summary-link").getAttribute("href")).toMatch(new RegExp(`^${playground.workerUrl}/summary/`));
    const shot = screenshots.path("playground.png");
    await page.screenshot({ path: shot });
    const { width, height, bytes } = pngInfo(shot);
    expect([width, height]).toEqual([820, 980]);
    expect(bytes).toBeGreaterThan(20_000); // a chat with a photo, not a blank page
  });

  it("ADR-012.3 the summary link opens the live summary page, with the answers and the photo", async () => {
    const [summary] = await Promise.all([page.context().waitForEvent("page"), page.click("a.summary-link")]);
    await summary.waitForLoadState();
    expect(await summary.textContent("body")).toContain("Quiero rizos definidos y con volumen");
    const photo = summary.locator("img").first();
    await photo.waitFor();
    const loaded = (img: unknown) => (img as { complete: boolean; naturalWidth: number }).complete && (img as { naturalWidth: number }).naturalWidth;
    expect(await photo.evaluate(loaded)).toBe(48);
    await summary.close();
  });

  it("ADR-012.3 the reset button sends reset: it is confirmed, and the old summary link is dead", async () => {
    const summaryUrl = (await page.locator("a.summary-link").getAttribute("href"))!;
    await page.click("#reset");
    await reply("Listo: borré tu consulta").waitFor({ timeout: PROCESS_WAIT_MS });
    const after = await page.context().newPage();
    expect((await after.goto(summaryUrl))!.status()).toBe(404);
    await after.close();
  });

  it("ADR-012.3 a poll for replies still out when the number changes shows nothing of the old number's conversation", async () => {
    const other = "+5215500000001";
    const isPollOf = (who: string) => (url: URL) => url.pathname === "/api/replies" && url.searchParams.get("number") === who;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let caught!: () => void;
    const pollOut = new Promise<void>((resolve) => (caught = resolve));
    await page.route(isPollOf(NUMBER), async (route) => {
      caught();
      await held;
      await route.continue();
    });
    await pollOut;
    await page.fill("#number", other);
    await page.dispatchEvent("#number", "change");
    // Polls go one after another: the new number's first answer comes after the held one was handled.
    const newNumberPolled = page.waitForResponse((response) => isPollOf(other)(new URL(response.url())), { timeout: PROCESS_WAIT_MS });
    release();
    await newNumberPolled;
    await page.unroute(isPollOf(NUMBER));
    expect(await page.locator(".bubble.in").count()).toBe(0);
  });

  it("ADR-016.6 three photos and a line sent quickly show \"typing…\", get one answer, and its ticks turn to read as Twilio's receipts arrive", async () => {
    const number = "+5215587654321";
    const typingBefore = playground.standIns!.typing.length;
    await page.fill("#number", number);
    for (let i = 0; i < 3; i++) {
      await page.setInputFiles("#attachment", PHOTO);
      await page.click("#send");
    }
    await page.fill("#text", "Esas son mis fotos de frente, lado y atrás");
    await page.click("#send");
    await page.locator("#typing").waitFor({ state: "attached", timeout: PROCESS_WAIT_MS });
    const answers = page.locator(".bubble.in:not(.typing)");
    await answers.first().waitFor({ timeout: PROCESS_WAIT_MS });
    await page.locator(".bubble.in .ticks[data-status='read']").waitFor({ timeout: PROCESS_WAIT_MS });
    await page.waitForTimeout(2500); // a second answer would be here by now
    expect(await answers.count()).toBe(1);
    expect(await page.locator("#typing").count()).toBe(0);
    expect(playground.standIns!.typing.length - typingBefore).toBe(1);
    const receipts = playground.standIns!.receipts.filter((r) => r.sid === playground.standIns!.sent.at(-1)!.sid);
    expect(receipts.map((r) => [r.status, r.answered]).sort()).toEqual([["delivered", 200], ["read", 200], ["sent", 200]]);
  });
});
