/**
 * Item 4: what a scripted 60-turn consultation with photos sends to the model, counted on the
 * real request bodies the OpenAI stand-in captured: each turn's answering request and the photo
 * observations (ADR-019.3). Text is counted with gpt-tokenizer (o200k_base, gpt-4o-mini's
 * encoding, with its chat and tool overheads); images with OpenAI's documented accounting for the
 * detail level each image part asks for; a structured-output schema as its JSON's tokens.
 * ADR 011 holds turn 60's prompt to 1.5 times turn 10's, with the early facts still present;
 * issue 14 holds the whole consultation to 120,000 prompt tokens, with no image after its turn.
 */
import { chatCompletion } from "../scripts/stand-ins";
import { chatOrResponses } from "./chat-or-responses";
import { modelCallLimits } from "../src/conversation/model-call-limits";
import type { BenchSection, BudgetCheck } from "./budget";
import { ACCOUNT_SID, nextMessageSid, postWebhook, startLocalStack, textParams } from "./local-stack";
import { countPromptTokens, IMAGE_ACCOUNTING, sharedPrefixTokens, type ChatRequestBody, type PromptTokens } from "./prompt-token-count";
import { assistantScript, clientScript, earlyFacts, photoObservation } from "./scripted-consultation";
import { round } from "./stats";

const CLIENT = "whatsapp:+15550600600";
const RATIO_BUDGET = 1.5;
/** List prices, USD per million tokens: input, cached input, output (ADR 026; gpt-4o-mini's from OpenAI's pricing page, 2026-11). */
const PRICES = [
  { model: "gpt-6-luna", note: "the default", input: 0.1, cachedInput: 0.01, output: 0.5 },
  { model: "gpt-4o-mini", note: "until 2027-01-14", input: 0.15, cachedInput: 0.075, output: 0.6 },
];
const TOTAL_BUDGET = 120_000;
/** OpenAI caches a prompt prefix only from this many tokens on (prompt caching guide). */
const CACHE_MIN_TOKENS = 1024;
const SHOWN_TURNS = [1, 2, 5, 10, 20, 30, 40, 50, 60];

const fakeJpeg = (seed: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4096, seed), Buffer.from([0xff, 0xd9])]);

