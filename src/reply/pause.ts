/**
 * The stylist's pause (ADR 028.4): while she has paused the assistant for a client, the client's
 * messages are recorded and closed with a silent answer (no "typing…", no model call, no answer);
 * commands are answered as ever. An answer already being written or sent when the pause lands is
 * checked again after the model and before each of its parts: nothing more of it goes out.
 */
import { readPause } from "../storage/console-records";
import type { Storage } from "../storage/bucket";
import type { ClientKey } from "../storage/keys";
import type { Gate } from "./gate-contract";

export const PAUSED = "paused by the stylist";

export const isPaused = async (store: Storage, client: ClientKey): Promise<boolean> => (await readPause(store, client)).paused;

export function pauseGate(store: Storage): Gate {
  return {
    name: "pause",
    async check({ client }) {
      return (await isPaused(store, client)) ? { kind: "silent", reason: PAUSED } : { kind: "continue" };
    },
  };
}
