/**
 * The records every OpenAI call leaves before it is made (ADR 018.4, ADR 029.4, ADR 029.6):
 * content-free, outside every client's prefix, under `model-calls/` (whose lifecycle rule deletes
 * each a day after it was written, ADR 020.4). Their keys are in keys.ts.
 */
import { createOnly, listAll, type Storage } from "./bucket";
import { clientCallOf, deploymentCallAt, keys, type ClientCall, type ClientKey } from "./keys";

/** Records a photo look or a transcription of the client before it is made, once (ADR 029.4). */
export async function recordMediaCall(store: Storage, client: ClientKey, at: number, sid: string, index: number): Promise<void> {
  await store.r2.put(keys.mediaCall(client, at, sid, index), "", createOnly);
}

/** One OpenAI call for the deployment's daily count (ADR 029.6): no client, no words. */
export async function recordDeploymentCall(store: Storage, at: number): Promise<void> {
  await store.r2.put(keys.deploymentCall(at, crypto.randomUUID()), "", createOnly);
}

/** Every OpenAI call of the client recorded at or after `since` (epoch ms), answers and media alike, from one listing of keys. */
export async function readClientCalls(store: Storage, client: ClientKey, since: number): Promise<ClientCall[]> {
  const objects = await listAll(store, { prefix: keys.modelCalls(client), startAfter: keys.modelCallsBefore(client, since) });
  return objects.flatMap((object) => {
    const call = clientCallOf(object.key);
    return call && call.at >= since ? [call] : [];
  });
}

/** How many OpenAI calls the deployment recorded at or after `since` (epoch ms): one listing page per thousand. */
export async function countDeploymentCalls(store: Storage, since: number): Promise<number> {
  const objects = await listAll(store, { prefix: keys.deploymentCalls(), startAfter: keys.deploymentCallsBefore(since) });
  return objects.filter((object) => (deploymentCallAt(object.key) ?? -1) >= since).length;
}
