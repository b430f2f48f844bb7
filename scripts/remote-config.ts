/** wrangler.toml with its KV and R2 bindings marked `remote = true` (wrangler's remote bindings), for `replay --remote`. */
export function remoteConfigText(toml: string, mainPath: string): string {
  return toml
    .replace(/^main\s*=.*$/m, `main = ${JSON.stringify(mainPath)}`)
    .replace(/^(binding\s*=\s*"(CHAT_HISTORY|MEDIA_BUCKET)")$/gm, "$1\nremote = true");
}
