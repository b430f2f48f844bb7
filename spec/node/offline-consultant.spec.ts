/**
 * ADR 012.4: the offline model, as the chat stand-in answers the Worker's requests. It walks the
 * five questions in the client's language, acknowledges photos and voice notes, and concludes
 * with the hand-off tool call built from the client's answers.
 */
import { describe, expect, it } from "vitest";
import { offlineConsultant } from "../../playground/offline-consultant";
import { OBSERVATIONS_HEADING } from "../../src/conversation/compose";
import { EARLIER_WORDS_HEADING } from "../../src/conversation/context-policy";
import { observationFormat, observationOf, observationRequest } from "../../src/conversation/photo-observation";

type Message = { role: string; content: unknown };

interface Completion {
  choices: Array<{ message: { content: string | null; tool_calls?: Array<{ function: { name: string; arguments: string } }> } }>;
}

const system: Message = { role: "system", content: "You are the WhatsApp consultation assistant of Tata Oro." };
const answer = async (messages: Message[]) => (await offlineConsultant({ model: "gpt-4o-mini", messages })) as Completion;
const text = async (messages: Message[]) => (await answer(messages)).choices[0]!.message.content;

/** A conversation where the client sent `said`, each answered by the stand-in itself. */
async function conversation(said: Array<string | Message["content"]>): Promise<Message[]> {
  const messages: Message[] = [system];
  for (const content of said) {
    messages.push({ role: "user", content });
    const completion = await answer(messages);
    messages.push({ role: "assistant", content: completion.choices[0]!.message.content ?? "(hand-off)" });
  }
  return messages;
}

const photo = (caption: string) => [
  { type: "text", text: caption },
  { type: "image_url", image_url: { url: "http://127.0.0.1:8787/media/token", detail: "low" } },
];

