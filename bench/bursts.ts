/**
 * Issue 12's rows (ADR 016): the real Worker in workerd, with the stand-ins for OpenAI and
 * Twilio, in real time. A burst is three photos and one line sent 250 ms apart (WhatsApp sends
 * each photo as its own message) to a model that takes MODEL_MS; a lone message is one line; a
 * message during generation is a second line sent while the model writes the answer to the first.
 * Times are taken on this process's clock: when a webhook was posted, when the stand-ins received
 * the typing indicator and the answer.
 */
import { chatCompletion } from "../scripts/stand-ins";
import type { BenchSection, BudgetCheck } from "./budget";
import { ACCOUNT_SID, nextMessageSid, postWebhook, startLocalStack, textParams, type LocalStack } from "./local-stack";
import { percentile, round } from "./stats";

const MODEL_MS = 1500;
/** The model in the "during generation" runs: slow enough for a line sent 0.5 s into it to settle before it is done. */
const SLOW_MODEL_MS = 3000;
const GAP_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  replies: number;
  modelCalls: number;
  /** From the burst's last message to its (first) answer. */
  lastToAnswerMs: number;
  /** From the burst's first message to "typing…". */
  typingMs: number | null;
}

let clients = 0;
const nextClient = () => `whatsapp:+1555777${String(++clients).padStart(4, "0")}`;

