/**
 * `npm run export -- <+E164 client number> [--remote] [--out DIR] [--persist-to DIR]`
 *
 * One client's consultation as a folder (ADR 030.7), for their access request or Tata's records:
 * every R2 object under the client's prefix as a file under `stored/` (their messages as Twilio
 * posted them, the answers, photos, voice notes, transcripts, receipts, the photo observations),
 * the consultation record (`consultation.json`), their consent events (`consent.json`), and the
 * summary page as HTML (`summary.html`, earlier pages `summary-2.html`, ...), rendered by the
 * Worker's own page code with each photo pointing at its file in the folder. Reads only
 * (the storage refuses writes); local by default, `--remote` reads the deployed KV and R2. The
 * folder must not exist yet: nothing is overwritten. It holds personal data: keep it accordingly.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { loadConfig } from "../../src/config/settings";
import { openMediaLink } from "../../src/media/signed-links";
import { listClientObjects, storageOf, type Storage } from "../../src/storage/bucket";
import { readConsultation } from "../../src/storage/consultation";
import { nameUnderClient, type ClientKey } from "../../src/storage/keys";
import { getMedia } from "../../src/storage/media";
import { readConsent } from "../../src/storage/outside-client";
import { conversationIdFor } from "../../src/summary/conversation-id";
import { summaryPageHtml } from "../../src/summary/page";
import { loadSummaryView, type Attachment, type SummaryView } from "../../src/summary/summary-view";
import { readLocalSecrets } from "../../playground/local-config";
import { readOnlyStorage } from "../replay-report";
import type { CliEnv, Command } from "../cli";
import { clientArguments, onBindings } from "../storage-bindings";

const USAGE = "usage: npm run export -- <client number in E.164, e.g. +5215512345678> [--remote] [--out DIR] [--persist-to DIR]";

const OPTIONS = {
  remote: { type: "boolean", default: false },
  out: { type: "string" },
  "persist-to": { type: "string", default: ".wrangler/state" },
} as const;
/** One run's choices: the folder written, where the link secret comes from. */
interface Run {
  out: string;
  remote: boolean;
  persistTo: string;
  env: CliEnv;
}

function write(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data, { mode: 0o600 });
}

/** The page's photos point at their files in the folder instead of expiring /media/ links. */
async function withLocalPhotos(out: string, view: SummaryView, secret: string, store: Storage, pageFile: string): Promise<SummaryView> {
  const now = Math.floor(Date.now() / 1000);
  const local = async (attachment: Attachment): Promise<Attachment> => {
    if (attachment.kind !== "photo") return attachment;
    const opened = await openMediaLink(secret, store, attachment.src.replace(/^.*\/media\//, ""), now);
    return opened ? { ...attachment, src: relative(dirname(pageFile), join(out, "stored", nameUnderClient(opened.client, opened.key))) } : attachment;
  };
  return {
    ...view,
    turns: await Promise.all(view.turns.map(async (turn) => (turn.kind === "client" ? { ...turn, attachments: await Promise.all(turn.attachments.map(local)) } : turn))),
    orphans: await Promise.all(view.orphans.map(local)),
  };
}

async function exportClient({ out, remote, persistTo, env }: Run, store: Storage, vars: Record<string, unknown>, client: ClientKey): Promise<string> {
  const objects = await listClientObjects(store, client);
  for (const object of objects) {
    const body = await getMedia(store, object.key);
    if (body) write(join(out, "stored", nameUnderClient(client, object.key)), new Uint8Array(await body.arrayBuffer()));
  }
  const { consultation, raw } = await readConsultation(store, client);
  if (consultation || raw) write(join(out, "consultation.json"), raw ?? JSON.stringify(consultation, null, 2));
  write(join(out, "consent.json"), JSON.stringify(await readConsent(store, client), null, 2));
  if (!consultation) return `${objects.length} stored file(s), no consultation (so no summary page)`;

  // The page's links are built with the deployed secret when it is given (the hand-off link then works); else any secret serves to render.
  const secret = env.LINK_SIGNING_SECRET || (remote ? "" : readLocalSecrets(persistTo)?.LINK_SIGNING_SECRET) || randomBytes(32).toString("base64url");
  const config = loadConfig({ ...vars, LINK_SIGNING_SECRET: secret });
  const conversationId = await conversationIdFor(secret, client, consultation);
  const deps = { store, config, publicOrigin: config.publicBaseUrl ?? "", now: new Date() };
  const pageName = (n: number) => (n === 1 ? "summary.html" : `summary-${n}.html`);
  let before: string | undefined;
  let pages = 0;
  for (let n = 1; ; n++) {
    const view = await loadSummaryView(deps, conversationId, before);
    if (!view) break;
    const file = join(out, pageName(n));
    const earlier = view.paging.earlier?.replace(/^\?before=/, "");
    const paging = { ...(earlier ? { earlier: pageName(n + 1) } : {}), ...(n > 1 ? { latest: pageName(1) } : {}) };
    write(file, await summaryPageHtml({ ...(await withLocalPhotos(out, view, secret, store, file)), paging }));
    pages = n;
    if (!earlier) break;
    before = earlier;
  }
  return `${objects.length} stored file(s), the consultation record and ${pages} summary page(s)`;
}

export const exportCommand: Command = async (argv, env, io) => {
  const parsed = clientArguments("export", USAGE, argv, OPTIONS, io);
  if (!parsed) return 2;
  const { values, client } = parsed;
  const out = values.out ?? `export-${client.slice("whatsapp:+".length)}-${new Date().toISOString().slice(0, 10)}`;
  if (existsSync(out)) {
    io.stderr(`export: ${out} already exists; choose another folder with --out (nothing is overwritten).`);
    return 2;
  }
  const run: Run = { out, remote: values.remote!, persistTo: values["persist-to"]!, env };
  return onBindings("export", run.remote, run.persistTo, env, io, async (proxy) => {
    const written = await exportClient(run, readOnlyStorage(storageOf(proxy.env)), proxy.env as unknown as Record<string, unknown>, client);
    io.stdout(`export: wrote ${written} of ${client} to ${out}/ (personal data: keep it encrypted, and no longer than needed).`);
    return 0;
  });
};
