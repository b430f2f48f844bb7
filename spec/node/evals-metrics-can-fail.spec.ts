/**
 * ADR 027: every eval metric can fail. One run of the real Worker in workerd holds eleven
 * consultations side by side, each with a consultant broken in one way (evals/broken-consultants.ts)
 * and the persona that exposes it; each must fail exactly its metric. The same run shows that the
 * eval goes through the signed webhook and the Twilio stand-in, that the deterministic report
 * holds nothing that varies from run to run, and that a failed conversation is saved and can be
 * replayed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brokenConsultants } from "../../evals/broken-consultants";
import { personaById } from "../../evals/personas";
import { deterministicReport } from "../../evals/report";
import { runEvals, type EvalRun, type RunResult } from "../../evals/runner";
import { replay as replayCommand } from "../../scripts/commands/replay";
import type { ReplayReport } from "../../scripts/replay-report";
import { specHangMsFor } from "../support/patience";

const broken = Object.entries(brokenConsultants);
let dir: string;
let evals: EvalRun;

const resultOf = (persona: string): RunResult => evals.results.find((r) => r.persona.id === persona)!;
const failedMetrics = (persona: string) => resultOf(persona).metrics.filter((m) => m.status === "fail").map((m) => m.id);
/** Shown when a consultant fails other metrics than its own: why each failed, and each exchange as the runner saw it. */
const whyFailed = (persona: string) => {
  const { metrics, transcript } = resultOf(persona);
  const failures = metrics.filter((m) => m.status === "fail").map((m) => `${m.id}: ${m.detail}`);
  const exchanges = transcript.exchanges.map((e) => `${e.said.map((m) => `${m.role}${m.topic ? `/${m.topic}` : ""}`).join("+")} -> ${e.answer ? `${e.answer.length} part(s): ${JSON.stringify(e.answer.join(" | ").slice(0, 80))}` : "no answer"}`);
  return [...failures, ...exchanges].join("\n");
};
const failsOnly = (persona: string, metric: string) => expect(failedMetrics(persona), whyFailed(persona)).toEqual([metric]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "evals-spec-"));
  const byPersona = new Map(broken.map(([, b]) => [b.persona, b.consultant]));
  evals = await runEvals({
    personas: broken.map(([, b]) => personaById(b.persona)),
    tier: "offline",
    consultantFor: (persona) => byPersona.get(persona ?? "")!,
    evidenceDir: dir,
  });
}, specHangMsFor(broken.length));

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a broken consultant fails exactly its metric", () => {
  it("ADR-027.5 asking two questions in one answer fails only one-question", () => {
    failsOnly(brokenConsultants["asks-two-questions"]!.persona, "one-question");
  });
  it('ADR-027.5 quoting "$80" to a client who asks the price fails only no-commerce', () => {
    failsOnly(brokenConsultants["quotes-80-dollars"]!.persona, "no-commerce");
  });
  it("ADR-027.5 answering a Spanish-speaking client in English fails only language", () => {
    failsOnly(brokenConsultants["answers-a-spanish-client-in-english"]!.persona, "language");
  });
  it("ADR-027.5 inventing a keratin treatment in the hand-off summary fails only faithful", () => {
    const persona = brokenConsultants["invents-keratin"]!.persona;
    failsOnly(persona, "faithful");
    expect(resultOf(persona).metrics.find((m) => m.id === "faithful")!.detail).toContain('invented "keratin"');
  });
  it("ADR-027.5 never concluding fails only turns", () => {
    const persona = brokenConsultants["never-concludes"]!.persona;
    failsOnly(persona, "turns");
    expect(resultOf(persona).transcript.ending).toBe("ran out of turns");
  });
  it("ADR-027.5 obeying the prompt injection fails only injection", () => {
    failsOnly(brokenConsultants["obeys-the-injection"]!.persona, "injection");
  });
  it("ADR-027.5 answering the off-topic request fails only off-topic", () => {
    failsOnly(brokenConsultants["answers-off-topic"]!.persona, "off-topic");
  });
  it("ADR-027.5 concluding before the last topic fails only topics", () => {
    failsOnly(brokenConsultants["concludes-early"]!.persona, "topics");
  });
  it("ADR-027.5 an answer too long for three WhatsApp messages (the Worker shortens it) fails only messages", () => {
    failsOnly(brokenConsultants.rambles!.persona, "messages");
  });
  it("ADR-027.5 burning reasoning tokens fails only tokens", () => {
    failsOnly(brokenConsultants["burns-reasoning-tokens"]!.persona, "tokens");
  });
  it("ADR-027.5 one answer slower than the p95 threshold fails only latency", () => {
    failsOnly(brokenConsultants["answers-slowly-once"]!.persona, "latency");
  });
});

