/**
 * Item 4: what each turn of a scripted 60-turn consultation with photos sends to the model,
 * counted on the real chat request bodies the OpenAI stand-in captured. Text is counted with
 * gpt-tokenizer (o200k_base, gpt-4o-mini's encoding, with its chat and tool overheads); images
 * with OpenAI's documented accounting for the detail level each image part asks for.
 * ADR 011 holds turn 60's prompt to 1.5 times turn 10's, with the early facts still present.
 */
import { chatCompletion } from "../scripts/stand-ins";
import type { BenchSection, BudgetCheck } from "./budget";
import { ACCOUNT_SID, nextMessageSid, postWebhook, startLocalStack, textParams } from "./local-stack";
import { countPromptTokens, IMAGE_ACCOUNTING, type ChatRequestBody, type PromptTokens } from "./prompt-token-count";
import { assistantScript, clientScript, earlyFacts } from "./scripted-consultation";
import { round } from "./stats";

const CLIENT = "whatsapp:+15550600600";
const RATIO_BUDGET = 1.5;
/** gpt-4o-mini's list price for input tokens, USD per million (OpenAI pricing page, 2026-11). */
const USD_PER_MILLION_INPUT = 0.15;
const SHOWN_TURNS = [1, 2, 5, 10, 20, 30, 40, 50, 60];

const fakeJpeg = (seed: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4096, seed), Buffer.from([0xff, 0xd9])]);

function webhookFor(turn: number, text: string, photos: number, mediaUrl: (path: string) => string): Record<string, string> {
  const sid = nextMessageSid(photos ? "MM" : "SM");
  const params = { ...textParams(CLIENT, text, sid), NumMedia: String(photos) };
  for (let i = 0; i < photos; i++) {
    Object.assign(params, {
      [`MediaContentType${i}`]: "image/jpeg",
      [`MediaUrl${i}`]: mediaUrl(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/ME${turn}x${i}`),
    });
  }
  return params;
}

function requestText(body: ChatRequestBody): string {
  return body.messages
    .map((m) => (typeof m.content === "string" ? m.content : Array.isArray(m.content) ? m.content.map((p) => (p as { text?: string }).text ?? "").join(" ") : ""))
    .join("\n");
}

export async function promptTokensBench(smoke: boolean): Promise<BenchSection> {
  const turns = smoke ? 12 : 60;
  let turn = 0;
  const stack = await startLocalStack({ chat: () => chatCompletion(assistantScript(turn)) });
  const bodies: ChatRequestBody[] = [];
  try {
    for (turn = 1; turn <= turns; turn++) {
      const { text, photos } = clientScript(turn);
      const before = stack.standIns.requests.length;
      const params = webhookFor(turn, text, photos, (path) => stack.standIns.addMedia(path, fakeJpeg(turn), "image/jpeg"));
      const response = await postWebhook(stack.worker.url, params);
      if (response.status !== 200) throw new Error(`turn ${turn}: webhook answered ${response.status}`);
      await stack.standIns.waitForSent(turn, 30_000);
      const chat = stack.standIns.requests.slice(before).filter((r) => r.path.endsWith("/chat/completions"));
      if (chat.length !== 1) throw new Error(`turn ${turn}: expected one chat request, saw ${chat.length}`);
      bodies.push(JSON.parse(chat[0]!.body.toString("utf8")) as ChatRequestBody);
    }
  } finally {
    await stack.stop();
  }

  const counts: PromptTokens[] = bodies.map(countPromptTokens);
  const at = (t: number) => counts[t - 1]!;
  const consultationTotal = counts.reduce((n, c) => n + c.total, 0);
  const lastText = requestText(bodies.at(-1)!).toLowerCase();
  const factsPresent = earlyFacts.filter((fact) => lastText.includes(fact.toLowerCase()));
  const reference = smoke ? 5 : 10;
  const ratioTotal = at(turns).total / at(reference).total;
  const ratioText = at(turns).text / at(reference).text;

  const table = [
    "| turn | messages sent | text tokens | images | image tokens | prompt tokens |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ...SHOWN_TURNS.filter((t) => t <= turns).map((t) => {
      const c = at(t);
      return `| ${t} | ${bodies[t - 1]!.messages.length} | ${c.text} | ${c.images} | ${c.imageTokens} | ${c.total} |`;
    }),
  ].join("\n");
  const budgets: BudgetCheck[] = [
    {
      item: `prompt as billed (text + images), turn ${turns} ÷ turn ${reference}`,
      figure: `${round(ratioTotal, 3)}× (${at(turns).total} ÷ ${at(reference).total} tokens)`,
      budget: `≤ ${RATIO_BUDGET}× (issue 8)`,
      holds: ratioTotal <= RATIO_BUDGET,
      ...(at(turns).images > at(reference).images
        ? { note: `images ${at(reference).images} → ${at(turns).images} under ADR 006's photo policy: ${round((at(turns).imageTokens / Math.max(1, at(reference).imageTokens)), 2)}× of the image tokens alone` }
        : {}),
    },
    {
      item: `prompt text (chat format + tools), turn ${turns} ÷ turn ${reference}`,
      figure: `${round(ratioText, 3)}× (${at(turns).text} ÷ ${at(reference).text} tokens)`,
      budget: `≤ ${RATIO_BUDGET}× (ADR-011.4)`,
      holds: ratioText <= RATIO_BUDGET,
    },
    {
      item: `early facts in turn ${turns}'s prompt`,
      figure: `${factsPresent.length} of ${earlyFacts.length}`,
      budget: "all (ADR 011)",
      holds: factsPresent.length === earlyFacts.length,
      ...(factsPresent.length === earlyFacts.length ? {} : { note: `missing: ${earlyFacts.filter((f) => !factsPresent.includes(f)).join(", ")}` }),
    },
  ];
  const markdown = [
    `A scripted ${turns}-turn consultation (\`bench/scripted-consultation.ts\`: ${clientScriptPhotos(turns)} photos over the consultation) sent as signed`,
    "webhooks; every chat request the Worker made was captured by the OpenAI stand-in and counted as sent.",
    `Text: gpt-tokenizer's \`countChatCompletionTokens\` for gpt-4o-mini (o200k_base), tools included as functions. Images: ${IMAGE_ACCOUNTING}`,
    "",
    table,
    "",
    `Whole consultation: ${consultationTotal.toLocaleString("en-US")} prompt tokens over ${turns} turns, about $${round((consultationTotal / 1e6) * USD_PER_MILLION_INPUT, 3)} at`,
    `$${USD_PER_MILLION_INPUT} per million input tokens (gpt-4o-mini list price), before output tokens.`,
    `Turn ${turns} ÷ turn ${reference}: ${round(ratioTotal, 3)}× as billed, ${round(ratioText, 3)}× text only (budget ${RATIO_BUDGET}×). Images are ${round((100 * at(turns).imageTokens) / at(turns).total, 0)} % of turn ${turns}'s prompt.`,
    `Facts the client gave in the first turns, looked for in turn ${turns}'s request: ${earlyFacts.map((f) => `${factsPresent.includes(f) ? "✓" : "✗"} “${f}”`).join(", ")}.`,
  ].join("\n");
  return { title: "4. Model cost per consultation", markdown, budgets };
}

function clientScriptPhotos(turns: number): number {
  let photos = 0;
  for (let t = 1; t <= turns; t++) photos += clientScript(t).photos;
  return photos;
}
