/**
 * A whole consultation as one client lives it: greeting, a photo, a voice note, answers, the
 * model's conclusion, the "summary" command, then the summary page opened. Every outbound call
 * is recorded (`calls`), including any the stand-ins do not expect (answered 404), so a spec
 * can assert over everything the Worker sent.
 */
import { http, HttpResponse } from "msw";
import handoff from "../../fixtures/openai/chat-completion-handoff.json";
import chatCompletion from "../../fixtures/openai/chat-completion.json";
import observation from "../../fixtures/openai/chat-completion-observation.json";
import { webhooks } from "../../fixtures/twilio/webhooks";
import { answer, calls, defaultHandlers, isObservationRequest, network, OPENAI, sentMessages, TWILIO } from "./network";
import { webhookRequest } from "./twilio";

export const CLIENT = "whatsapp:+5215512345678";

const sid = (n: number) => `SM${String(n).padStart(32, "0")}`;
const text = (n: number, body: string) => ({ ...webhooks["text-es"], MessageSid: sid(n), SmsMessageSid: sid(n), SmsSid: sid(n), Body: body });

/** The client's messages, in order; the last one before the command gets the model's conclusion. */
export const consultationMessages = [
  webhooks["text-es"],
  webhooks.photo,
  webhooks["voice-note"],
  text(1, "Me decoloré hace dos años y uso gel ligero"),
  text(2, "Quiero rizos definidos para diciembre"),
];
export const summaryCommand = text(3, "resumen");

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
const OGG = new TextEncoder().encode("OggS\0fake voice note");

/** Called with each of the consultant's chat requests' body before it is answered (photo observations aside). */
export type ChatObserver = (body: string) => Promise<void>;

/** Stand-ins for a consultation: media downloads, transcription, and the conclusion on the last answer. */
export function useConsultationNetwork(onChat?: ChatObserver): void {
  let chats = 0;
  network.use(
    answer("post", `${OPENAI}/chat/completions`, async ({ request }) => {
      const body = await request.clone().text();
      if (isObservationRequest(JSON.parse(body))) return HttpResponse.json(observation); // the photo, looked at once (ADR-019.3)
      await onChat?.(body);
      chats += 1;
      return HttpResponse.json(chats === consultationMessages.length ? handoff : chatCompletion);
    }),
    answer("post", `${OPENAI}/audio/transcriptions`, () => HttpResponse.json({ text: "Tengo el pelo rizado 3A y se me esponja" })),
    answer("get", `${TWILIO}/2010-04-01/Accounts/:account/Messages/:message/Media/:media`, ({ params }) =>
      params.message === webhooks.photo.MessageSid
        ? new HttpResponse(JPEG, { headers: { "content-type": "image/jpeg" } })
        : new HttpResponse(OGG, { headers: { "content-type": "audio/ogg" } }),
    ),
    ...defaultHandlers,
    http.all("*", async ({ request }) => {
      calls.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: await request.text() });
      return HttpResponse.json({ error: "no stand-in for this request" }, { status: 404 });
    }),
  );
}

/**
 * Runs the consultation through `send` (one signed webhook each, waiting for its reply work),
 * then opens the summary page the Worker linked. Returns the page's HTML.
 */
export async function runFullConsultation(
  send: (request: Request) => Promise<Response>,
  onChat?: ChatObserver,
): Promise<{ summaryUrl: string; page: Response }> {
  useConsultationNetwork(onChat);
  for (const message of [...consultationMessages, summaryCommand]) {
    const response = await send(await webhookRequest(message));
    if (response.status !== 200) throw new Error(`webhook answered ${response.status} for ${message.MessageSid}`);
  }
  const summaryUrl = /https:\/\/wa\.example\.com\/summary\/[A-Za-z0-9_-]+/.exec(sentMessages().at(-1)?.Body ?? "")?.[0];
  if (!summaryUrl) throw new Error("the summary command was not answered with a summary link");
  const page = await send(new Request(summaryUrl));
  return { summaryUrl, page };
}
