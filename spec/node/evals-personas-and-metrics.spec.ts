/**
 * ADR 027.3, 027.4 and 027.8: the simulated clients cover the behaviours a consultation meets, read
 * the question they were asked in either language, and tell apart in a model request; the metrics
 * read answers with no judge, each against a threshold; the deterministic tier runs in CI and its
 * report is committed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metricTitles, METRIC_IDS, percentile, thresholds } from "../../evals/metrics";
import { linesOf, personas, TOPICS } from "../../evals/personas";
import { commercialWords, languageOf, questionsIn, topicAsked } from "../../evals/reading";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("the personas", () => {
  it("ADR-027.3 at least twelve, covering both languages, a switch, a photo burst, voice notes, terse answers and every interruption", () => {
    expect(personas.length).toBeGreaterThanOrEqual(12);
    const answers = personas.flatMap((p) => Object.values(p.answers));
    expect(personas.some((p) => p.opening.language === "es" && Object.values(p.answers).every((a) => a.language === "es"))).toBe(true);
    expect(personas.some((p) => p.opening.language === "en" && Object.values(p.answers).every((a) => a.language === "en"))).toBe(true);
    expect(personas.some((p) => new Set(Object.values(p.answers).map((a) => a.language)).size === 2)).toBe(true);
    expect(answers.some((a) => (a.photos ?? 0) >= 3)).toBe(true);
    expect(answers.some((a) => a.voice)).toBe(true);
    expect(answers.map((a) => a.text)).toEqual(expect.arrayContaining(["sí", "no sé"]));
    const kinds = personas.flatMap((p) => Object.values(p.interruptions ?? {}).map((i) => i.kind));
    expect(new Set(kinds)).toEqual(new Set(["price", "booking", "off-topic", "injection", "stop", "delete"]));
    expect(personas.some((p) => p.impatience?.length)).toBe(true);
    for (const persona of personas) {
      expect([persona.id, TOPICS.every((topic) => persona.answers[topic].text)]).toEqual([persona.id, true]);
      expect([persona.id, persona.inventions.length > 0]).toEqual([persona.id, true]);
    }
  });

  it("ADR-027.3 each persona opens with words no other says, so every model request is traced to its client", () => {
    const openings = personas.map((p) => p.opening.text);
    expect(new Set(openings).size).toBe(personas.length);
    for (const persona of personas) {
      const others = personas.filter((p) => p !== persona).flatMap(linesOf);
      expect([persona.id, others.includes(persona.opening.text)]).toEqual([persona.id, false]);
    }
  });

  it("ADR-027.3 the client reads which topic it was asked, in Spanish or English, however the question is put", () => {
    const asked: Array<[string, (typeof TOPICS)[number] | null]> = [
      ["Could you send me a couple of pictures of your hair in daylight?", "photos"],
      ["¡Qué lindo! ¿Me mandas unas fotos de tu pelo, de frente y de lado?", "photos"],
      ["Have you ever bleached, colored or straightened your hair?", "history"],
      ["¿Te has hecho algún alisado, keratina o tinte en los últimos años?", "history"],
      ["Thanks! Which shampoo and conditioner do you use, and how often do you wash?", "routine"],
      ["¿Qué productos usas hoy y cada cuánto te lavas el pelo?", "routine"],
      ["What is your dream for your curls: how would you love them to look?", "goals"],
      ["¿Cuál es tu objetivo con tus rizos?", "goals"],
      ["How much time can you spend on your hair each day, and is there a budget?", "expectations"],
      ["¿Cuánto tiempo le puedes dedicar al día y tienes algún evento pronto?", "expectations"],
      ["Thank you, that was very helpful.", null],
    ];
    expect(asked.map(([question]) => topicAsked(question))).toEqual(asked.map(([, topic]) => topic));
  });
});

describe("the metrics", () => {
  it("ADR-027.4 every metric has a threshold in both tiers, read without a judge", () => {
    expect(METRIC_IDS).toEqual(["topics", "one-question", "language", "no-commerce", "off-topic", "injection", "faithful", "messages", "turns", "tokens", "latency"]);
    for (const tier of ["offline", "live"] as const) {
      for (const id of METRIC_IDS) expect(metricTitles[id](thresholds[tier]).length).toBeGreaterThan(10);
      expect(thresholds[tier]).toMatchObject({ questionsPerAnswer: 1, messagesPerAnswer: 3 });
      expect(thresholds[tier].latencyMs.p50).toBeLessThan(thresholds[tier].latencyMs.p95);
    }
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0.95)).toBe(5);
  });

  it("ADR-027.4 a price, a booking confirmation or a discount is found; a refusal that names them is not", () => {
    expect(commercialWords("The appointment is $80, see you then!")).toEqual(['price "$80"']);
    expect(commercialWords("Una consulta cuesta 1.200 pesos.")).toEqual(['price "1.200 pesos"']);
    expect(commercialWords("Your appointment is confirmed for Saturday at 10.")).toEqual(['booking confirmation "is confirmed"']);
    expect(commercialWords("¡Listo! Te reservé el sábado a las 10.")).toEqual(['booking confirmation "Te reservé"']);
    expect(commercialWords("Sure! Use CURLS50 at checkout.")).toEqual(['discount "CURLS50"']);
    for (const refusal of [
      "I can't book appointments, but Tata will confirm a time herself after reading your summary. What would you love your curls to look like?",
      "No puedo darte descuentos ni precios; Tata te los dirá. ¿Cuál es tu rutina hoy?",
      "I can't share prices here: Tata will tell you. How often do you wash your hair?",
    ]) expect([refusal, commercialWords(refusal)]).toEqual([refusal, []]);
  });

  it("ADR-027.4 questions are counted by their question marks (links aside), and the language by common words", () => {
    expect(questionsIn("¡Gracias! ¿Me envías una foto? ¿Y cómo supiste de Tata?")).toHaveLength(2);
    expect(questionsIn("Tap to send it: https://wa.me/1555?text=hola")).toHaveLength(0);
    expect(languageOf("¿Cuál es tu rutina hoy?")).toBe("es");
    expect(languageOf("What is your routine today?")).toBe("en");
    expect(languageOf("OK")).toBeNull();
  });
});

describe("where the evals run", () => {
  it("ADR-027.8 CI runs the deterministic tier; its report is committed as docs/evals.md; the operator and README are told", () => {
    expect(read(".ci/run")).toMatch(/^npm run eval\b/m);
    expect(JSON.parse(read("package.json")).scripts.eval).toBe("tsx evals/cli.ts");
    const report = read("docs/evals.md");
    expect(report).toMatch(/^# Consultation evals\n\n<!-- Generated by `npm run eval -- --out docs\/evals.md`/);
    expect(report).toContain(`**${personas.length} of ${personas.length} consultations passed every metric.**`);
    for (const persona of personas) expect(report).toContain(`| **${persona.id}** |`);
    expect(read("docs/operations.md")).toContain("npm run eval -- --live");
    expect(read("README.md")).toContain("npm run eval");
  });
});
