/**
 * ADR 026.7: the browser specs find Chromium wherever it is installed, or say in one line what
 * to install.
 */
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHROMIUM_MISSING, chromiumPath } from "../../../scripts/chromium";

const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe("finding Chromium", () => {
  it("ADR-026.7 CHROMIUM_PATH first, then the usual names on PATH in order, then the usual places", () => {
    const path = ["/opt/tools/bin", "/usr/bin"].join(delimiter);
    expect(chromiumPath({ CHROMIUM_PATH: "/custom/chrome", PATH: path }, only("/custom/chrome", "/usr/bin/chromium"))).toBe("/custom/chrome");
    expect(chromiumPath({ PATH: path }, only("/usr/bin/chromium", join("/opt/tools/bin", "google-chrome")))).toBe(join("/opt/tools/bin", "google-chrome"));
    expect(chromiumPath({ PATH: path }, only("/usr/bin/chromium-browser"))).toBe("/usr/bin/chromium-browser");
    expect(chromiumPath({ PATH: "/usr/bin" }, only("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"))).toBe("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
    expect(chromiumPath({ PATH: "/usr/bin" }, only("/snap/bin/chromium"))).toBe("/snap/bin/chromium");
    expect(chromiumPath({ PATH: "", PROGRAMFILES: "C:/Program Files" }, only(join("C:/Program Files", "Google/Chrome/Application/chrome.exe")))).toBe(join("C:/Program Files", "Google/Chrome/Application/chrome.exe"));
  });

  it("ADR-026.7 none found: one line saying what to set or install; a CHROMIUM_PATH that does not exist is named, not skipped", () => {
    expect(() => chromiumPath({ PATH: "/usr/bin" }, () => false)).toThrow(CHROMIUM_MISSING);
    expect(CHROMIUM_MISSING).not.toContain("\n");
    expect(CHROMIUM_MISSING).toMatch(/CHROMIUM_PATH.*apt-get install chromium.*brew install --cask chromium/);
    expect(() => chromiumPath({ CHROMIUM_PATH: "/nowhere/chrome", PATH: "/usr/bin" }, only("/usr/bin/chromium"))).toThrow(/CHROMIUM_PATH is \/nowhere\/chrome, which does not exist/);
  });

  it("ADR-026.7 on this machine it finds the browser the suite runs", () => {
    expect(chromiumPath()).toMatch(/chrom/i);
  });
});