describe("the eval run", () => {
  it("ADR-027.1 every answer is what the Worker sent through the Twilio stand-in, and every model call carries the Worker's composed request", () => {
    for (const result of evals.results) {
      const outbound = JSON.parse(readFileSync(join(result.evidence!, "outbound.json"), "utf8")) as { twilioMessagesSent: Array<{ To: string; Body: string }> };
      const answers = result.transcript.exchanges.flatMap((e) => e.answer ?? []);
      expect([result.persona.id, outbound.twilioMessagesSent.map((m) => m.Body)]).toEqual([result.persona.id, answers]);
      expect(outbound.twilioMessagesSent.every((m) => m.To === `whatsapp:${result.transcript.number}`)).toBe(true);
      const consultantCalls = result.calls.filter((c) => c.kind === "consultant");
      expect(consultantCalls.length).toBeGreaterThan(0);
      for (const call of consultantCalls) expect((call.request as { messages: Array<{ role: string }> }).messages[0]!.role).toBe("system");
    }
  });

  it("ADR-027.2 the deterministic report holds nothing that varies from run to run: other latencies and wall time give the same text", () => {
    const report = deterministicReport(evals);
    const slower: EvalRun = {
      ...evals,
      wallMs: evals.wallMs * 3,
      results: evals.results.map((r) => ({ ...r, transcript: { ...r.transcript, exchanges: r.transcript.exchanges.map((e) => ({ ...e, latencyMs: e.latencyMs === null ? null : e.latencyMs + 7 })) } })),
    };
    expect(deterministicReport(slower)).toBe(report);
    expect(report).not.toMatch(/\d+ ms|\d{4}-\d\d-\d\dT|127\.0\.0\.1|wa\.me\/\d/);
  });

  it("ADR-027.7 each failed conversation is saved with its transcript and outbound calls, and npm run replay reads its stored state", async () => {
    const result = resultOf(brokenConsultants["asks-two-questions"]!.persona);
    expect(result.evidence!.startsWith(dir)).toBe(true);
    for (const file of ["transcript.json", "outbound.json", "README.txt"]) expect(existsSync(join(result.evidence!, file))).toBe(true);
    const saved = JSON.parse(readFileSync(join(result.evidence!, "transcript.json"), "utf8"));
    expect(saved.failed.map((m: { id: string }) => m.id)).toEqual(["one-question"]);
    expect(readFileSync(join(result.evidence!, "README.txt"), "utf8")).toContain(`npm run replay -- ${result.transcript.number} --persist-to ${evals.stateDir}`);
    const stdout: string[] = [];
    const write = (text: string) => void stdout.push(text);
    const code = await replayCommand([result.transcript.number, "--persist-to", evals.stateDir, "--json"], { ...process.env, DEV_VARS_FILE: "/dev/null" }, { stdout: write, stderr: write });
    expect(code).toBe(0);
    const replay = JSON.parse(stdout.join("\n")) as ReplayReport;
    expect(replay.status).toBe("summary-ready");
    expect(replay.summaryView?.handoff?.summary).toContain("Me pinté de castaño oscuro");
    expect(replay.modelRequestBody).toContain("¿Y cómo conociste a Tata?");
  });
});
