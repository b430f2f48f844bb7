/**
 * Fenced storage: the consultation fence (ADR 016.8) as the one store a reply job uses. A job's
 * writes and sends are tied to the consultation its message belongs to. A reset is itself a recorded message; once one has been
 * recorded after the job's message (or the message's record is gone), the job is overtaken: it
 * removes what it wrote and stops. Every write is checked after it lands, so a write that raced
 * the reset's deletion is removed again by whichever side sees it last; writes made together, with
 * nothing sent or called between them, are checked once, after the last of them (ADR 033.1).
 */
import { commandOf } from "../conversation/commands";
import type { Storage } from "../storage/bucket";
import { deleteClientObjects, readCommandsSince } from "../storage/conversation";
import type { ClientKey } from "../storage/keys";
import { byArrival, type InboundRecord } from "../storage/records";

export class OvertakenByReset extends Error {
  constructor(sid: string) {
    super(`a reset arrived after ${sid}`);
    this.name = "OvertakenByReset";
  }
}

/** The one test for "a reset overtook this job": whatever catches an error rethrows it when this holds. */
export const isOvertakenByReset = (error: unknown): error is OvertakenByReset => error instanceof OvertakenByReset;

/** The commands that overtake every job of an earlier message: a reset, and "delete my data" (ADR 032.7). */
const FENCES: ReadonlySet<string | null> = new Set(["reset", "delete-data"]);

/** A reset is stored after the message it overtakes; R2's upload times of two requests may still disagree a little. */
const CLOCK_TOLERANCE_MS = 5_000;

async function resetSince(store: Storage, client: ClientKey, message: InboundRecord): Promise<boolean> {
  const { exists, records } = await readCommandsSince(store, client, message.sid, CLOCK_TOLERANCE_MS);
  if (!exists) return true;
  return records.some((m) => byArrival(m, message) > 0 && FENCES.has(commandOf(m.params.Body ?? "")));
}

const TOGETHER = Symbol("writes checked together");
type Together = <T>(writes: () => Promise<T>) => Promise<T>;

/**
 * Runs `writes`. On fenced storage their R2 writes are checked once, after the last of them lands
 * (ADR 033.1); that check covers each of them as its own would. Only for writes with nothing sent
 * or called between them: a check must come between a write and what it fences.
 */
export function checkedTogether<T>(store: Storage, writes: () => Promise<T>): Promise<T> {
  const together = (store as Storage & { [TOGETHER]?: Together })[TOGETHER];
  return together ? together(writes) : writes();
}

/**
 * Storage whose writes are fenced: R2 writes are checked after they land, KV writes before. A
 * check throws OvertakenByReset, after removing this job's writes, when a reset arrived after the message.
 */
export function fencedStorage(store: Storage, client: ClientKey, message: InboundRecord): Storage {
  const written = new Set<string>();
  let deferring = 0;
  let unchecked = false;
  async function check(): Promise<void> {
    unchecked = false;
    if (!(await resetSince(store, client, message))) return;
    await deleteClientObjects(store, client, [...written]);
    throw new OvertakenByReset(message.sid);
  }
  const together: Together = async (writes) => {
    deferring++;
    try {
      return await writes();
    } finally {
      deferring--;
      // Also when a write failed: what landed before it is checked all the same.
      if (deferring === 0 && unchecked) await check();
    }
  };
  const r2 = new Proxy(store.r2, {
    get(target, property) {
      const member = Reflect.get(target, property) as unknown;
      if (typeof member !== "function") return member;
      if (property !== "put") return member.bind(target);
      return async (key: string, ...rest: unknown[]) => {
        const result = await (member as (...args: unknown[]) => Promise<unknown>).call(target, key, ...rest);
        if (result !== null) written.add(key);
        if (deferring > 0) unchecked = true;
        else await check();
        return result;
      };
    },
  });
  const kv = new Proxy(store.kv, {
    get(target, property) {
      const member = Reflect.get(target, property) as unknown;
      if (typeof member !== "function") return member;
      if (property !== "put") return member.bind(target);
      return async (...args: unknown[]) => {
        await check();
        return (member as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  return Object.assign({ ...store, r2, kv }, { [TOGETHER]: together });
}