function photoParams(stack: LocalStack, from: string): Record<string, string> {
  const sid = nextMessageSid("MM");
  const mediaSid = `ME${sid.slice(2)}`;
  const url = stack.standIns.addMedia(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/${mediaSid}`, Buffer.alloc(2048, 0xff), "image/jpeg");
  return { ...textParams(from, "", sid), NumMedia: "1", MediaUrl0: url, MediaContentType0: "image/jpeg", MessageType: "image" };
}

/** Posts the messages `gapMs` apart and waits until the client's answers have gone out and the jobs are quiet. */
async function run(stack: LocalStack, messages: Array<Record<string, string>>, gapMs: number): Promise<Run> {
  const client = messages[0]!.From!;
  const answerCalls = () => stack.standIns.requests.filter(isAnswerCall).length;
  const chatsBefore = answerCalls();
  const posted: number[] = [];
  for (const [i, message] of messages.entries()) {
    if (i > 0) await sleep(gapMs);
    posted.push(Date.now());
    const response = await postWebhook(stack.worker.url, message);
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  }
  const mine = () => stack.standIns.sent.filter((s) => s.To === client);
  const deadline = Date.now() + 30_000;
  while (mine().length === 0 && Date.now() < deadline) await sleep(20);
  await sleep(SLOW_MODEL_MS + 3000); // a second answer, had there been one, would be out by now
  const answers = mine();
  if (answers.length === 0) throw new Error("no answer within 30 s");
  const firstSid = messages[0]!.MessageSid;
  const typing = stack.standIns.typing.find((t) => t.messageId === firstSid);
  return {
    replies: answers.length,
    modelCalls: answerCalls() - chatsBefore,
    lastToAnswerMs: Date.parse(answers[0]!.at) - posted.at(-1)!,
    typingMs: typing ? Date.parse(typing.at) - posted[0]! : null,
  };
}

/** A request for the consultant's answer (it offers the hand-off tool), not a photo's observation (ADR 019). */
const isAnswerCall = (request: { path: string; body: Buffer }) =>
  request.path.endsWith("/chat/completions") && request.body.toString("utf8").includes('"conclude_consultation"');

const summary = (values: number[]) => `${round(percentile(values, 50))} / ${round(Math.max(...values))}`;

export async function burstBench(smoke: boolean): Promise<BenchSection> {
  const repeats = smoke ? 1 : 5;
  let modelMs = MODEL_MS;
  const stack = await startLocalStack({
    chat: async () => {
      await sleep(modelMs);
      return chatCompletion("¡Qué lindos rizos! ¿Cada cuánto te lavas el pelo?");
    },
  });
  const bursts: Run[] = [];
  const lone: Run[] = [];
  const during: Run[] = [];
  try {
    await run(stack, [textParams(nextClient(), "warm up")], 0);
    for (let i = 0; i < repeats; i++) {
      const from = nextClient();
      bursts.push(await run(stack, [photoParams(stack, from), photoParams(stack, from), photoParams(stack, from), textParams(from, "Esas son mis fotos de frente, lado y atrás")], GAP_MS));
      lone.push(await run(stack, [textParams(nextClient(), "Hola, quiero una consulta para mis rizos")], 0));
      const writer = nextClient();
      // The second line arrives while the model writes the answer to the first (settling window 1 s, then SLOW_MODEL_MS).
      modelMs = SLOW_MODEL_MS;
      during.push(await run(stack, [textParams(writer, "Tengo el pelo rizado"), textParams(writer, "y se me esponja con la humedad")], 1500));
      modelMs = MODEL_MS;
    }
  } finally {
    await stack.stop();
  }
  const overheads = lone.map((r) => r.lastToAnswerMs - MODEL_MS);
  const typing = bursts.map((r) => r.typingMs ?? Number.POSITIVE_INFINITY);
  const budgets: BudgetCheck[] = [
    { item: "replies per burst (3 photos + 1 line, 250 ms apart)", figure: `${Math.max(...bursts.map((r) => r.replies))}`, budget: "1", holds: bursts.every((r) => r.replies === 1) },
    {
      item: "model calls per burst (a line arriving during generation)",
      figure: `${Math.max(...during.map((r) => r.modelCalls))} (burst: ${Math.max(...bursts.map((r) => r.modelCalls))})`,
      budget: "≤ 2",
      holds: [...during, ...bursts].every((r) => r.modelCalls <= 2),
    },
    {
      item: "burst's last message to its answer (p50 / max)",
      figure: `${summary(bursts.map((r) => r.lastToAnswerMs))} ms`,
      budget: `≤ model latency + 2 s (${MODEL_MS + 2000} ms)`,
      holds: bursts.every((r) => r.lastToAnswerMs <= MODEL_MS + 2000),
    },
    { item: "lone message overhead beyond the model (p50 / max)", figure: `${summary(overheads)} ms`, budget: "≤ 2000 ms", holds: overheads.every((o) => o <= 2000) },
    { item: "typing indicator after the burst's first message (p50 / max)", figure: `${summary(typing)} ms`, budget: "≤ 1000 ms", holds: typing.every((t) => t <= 1000) },
  ];
  const table = [
    "| scenario | runs | replies | model calls | last message → answer, p50 / max ms | typing after first message, p50 / max ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    `| 3 photos + 1 line, 250 ms apart | ${bursts.length} | ${bursts.map((r) => r.replies).join(", ")} | ${bursts.map((r) => r.modelCalls).join(", ")} | ${summary(bursts.map((r) => r.lastToAnswerMs))} | ${summary(typing)} |`,
    `| a lone line | ${lone.length} | ${lone.map((r) => r.replies).join(", ")} | ${lone.map((r) => r.modelCalls).join(", ")} | ${summary(lone.map((r) => r.lastToAnswerMs))} | ${summary(lone.map((r) => r.typingMs ?? Number.POSITIVE_INFINITY))} |`,
    `| a second line during generation | ${during.length} | ${during.map((r) => r.replies).join(", ")} | ${during.map((r) => r.modelCalls).join(", ")} | ${summary(during.map((r) => r.lastToAnswerMs))} | ${summary(during.map((r) => r.typingMs ?? Number.POSITIVE_INFINITY))} |`,
  ].join("\n");
  const markdown = [
    `The Worker in workerd (local KV and R2) with the node stand-ins; the stand-in model answers after ${MODEL_MS} ms. Each scenario`,
    `is run ${repeats} time${repeats > 1 ? "s" : ""}, each with a new client, one after another; a run ends ${SLOW_MODEL_MS + 3000} ms after its first answer, so a`,
    "second answer would be counted. Times are from posting the webhook (this process's clock) to the stand-in receiving the",
    "typing indicator or the message. The settling window is 1 s (`burstTiming.settleMs`): it is most of the overhead of a",
    "lone message. In the third scenario the model takes " + `${SLOW_MODEL_MS} ms and the second line comes 1.5 s after the first, while`,
    "the model writes: it supersedes that generation (ADR-016.9), whose cost is the discarded model call. \"Model calls\" counts",
    "the consultant's answers only (requests offering the hand-off tool), not each photo's observation (ADR 019).",
    "",
    table,
  ].join("\n");
  return { title: "Bursts: one answer, in order, with \"typing…\" (ADR 016)", markdown, budgets };
}