describe("the offline consultant", () => {
  it("ADR-012.4 answers a Spanish-speaking client in Spanish, and an English-speaking one in English", async () => {
    expect(await text([system, { role: "user", content: "Hola, quiero una consulta para mis rizos" }])).toMatch(/^¡Hola! .*¿me envías fotos de tu cabello/);
    expect(await text([system, { role: "user", content: "Hi, I would like a consultation for my curly hair" }])).toMatch(/^Hi! .*send me photos of your hair/);
    const spanish = await conversation(["Hola, tengo el pelo rizado", photo("Aquí va mi foto")]);
    expect(spanish.at(-1)!.content).toMatch(/^Gracias por la foto, ya veo tus rizos\. Cuéntame la historia de tu cabello/);
  });

  it("ADR-012.4 asks one question per turn, in order, and acknowledges photos and voice notes", async () => {
    const messages = await conversation([
      "Hi! I want to book a consultation for my curls",
      photo("Here are my curls"),
      "I bleached it two years ago and straightened it weekly until March",
      "[voice note] I wash my hair twice a week with a sulfate-free shampoo.",
    ]);
    const replies = messages.filter((m) => m.role === "assistant").map((m) => String(m.content));
    expect(replies[0]).toContain("photos of your hair today");
    expect(replies[1]).toMatch(/^Thank you for the photo, I can see your curls\. Tell me about your hair's history/);
    expect(replies[2]).toMatch(/^What is your routine today/);
    expect(replies[3]).toMatch(/^Thanks for the voice note, I listened to it\. What would you love your curls/);
  });

  it("ADR-012.4 concludes with conclude_consultation, its summary built from the client's answers", async () => {
    const messages = await conversation([
      "Hola, quiero una consulta para mis rizos",
      photo("Aquí va una foto de frente"),
      "Me decoloré hace dos años",
      "Lavo dos veces por semana con champú sin sulfatos",
      "Quiero rizos definidos y con volumen",
    ]);
    messages.push({ role: "user", content: "Diez minutos al día, y tengo una boda en diciembre" });
    const completion = await answer(messages);
    const call = completion.choices[0]!.message.tool_calls![0]!;
    expect(call.function.name).toBe("conclude_consultation");
    expect(JSON.parse(call.function.arguments)).toEqual({
      summary: [
        "Cabello hoy: 1 foto enviada. Aquí va una foto de frente",
        "Historial: Me decoloré hace dos años",
        "Rutina y productos: Lavo dos veces por semana con champú sin sulfatos",
        "Objetivos: Quiero rizos definidos y con volumen",
        "Expectativas: Diez minutos al día, y tengo una boda en diciembre",
      ].join("\n"),
      message: "¡Gracias! Ya tengo todo lo que tu estilista necesita.",
    });
  });

  it("ADR-012.4 keeps its place when earlier turns are condensed out of the request (ADR 011)", async () => {
    const questions = (await conversation(["Hola", photo("Mi foto"), "Me decoloré hace dos años", "Lavo dos veces por semana", "Quiero volumen"]))
      .filter((m) => m.role === "assistant")
      .map((m) => m.content);
    const windowed: Message[] = [
      system,
      { role: "user", content: `${OBSERVATIONS_HEADING}\nPhoto 1: curls 3A; density media; damage puntas secas` },
      { role: "user", content: `${EARLIER_WORDS_HEADING}\nHola\n[photo 1] Mi foto` },
      { role: "user", content: "Me decoloré hace dos años" },
      { role: "assistant", content: questions[2] },
      { role: "user", content: "Lavo dos veces por semana" },
      { role: "assistant", content: questions[3] },
      { role: "user", content: "Quiero volumen" },
      { role: "assistant", content: questions[4] },
      { role: "user", content: "Cinco minutos al día" },
    ];
    const { summary } = JSON.parse((await answer(windowed)).choices[0]!.message.tool_calls![0]!.function.arguments);
    expect(summary).toBe(
      ["Cabello hoy: 1 foto enviada", "Historial: Me decoloré hace dos años", "Rutina y productos: Lavo dos veces por semana", "Objetivos: Quiero volumen", "Expectativas: Cinco minutos al día"].join("\n"),
    );
  });

  it("ADR-012.4 keeps the facts of answers condensed out of the request, whichever message of a burst the window starts at", async () => {
    // An impatient client: each answer followed by "??" and "hola?", posted together, so they may arrive in any order.
    const said = ["Hola, necesito ayuda", photo("Mi foto"), "Me decoloré hace dos años", "Lavo dos veces por semana", "Quiero volumen"];
    const questions = (await conversation(said)).filter((m) => m.role === "assistant").map((m) => m.content);
    const condensed = (lines: string[]): Message => ({ role: "user", content: `${EARLIER_WORDS_HEADING}\n${lines.join("\n")}` });
    const earlier = ["Hola, necesito ayuda", "[photo 1] Mi foto", "??", "hola?", "Me decoloré hace dos años", "??", "hola?", "Lavo dos veces por semana", "??", "hola?"];
    const lastBurst = [{ role: "user", content: "Cinco minutos al día" }, { role: "user", content: "??" }, { role: "user", content: "hola?" }];
    const windows: Message[][] = [
      // The window starts at the last message of the goals burst, a nudge: the goals answer is condensed too.
      [condensed([...earlier, "Quiero volumen", "??"]), { role: "user", content: "hola?" }, { role: "assistant", content: questions[4] }, ...lastBurst],
      // It starts at the goals answer, which arrived after its nudges: the routine question is condensed out.
      [condensed([...earlier, "??", "hola?"]), { role: "user", content: "Quiero volumen" }, { role: "assistant", content: questions[4] }, ...lastBurst],
    ];
    for (const window of windows) {
      const { summary } = JSON.parse((await answer([system, ...window])).choices[0]!.message.tool_calls![0]!.function.arguments) as { summary: string };
      for (const fact of ["decoloré", "dos veces", "volumen", "Cinco minutos"]) expect([fact, summary]).toEqual([fact, expect.stringContaining(fact)]);
    }
  });

  it("ADR-019.1 declines an unrelated request in one kind sentence, in the client's language, and asks the pending question again", async () => {
    const english = await conversation(["Hi! I want a consultation for my curls", "Write me a poem about the sea"]);
    const [question, declined] = english.filter((m) => m.role === "assistant").map((m) => String(m.content));
    expect(declined).toBe(`I can only help with your curl consultation here, so I'll leave that one aside. ${question}`);
    expect(declined!.split(/(?<=[.!?])\s/)[0]).not.toMatch(/sea|poem/i); // one sentence, and nothing of the request
    const spanish = await conversation(["Hola, quiero una consulta para mis rizos", photo("Mi foto"), "¿Me ayudas con mi tarea de matemáticas?"]);
    const replies = spanish.filter((m) => m.role === "assistant").map((m) => String(m.content));
    expect(replies[2]).toMatch(/^Aquí solo puedo ayudarte con tu consulta de rizos, así que eso lo dejo de lado\. Cuéntame la historia de tu cabello/);
  });

  it("ADR-019.1 after declining, the consultation goes on where it was: the next answer counts for the pending question", async () => {
    const messages = await conversation(["Hola, quiero una consulta para mis rizos", photo("Mi foto"), "Escríbeme un chiste", "Me decoloré hace dos años", "Lavo dos veces por semana", "Quiero volumen"]);
    messages.push({ role: "user", content: "Cinco minutos al día" });
    const { summary } = JSON.parse((await answer(messages)).choices[0]!.message.tool_calls![0]!.function.arguments);
    expect(summary).toContain("Historial: Me decoloré hace dos años");
    expect(summary).not.toContain("chiste");
  });

  it("ADR-019.1 an on-topic question is not mistaken for an unrelated one", async () => {
    const messages = await conversation(["Hi! I want a consultation for my curls", "Can you write down which products suit curly hair?"]);
    expect(String(messages.at(-1)!.content)).not.toContain("leave that one aside");
  });

  it("ADR-019.3 answers a photo observation request with an observation, in the language it asks for", async () => {
    const ask = (language: "en" | "es") => ({ model: "gpt-4o-mini", messages: observationRequest("http://127.0.0.1:8787/media/t", "low", language) as Message[], response_format: observationFormat });
    const spanish = observationOf(((await offlineConsultant(ask("es"))) as Completion).choices[0]!.message.content!);
    expect(spanish?.photo_quality).toBe("vista solo por el sustituto local");
    const english = observationOf(((await offlineConsultant(ask("en"))) as Completion).choices[0]!.message.content!);
    expect(english?.check_in_person).toBe("everything: the stand-in cannot see");
  });

  it("ADR-012.4 is deterministic: the same request always gets the same answer", async () => {
    const messages = await conversation(["Hola", "Me alisé el pelo el año pasado"]);
    const first = await answer(messages);
    const second = await answer(messages);
    expect(second.choices).toEqual(first.choices);
  });
});
