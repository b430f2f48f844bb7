/**
 * The benchmark's scripted consultation (bench/scripted-consultation.ts) as stored state, built in
 * memory: what the specs of ADR 011 and ADR 019 compose requests from.
 */
import { assistantScript, clientScript, photoObservation } from "../../bench/scripted-consultation";
import { mediaKey, type ClientKey } from "../../src/storage/keys";
import type { ConversationState } from "../../src/storage/records";
import { sentAnswer } from "./sent-answer";
import { emptyState } from "./written-state";

export const SCRIPTED_CLIENT: ClientKey = "whatsapp:+15550600600";
const START = Date.parse("2026-11-20T09:00:00.000Z");
export const scriptedTime = (turn: number, offsetMs = 0) => new Date(START + turn * 60_000 + offsetMs).toISOString();
export const scriptedSid = (turn: number) => `SM${String(turn).padStart(32, "0")}`;

/**
 * The scripted consultation's first `turns` turns as stored state, each client message answered
 * but the last, each photo observed when it arrived (ADR 019) unless `observed` is false.
 */
export function scriptedState(turns: number, { observed = true } = {}): ConversationState {
  const state = emptyState(SCRIPTED_CLIENT, { consultation: { v: 1, id: "c0nsultation-id-0123456789", startedAt: scriptedTime(0) } });
  for (let turn = 1; turn <= turns; turn++) {
    const { text, photos } = clientScript(turn);
    const params: Record<string, string> = { MessageSid: scriptedSid(turn), From: SCRIPTED_CLIENT, Body: text, NumMedia: String(photos) };
    for (let i = 0; i < photos; i++) {
      params[`MediaContentType${i}`] = "image/jpeg";
      state.media.push({ key: mediaKey(SCRIPTED_CLIENT, scriptedTime(turn), scriptedSid(turn), i, "jpg"), size: 1000, contentType: "image/jpeg", uploaded: scriptedTime(turn) });
      if (!observed) continue;
      const key = `${SCRIPTED_CLIENT}/observations/${scriptedSid(turn)}-${i}.json`;
      state.observations.push({ key, v: 1, sid: scriptedSid(turn), index: i, model: "gpt-4o-mini", observedAt: scriptedTime(turn, 2_000), observation: photoObservation(state.observations.length + 1) });
    }
    state.inbound.push({ v: 1, sid: scriptedSid(turn), receivedAt: scriptedTime(turn), params });
    if (turn < turns) {
      state.answers.push(sentAnswer(turn, [scriptedSid(turn)], scriptedTime(turn, 5_000), assistantScript(turn)));
    }
  }
  return state;
}

