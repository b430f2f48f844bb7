/**
 * Whether the LINK_SIGNING_SECRET about to be deployed is the deployed Worker's (ADR 030.10).
 * Secrets cannot be read back, so the doctor asks the Worker itself: it takes one consultation
 * from the deployed KV (`wrangler kv key list/get`), seals its summary link with the secret it was
 * given, and opens it at PUBLIC_BASE_URL. 200: the same secret. 404: another one, or the
 * consultation was reset in between. Nothing of the page is kept or printed.
 */
import type { Finding } from "./preflight-settings";
import { clientOfConsultationKey, consultationOf } from "../src/storage/consultation";
import { conversationIdFor } from "../src/summary/conversation-id";

const SUBJECT = "LINK_SIGNING_SECRET on the deployed Worker";
const TIMEOUT_MS = 8_000;

type Wrangler = (args: string[]) => { output: string } | { failure: string };

const notChecked = (why: string): Finding => ({ verdict: "skip", subject: SUBJECT, detail: `not checked: ${why}` });

export async function linkSecretFinding(secret: string, publicBaseUrl: string, wrangler: Wrangler): Promise<Finding> {
  const kv = ["--binding", "CHAT_HISTORY", "--remote"];
  const listed = wrangler(["kv", "key", "list", ...kv]);
  if ("failure" in listed) return notChecked(`could not list the deployed KV (${listed.failure})`);
  let names: string[];
  try {
    names = (JSON.parse(listed.output.slice(listed.output.indexOf("["), listed.output.lastIndexOf("]") + 1)) as Array<{ name: string }>).map((k) => k.name);
  } catch {
    return notChecked("wrangler kv key list printed no JSON");
  }
  const name = names.find((n) => clientOfConsultationKey(n));
  if (!name) return notChecked("no consultation is stored yet, so there is no link to try");
  const read = wrangler(["kv", "key", "get", name, ...kv, "--text"]);
  const consultation = "output" in read ? consultationOf(read.output.trim()) : null;
  if (!consultation) return notChecked("the consultation record could not be read");
  const id = await conversationIdFor(secret, clientOfConsultationKey(name)!, consultation);
  let status: number;
  try {
    const response = await fetch(`${publicBaseUrl}/summary/${id}`, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    return notChecked(`could not reach ${publicBaseUrl} (${(error as { cause?: { code?: string } }).cause?.code ?? String(error)})`);
  }
  if (status === 200) return { verdict: "ok", subject: SUBJECT, detail: "the same (a summary link sealed with it opens a stored consultation)" };
  if (status === 404) {
    return {
      verdict: "warn",
      subject: SUBJECT,
      detail: "differs from the deployed Worker's (a summary link sealed with it does not open): deploying it kills every summary and photo link sent so far. Intended only when rotating it; else put the deployed value in the file (or the consultation was reset a moment ago: run again)",
    };
  }
  return notChecked(`${publicBaseUrl}/summary/… answered HTTP ${status}`);
}
