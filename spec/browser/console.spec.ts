/**
 * ADR 028.8 and 028.9 in headless Chromium on a phone-sized screen (375 px): `npm start`'s
 * playground plays Cloudflare Access, so the stylist's console works offline. A client writes
 * through the playground; the stylist opens the list, then the consultation, pauses the
 * assistant, answers as herself with the plain HTML form, and resumes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlayground, type Playground } from "../../playground/launch";
import { PROCESS_WAIT_MS, patientContext } from "../support/patience";
import { pngInfo, screenshotFolder, type ScreenshotFolder } from "../support/screenshots";

const NUMBER = "+5215598765432";
const PHONE = { width: 375, height: 812 };

let persistDir: string;
let playground: Playground;
let browser: Browser;
let chat: Page;
let phone: Page;
let screenshots: ScreenshotFolder;

/** Nothing wider than the screen: no sideways scrolling on a phone. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

beforeAll(async () => {
  screenshots = screenshotFolder();
  persistDir = mkdtempSync(join(tmpdir(), "console-spec-"));
  playground = await startPlayground({ devVars: {}, persistDir, ports: { worker: 0, page: 0, standIns: 0 } });
  browser = await launchChromium();
  chat = await (await patientContext(browser, { viewport: { width: 820, height: 980 } })).newPage();
  phone = await (await patientContext(browser, { viewport: PHONE, isMobile: true, javaScriptEnabled: false })).newPage();
  await chat.goto(playground.pageUrl);
  await chat.fill("#name", "Valentina Ruiz");
  await chat.fill("#number", NUMBER);
  await chat.fill("#text", "Hola, quiero una consulta para mis rizos");
  await chat.click("#send");
  await chat.locator(".bubble.in").first().waitFor({ timeout: PROCESS_WAIT_MS });
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  rmSync(persistDir, { recursive: true, force: true });
  screenshots?.dispose();
});

describe("the stylist's console on a phone", () => {
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
    await phone.click("li[data-state] a");
    await phone.locator("text=Hola, quiero una consulta para mis rizos").waitFor();
    expect(await fitsWidth(phone)).toBe(true);
    await phone.click("text=Pause the assistant");
    await phone.locator('[data-paused="true"]').waitFor();
    const sentBefore = playground.standIns!.sent.length;
    await phone.fill("textarea[name=text]", "Hola Valentina, soy Tata. ¿Te va bien el martes a las 10?");
    await phone.click("text=Send");
    await phone.locator(".turn.stylist", { hasText: "¿Te va bien el martes a las 10?" }).waitFor();
    const sent = playground.standIns!.sent.slice(sentBefore);
    expect(sent.map((m) => [m.To, m.Body])).toEqual([[`whatsapp:${NUMBER}`, "Hola Valentina, soy Tata. ¿Te va bien el martes a las 10?"]]);
    expect(await fitsWidth(phone)).toBe(true);
    await phone.screenshot({ path: screenshots.path("console-consultation.png"), fullPage: true });
    expect(pngInfo(screenshots.path("console-consultation.png")).width).toBe(PHONE.width);
    await phone.click("text=Resume the assistant");
    await phone.locator('[data-paused="false"]').waitFor();
  });
});
