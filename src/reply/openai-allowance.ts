/**
 * The OpenAI calls a job may make for a message's media (ADR 029.4): each photo look and each
 * transcription counts against the client's limits and the deployment's daily cap, like an
 * answer. The count is read once, at the job's first media call, and spent from there; each call
 * is recorded before it is made, so later jobs and the answer's gate count it. Two jobs of the
 * same client that read the count at the same moment may each spend what is left (ADR 029.6
 * says how far that goes).
 */
import { callsLeft } from "../conversation/model-call-limits";
import { countDeploymentCalls, readClientCalls, recordDeploymentCall, recordMediaCall } from "../storage/openai-calls";
import { DEPLOYMENT_WINDOW_MS, longestWindowMs } from "./model-call-gate";
import type { ReplyJob } from "./reply-job";

/** Says whether one more OpenAI call may be made for attachment `index` of message `sid`, and records it when it may. */
export type CallAllowance = (sid: string, index: number) => Promise<boolean>;

export function openaiAllowance(job: ReplyJob): CallAllowance {
  const { store } = job;
  const { clock, config } = job.deps;
  let left: Promise<number> | undefined;
  let spent = 0;
  const read = async (now: number) => {
    const calls = (await readClientCalls(store, job.client, now - longestWindowMs)).map((call) => call.at);
    const cap = config.openai.dailyCallCap;
    const deployment = cap - (await countDeploymentCalls(store, now - DEPLOYMENT_WINDOW_MS));
    return Math.min(callsLeft(calls, now), deployment);
  };
  return async (sid, index) => {
    const now = clock.now();
    left ??= read(now);
    if ((await left) - spent <= 0) return false;
    spent += 1;
    // Through the fence: no call for a consultation reset meanwhile.
    await recordMediaCall(store, job.client, now, sid, index);
    await recordDeploymentCall(store, now);
    return true;
  };
}
