/**
 * ADR 028.3, the consultation records of many clients read from KV listings (readConsultations in
 * src/storage/consultation.ts), in node, from an in-memory KV that lists two keys a page.
 */
import { describe, expect, it } from "vitest";
import type { Storage } from "../../../src/storage/bucket";
import { readConsultations } from "../../../src/storage/consultation";
import type { ClientKey } from "../../../src/storage/keys";

const client = (n: number) => `whatsapp:+3460000000${n}` as ClientKey;
const record = (n: number) => ({ v: 1, id: `${"a".repeat(21)}${n}`, startedAt: "2026-12-07T10:00:00.000Z" });

/** Each entry: its KV name, its value, and its metadata as the listing returns it. */
function kv(entries: Array<{ name: string; value: string; metadata?: unknown }>): { store: Storage; reads: string[] } {
  const reads: string[] = [];
  const list = async ({ prefix = "", cursor }: { prefix?: string; cursor?: string } = {}) => {
    const matching = entries.filter((entry) => entry.name.startsWith(prefix));
    const start = cursor === undefined ? 0 : Number(cursor);
    const keys = matching.slice(start, start + 2).map(({ name, metadata }) => ({ name, metadata }));
    return start + 2 >= matching.length ? { keys, list_complete: true } : { keys, list_complete: false, cursor: String(start + 2) };
  };
  const get = async (name: string) => {
    reads.push(name);
    return entries.find((entry) => entry.name === name)?.value ?? null;
  };
  return { store: { kv: { list, get }, r2: {}, kvExpirationTtl: 60 } as unknown as Storage, reads };
}

describe("the consultation records of many clients", () => {
  it("ADR-028.3 come from every page of the listing's metadata; a record without metadata is read by itself, one with damaged metadata counts as none", async () => {
    const { store, reads } = kv([
      { name: `${client(1)}/consultation`, value: JSON.stringify(record(1)), metadata: record(1) },
      { name: `${client(2)}/consultation`, value: JSON.stringify(record(2)), metadata: { v: 1, id: "short" } },
      { name: `${client(3)}/consultation`, value: JSON.stringify(record(3)) },
      { name: `${client(4)}/consultation`, value: JSON.stringify(record(4)), metadata: null },
      { name: `${client(5)}/consultation`, value: JSON.stringify(record(5)), metadata: record(5) },
    ]);
    const found = await readConsultations(store, [1, 2, 3, 4, 5].map(client));
    expect(Object.fromEntries(found)).toEqual({ [client(1)]: record(1), [client(3)]: record(3), [client(4)]: record(4), [client(5)]: record(5) });
    expect(reads.sort()).toEqual([`${client(3)}/consultation`, `${client(4)}/consultation`]);
  });
});
