/**
 * Where headless Chromium is, for the browser specs and the suite benchmark (ADR 026.7): the
 * executable CHROMIUM_PATH names, else the first of the usual names on PATH, else the usual
 * places (the macOS applications, Ubuntu's snap, Windows' program folders), else an error whose
 * one line says what to set or install. playwright-core drives it; it downloads no browser.
 */
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

function usualPlaces(env: Record<string, string | undefined>): string[] {
  const windows = [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA].filter((dir): dir is string => !!dir);
  return [
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ...(env.HOME ? [join(env.HOME, "Applications/Chromium.app/Contents/MacOS/Chromium"), join(env.HOME, "Applications/Google Chrome.app/Contents/MacOS/Google Chrome")] : []),
    "/snap/bin/chromium",
    ...windows.flatMap((dir) => [join(dir, "Chromium/Application/chrome.exe"), join(dir, "Google/Chrome/Application/chrome.exe")]),
  ];
}

export const CHROMIUM_MISSING =
  "Chromium not found: set CHROMIUM_PATH to a Chromium or Chrome executable, or install one (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium; Windows: Google Chrome)";

export function chromiumPath(env: Record<string, string | undefined> = process.env, exists: (path: string) => boolean = existsSync): string {
  if (env.CHROMIUM_PATH) {
    if (exists(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist: point it at a Chromium or Chrome executable, or unset it`);
  }
  const suffixes = env.PATHEXT ? ["", ".exe"] : [""];
  const onPath = (env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => NAMES.flatMap((name) => suffixes.map((suffix) => join(dir, name + suffix))));
  const found = [...onPath, ...usualPlaces(env)].find((path) => exists(path));
  if (!found) throw new Error(CHROMIUM_MISSING);
  return found;
}
