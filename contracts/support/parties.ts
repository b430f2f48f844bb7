/** The made-up account, numbers and keys every contract run uses (the same ones as the fixtures). */
import type { RetryPolicy } from "../../src/utils/retry";

export const ACCOUNT_SID = "AC00000000000000000000000000000000";
export const AUTH_TOKEN = "contract-auth-token";
export const OPENAI_API_KEY = "sk-contract";
export const ASSISTANT_NUMBER = "whatsapp:+14155238886";
export const CLIENT_NUMBER = "whatsapp:+5215512345678";
export const PUBLIC_BASE_URL = "https://wa.example.com";

/** Each error interaction must be hit exactly once: no retries. */
export const oneAttempt = (): RetryPolicy => ({ attempts: 1, baseDelayMs: 0, deadline: Date.now() + 60_000 });