function webhookFor(turn: number, text: string, photos: number, mediaUrl: (path: string) => string): Record<string, string> {
  const sid = nextMessageSid(photos ? "MM" : "SM");
  const params = { ...textParams(CLIENT, text, sid), NumMedia: String(photos) };
  for (let i = 0; i < photos; i++) {
    Object.assign(params, {
      [`MediaContentType${i}`]: "image/jpeg",
      [`MediaUrl${i}`]: mediaUrl(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/ME${String(turn).padStart(16, "0")}${String(i).padStart(16, "0")}`),
    });
  }
  return params;
}

function requestText(body: ChatRequestBody): string {
  return body.messages
    .map((m) => (typeof m.content === "string" ? m.content : Array.isArray(m.content) ? m.content.map((p) => (p as { text?: string }).text ?? "").join(" ") : ""))
    .join("\n");
}

/**
 * ADR 018.3 allows a client 20 model calls a minute: a consultation longer than that is sent no
 * faster than the limit, as a client typing would, so every turn is answered by the model.
 */
const perMinute = modelCallLimits.find((limit) => limit.window === "minute")!;
const PACE_MS = perMinute.windowMs / perMinute.max + 100;
let lastTurnAt = 0;
async function paced(turn: number, turns: number): Promise<void> {
  if (turns <= perMinute.max) return;
  const wait = lastTurnAt + PACE_MS - Date.now();
  if (turn > 1 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  lastTurnAt = Date.now();
}

const isObservation = (body: { response_format?: unknown }) =>
  (body.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name === "photo_observation";

/** Images in any message but the last: photos sent again after their own turn (each turn here is answered before the next). */
const imagesAfterOwnTurn = (body: ChatRequestBody) =>
  body.messages.slice(0, -1).reduce((n, m) => n + (Array.isArray(m.content) ? m.content.filter((p) => (p as { type?: string }).type === "image_url").length : 0), 0);

export async function promptTokensBench(smoke: boolean): Promise<BenchSection> {
  const turns = smoke ? 12 : 60;
  let turn = 0;
  let photosObserved = 0;
  const outputs: string[] = [];
  const stack = await startLocalStack({
    chat: (request) => {
      const answer = isObservation(request) ? JSON.stringify(photoObservation(++photosObserved)) : assistantScript(turn);
      outputs.push(answer);
      return chatCompletion(answer);
    },
  });
  const bodies: ChatRequestBody[] = [];
  const observationsByTurn: ChatRequestBody[][] = [];
  try {
    for (turn = 1; turn <= turns; turn++) {
      await paced(turn, turns);
      const { text, photos } = clientScript(turn);
      const before = stack.standIns.requests.length;
      const params = webhookFor(turn, text, photos, (path) => stack.standIns.addMedia(path, fakeJpeg(turn), "image/jpeg"));
      const response = await postWebhook(stack.worker.url, params);
      if (response.status !== 200) throw new Error(`turn ${turn}: webhook answered ${response.status}`);
      await stack.standIns.waitForSent(turn, 30_000);
      const chat = stack.standIns.requests
        .slice(before)
        .filter((r) => r.path.endsWith("/chat/completions"))
        .map((r) => JSON.parse(r.body.toString("utf8")) as ChatRequestBody);
      const answering = chat.filter((body) => !isObservation(body));
      if (answering.length !== 1) throw new Error(`turn ${turn}: expected one answering request, saw ${answering.length}`);
      bodies.push(answering[0]!);
      observationsByTurn.push(chat.filter(isObservation));
    }
  } finally {
    await stack.stop();
  }

  const counts: PromptTokens[] = bodies.map(countPromptTokens);
  const observations = observationsByTurn.flat();
  const observationCounts = observations.map(countPromptTokens);
  const observationsOfTurn = (t: number) => observationsByTurn[t - 1]!.map(countPromptTokens);
  const at = (t: number) => counts[t - 1]!;
  const answeringTotal = counts.reduce((n, c) => n + c.total, 0);
  const observationTotal = observationCounts.reduce((n, c) => n + c.total, 0);
  const consultationTotal = answeringTotal + observationTotal;
  const laterImages = bodies.map(imagesAfterOwnTurn);
  const prefixes = bodies.map((body, i) => (i === 0 ? { shared: 0, of: 1 } : sharedPrefixTokens(bodies[i - 1]!, body)));
  const prefix = prefixes.map((p) => p.shared);
  const prefixShare = (t: number) => prefixes[t - 1]!.shared / prefixes[t - 1]!.of;
  const cacheable = prefix.reduce((n, shared) => n + (shared >= CACHE_MIN_TOKENS ? shared : 0), 0);
  const outputTokens = outputs.reduce((n, text) => n + countPromptTokens({ model: "", messages: [{ role: "assistant", content: text }] }).text, 0);
  const bill = (price: (typeof PRICES)[number], cached = 0) => ((consultationTotal - cached) * price.input + cached * price.cachedInput + outputTokens * price.output) / 1e6;
  const photoLines = requestText(bodies.at(-1)!).split("\n").filter((line) => /^Photo \d+: curls /.test(line)).length;
  const totalPhotos = clientScriptPhotos(turns);
  const lastText = requestText(bodies.at(-1)!).toLowerCase();
  const factsPresent = earlyFacts.filter((fact) => lastText.includes(fact.toLowerCase()));
  const reference = smoke ? 5 : 10;
  const ratioTotal = at(turns).total / at(reference).total;
  const ratioText = at(turns).text / at(reference).text;

  const table = [
    "| turn | photos sent | observation requests (tokens) | messages sent | text tokens | images | image tokens | prompt tokens | unchanged prefix of the previous request |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...SHOWN_TURNS.filter((t) => t <= turns).map((t) => {
      const c = at(t);
      const photos = clientScript(t).photos;
      const observed = observationsOfTurn(t);
      return `| ${t} | ${photos} | ${observed.length ? `${observed.length} (${observed.reduce((n, o) => n + o.total, 0)})` : "–"} | ${bodies[t - 1]!.messages.length} | ${c.text} | ${c.images} | ${c.imageTokens} | ${c.total} | ${t === 1 ? "–" : `${prefix[t - 1]} tokens, ${round(100 * prefixShare(t), 0)} %`} |`;
    }),
  ].join("\n");
  const budgets: BudgetCheck[] = [
    {
      item: `prompt tokens of the whole ${turns}-turn consultation, as billed (answers and photo observations, text and images)`,
      figure: `${consultationTotal.toLocaleString("en-US")} (${answeringTotal.toLocaleString("en-US")} answering, ${observationTotal.toLocaleString("en-US")} in ${observations.length} observations)`,
      budget: smoke ? "not judged on a smoke run" : `≤ ${TOTAL_BUDGET.toLocaleString("en-US")} (issue 14)`,
      holds: smoke ? "not measured" : consultationTotal <= TOTAL_BUDGET,
    },
    {
      item: "images attached to a request after the photo's own turn",
      figure: String(laterImages.reduce((n, x) => n + x, 0)),
      budget: "0 (ADR-019.5)",
      holds: laterImages.every((x) => x === 0),
    },
    {
      item: `photos whose observation is in turn ${turns}'s request`,
      figure: `${photoLines} of ${totalPhotos}`,
      budget: "all (ADR-019.5)",
      holds: photoLines === totalPhotos,
    },
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
    `webhooks${turns > perMinute.max ? `, one every ${round(PACE_MS / 1000, 2)} s (ADR 018.3 allows a client ${perMinute.max} model calls a minute)` : ""}; every chat request the Worker made was captured by the OpenAI stand-in and counted as sent.`,
    `Text: gpt-tokenizer's \`countChatCompletionTokens\` for gpt-4o-mini (o200k_base), tools included as functions. Images: ${IMAGE_ACCOUNTING}`,
    "",
    table,
    "",
    `Each photo is looked at once, when it arrives (ADR-019.3): ${observations.length} observation requests, ${observationTotal.toLocaleString("en-US")} prompt tokens in all`,
    `(${observationCounts.length ? round(observationTotal / observationCounts.length, 0) : 0} each: the image at \`${observations[0] ? observationDetail(observations[0]) : "low"}\` detail, the fixed instructions and the schema); every later request carries the observations as text.`,
    "",
    `Whole consultation: ${consultationTotal.toLocaleString("en-US")} prompt tokens over ${turns} turns (${answeringTotal.toLocaleString("en-US")} answering, ${observationTotal.toLocaleString("en-US")} observing), and ${outputTokens.toLocaleString("en-US")} output tokens`,
    `(the stand-in's scripted answers). The bill of one consultation at each model's list prices, and with the cached-input price applied to`,
    `the stable prefix (every unchanged prefix of the previous request of at least ${CACHE_MIN_TOKENS.toLocaleString("en-US")} tokens: ${cacheable.toLocaleString("en-US")} tokens; OpenAI's cache is`,
    "best-effort and lasts minutes, so a consultation answered over hours gets less). The tokens are counted as above for both (gpt-6-luna's own",
    "tokenizer and image accounting are not published here; `reasoning_effort: \"none\"` adds no reasoning tokens):",
    "",
    "| model | input | cached input | output | per consultation | with the stable prefix cached |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...PRICES.map((price) => `| \`${price.model}\` (${price.note}) | $${price.input} | $${price.cachedInput} | $${price.output} | $${round(bill(price), 4)} | **$${round(bill(price, cacheable), 4)}** |`),
    "",
    `Unchanged prefix of the previous request (ADR-019.8; tools and messages in order, tokens compared from the start): median ${round(100 * median(bodies.slice(1).map((_, i) => prefixShare(i + 2))), 0)} % of each request's text over turns 2–${turns}, ${round(100 * prefixShare(turns), 0)} % at turn ${turns}.`,
    `Turn ${turns} ÷ turn ${reference}: ${round(ratioTotal, 3)}× as billed, ${round(ratioText, 3)}× text only (budget ${RATIO_BUDGET}×). Images are ${round((100 * at(turns).imageTokens) / at(turns).total, 0)} % of turn ${turns}'s prompt.`,
    `Facts the client gave in the first turns, looked for in turn ${turns}'s request: ${earlyFacts.map((f) => `${factsPresent.includes(f) ? "✓" : "✗"} “${f}”`).join(", ")}.`,
    "",
    await chatOrResponses(bodies),
  ].join("\n");
  return { title: "4. Model cost per consultation", markdown, budgets };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0;
}

const observationDetail = (body: ChatRequestBody) =>
  body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).map((p) => (p as { image_url?: { detail?: string } }).image_url?.detail).find(Boolean) ?? "auto";

function clientScriptPhotos(turns: number): number {
  let photos = 0;
  for (let t = 1; t <= turns; t++) photos += clientScript(t).photos;
  return photos;
}
