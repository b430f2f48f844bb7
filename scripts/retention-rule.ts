/**
 * The media bucket's lifecycle rule (ADR 020.4), from wrangler.toml: R2 deletes every object
 * under a client's prefix (`whatsapp:`) RETENTION_DAYS after it was written. What lives outside
 * it (opt-out records, seen-SID markers) is content-free and kept, except the records of model
 * calls (ADR 018.4), which a rule of their own deletes once the longest limit's window is past
 * (never later than RETENTION_DAYS). Applied by the deploy gate with `wrangler r2 bucket lifecycle
 * set`, which replaces the bucket's rules with these.
 */
import { readFileSync } from "node:fs";
import { retentionDaysOf } from "../src/config/settings";
import { modelCallLimits } from "../src/conversation/model-call-limits";
import { CONSOLE_PREFIX } from "../src/storage/console-records";
import { MODEL_CALLS_PREFIX } from "../src/storage/keys";

const DAY_SECONDS = 86_400;

export interface LifecycleConfiguration {
  rules: Array<{
    id: string;
    enabled: boolean;
    conditions: { prefix: string };
    deleteObjectsTransition: { condition: { type: "Age"; maxAge: number } };
  }>;
}

/** The bucket bound as MEDIA_BUCKET and its lifecycle rules, as wrangler.toml declares them. */
export function retentionRuleOf(wranglerToml: string): { bucket: string; configuration: LifecycleConfiguration } {
  const tables = wranglerToml.split(/^(?=\[)/m);
  const vars = tables.find((table) => /^\[vars\]/.test(table)) ?? "";
  const days = retentionDaysOf(/^\s*RETENTION_DAYS\s*=\s*"([^"]*)"/m.exec(vars)?.[1]);
  const media = tables.find((table) => /^\[\[r2_buckets\]\]/.test(table) && /^\s*binding\s*=\s*"MEDIA_BUCKET"/m.test(table)) ?? "";
  const bucket = /^\s*bucket_name\s*=\s*"([^"]+)"/m.exec(media)?.[1];
  if (!bucket) throw new Error("wrangler.toml binds no MEDIA_BUCKET with a bucket_name");
  // R2 deletes an object at the earliest when it is this old: a record no window counts any more.
  const modelCallDays = Math.min(days, Math.ceil(Math.max(...modelCallLimits.map((limit) => limit.windowMs)) / (DAY_SECONDS * 1000)));
  const deleteAfter = (id: string, prefix: string, ageDays: number) =>
    ({ id, enabled: true, conditions: { prefix }, deleteObjectsTransition: { condition: { type: "Age", maxAge: ageDays * DAY_SECONDS } } }) as const;
  return {
    bucket,
    configuration: {
      rules: [deleteAfter("retention", "whatsapp:", days), deleteAfter("model-calls", MODEL_CALLS_PREFIX, modelCallDays), deleteAfter("console", CONSOLE_PREFIX, days)],
    },
  };
}

export const retentionRule = () => retentionRuleOf(readFileSync("wrangler.toml", "utf8"));
