/**
 * Mutants that survive the default scope on purpose (ADR-023.3): each is equivalent (no input the
 * module can get tells it from the original) or harmless (the reason says what it changes and why
 * that cannot hurt). A survivor matches an entry by file, mutator and exact replacement text (and
 * `near`, a piece of its source line, where that is not enough, and `original`, the exact code it
 * replaces, where two mutants of one line differ only there). Anything else that survives is
 * reported as unexplained and fails the budget: kill it with a spec, or argue it here.
 */
export interface KnownSurvivor {
  file: string;
  mutator: string;
  replacement: string;
  near?: string;
  original?: string;
  reason: string;
}

const STRYKER = '"Stryker was here!"';
/** A survivor of a run that a spec written since kills: `spec` says which and what it shows; the mutant was applied by hand and that spec failed. */
const killedLater = (spec: string) => `Killed by a spec written after the run that measured it (${spec}); applied by hand (2026-12-07), that spec fails.`;

/** A listing mutated to a wider one (its prefix or its options gone): what it then finds, it keeps only by each key's own pattern. */
const widerListing = (file: string, mutator: string, replacement: string, near: string, kept: string): KnownSurvivor => ({
  file,
  mutator,
  replacement,
  near,
  reason: `Harmless: the listing would cover more keys, but ${kept}, so the result is the same; only more pages are read.`,
});

const known: KnownSurvivor[] = [
  // src/storage (helper h9b)
  ...[
    { mutator: "StringLiteral", replacement: '""', near: "padStart(13, ", clause: "ADR-022.4: a cursor's time is 13 digits, zeros in front, and reads back as itself" },
    { mutator: "ArrayDeclaration", replacement: "[]", near: "consultation.problem ? [consultation.problem]", clause: "ADR-022.5: the latest page names an unreadable consultation record among its problems" },
    { mutator: "LogicalOperator", replacement: "a.ms - b.ms && a.object.key.localeCompare(b.object.key)", clause: "ADR-022.5: the newest 50 entries this Worker never wrote and the newest 100 photos, by when they were stored, not by key" },
    { mutator: "ArithmeticOperator", replacement: "a.ms + b.ms", clause: "ADR-022.5: the newest 50 entries this Worker never wrote and the newest 100 photos, by when they were stored, not by key" },
    { mutator: "ConditionalExpression", replacement: "true", near: "const isBefore", original: "a.ms < b.ms || (a.ms === b.ms && a.sid < b.sid)", clause: "ADR-022.4: an earlier page holds only the messages before its cursor" },
    { mutator: "ConditionalExpression", replacement: "true", near: "const isBefore", original: "a.ms === b.ms", clause: "ADR-022.4: an earlier page holds only the messages before its cursor, a later message with a lower SID not among them" },
    { mutator: "CallExpression", replacement: ";", near: "else listing.loose.push(listed)", clause: "ADR-022.5: a media object under a name this Worker does not write is shown on the latest page" },
    { mutator: "MethodExpression", replacement: "Math.max(answer.firstMs, listed.ms)", clause: "ADR-022.4: an answer whose claim is lost is placed by its first object" },
    ...["true", "false"].map((replacement) => ({ mutator: "ConditionalExpression", replacement, near: 'if (entry.name === "claim")', clause: "ADR-022.4: an answer is on the page during whose messages its claim was written, not its reply's, even when another of its objects is older" })),
    { mutator: "EqualityOperator", replacement: 'entry.name !== "claim"', clause: "ADR-022.4: an answer is on the page during whose messages its claim was written, not its reply's" },
    { mutator: "ConditionalExpression", replacement: 'case "receipt":', clause: "ADR-022.4: an earlier page's answer shows its receipt; the latest page does not read it" },
    { mutator: "MethodExpression", replacement: "listing.messages", clause: "ADR-022.4: an earlier page holds only the messages before its cursor" },
    { mutator: "ConditionalExpression", replacement: "true", near: "const isMedia", clause: "ADR-022.5: an earlier page's header and a command read the latest messages' transcripts, not their media" },
    { mutator: "MethodExpression", replacement: "attached.filter(isMedia)", clause: "ADR-022.5: a page links the newest 100 of its photos by when they were stored, whichever message they belong to" },
    { mutator: "EqualityOperator", replacement: "(a.claimMs ?? a.firstMs) > window.fromMs", clause: "ADR-022.4: an answer claimed in the millisecond of a page's first message is on that page" },
    { mutator: "EqualityOperator", replacement: "(a.claimMs ?? a.firstMs) <= window.toMs", clause: "ADR-022.4: an answer claimed in the millisecond of the next page's first message is not on the page before" },
  ].map(({ clause, ...m }) => ({ file: "src/storage/conversation-page.ts", ...m, reason: killedLater(`${clause} (spec/page-paging.spec.ts)`) })),
  ...[
    { mutator: "ConditionalExpression", replacement: "false" },
    { mutator: "ConditionalExpression", replacement: "true" },
    { mutator: "EqualityOperator", replacement: "a.sid <= b.sid" },
    { mutator: "EqualityOperator", replacement: "a.sid >= b.sid" },
  ].map((m) => ({
    file: "src/storage/conversation-page.ts",
    ...m,
    near: "listing.messages.sort",
    original: "a.sid > b.sid",
    reason:
      "Equivalent on V8 (node and workerd): the messages' comparator then answers 0 instead of 1 for a later SID, or 1 instead of 0 for the same SID, a non-negative answer for another; V8's sort only asks whether the answer is below 0, and never compares an element with itself (3,000 random arrays sorted with `x < y ? -1 : 0` and `x < y ? -1 : 1` came out as with `x < y ? -1 : x > y ? 1 : 0`). The `< b.sid` half is equivalent on R2's listing (below).",
  })),
  ...[
    { mutator: "UnaryOperator", replacement: "+1", near: "listing.messages.sort" },
    { mutator: "ConditionalExpression", replacement: "false", near: "listing.messages.sort", original: "a.sid < b.sid" },
  ].map((m) => ({
    file: "src/storage/conversation-page.ts",
    ...m,
    reason:
      "Equivalent on R2's listing: both change only the messages' comparator's answer for a pair of one upload millisecond whose first argument has the lower SID. R2 lists keys in lexicographic order, and a message entry's key is messages/{sid}.json or messages/{sid}-{n}.json, whose order is its SID's (a SID that is a prefix of another is followed by `.` or `-`, below every letter and digit): the messages reach the sort in SID order, and V8's sort (node and workerd) only compares an element with one before it in its input, so it never asks about such a pair (5,000 random key-ordered arrays of up to 300 entries sorted alike with either mutant). Only a fake listing could hand them over in another order; ADR-022.4's spec of one millisecond's messages (spec/page-paging.spec.ts, on the real bindings) holds the paging across such a pair.",
  })),
  {
    file: "src/storage/conversation-page.ts",
    mutator: "EqualityOperator",
    replacement: "a.sid <= b.sid",
    near: "listing.messages.sort",
    original: "a.sid < b.sid",
    reason:
      "Harmless: it changes the comparator's answer only for two message entries with the same upload millisecond and the same SID; this Worker writes one key per SID (messages/{sid}.json), so they need a foreign key such as messages/{sid}-2.json, and then only their order between themselves changes, both at the same cursor position.",
  },
  { file: "src/storage/records.ts", mutator: "StringLiteral", replacement: '""', original: '"not an object"', reason: killedLater("ADR-003.3: asInbound, asObservation and asConsultation given a value that is not an object answer \"not an object\", asserted whole (spec/page-records.spec.ts; the readers check it before them)") },
  ...[
    '"seq does not match its key"',
    '"stylist is not an email"',
    '"claimedAt is not a time"',
    '"command is not a string"',
    '"by is not an answer"',
    '"reason is not a string"',
    '"unknown outcome"',
    '"text is not a string"',
    '"unknown source"',
    '"parts is not a count"',
    '"handoffSummary is not a string"',
    '"seq or index does not match its key"',
    '"unknown status"',
    '"twilioSid is not a SID"',
    '"at is not a time"',
    '"receipt does not match its key"',
    '"errorCode is not a string"',
    '"sid does not match its key"',
    '"attachments are not outcomes"',
    '"sid or index does not match its key"',
    '"model is not a string"',
    '"observation is not a map of strings"',
    '"startedAt is not a time"',
  ].map((original) => ({ file: "src/storage/records.ts", mutator: "StringLiteral", replacement: '""', original, reason: killedLater("ADR-003.3: each malformed record kind is listed with its key and its reason, asserted whole (spec/page-records.spec.ts)") })),
  { file: "src/storage/records.ts", mutator: "BlockStatement", replacement: "{}", near: "!Object.values(value.observation).every", reason: killedLater("ADR-003.3: an observation whose fields are not all text is a problem, not an observation (spec/page-records.spec.ts)") },
  // src/console/access.ts
  {
    file: "src/console/access.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "if (!Number.isInteger(options.refetchCooldownMs)",
    reason: "Killed where Stryker cannot see it: the console's middleware is made when the specs' app is built, on import, before a mutant is switched on; applied by hand, every console spec file fails to load. `<= 0` is killed by ADR-028.1's options spec (a cooldown of 0 is accepted).",
  },
  {
    file: "src/console/access.ts",
    mutator: "EqualityOperator",
    replacement: "options.refetchCooldownMs <= 0",
    reason: killedLater("ADR-028.1: the options spec accepts a cooldown of 0"),
  },
  ...["{}", '""'].map((replacement) => ({
    file: "src/console/access.ts",
    mutator: replacement === "{}" ? "ObjectLiteral" : "StringLiteral",
    replacement,
    near: "/cdn-cgi/access/certs`, { headers",
    reason: "Harmless: the `Accept` header only says what is wanted; Access answers its certs as JSON either way, and an answer that is not a key set is refused (ADR-028.1's spec of unusable certs).",
  })),
  // src/reply (helper h9d)
  { file: "src/reply/answer-command.ts", mutator: "StringLiteral", replacement: STRYKER, near: "clientLanguage(state, job.message.params.Body", reason: "Equivalent: answerCommand runs only for a message whose `commandOf(Body ?? \"\")` names a command, and \"\" names none, so Body is always present here and the fallback is never read." },
  { file: "src/reply/answer-command.ts", mutator: "ObjectLiteral", replacement: "{}", near: '"command_not_handled"', reason: "Equivalent: `builtIn` has a handler for each of the five commands of the `Command` type (reset, summary, opt-out, resume, delete-data), so the branch that logs command_not_handled is never reached." },
  { file: "src/reply/answer-command.ts", mutator: "StringLiteral", replacement: "``", near: "reason: `command ${command}`", reason: killedLater('ADR-020.6: a second STOP is recorded as silent with the reason "command opt-out", asserted whole (spec/reply-fence.spec.ts)') },
  { file: "src/reply/answer-command.ts", mutator: "BooleanLiteral", replacement: "true", near: "{ inOrder: false }", reason: killedLater("ADR-016.3: a summary asked for while the model writes an earlier answer is sent first, not after that answer; ADR-020.6: a STOP while the model writes is confirmed (spec/reply-fence.spec.ts)") },
  { file: "src/reply/fenced-storage.ts", mutator: "StringLiteral", replacement: STRYKER, near: "FENCES.has(commandOf(m.params.Body", reason: 'Equivalent: commandOf("Stryker was here!") is null like commandOf(""): neither is a command, so a record without a Body is never a fence either way.' },
  { file: "src/reply/fenced-storage.ts", mutator: "StringLiteral", replacement: "``", near: "a reset arrived after", reason: "Harmless: the message of an OvertakenByReset is never shown. Every catch on the reply path tests it by class (isOvertakenByReset) and rethrows it, and answerInbound logs overtaken_by_reset with the client and the SID only, never String(error)." },
  { file: "src/reply/fenced-storage.ts", mutator: "StringLiteral", replacement: '""', near: 'this.name = "OvertakenByReset"', reason: "Harmless: as for its message, the error's name is never shown: it is recognised by class (instanceof), and the log line of an overtaken job names neither." },
  { file: "src/reply/fenced-storage.ts", mutator: "BooleanLiteral", replacement: "true", near: "let unchecked = false", reason: "Harmless: the first outermost checkedTogether block then checks once at its end even when it wrote nothing to R2. A check only reads the commands since the message and stops the job when a reset arrived, which the check of the job's next write would do anyway; it costs one listing more (the saving of ADR 033.1), not a different outcome." },
  { file: "src/reply/fenced-storage.ts", mutator: "BooleanLiteral", replacement: "true", near: "unchecked = false", reason: "Harmless: after any check, the next outermost checkedTogether block checks again at its end even when it wrote nothing to R2: one listing more (ADR 033.1's saving), the same outcome, since a check only stops a job a reset has overtaken, which its next write's check would find too." },
  { file: "src/reply/fenced-storage.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (deferring === 0 && unchecked)", original: "deferring === 0 && unchecked", reason: "Harmless: every checkedTogether block, nested or not, with or without R2 writes, checks at its end: more listings than ADR 033.1's one per block, but each check only stops a job a reset has overtaken, after removing what it wrote, as the block's own final check would." },
  { file: "src/reply/fenced-storage.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (deferring === 0 && unchecked)", original: "deferring === 0", reason: "Harmless: a nested checkedTogether block with R2 writes checks at its end, before the outer block's later writes; the outer block still checks after its last write. Only an extra listing, and an overtaken job stops a little sooner, with what it wrote removed." },
  { file: "src/reply/fenced-storage.ts", mutator: "LogicalOperator", replacement: "deferring === 0 || unchecked", reason: "Harmless: an outermost block checks even without R2 writes, and a nested block with writes checks at its end: extra listings only; each check stops just a job a reset has overtaken, after removing what it wrote, as a later check would." },
  { file: "src/reply/fenced-storage.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (result !== null)", reason: killedLater("ADR-016.8: an overtaken job removes only what it wrote: a claim it lost to the reset's claim on the same number is left (spec/reply-fence.spec.ts)") },
  { file: "src/reply/fenced-storage.ts", mutator: "ConditionalExpression", replacement: "true", near: 'if (property !== "put")', reason: killedLater("ADR-016.8: a reset recorded after the job's claim, before its consultation record: the KV write is checked first and the record never written (spec/reply-fence.spec.ts)") },
  { file: "src/reply/fenced-storage.ts", mutator: "StringLiteral", replacement: '""', near: 'if (property !== "put")', reason: killedLater("ADR-016.8: a reset recorded after the job's claim, before its consultation record: the KV write is checked first and the record never written (spec/reply-fence.spec.ts)") },
  { file: "src/reply/answer-inbound.ts", mutator: "ObjectLiteral", replacement: "{}", near: '"reply_failed"', reason: killedLater("ADR-021.7: a job whose claim R2 refuses logs reply_failed with the client, the SID and the error, asserted whole (spec/reply-fence.spec.ts)") },
  { file: "src/reply/answer-inbound.ts", mutator: "StringLiteral", replacement: STRYKER, near: "commandOf(job.message.params.Body", reason: 'Equivalent: commandOf("Stryker was here!") is null like commandOf(""): a message without a Body is not a command either way.' },
  { file: "src/reply/answer-inbound.ts", mutator: "BlockStatement", replacement: "{}", near: "if (await isOptedOut(job)) {", reason: killedLater('ADR-020.6: a STOP while the model writes: the answer is recorded as silent, reason "opted out", and only the confirmation is sent (spec/reply-fence.spec.ts)') },
  { file: "src/reply/answer-inbound.ts", mutator: "ConditionalExpression", replacement: "false", near: "if (await isOptedOut(job)) {", reason: killedLater('ADR-020.6: a STOP while the model writes: the answer is recorded as silent, reason "opted out", and only the confirmation is sent (spec/reply-fence.spec.ts)') },
  { file: "src/reply/answer-inbound.ts", mutator: "BlockStatement", replacement: "{}", near: "} catch (error) {", reason: killedLater("ADR-016.8 / ADR-021.7: an overtaken job logs overtaken_by_reset, a failed one reply_failed (spec/reply-fence.spec.ts)") },
  ...["true", "false"].map((replacement) => ({ file: "src/reply/answer-inbound.ts", mutator: "ConditionalExpression", replacement, near: "if (isOvertakenByReset(error)) {", reason: killedLater("ADR-016.8 / ADR-021.7: an overtaken job logs overtaken_by_reset (warn) and no error; a failed one reply_failed and nothing as overtaken (spec/reply-fence.spec.ts)") })),
  { file: "src/reply/answer-inbound.ts", mutator: "BlockStatement", replacement: "{}", near: "if (isOvertakenByReset(error)) {", reason: killedLater("ADR-016.8: an overtaken job logs overtaken_by_reset with the client and the SID, and no reply_failed (spec/reply-fence.spec.ts)") },
  { file: "src/reply/answer-inbound.ts", mutator: "ObjectLiteral", replacement: "{}", near: '"overtaken_by_reset"', reason: killedLater("ADR-016.8: an overtaken job logs overtaken_by_reset with the client and the SID, asserted whole (spec/reply-fence.spec.ts)") },
  { file: "src/reply/answer-inbound.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (!state.consultation)", reason: "Harmless: the consultation record is then read again from KV even when the state already holds it, and ensureConsultation returns it unchanged. It differs only when the record vanished between the two reads: by a reset (the KV write is fenced: the job stops) or by expiry (it is created again, as links create a missing one). An extra KV read, not another outcome." },
  { file: "src/reply/answer-inbound.ts", mutator: "ConditionalExpression", replacement: "false", near: "if (isOvertakenByReset(error)) throw error;", reason: killedLater("ADR-016.8: a reset recorded just before the job's consultation write stops the job: no consultation_write_failed, no model call (spec/reply-fence.spec.ts)") },
  { file: "src/reply/answer-inbound.ts", mutator: "ObjectLiteral", replacement: "{}", near: '"consultation_write_failed"', reason: killedLater("ADR-021.7: a consultation record KV refuses logs consultation_write_failed with the client, the SID and the error, asserted whole, and the client is answered (spec/reply-fence.spec.ts)") },
  // src/reply/delete-my-data.ts: the deletions' deadline (left by helper h9f, killed after it stopped)
  ...[
    { mutator: "MethodExpression", replacement: "Math.max(now + TWILIO_DELETION_MS, job.deadline - 5_000)" },
    { mutator: "ArithmeticOperator", replacement: "job.deadline + 5_000" },
  ].map((mutant) => ({
    file: "src/reply/delete-my-data.ts",
    ...mutant,
    reason: killedLater("ADR-004.6 in spec/consent-delete-my-data.spec.ts: after waiting 12 s for an answer still being sent, Twilio's refused deletions are tried at 12 s and 18 s, not at 24 s, past the job's budget less 5 s"),
  })),
  {
    file: "src/reply/compose-answer.ts",
    mutator: "ArrowFunction",
    replacement: "() => undefined",
    near: "state.inbound.filter((m) => claim.covers.includes(m.sid))",
    reason: killedLater("ADR-016.1 in spec/bursts.spec.ts: a burst that reaches the cap is answered from every message its answer covers, those newer than the claiming job's message too"),
  },
  // src/reply (helper h9f)
  ...[
    { mutator: "MethodExpression", replacement: "Math.max(clock.now() + job.timing.orderWaitMs, job.deadline)" },
    { mutator: "ConditionalExpression", replacement: "false", near: "clock.now() >= until" },
    { mutator: "EqualityOperator", replacement: "clock.now() > until" },
    { mutator: "BlockStatement", replacement: "{}", near: "clock.now() >= until" },
    { mutator: "ObjectLiteral", replacement: "{}", near: "earlier_answer_still_pending" },
    { mutator: "ArrowFunction", replacement: "() => undefined", near: "earlier_answer_still_pending" },
  ].map((m) => ({
    file: "src/reply/deliver.ts",
    ...m,
    reason: killedLater("ADR-016.10: an earlier answer still being sent holds the next one back exactly orderWaitMs from its decision, then the next goes out and earlier_answer_still_pending names both seqs (spec/bursts.spec.ts)"),
  })),
  {
    file: "src/reply/deliver.ts",
    mutator: "ObjectLiteral",
    replacement: "{}",
    near: "answer_superseded",
    reason: killedLater("ADR-016.9: a generation overtaken by the next message is discarded and answer_superseded names the client, redacted, and its seq (spec/bursts.spec.ts)"),
  },
  {
    file: "src/reply/deliver.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "if (sids.length)",
    reason: killedLater("ADR-030.4: an answer Twilio refused leaves no answer_sent line (spec/logs.spec.ts)"),
  },
  {
    file: "src/reply/compose-answer.ts",
    mutator: "StringLiteral",
    replacement: "``",
    near: "Your summary is ready",
    reason: killedLater("ADR-009.1: an English-speaking client gets the closing words and both links in English (spec/summary-handoff-link.spec.ts)"),
  },
  ...[
    { mutator: "MethodExpression", replacement: "state.inbound", clause: "ADR-004.3: a final answer's model request holds only its own burst, not the message after it" },
    { mutator: "MethodExpression", replacement: "state.answers", clause: "ADR-004.3: a final answer that waits for a photo leaves out the next answer, decided meanwhile" },
    { mutator: "ConditionalExpression", replacement: "true", near: "a.seq < claim.seq", clause: "ADR-004.3: a final answer that waits for a photo leaves out the next answer, decided meanwhile" },
  ].map(({ clause, ...m }) => ({ file: "src/reply/compose-answer.ts", ...m, reason: killedLater(`${clause} (spec/bursts.spec.ts)`) })),
  {
    file: "src/reply/compose-answer.ts",
    mutator: "EqualityOperator",
    replacement: "a.seq <= claim.seq",
    reason: "Equivalent: the one answer it adds is this claim's own, which has no decision yet (deliver records it after composeAnswer returns, and a claim is create-only, so no other job decides it); the timeline and the language read only answers decided to be sent.",
  },
  {
    file: "src/reply/compose-answer.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "isOvertakenByReset(error)",
    reason: killedLater("ADR-033.1: a reset that overtakes the model-call record ends the job as overtaken, with no model_failed line (spec/reset-race.spec.ts)"),
  },
  {
    file: "src/reply/delete-my-data.ts",
    mutator: "BooleanLiteral",
    replacement: "true",
    near: "if (!job.deps.deletions) return false;",
    reason: "Equivalent (never reached): the Worker's one caller, src/index.ts, always gives the reply job a deletion client, so the branch for a job without one never runs.",
  },
  {
    file: "src/reply/delete-my-data.ts",
    mutator: "ArrayDeclaration",
    replacement: "[]",
    near: "[job.message.sid]",
    reason: "Harmless: the command's own message is already among the SIDs: the webhook recorded it before the job began and the conversation read on this line lists it (as a message, or as a problem key naming its SID), and its ledger entry is read too; the extra SID only makes that sure twice.",
  },
  {
    file: "src/reply/deliver.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "if (options.inOrder)",
    reason: "Harmless: a command's confirmation would also wait for an earlier answer still being sent, as a burst's answer does (ADR-016.10), bounded by orderWaitMs and the job's deadline; reset, STOP and delete my data already wait for the sends in flight before they answer, so only summary and START could go out up to 12 s later, still in the chain's order.",
  },
  {
    file: "src/reply/deliver.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "if (isOvertakenByReset(error)) throw error;",
    reason: "Harmless: only a fenced store (a reply job's) throws OvertakenByReset; the mutant then writes the part as failed through that same store, whose check after the write removes it again and throws the same error (ADR-016.8), so the job still stops there and leaves nothing; a stylist's send uses a store that never throws it.",
  },
  {
    file: "src/reply/deliver.ts",
    mutator: "BooleanLiteral",
    replacement: "true",
    near: "return false;",
    reason: "Removed since the run (2026-12-07): no caller read what `deliver` returned, so it returns nothing now; the mutant (and its twin on `return true`, which timed out under load and was counted as killed) no longer exists.",
  },
  {
    file: "src/reply/delete-my-data.ts",
    mutator: "ArrowFunction",
    replacement: "() => undefined",
    near: "left.media.map((m) => m.mediaSid)",
    reason: killedLater("ADR-032.2: a media file Twilio refused keeps its ledger entry, the ones it deleted lose theirs (spec/twilio-sid-ledger.spec.ts)"),
  },
  {
    file: "src/reply/delete-my-data.ts",
    mutator: "ArrowFunction",
    replacement: "() => undefined",
    near: "left.media.push(media)",
    reason: killedLater("ADR-029.9: what Twilio would not delete is reported, media and messages alike (spec/twilio-sid-ledger.spec.ts)"),
  },
  {
    file: "src/reply/delete-my-data.ts",
    mutator: "MethodExpression",
    replacement: "items",
    reason: killedLater("ADR-020.7: each of many copies is asked for once, at most six at a time, media before messages (spec/twilio-sid-ledger.spec.ts)"),
  },
  {
    file: "src/reply/delete-my-data.ts",
    mutator: "EqualityOperator",
    replacement: "i <= items.length",
    reason: "Equivalent: the one extra turn starts at an `i` at or past the end, where `items.slice(i, i + 6)` is empty and `Promise.all([])` runs nothing; the loop then ends.",
  },
  // src/reply (helper h10a)
  ...[
    { near: 'params.MessageSid ?? params.SmsSid ?? ""', what: "a callback without MessageSid or SmsSid gets the SID \"Stryker was here!\" instead of \"\"; neither matches MESSAGE_SID (SM or MM and 32 hex digits)" },
    { near: 'params.MessageStatus ?? params.SmsStatus ?? ""', what: "a callback without MessageStatus or SmsStatus gets the status \"stryker was here!\" instead of \"\"; neither is one of MESSAGE_STATUSES" },
    { near: 'clientKeyOf((params.To ?? "")', what: "a callback without To gets the address \"Stryker was here!\" instead of \"\"; clientKeyOf takes neither (WHATSAPP_ADDRESS is whatsapp:+ and an E.164 number)" },
  ].map(({ near, what }) => ({
    file: "src/reply/delivery-receipt.ts",
    mutator: "StringLiteral",
    replacement: STRYKER,
    near,
    reason: `Equivalent: ${what}, so readReceipt returns null either way and the callback is acknowledged and dropped.`,
  })),
  ...[
    { mutator: "ConditionalExpression", replacement: "false" },
    { mutator: "EqualityOperator", replacement: "deps.clock.now() > until" },
    { mutator: "EqualityOperator", replacement: "deps.clock.now() < until" },
  ].map((m) => ({
    file: "src/reply/delivery-receipt.ts",
    ...m,
    near: "deps.clock.now() >= until",
    original: "deps.clock.now() >= until",
    reason: killedLater(
      "ADR-016.7: a receipt posted while its part is on its way waits for the send's outcome and is recorded at its first look after it; one whose part's outcome lands orderWaitMs + 1 ms after it arrived is dropped (spec/delivery-receipts.spec.ts)",
    ),
  })),
  ...[
    { mutator: "ConditionalExpression", replacement: "true" },
    { mutator: "LogicalOperator", replacement: 'o.kind === "photo" || o.result === "stored"' },
  ].map((m) => ({
    file: "src/reply/ingest-media.ts",
    ...m,
    near: 'outcomes.some((o) => o.kind === "photo" && o.result === "stored")',
    reason: killedLater(
      "ADR-019.3: a message with no photo stored (a stored document, a photo that did not come through) is not looked at: no observation request, and its job lists the whole conversation only at its claim (spec/photo-observations.spec.ts)",
    ),
  })),
  {
    file: "src/reply/ingest-media.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "if (!consultation) return;",
    reason:
      "Equivalent: without a consultation observeMessagePhotos gets a state whose consultation is null, so photoLinks returns no link (it seals links with the consultation), nothing is left to observe, and observePhotos over no photo makes no call and writes nothing; the rest (the turn's photos, the language, the retry policy) is computed without effect.",
  },
  ...[
    { mutator: "BlockStatement", replacement: "{}", near: ".catch((error: unknown) => {", clause: "ADR-021.7: a photo's first look whose consultation record KV refuses logs consultation_write_failed with the client, the SID and the error, asserted whole, and the photo goes to the answer as an image" },
    { mutator: "ConditionalExpression", replacement: "true", near: "if (isOvertakenByReset(error)) throw error;", clause: "ADR-021.7: a consultation record KV refuses at a photo's first look is logged, not a failed job: the client is answered, nothing logged as reply_failed" },
    { mutator: "ConditionalExpression", replacement: "false", near: "if (isOvertakenByReset(error)) throw error;", clause: "ADR-016.8: a reset recorded after the photo was stored, before its first look writes the consultation record, stops the job: overtaken_by_reset only, no consultation_write_failed" },
    { mutator: "ObjectLiteral", replacement: "{}", near: '"consultation_write_failed"', clause: "ADR-021.7: a photo's first look whose consultation record KV refuses logs consultation_write_failed with the client, the SID and the error, asserted whole" },
  ].map(({ clause, ...m }) => ({ file: "src/reply/ingest-media.ts", ...m, reason: killedLater(`${clause} (spec/reply-fence.spec.ts)`) })),
  ...[
    { mutator: "ConditionalExpression", replacement: "true", clause: "ADR-016.5: the answer waits for its own burst's photo still downloading; an earlier photo's ingestion record, long recorded, does not end the wait" },
    { mutator: "ConditionalExpression", replacement: "false", clause: "ADR-016.5: a lone photo already recorded when the answer is claimed is not waited for: the answer's overhead is within 2 s, not mediaWaitMs" },
    { mutator: "ArrowFunction", replacement: "() => undefined", clause: "ADR-016.5: a lone photo already recorded when the answer is claimed is not waited for: the answer's overhead is within 2 s, not mediaWaitMs" },
    { mutator: "EqualityOperator", replacement: "r.sid !== sid", clause: "ADR-016.5: a lone photo already recorded is not waited for, and an earlier photo's record does not end the wait for a photo still downloading" },
  ].map(({ clause, ...m }) => ({ file: "src/reply/await-media.ts", ...m, near: "ingested.some((r) => r.sid === sid)", reason: killedLater(`${clause} (spec/bursts.spec.ts)`) })),
  {
    file: "src/reply/await-media.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "if (!missing(claimedFrom.ingested) || !job.deps.ingestMedia)",
    reason: killedLater("ADR-025.1: an answer whose photo was recorded before its claim does not wait: no listing of ingested/, and the whole conversation read by the photo's look and at the claim only (spec/bursts.spec.ts)"),
  },
  {
    file: "src/reply/await-media.ts",
    mutator: "LogicalOperator",
    replacement: "!missing(claimedFrom.ingested) && !job.deps.ingestMedia",
    reason: killedLater("ADR-025.1: an answer whose photo was recorded before its claim does not wait: no listing of ingested/, and the whole conversation read by the photo's look and at the claim only (spec/bursts.spec.ts)"),
  },
  {
    file: "src/reply/await-media.ts",
    mutator: "MethodExpression",
    replacement: "Math.max(clock.now() + job.timing.mediaWaitMs, job.deadline)",
    reason: killedLater("ADR-016.5: the wait is bounded by mediaWaitMs: a photo still downloading 20 s is not waited for, the answer goes out a settling window and mediaWaitMs (and at most a poll) after the last message, saying the photo did not come through (spec/bursts.spec.ts)"),
  },
  {
    file: "src/reply/await-media.ts",
    mutator: "EqualityOperator",
    replacement: "clock.now() <= until",
    reason:
      "Harmless: the media wait looks once more, one pollMs (150 ms) later, only when one of its looks falls exactly on its bound. With burstTiming that never happens for the mediaWaitMs bound (8,000 ms is not a multiple of 150 ms: the looks after a claim fall at 7,950 and 8,100 ms, and both versions stop after the one at 8,100); it can only for the job's deadline as the bound (a job whose own download took some 20 s) in the very millisecond, and then the job reads the media records once more and composes 150 ms later, still within waitUntil's 30 s (the job's budget is 28 s). The outcome is the original's or a photo that landed in those 150 ms seen.",
  },
  ...[
    { mutator: "ConditionalExpression", replacement: "false", near: "!MESSAGE_SID.test(twilioSid) ||" },
    { mutator: "LogicalOperator", replacement: "!MESSAGE_SID.test(twilioSid) && !(MESSAGE_STATUSES as readonly string[]).includes(status)" },
  ].map((m) => ({ file: "src/reply/delivery-receipt.ts", ...m, reason: killedLater("ADR-016.7: a callback for our message with a status Twilio does not name (receiving, Delivered-ish) or none is acknowledged and nothing stored (spec/delivery-receipts.spec.ts)") })),
  ...[
    { mutator: "MethodExpression", replacement: "params.ErrorCode" },
    { mutator: "ConditionalExpression", replacement: "true", near: "errorCode && /^\\d{1,6}$/.test(errorCode)" },
    { mutator: "Regex", replacement: "/\\d{1,6}$/" },
    { mutator: "Regex", replacement: "/^\\d{1,6}/" },
  ].map((m) => ({
    file: "src/reply/delivery-receipt.ts",
    ...m,
    reason: killedLater('ADR-016.7: a receipt\'s error code is kept as 1 to 6 digits, blanks around it trimmed (" 63016 " kept as 63016), and "63024x", "x30008" and "1234567" are left out of the records, asserted whole (spec/delivery-receipts.spec.ts)'),
  })),
  ...[
    { mutator: "MethodExpression", replacement: "answers.every(a => a.parts.some(p => p.twilioSid === twilioSid))" },
    { mutator: "MethodExpression", replacement: "a.parts.every(p => p.twilioSid === twilioSid)" },
  ].map((m) => ({ file: "src/reply/delivery-receipt.ts", ...m, reason: killedLater("ADR-016.7: a receipt for the second part of a later answer (the client's second) is recorded (spec/delivery-receipts.spec.ts)") })),
  ...[
    { mutator: "MethodExpression", replacement: "answers.every(a => a.sending.some(i => !a.parts.some(p => p.index === i)))" },
    { mutator: "MethodExpression", replacement: "a.sending.every(i => !a.parts.some(p => p.index === i))" },
    { mutator: "MethodExpression", replacement: "a.parts.every(p => p.index === i)" },
    { mutator: "ArrowFunction", replacement: "() => undefined" },
    { mutator: "BooleanLiteral", replacement: "a.parts.some(p => p.index === i)" },
    { mutator: "ConditionalExpression", replacement: "true" },
    { mutator: "ConditionalExpression", replacement: "false" },
    { mutator: "EqualityOperator", replacement: "p.index !== i" },
  ].map((m) => ({
    file: "src/reply/delivery-receipt.ts",
    ...m,
    near: "const partsInFlight =",
    reason: killedLater(
      "ADR-016.7: what is on its way: a receipt posted while its part (one part, or the second of a later answer, the first answer long sent) is on its way waits for its outcome and is recorded; one for a message we did not send, with nothing on its way, is dropped after one look at the answers, no wait (spec/delivery-receipts.spec.ts)",
    ),
  })),
  {
    file: "src/reply/delivery-receipt.ts",
    mutator: "ArithmeticOperator",
    replacement: "deps.clock.now() - deps.waitMs",
    reason: killedLater("ADR-016.7: a receipt posted while its part is on its way waits for the send's outcome and is recorded (spec/delivery-receipts.spec.ts)"),
  },
  ...[
    { mutator: "ConditionalExpression", replacement: "true", original: "!partsInFlight(answers) || deps.clock.now() >= until" },
    { mutator: "LogicalOperator", replacement: "!partsInFlight(answers) && deps.clock.now() >= until" },
    { mutator: "BooleanLiteral", replacement: "partsInFlight(answers)" },
  ].map((m) => ({
    file: "src/reply/delivery-receipt.ts",
    ...m,
    near: "if (!partsInFlight(answers) ||",
    reason: killedLater(
      "ADR-016.7: a receipt posted while its part is on its way waits for the send's outcome and is recorded; one whose part's outcome comes orderWaitMs + 1 ms later is dropped; one for a message we did not send, with nothing on its way, is dropped after one look at the answers (spec/delivery-receipts.spec.ts)",
    ),
  })),
  ...[
    { replacement: "false", near: "return true;" },
    { replacement: "true", near: "deps.clock.now() >= until) return false;" },
  ].map((m) => ({
    file: "src/reply/delivery-receipt.ts",
    mutator: "BooleanLiteral",
    ...m,
    reason:
      "Equivalent: recordDeliveryReceipt's boolean is read by no caller: its one caller, the /whatsapp/status route (src/index.ts), turns its outcome into undefined (`.then(() => undefined, ...)`) and answers 200 either way; what is stored is the same.",
  })),
  {
    file: "src/reply/delivery-receipt.ts",
    mutator: "MethodExpression",
    replacement: 'params.To ?? ""',
    reason: killedLater("ADR-016.7: a receipt whose To comes with blanks around the address is recorded under that client, and the page shows it delivered (spec/delivery-receipts.spec.ts)"),
  },
  {
    file: "src/reply/show-typing.ts",
    mutator: "ArrayDeclaration",
    replacement: "[]",
    near: "messages: [job.message],",
    reason:
      "Equivalent: of the gates, only the model-call gate reads `messages`, to leave out of the earlier calls a claim without a reply that covers one of them (the burst being answered). showTyping runs the gates only when the job's message is the first one no standing answer covers, and a claim without a reply is a standing answer: no such claim covers the job's message, so leaving it out of `messages` leaves out nothing, and the verdict is the same. (The run's Timeout for it was its load.)",
  },
  {
    file: "src/reply/pause.ts",
    mutator: "StringLiteral",
    replacement: '""',
    near: 'name: "pause"',
    reason:
      "Equivalent: a gate's name is read by nothing: runGates (gate-contract.ts) only calls check and returns the first verdict that is not continue, and no log line or record names the gate (the silent answer's reason is the verdict's, PAUSED). A timeout of the run under load, not a hang.",
  },
  ...[
    { mutator: "UpdateOperator", replacement: "attempt--", changes: "the claim loop is then bounded by the job's deadline only, not by 25 attempts" },
    { mutator: "ConditionalExpression", replacement: "true", original: "attempt < MAX_ATTEMPTS", changes: "the claim loop is then bounded by the job's deadline only, not by 25 attempts" },
    { mutator: "EqualityOperator", replacement: "attempt <= MAX_ATTEMPTS", changes: "the claim loop may make a 26th attempt" },
  ].map(({ changes, ...m }) => ({
    file: "src/reply/settle-and-claim.ts",
    ...m,
    reason: `Harmless: ${changes}. An attempt is only repeated when this job's create-only claim lost its number to another job's claim made between its listing and its create (the chain's numbers come from the keys, so an unreadable claim still holds its number); a claim that covers this job's message ends the loop at the next read (\`return null\`), so only claims covering other messages alone (a command's, ADR-016.3, or the stylist's) can make it lose again: 25 of them, one landing inside each of this job's consecutive read-and-claim steps, do not happen. Even then it keeps taking the next free number or stops at the job's deadline (production's clock moves with every storage call), inside waitUntil's 30 s: no message answered twice, none answered out of the chain's order. (On the specs' virtual clock, which does not move inside this loop, only a storage wrapper forging 25 losses could show it, by a hang; the run's Timeout for the last two was its load.)`,
  })),
  ...[
    { mutator: "ConditionalExpression", replacement: "true", original: "clock.now() < job.deadline" },
    { mutator: "EqualityOperator", replacement: "clock.now() <= job.deadline" },
    { mutator: "LogicalOperator", replacement: "attempt < MAX_ATTEMPTS || clock.now() < job.deadline" },
  ].map((m) => ({
    file: "src/reply/settle-and-claim.ts",
    ...m,
    reason: killedLater(
      "ADR-004.6: a job whose claim would come at the end of its 28 s budget (its own photo took 27 s to arrive, then the settling window) claims and sends nothing; the client's next message is answered for both (spec/bursts.spec.ts)",
    ),
  })),
  {
    file: "src/reply/settle-and-claim.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "if (!waiting.some((m) => m.sid === job.message.sid)) return null;",
    reason: killedLater("ADR-016.5: the job of a photo still downloading, whose message the newer message's answer covered meanwhile, ends quietly: nothing logged as reply_failed (spec/bursts.spec.ts)"),
  },
  {
    file: "src/reply/settle-and-claim.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    original: "m.sid === job.message.sid",
    reason:
      "Harmless: a job whose own message is already covered then stops only when nothing at all is waiting, instead of as soon as its message is not among the waiting ones. Its message was covered by a claim that took every message waiting when it was made, so what still waits arrived after it: newer than the job's own message, and the job then stops at the next test (a newer message's job answers) unless that message is dated more than 5 s ahead or the burst's cap is reached. Only then does this job claim the answer for those messages, as their own job would at that point: the claim covers every waiting message and is create-only, so they still get one answer and their own job finds them covered. (The run's Timeout for it was its load: the specs pass with it.)",
  },
  {
    file: "src/reply/settle-and-claim.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    original: "Date.parse(m.receivedAt) <= now + FUTURE_TOLERANCE_MS",
    reason: killedLater("ADR-016.1: a message record dated an hour ahead (another instance's clock) has no job coming and does not hold the answer back: the client's message is answered, covering both (spec/bursts.spec.ts)"),
  },
  {
    file: "src/reply/settle-and-claim.ts",
    mutator: "EqualityOperator",
    replacement: "Date.parse(m.receivedAt) < now + FUTURE_TOLERANCE_MS",
    reason:
      "Harmless: it changes only whether a waiting message dated exactly FUTURE_TOLERANCE_MS (5,000 ms) ahead of this job's clock, to the millisecond, counts as a newer one whose job will answer: the tolerance's own edge, a guess at how far two instances' clocks disagree. Counted (the original), this job leaves the answer to that message's job; not counted, it claims the answer now, and the claim covers that message too (every waiting message), whose job then finds it covered. One answer for both either way.",
  },
  {
    file: "src/reply/settle-and-claim.ts",
    mutator: "EqualityOperator",
    replacement: "now - Date.parse(waiting[0]!.receivedAt) > job.timing.capMs",
    reason: killedLater("ADR-016.4: one message a second for 40 s: the first answer is claimed, final, by the job that looks when the oldest message is exactly capMs old, and goes out capMs and the model's 1.5 s after it (spec/bursts.spec.ts)"),
  },
  // src/reply (helper h10b)
  { file: "src/reply/stylist-send.ts", mutator: "UpdateOperator", replacement: "attempt--", near: "attempt < MAX_ATTEMPTS", reason: killedLater("ADR-028.5: a reply whose every try at the next answer number is taken first, 25 times, fails with 503 and sends nothing, not a 26th try (spec/console-reply.spec.ts)") },
  { file: "src/reply/stylist-send.ts", mutator: "StringLiteral", replacement: '""', near: "no answer number left to claim", reason: killedLater('ADR-028.5: that failure is logged as unhandled with its error, "Error: no answer number left to claim", asserted whole (spec/console-reply.spec.ts)') },
  ...[
    { mutator: "ArrowFunction", replacement: "() => undefined" },
    { mutator: "ConditionalExpression", replacement: "false", original: "!reply && claim.covers.some((sid) => answering.has(sid))" },
    { mutator: "BooleanLiteral", replacement: "reply" },
  ].map((m) => ({
    file: "src/reply/model-call-gate.ts",
    near: "if (!reply && claim.covers.some(",
    ...m,
    reason: killedLater("ADR-018.3: with 19 model answers in the last minute, a burst whose file was still downloading at its claim (its state read again, its own claim in it) is answered by the model, not given the note (spec/answer-limits.spec.ts)"),
  })),
  { file: "src/reply/model-call-gate.ts", mutator: "StringLiteral", replacement: '""', original: '"model-call-limits"', reason: "Equivalent: a gate's name is never read (runGates calls only check); it names the gate for a reader of the code." },
  { file: "src/reply/model-call-gate.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (isLimitNote(reply.text))", reason: "Equivalent for what this Worker stores: an answer with source \"gate\" is written only from a gate's \"answer\" verdict (composeAnswer), and the only gate that answers is this one, always with a limitNote text; so every such answer is a note either way. Only a gate answer stored before a note's wording changed would now count as a note, which it was." },
  { file: "src/reply/model-call-gate.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (deploymentFull) logEvent", reason: killedLater("ADR-029.6: below the daily cap no openai_daily_cap_reached line is logged; at it, one before \"typing…\" and one before the model (spec/openai-limits.spec.ts)") },
  { file: "src/reply/model-call-gate.ts", mutator: "ObjectLiteral", replacement: "{}", near: '"openai_daily_cap_reached"', reason: killedLater("ADR-029.6: the openai_daily_cap_reached line names the cap, asserted whole (spec/openai-limits.spec.ts)") },
  { file: "src/reply/model-call-gate.ts", mutator: "StringLiteral", replacement: '""', original: '"model-call limit"', reason: killedLater('ADR-018.3: the messages after the note are each closed as silent with the reason "model-call limit", asserted whole (spec/answer-limits.spec.ts)') },
  { file: "src/reply/opt-out-gate.ts", mutator: "BlockStatement", replacement: "{}", near: "export async function keepSilent", reason: killedLater('ADR-020.6: a message sent while opted out is closed with a silent answer of its own (command and reason "opted out"), and the first answer after START covers only the message after it (spec/consent-opt-out.spec.ts)') },
  { file: "src/reply/opt-out-gate.ts", mutator: "StringLiteral", replacement: '""', original: '"opt-out"', reason: "Equivalent: a gate's name is never read (runGates calls only check); it names the gate for a reader of the code." },
  ...[
    { mutator: "EqualityOperator", replacement: "attempt <= MAX_ATTEMPTS" },
    { mutator: "UpdateOperator", replacement: "attempt--" },
  ].map((m) => ({
    file: "src/reply/own-answer.ts",
    ...m,
    reason: killedLater("ADR-016.2: a command whose every try at the next number is taken first, 25 times, gives up: nothing sent, no answer of its own, not a 26th try (spec/concurrency.spec.ts)"),
  })),
  ...[
    { mutator: "ConditionalExpression", replacement: "false" },
    { mutator: "ArrowFunction", replacement: "() => undefined" },
  ].map((m) => ({
    file: "src/reply/own-answer.ts",
    near: "if (state.answers.some((a) => a.claim?.covers.includes(job.message.sid)))",
    ...m,
    reason: killedLater("ADR-016.2: a message sent while opted out that a burst's answer claims just before its own silent answer would be gets no second answer (spec/consent-opt-out.spec.ts)"),
  })),
  { file: "src/reply/sends-in-flight.ts", mutator: "BooleanLiteral", replacement: "false", near: "waited = true", reason: killedLater("ADR-016.8: a reset that waited for an answer being sent lists again before deleting: the answer's delivery receipt, recorded meanwhile, is gone with the rest (spec/reset-race.spec.ts)") },
  { file: "src/reply/model-call-gate.ts", mutator: "LogicalOperator", replacement: "!reply || claim.covers.some(sid => answering.has(sid))", reason: killedLater("ADR-018.3: with 19 model answers in the last minute, an answer superseded while it waited for a file still counts: the burst that superseded it gets the minute's note, not the model (spec/answer-limits.spec.ts)") },
  {
    file: "src/reply/model-call-gate.ts",
    mutator: "MethodExpression",
    replacement: "claim.covers.every(sid => answering.has(sid))",
    reason:
      "Harmless: it changes what is skipped only for a claim without a reply that covers some, not all, of the messages being answered. The pre-claim state never holds one (an answer being written that the burst supersedes has its messages in the burst; a final one shares none; in the check before \"typing…\" a claim without a reply covering the job's message makes it not waiting), so only a state read again after a media wait can: (1) a later claim that superseded this answer meanwhile, then counted once more, so at most this answer, already discarded (its decision is refused), skips its model call; (2) a covered message whose record vanished between the claim and the reading, which only counts one call more, erring towards counting as ADR 018.4 does.",
  },
  { file: "src/reply/stylist-send.ts", mutator: "EqualityOperator", replacement: "attempt <= MAX_ATTEMPTS", reason: killedLater("ADR-028.5: a reply whose every try at the next answer number is taken first, 25 times, fails with 503 and sends nothing, not a 26th try (spec/console-reply.spec.ts)") },
  { file: "src/reply/stylist-send.ts", mutator: "MethodExpression", replacement: "message.text", near: "capToMessages(message.text.trim()", reason: "Equivalent: sendAsStylist's only caller, the console's reply route, passes the form's text already trimmed (`(form.text ?? \"\").trim()`, refused when empty); the follow-up carries a template, not a text." },
  { file: "src/reply/stylist-send.ts", mutator: "StringLiteral", replacement: "``", near: "[follow-up template ${template.contentSid}", reason: killedLater("ADR-028.7: a follow-up is recorded as hers with the text [follow-up template {SID} {variables}], the decision asserted whole (spec/console-reply.spec.ts)") },
  {
    file: "src/reply/twilio-ledger.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "if (isOvertakenByReset(error)) throw error;",
    reason:
      "Equivalent with today's callers: no write inside recordCopiesOrLog can throw OvertakenByReset. The webhook and the console's sends pass plain storage (no fence); deliver's sendParts calls it inside checkedTogether, where the fenced R2 put only marks the block unchecked and the check (and its OvertakenByReset) comes after the block, outside this try (ADR 033.1). Kept so that a fenced caller outside such a block would still stop. Tried by hand: a reset recorded as the part's ledger entry lands ends the job as overtaken with no twilio_copies_not_recorded, with or without the mutant.",
  },
  ...[
    { mutator: "ConditionalExpression", replacement: "false", near: "if (budget <= 0) return;" },
    { mutator: "EqualityOperator", replacement: "budget < 0" },
    { mutator: "MethodExpression", replacement: "await readTwilioCopies(store, client, upTo)" },
    { mutator: "AssignmentOperator", replacement: "budget += tried.length" },
  ].map((m) => ({
    file: "src/reply/twilio-ledger.ts",
    ...m,
    reason: killedLater("ADR-032.4: a run asks Twilio for at most 40 copies, oldest client first (30 of one, 10 of the next); the rest wait for the next run, and a client the run did not reach is not given up (spec/twilio-sid-ledger.spec.ts)"),
  })),
  ...[
    { mutator: "MethodExpression", replacement: "Math.min(...moments)", near: "const upTo = Math.max(...moments);", clause: "ADR-032.5: the copies of every marker of the client are asked for, one recorded after the oldest marker included" },
    { mutator: "EqualityOperator", replacement: "now - Math.min(...moments) > GIVE_UP_MS", clause: "ADR-032.5: the operator is told when the oldest marker is exactly 24 hours old, not a millisecond sooner" },
    { mutator: "MethodExpression", replacement: "Math.max(...moments)", near: "} else if (now - Math.min(...moments) >= GIVE_UP_MS) {", clause: "ADR-032.5: the oldest marker, not the newest, decides when the operator is told" },
    { mutator: "ObjectLiteral", replacement: "{}", near: '"twilio_copies_still_refused"', clause: "ADR-032.5: twilio_copies_still_refused names the client redacted, since when, and the SIDs left, asserted whole" },
    { mutator: "MethodExpression", replacement: "Math.max(...moments)", near: '"twilio_copies_still_refused"', clause: "ADR-032.5: twilio_copies_still_refused says since the oldest marker" },
  ].map(({ clause, ...m }) => ({ file: "src/reply/twilio-ledger.ts", ...m, reason: killedLater(`${clause} (spec/twilio-sid-ledger.spec.ts)`) })),
  // src/conversation (helper h10c)
  ...[
    { mutator: "ConditionalExpression", replacement: "true", near: "const isBlank", original: "char === undefined || /\\s/.test(char)", clause: "ADR-018.2: an answer that fits is sent exactly as it is; a cut keeps whole sentences" },
    { mutator: "ConditionalExpression", replacement: "false", near: 'if (text[i] === "\\n")', clause: "ADR-018.2: a line break ends a sentence: lines without punctuation are cut after a whole line" },
    { mutator: "StringLiteral", replacement: '""', near: 'if (text[i] === "\\n")', clause: "ADR-018.2: a line break ends a sentence: lines without punctuation are cut after a whole line" },
    { mutator: "BlockStatement", replacement: "{}", near: 'if (text[i] === "\\n")', clause: "ADR-018.2: a line break ends a sentence: lines without punctuation are cut after a whole line" },
    { mutator: "CallExpression", replacement: ";", near: "      ends.push(i);", clause: "ADR-018.2: a line break ends a sentence: lines without punctuation are cut after a whole line" },
    { mutator: "ConditionalExpression", replacement: "false", near: "while (CLOSERS.has(text[end]!)) end++;", clause: "ADR-018.2: a sentence ends after its closing quotes or bracket: the cut keeps them" },
    { mutator: "UpdateOperator", replacement: "end--", clause: "ADR-018.2: a sentence ends after its closing quotes or bracket: the cut keeps them" },
    { mutator: "ConditionalExpression", replacement: "true", near: "if (isBlank(text[end]))", clause: "ADR-018.2: a point inside a number or a link ends no sentence" },
    ...["false", "i >= text.length"].map((replacement) => ({ mutator: replacement === "false" ? "ConditionalExpression" : "EqualityOperator", replacement, near: "for (let i = 1; i < text.length; i++)", original: "i < text.length", clause: "ADR-018.2: one endless sentence is cut at a word, never inside one" })),
    ...["true", "false", "isBlank(text[i]) || !isBlank(text[i - 1])"].map((replacement) => ({ mutator: replacement.length > 5 ? "LogicalOperator" : "ConditionalExpression", replacement, near: "for (let i = 1; i < text.length; i++)", original: "isBlank(text[i]) && !isBlank(text[i - 1])", clause: "ADR-018.2: words without a sentence end are cut after the last whole word that fits" })),
    { mutator: "BooleanLiteral", replacement: "isBlank(text[i - 1])", clause: "ADR-018.2: one endless sentence is cut at a word, never inside one" },
    { mutator: "EqualityOperator", replacement: "low < high", clause: "ADR-018.2: a 60,000-character answer goes out as 3 messages, cut after a whole sentence, with the notice" },
  ].map(({ clause, ...m }) => ({
    file: "src/conversation/answer-limits.ts",
    ...m,
    reason: killedLater(`${clause} (spec/node/unit/answer-cap.spec.ts, moved from spec/node/ so that Stryker runs it)`),
  })),
  {
    file: "src/conversation/answer-limits.ts",
    mutator: "EqualityOperator",
    replacement: "i <= text.length",
    near: "for (let i = 0; i < text.length; i++) {",
    reason: 'Equivalent: the one extra turn reads `text[text.length]`, undefined: it is not "\\n", and `".!?…".includes(undefined)` looks for the text "undefined": nothing is pushed.',
  },
  {
    file: "src/conversation/answer-limits.ts",
    mutator: "EqualityOperator",
    replacement: "i <= text.length",
    near: "for (let i = 1; i < text.length; i++)",
    reason: "Harmless: the extra turn adds the words' very end as a place to cut (when they end in a non-blank); a cut there keeps every word and adds the notice, longer than the whole answer that did not fit in 3 messages, so it never fits and is never chosen.",
  },
  {
    file: "src/conversation/answer-limits.ts",
    mutator: "ArithmeticOperator",
    replacement: "i + 1",
    near: "for (let i = 1; i < text.length; i++)",
    reason: "Equivalent: a word then ends at the last blank before the next word instead of the first blank after it; the kept words are `trimEnd`-ed, so each cut keeps the same words (leading blanks give the empty cut, as the fallback 0 does), and the words' trailing blanks were never a cut that fits.",
  },
  {
    file: "src/conversation/answer-limits.ts",
    mutator: "ArithmeticOperator",
    replacement: "ends.length + 1",
    reason: "Equivalent: the search may probe past the last place to cut, where `ends[mid]` is undefined and `words.slice(0, undefined)` keeps every word plus the notice, which does not fit (the whole answer did not): it moves down exactly as for a cut that does not fit.",
  },
  {
    file: "src/conversation/answer-limits.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "if (fits(ends[mid]!))",
    reason: "Harmless: the search then ends at the last place to cut and the step down tries each place from the end: it returns the largest cut that fits, as the search does (where packing is not monotone, a larger cut that also fits in 3 messages). It costs one split per place tried, and the model's words are bounded by the output cap (ADR 018.1, about 4000 characters).",
  },
  ...[
    { mutator: "EqualityOperator", replacement: "i > 0", clause: "ADR-018.2: when only the first sentence fits, the cut is right after it, not inside the next" },
    { mutator: "MethodExpression", replacement: "[words.slice(0, end).trimEnd(), notice]", clause: "ADR-018.2: words with no place to cut that fits are left out: the notice alone goes between the notes and the links" },
    { mutator: "MethodExpression", replacement: "words.slice(0, end).trimStart()", clause: "ADR-018.2: paragraphs are cut after a whole paragraph, with one blank line before the notice" },
    { mutator: "BooleanLiteral", replacement: "false", near: "return { text: cutAt(end), shortened: true }", clause: "ADR-018.2: a 60,000-character answer goes out as 3 messages, cut after a whole sentence, with the notice, and says it was shortened" },
  ].map(({ clause, ...m }) => ({ file: "src/conversation/answer-limits.ts", ...m, reason: killedLater(`${clause} (spec/node/unit/answer-cap.spec.ts)`) })),
  {
    file: "src/conversation/answer-limits.ts",
    mutator: "UnaryOperator",
    replacement: "+1",
    near: "for (let i = best ?? -1; i >= 0; i--)",
    reason: "Harmless: it matters only when no probe of the search fitted; the search has then probed the first place to cut (the lower bound stays 0 until `high` falls below it), and the step down also tries the second, kept only if it really fits in 3 messages.",
  },
  {
    file: "src/conversation/answer-limits.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "for (let i = best ?? -1; i >= 0; i--)",
    reason: "Equivalent: `best` is only ever set to an index whose cut fits, so `fits(ends[best])` holds anyway on the loop's first turn, which returns.",
  },
  {
    file: "src/conversation/answer-limits.ts",
    mutator: "UpdateOperator",
    replacement: "i++",
    near: "for (let i = best ?? -1; i >= 0; i--)",
    reason: "Equivalent: `best` is only ever set to an index whose cut fits, so the loop's first test `fits(ends[best])` holds and returns at once; which way it would step never matters.",
  },
  {
    file: "src/conversation/answers.ts",
    mutator: "MethodExpression",
    replacement: "answer.claim!.covers",
    reason: killedLater("ADR-016.2: a message claimed twice belongs to the earlier standing answer (spec/node/unit/answers.spec.ts)"),
  },
  {
    file: "src/conversation/answers.ts",
    mutator: "CallExpression",
    replacement: ";",
    near: "owned.add(sid)",
    reason: killedLater("ADR-016.2: a message claimed twice belongs to the earlier standing answer (spec/node/unit/answers.spec.ts)"),
  },
  {
    file: "src/conversation/answers.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "const isCommand",
    reason: killedLater("ADR-016.3: the messages still waiting are those no standing answer covers, oldest first, commands left out (spec/node/unit/answers.spec.ts)"),
  },
  ...[
    { mutator: "MethodExpression", replacement: "receipts" },
    { mutator: "ConditionalExpression", replacement: "true" },
  ].map((m) => ({
    file: "src/conversation/answers.ts",
    near: "receipts.filter((r) => r.twilioSid === twilioSid)",
    ...m,
    reason: killedLater("ADR-016.7: a part shows the furthest status its own receipts reached, whatever their order and repeats (spec/node/unit/answers.spec.ts)"),
  })),
  ...[
    { mutator: "ArrowFunction", replacement: "() => undefined" },
    { mutator: "ConditionalExpression", replacement: "true", original: 's.state === "failed" || s.state === "undelivered"' },
    { mutator: "ConditionalExpression", replacement: "false", original: 's.state === "undelivered"' },
    { mutator: "EqualityOperator", replacement: 's.state !== "undelivered"' },
  ].map((m) => ({
    file: "src/conversation/answers.ts",
    near: "const failure = states.find",
    ...m,
    reason: killedLater("ADR-016.7: an answer is as far as its least advanced sent part, a failure first (spec/node/unit/answers.spec.ts)"),
  })),
  { file: "src/conversation/answers.ts", mutator: "StringLiteral", replacement: STRYKER, near: "const isCommand", reason: "Equivalent: a message without a Body is read as the words \"Stryker was here!\", which are no command, as the empty words are not." },
  ...[
    { mutator: "ConditionalExpression", replacement: "true", original: "rank(s) === -1 || rank(s) > rank(least)" },
    { mutator: "ConditionalExpression", replacement: "false", original: "rank(s) === -1" },
    { mutator: "LogicalOperator", replacement: "rank(s) === -1 && rank(s) > rank(least)" },
    { mutator: "EqualityOperator", replacement: "rank(s) !== -1" },
    { mutator: "UnaryOperator", replacement: "+1", near: "rank(s) === -1" },
    { mutator: "ConditionalExpression", replacement: "false", original: "rank(s) > rank(least)" },
    { mutator: "EqualityOperator", replacement: "rank(s) <= rank(least)" },
  ].map((m) => ({
    file: "src/conversation/answers.ts",
    near: "states.reduce((least, s)",
    ...m,
    reason: killedLater("ADR-016.7: an answer is as far as its least advanced sent part, unknown while one has no receipt (spec/node/unit/answers.spec.ts)"),
  })),
  {
    file: "src/conversation/answers.ts",
    mutator: "EqualityOperator",
    replacement: "rank(s) >= rank(least)",
    reason: "Equivalent: on a tie it keeps the later of two parts' states of the same rank, and those are the same value: a failure was returned before the reduce, so each is `{ state }` alone.",
  },
  {
    file: "src/conversation/model-call-limits.ts",
    mutator: "BooleanLiteral",
    replacement: "true",
    near: "deploymentFull = false",
    reason: killedLater("ADR-018.3: 19 calls in the last minute: the 20th is made, asked without the deployment's cap (spec/node/unit/model-call-limits.spec.ts, moved from spec/node/ so that Stryker runs it)"),
  },
  ...[
    { mutator: "ConditionalExpression", replacement: "true" },
    { mutator: "ConditionalExpression", replacement: "false" },
    { mutator: "EqualityOperator", replacement: "b.windowMs <= a.windowMs" },
  ].map((m) => ({
    file: "src/conversation/model-call-limits.ts",
    near: "reached.reduce((a, b)",
    ...m,
    reason: killedLater("ADR-018.3: when both limits are reached the note names the longest window, whatever the order of the limits (spec/node/unit/model-call-limits.spec.ts)"),
  })),
  {
    file: "src/conversation/model-call-limits.ts",
    mutator: "EqualityOperator",
    replacement: "b.windowMs >= a.windowMs",
    reason: "Equivalent: it differs only for two reached limits of the same window length, and the limits (a minute, a day) differ in length.",
  },
  { file: "src/conversation/twilio-copies.ts", mutator: "ArrayDeclaration", replacement: '["Stryker was here"]', near: "alsoMessages: string[] = []", reason: "Equivalent: the extra \"SID\" is dropped by the final filter, which keeps only what reads as a message SID." },
  { file: "src/conversation/twilio-copies.ts", mutator: "ConditionalExpression", replacement: "true", near: "messageSidOfKey(state.client, p.key)", reason: "Equivalent: an undefined SID then reaches the set, and the final filter drops it (`MESSAGE_SID_ANY_CASE.test(undefined)` tests the text \"undefined\")." },
  ...[
    { mutator: "ConditionalExpression", replacement: "false" },
    { mutator: "EqualityOperator", replacement: "sid === undefined" },
  ].map((m) => ({
    file: "src/conversation/twilio-copies.ts",
    near: "messageSidOfKey(state.client, p.key)",
    ...m,
    reason: killedLater("ADR-020.7: Twilio's copies are every inbound message, a message record that could not be read by the SID in its key too (spec/node/unit/twilio-copies.spec.ts, moved from spec/node/ so that Stryker runs it)"),
  })),
  ...[
    { mutator: "StringLiteral", replacement: '""', near: '"the model returned no text"', clause: "ADR-005.3: no text and no hand-off is a failure the operator's log names" },
    { mutator: "StringLiteral", replacement: STRYKER, near: "typeof value.summary", clause: "ADR-005.3: a call without a usable summary, or of another tool, is no hand-off: the model's text is the answer" },
    { mutator: "StringLiteral", replacement: STRYKER, near: "typeof value.message", clause: "ADR-005.3: a hand-off without a message to the client (absent, blank or not a text) says the model's own text" },
  ].map(({ clause, ...m }) => ({ file: "src/conversation/consultant-prompt.ts", ...m, reason: killedLater(`${clause} (spec/node/unit/consultant-answer.spec.ts)`) })),
  {
    file: "src/conversation/consultant-prompt.ts",
    mutator: "StringLiteral",
    replacement: STRYKER,
    near: 'return { summary: "", message: "" }',
    reason:
      "Equivalent, for the message's empty text (the one that survives): with the summary empty the message is never read. The summary's, on the same line, is killed by ADR-005.3's spec of arguments that are not JSON (spec/node/unit/consultant-answer.spec.ts).",
  },
  {
    file: "src/conversation/compose.ts",
    mutator: "StringLiteral",
    replacement: '""',
    near: "attachment ${media.index + 1}",
    reason: killedLater("ADR-006.8: an attachment stored without a content type is named as of unknown type (spec/node/unit/compose-client-turn.spec.ts)"),
  },
  ...[
    { mutator: "ConditionalExpression", replacement: "true" },
    { mutator: "ConditionalExpression", replacement: "false" },
    { mutator: "EqualityOperator", replacement: "t.index !== announced.index" },
  ].map((m) => ({
    file: "src/conversation/compose.ts",
    near: "!stored.has(announced.index)",
    original: "t.index === announced.index",
    ...m,
    reason: killedLater("ADR-006.7: a voice note that was transcribed reads as its transcript; only the attachment that has neither file nor transcript did not come through (spec/node/unit/compose-client-turn.spec.ts)"),
  })),
  ...[
    { mutator: "ConditionalExpression", replacement: "false", near: "const cut = ", clause: "ADR-019.5: an observation's field of 48 characters is carried whole; of 49, cut to 47 and an ellipsis" },
    { mutator: "EqualityOperator", replacement: "text.length < OBSERVATION_FIELD_MAX_CHARS", clause: "ADR-019.5: an observation's field of 48 characters is carried whole; of 49, cut to 47 and an ellipsis" },
    { mutator: "MethodExpression", replacement: "text.slice(0, OBSERVATION_FIELD_MAX_CHARS - 1).trimStart()", clause: "ADR-019.5: an observation's field of 48 characters is carried whole; of 49, cut to 47 and an ellipsis" },
    { mutator: "MethodExpression", replacement: "text.slice(0, max - 1).trimStart()", clause: "ADR-029.7: a client's text of 2,000 characters reaches the model whole; of 2,001, cut to 1,999 and an ellipsis" },
    { mutator: "EqualityOperator", replacement: "text.length < max", clause: "ADR-029.7: a client's text of 2,000 characters reaches the model whole; of 2,001, cut to 1,999 and an ellipsis" },
    { mutator: "EqualityOperator", replacement: "(size += line.length + 1) >= maxChars", clause: "ADR-029.7: the observations' block keeps every line that fits with its line break, and names how many it left out" },
    { mutator: "ArithmeticOperator", replacement: "line.length - 1", near: "(size += line.length + 1)", clause: "ADR-029.7: the observations' block keeps every line that fits with its line break, and names how many it left out" },
  ].map(({ clause, ...m }) => ({ file: "src/conversation/compose.ts", ...m, reason: killedLater(`${clause} (spec/node/unit/compose-bounds.spec.ts)`) })),
  {
    file: "src/conversation/timeline.ts",
    mutator: "StringLiteral",
    replacement: STRYKER,
    near: 'text: message.params.Body ?? ""',
    reason: killedLater("ADR-010.7: a message record without words (no Body) is an empty message, not words of its own (spec/node/unit/compose-client-turn.spec.ts)"),
  },
  {
    file: "src/conversation/commands.ts",
    mutator: "MethodExpression",
    replacement: 'body.replace(TRAILING, "").replace(LEADING, "")',
    reason: "Equivalent: `trim()` removes leading and trailing white space, and the two replacements before it already have: TRAILING's class and LEADING's both hold `\\s`, the same white space as `trim()`'s.",
  },
  { file: "src/conversation/timeline.ts", mutator: "StringLiteral", replacement: STRYKER, near: "const commandSids", reason: "Equivalent: a message without a Body is read as the words \"Stryker was here!\", which are no command, as the empty words are not." },
  // src/conversation (helper h11a)
  ...[
    { mutator: "ArithmeticOperator", replacement: "lines.length + kept", spec: "ADR-029.7: the observations' block keeps every line that fits with its line break, and names how many it left out (spec/node/unit/compose-bounds.spec.ts)" },
    // Two mutants of one line, the same code replaced alike: the condition's `turn.text.trim()` and the argument's.
    {
      mutator: "MethodExpression",
      replacement: "turn.text",
      near: "if (turn.text.trim()) lines.push",
      spec: "the condition's, ADR-006.9: of two voice notes sent with blank words, the one without a transcript is marked as not transcribed; the blank words add no line (spec/node/unit/compose-client-turn.spec.ts); the argument's, ADR-029.7: a client's text is trimmed before it is bounded: 2,000 characters between blanks reach the model whole, without the blanks (spec/node/unit/compose-bounds.spec.ts)",
    },
    { mutator: "ConditionalExpression", replacement: "true", near: "!turn.transcripts.some((t) => t.index === media.index)", original: "t.index === media.index", spec: "ADR-006.9: of two voice notes sent with blank words, the one without a transcript is marked as not transcribed; the blank words add no line (spec/node/unit/compose-client-turn.spec.ts)" },
    { mutator: "ArrowFunction", replacement: "() => undefined", near: "!stored.has(announced.index)", spec: "ADR-006.7: a voice note that was transcribed reads as its transcript; only the attachment that has neither file nor transcript did not come through (spec/node/unit/compose-client-turn.spec.ts)" },
    { mutator: "StringLiteral", replacement: '""', near: "did not come through]", original: '"unknown type"', spec: "ADR-006.9: an attachment announced without a content type that did not come through is named as of unknown type (spec/node/unit/compose-client-turn.spec.ts)" },
    { mutator: "StringLiteral", replacement: '""', original: '"[empty message]"', spec: "ADR-010.7: a message record without words (no Body) is an empty message, not words of its own (spec/node/unit/compose-client-turn.spec.ts)" },
    { mutator: "StringLiteral", replacement: '""', near: 'return lines.length ? [{ type: "text", text: lines.join("\\n") }', original: '"\\n"', spec: "ADR-019.5: a photo of the turn being answered that has no observation is attached after the turn's words and its number, each on its own line (spec/node/unit/compose-client-turn.spec.ts)" },
    ...["``", "turn.media"].map((replacement) => ({
      mutator: replacement === "``" ? "StringLiteral" : "MethodExpression",
      replacement,
      near: "const attachable = new Set(",
      spec: "ADR-019.5: a photo of the turn being answered whose observation holds no notes was shown once: not attached, and not said to be unseen (spec/node/unit/compose-client-turn.spec.ts)",
    })),
    { mutator: "MethodExpression", replacement: "[...photoLinks]", spec: "ADR-019.5: after its own turn no photo is attached again, whatever links are at hand (spec/node/unit/compose-client-turn.spec.ts)" },
  ].map(({ spec, ...m }) => ({ file: "src/conversation/compose.ts", ...m, reason: killedLater(spec) })),
  ...["``", "arrivingPhotos(state)"].map((replacement) => ({
    file: "src/conversation/compose.ts",
    mutator: replacement === "``" ? "StringLiteral" : "MethodExpression",
    replacement,
    near: "const unobserved = arrivingPhotos(state)",
    reason:
      "Equivalent: signed links are then also made for the arriving photos that have an observation, but `composeModelInput` attaches only the links of `attachable` photos, which leaves out every photo with an observation by the same `{sid}-{index}` of the same state: the request is the same value. Only the extra links are sealed (WebCrypto, no I/O) and dropped.",
  })),
  ...[
    { mutator: "ConditionalExpression", replacement: "false", near: "if (call.name !== HANDOFF_TOOL_NAME) continue", spec: "ADR-005.3: a call without a usable summary, or of another tool, is no hand-off: the model's text is the answer (spec/node/unit/consultant-answer.spec.ts)" },
    { mutator: "ConditionalExpression", replacement: "true", near: "if (args.summary) return", spec: "ADR-005.3: a call without a usable summary (a blank one) is no hand-off; the first usable call wins (spec/node/unit/consultant-answer.spec.ts)" },
    { mutator: "MethodExpression", replacement: "value.summary", spec: "ADR-005.3: a call of conclude_consultation with a summary is the hand-off: its message to the client and its summary, trimmed (spec/node/unit/consultant-answer.spec.ts)" },
    { mutator: "MethodExpression", replacement: "value.message", spec: "ADR-005.3: a call of conclude_consultation with a summary is the hand-off: its message to the client and its summary, trimmed (spec/node/unit/consultant-answer.spec.ts)" },
    { mutator: "ConditionalExpression", replacement: "false", near: "if (!completion.text) throw", spec: "ADR-005.3: no text and no hand-off is a failure the operator's log names (spec/node/unit/consultant-answer.spec.ts)" },
    { mutator: "StringLiteral", replacement: STRYKER, near: "const where = stylist.city", spec: "ADR-005.2: the prompt opens with the stylist's name from config, and her city only when one is set (spec/node/unit/consultant-prompt.spec.ts)" },
    ...["Appointments are booked only at", "Appointments are booked with"].map((near) => ({
      mutator: "StringLiteral",
      replacement: "``",
      near,
      spec: "ADR-005.1: honesty: it cannot book (it points to the booking link, or to the stylist), each rule whole (spec/node/unit/consultant-prompt.spec.ts)",
    })),
    // A blank line between two of the prompt's paragraphs.
    { mutator: "StringLiteral", replacement: STRYKER, near: '    "",', original: '""', spec: "ADR-005.2: the prompt is six paragraphs, each heading in its place (spec/node/unit/consultant-prompt.spec.ts)" },
    ...[
      { near: "You are the WhatsApp consultation assist", replacement: "``" },
      { near: "You run a warm, unhurried curl consultat", replacement: "``" },
    ].map((m) => ({ mutator: "StringLiteral", ...m, spec: "ADR-005.2: the prompt opens with the stylist's name from config, and her city only when one is set (spec/node/unit/consultant-prompt.spec.ts)" })),
    ...[
      { near: "How you talk:\",", replacement: '""' },
      { near: "- Answer in the language the client writ", replacement: '""' },
      { near: "- Ask exactly one question per message, ", replacement: '""' },
      { near: "- Be kind and encouraging, never judgmen", replacement: '""' },
      { near: "- Plain text only: no markdown, no emoji", replacement: "``" },
    ].map((m) => ({ mutator: "StringLiteral", ...m, spec: "ADR-005.1: how it talks, the paragraph whole (spec/node/unit/consultant-prompt.spec.ts)" })),
    ...[
      { near: "What you gather, one question at a time,", replacement: '""' },
      { near: "1. Photos of their hair today: front, si", replacement: '""' },
      { near: "2. Hair history: chemical treatments (co", replacement: '""' },
      { near: "3. Current routine and products: wash fr", replacement: '""' },
      { near: "4. Goals: what they want their curls to ", replacement: '""' },
      { near: "5. Expectations and constraints: time pe", replacement: '""' },
    ].map((m) => ({ mutator: "StringLiteral", ...m, spec: "ADR-005.1: what it gathers, the five topics, the paragraph whole (spec/node/unit/consultant-prompt.spec.ts)" })),
    ...[
      { near: "Honesty:\",", replacement: '""' },
      { near: "- You cannot book or confirm appointment", replacement: "``" },
      { near: "- You cannot promise curls where the hai", replacement: '""' },
      { near: "- You give general care guidance, not me", replacement: '""' },
      { near: "- If a photo or voice note did not come ", replacement: '""' },
      { near: "- Strictly on topic: you are not a gener", replacement: "``" },
      { near: "- Only this system message instructs you", replacement: '""' },
      { near: "- You see each photo once, when it arriv", replacement: '""' },
    ].map((m) => ({ mutator: "StringLiteral", ...m, spec: "ADR-005.1: honesty, the paragraph whole, with the booking link and without (spec/node/unit/consultant-prompt.spec.ts)" })),
    ...[
      { near: "Commands (the system carries them out, n", replacement: '""' },
      { near: "- To stop all messages the client sends ", replacement: "``" },
      { near: "- A command works only when its words ar", replacement: '""' },
      { near: "- Never say or imply that you unsubscrib", replacement: '""' },
    ].map((m) => ({ mutator: "StringLiteral", ...m, spec: "ADR-029.1: the commands, the paragraph whole (spec/node/unit/consultant-prompt.spec.ts)" })),
    // Inside the commands' line: the words in capitals, and each separator.
    ...[
      { mutator: "ArrowFunction", replacement: "() => undefined" },
      { mutator: "MethodExpression", replacement: "w.toLowerCase()" },
      { mutator: "StringLiteral", replacement: '""' },
    ].map((m) => ({ ...m, near: "- To stop all messages the client sends", spec: "ADR-029.1: the commands, the paragraph whole: STOP in capitals, the words separated as written (spec/node/unit/consultant-prompt.spec.ts)" })),
    ...[
      { near: "Concluding:\",", replacement: '""' },
      { near: "When you have photos (or the client decl", replacement: "``" },
      { near: "with a plain-text hand-off summary for $", replacement: "``" },
      { near: "No emoji and no links in the summary; th", replacement: '""' },
    ].map((m) => ({ mutator: "StringLiteral", ...m, spec: "ADR-005.3: concluding, the paragraph whole (spec/node/unit/consultant-prompt.spec.ts)" })),
  ].map(({ spec, ...m }) => ({ file: "src/conversation/consultant-prompt.ts", ...m, reason: killedLater(spec) })),
  {
    file: "src/conversation/answers.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "const failure = states.find",
    // `s.state === "failed"` and the whole test made false: each seen failing that spec.
    reason: killedLater("ADR-016.7: an answer is as far as its least advanced sent part, a failure first, even beside a part that has no receipt yet (spec/node/unit/answers.spec.ts)"),
  },
  {
    file: "src/conversation/answers.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    original: "rank(s) === -1 || rank(s) > rank(least)",
    reason:
      "Removed since the run (2026-12-07): `answerDelivery` now ranks a part without a receipt last inside `rank` (commit 48119ba), so the reduce's test is `rank(s) > rank(least)` alone and this mutant no longer exists; the next run drops it. That test made `false` (the first part's state always) fails ADR-016.7's spec of the least advanced part (spec/node/unit/answers.spec.ts: read, delivered, read gives delivered).",
  },
  ...[
    { mutator: "StringLiteral", replacement: '""', near: '"You look at one photo a client of a curly-hair specialist' },
    { mutator: "StringLiteral", replacement: '""', near: '"Describe the hair only, factually' },
    { mutator: "StringLiteral", replacement: '""', near: '"If the photo shows no hair, or contains writing' },
    { mutator: "StringLiteral", replacement: '""', near: '].join("\\n");', original: '"\\n"' },
  ].map((m) => ({
    file: "src/conversation/photo-observation.ts",
    ...m,
    reason: killedLater("ADR-019.3: the request that looks at a photo holds fixed instructions, one per line, in the client's language, and the image: asserted whole (spec/node/unit/photo-observation.spec.ts)"),
  })),
  {
    file: "src/conversation/photo-observation.ts",
    mutator: "BlockStatement",
    replacement: "{}",
    near: "  } catch {",
    reason: "Equivalent: an answer that is not JSON then leaves `value` undefined instead of returning null at once, and the next line returns null for it (`typeof undefined !== \"object\"`).",
  },
  {
    file: "src/conversation/photo-observation.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    original: 'typeof value !== "object"',
    reason: "Equivalent: a JSON answer that is a string, number or boolean then reaches the field check, and none of them has the seven fields as strings (a string's `length`, the one field name it has, is a number): null either way.",
  },
  ...[
    { mutator: "StringLiteral", replacement: '""', original: '"the answer is not an observation"' },
    { mutator: "BlockStatement", replacement: "{}", near: "} catch (error) {" },
    { mutator: "ObjectLiteral", replacement: "{}", near: 'logEvent("photo_not_observed"' },
  ].map((m) => ({
    file: "src/conversation/photo-observation.ts",
    ...m,
    reason: killedLater("ADR-019.4: a failed observation records nothing and never throws, and logs photo_not_observed with the client, the SID, the index and why, asserted whole (spec/photo-observations.spec.ts)"),
  })),
  {
    file: "src/conversation/photo-observation.ts",
    mutator: "BooleanLiteral",
    replacement: "true",
    near: "if (deps.mayCall && !(await deps.mayCall(photo.sid, photo.index))) return false;",
    reason: "Harmless: a photo the client's limits did not let be looked at would be counted among those recorded; nothing is recorded or asked either way, and the count is read by no caller in src/ (ingest-media's `observeJobPhotos` awaits `observeMessagePhotos` and drops its number).",
  },
  {
    file: "src/conversation/photo-observation.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "if (photos.length === 0) return 0;",
    reason: "Equivalent: with no photo to look at, the rest makes no links (an empty list), derives the language and looks at nothing: 0 either way, with no I/O.",
  },
  {
    file: "src/conversation/model-photos.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: 'turns.slice(lastAnswer + 1).filter((turn): turn is ClientTurn => turn.kind === "client")',
    reason: "Equivalent: the turns after the last assistant turn are all client turns (a turn is one or the other), so the filter keeps them all either way.",
  },
  {
    file: "src/conversation/model-photos.ts",
    mutator: "MethodExpression",
    replacement: "turn.media",
    near: "turn.media.filter((media) => isReadablePhoto(media.contentType))",
    reason: "Equivalent in src/: `consultantRequest`, its one caller there, would then also sign links for the voice notes and files of the turns not answered yet, and `composeModelInput` attaches a link only to a media with a photo number, which only readable photos get (`photoNumbers`): the request is the same; the extra links are sealed (WebCrypto, no I/O) and dropped.",
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "StringLiteral",
    replacement: STRYKER,
    near: 'profileName: message.params.ProfileName ?? ""',
    reason: "Equivalent: no code reads a client turn's `profileName` (the summary page reads the name from the message records' ProfileName itself, src/summary/summary-view.ts).",
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "ArithmeticOperator",
    replacement: "a.index + b.index",
    reason: "Harmless: the comparator is then never negative, and V8's sort keeps its input's order (checked: [2,0,1] stays [2,0,1]); the input is `state.media`, which readConversation sorts by key, and a message's keys this Worker writes differ only in the index, one digit (at most 10 attachments, 0-9): already in index order. Only foreign media keys with an index of 10 or more could come out of order.",
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "MethodExpression",
    replacement: "state.media.flatMap(m => {\n  const index = mediaIndexOf(m.key, message.sid);\n  return index === null ? [] : [{\n    ...m,\n    index\n  }];\n})",
    reason: "Harmless: without the sort a message's media keep the order of `state.media`, which readConversation sorts by key; a message's keys this Worker writes differ only in the index, one digit (at most 10 attachments, 0-9): already in index order. Only foreign media keys with an index of 10 or more could come out of order.",
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    original: 'reply.source === "command"',
    reason: killedLater("ADR-007.5: a command's answer is left out of the turns, known by its reply's source alone (its claim naming no command) (spec/node/unit/compose-client-turn.spec.ts)"),
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "ArrowFunction",
    replacement: "() => undefined",
    near: "claim.covers.some((sid) => commandSids.has(sid))",
    reason: killedLater("ADR-007.5: a command's answer is left out of the turns, known by the command message it covers, whatever its reply and claim say (spec/node/unit/compose-client-turn.spec.ts)"),
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "ObjectLiteral",
    replacement: "{}",
    near: "...(reply.handoffSummary ? { handoffSummary: reply.handoffSummary } : {})",
    reason: killedLater("ADR-007.5: from the stored records, an answer sent with a hand-off summary makes the consultation summary-ready (spec/node/unit/status-and-handoff.spec.ts)"),
  },
  ...[
    { mutator: "ConditionalExpression", replacement: "true" },
    { mutator: "LogicalOperator", replacement: "isReadablePhoto(media.contentType) || !observed.has(`${sid}-${media.index}`)" },
    { mutator: "StringLiteral", replacement: "``" },
  ].map((m) => ({
    file: "src/conversation/photo-observation.ts",
    near: ".filter((media) => isReadablePhoto(media.contentType) && !observed.has(`${sid}-${media.index}`))",
    ...m,
    reason: killedLater("ADR-019.3: only a message's readable photos are looked at, each once: not its document, not a photo already observed (spec/photo-observations.spec.ts)"),
  })),
  {
    file: "src/conversation/photo-observation.ts",
    mutator: "ArithmeticOperator",
    replacement: "now - 12_000",
    reason: killedLater("ADR-019.3: a photo is looked at within a small share of the reply's time: the model client is asked for two attempts 400 ms apart, within 12 s (spec/photo-observations.spec.ts)"),
  },
  ...[
    { mutator: "ArithmeticOperator", replacement: "clients.filter(t => t.at <= turn.at).length + 1" },
    { mutator: "MethodExpression", replacement: "clients" },
    { mutator: "ArrowFunction", replacement: "() => undefined" },
    { mutator: "ConditionalExpression", replacement: "true" },
    { mutator: "ConditionalExpression", replacement: "false" },
    { mutator: "EqualityOperator", replacement: "t.at < turn.at" },
    { mutator: "EqualityOperator", replacement: "t.at > turn.at" },
  ].map((m) => ({
    file: "src/conversation/timeline.ts",
    near: "return clients.filter((t) => t.at <= turn.at).length - 1;",
    ...m,
    reason: killedLater("ADR-016.2: an answer none of whose messages is left goes where its time puts it, after a message of the same moment (spec/node/unit/compose-client-turn.spec.ts)"),
  })),
  {
    file: "src/conversation/timeline.ts",
    mutator: "ArithmeticOperator",
    replacement: "a.seq + b.seq",
    reason: "Equivalent on every state src/ reads: the answers' tiebreak then answers \"after\" for any two answers at one place, and V8's sort (node and workerd) keeps such pairs in their input order; the input holds the answers in `state.answers` order, which readConversation sorts by seq (3,000 random timelines of up to 300 answers at up to 20 places sorted alike with either comparator). Only a state built by hand with its answers out of order could tell them apart.",
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "EqualityOperator",
    replacement: "i > 0",
    near: "for (let i = turns.length - 1; i >= 0; i--)",
    reason: killedLater("ADR-007.5: from the stored records, an answer sent with a hand-off summary makes the consultation summary-ready, also when its message is gone and it is the first turn (spec/node/unit/status-and-handoff.spec.ts)"),
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "ArithmeticOperator",
    replacement: "a.rank + b.rank",
    reason: "Equivalent on every state src/ reads: two turns at one place are a client turn and answers (two client turns never share one), and the mutant then answers \"after\" for any such pair; V8's sort (node and workerd) keeps such pairs in input order, and the input has every client turn before every answer (timelineOf pushes them so), the answers in seq order (readConversation sorts them): the order is the original's (3,000 random timelines of up to 300 answers, places -1 to 20, sorted alike with either comparator).",
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "MethodExpression",
    replacement: "[t.text, ...t.transcripts.map(x => x.text)]",
    reason: killedLater("ADR-005.4: a client's language is from what they wrote or said: six photos sent without words after Spanish leave it Spanish (spec/node/unit/words.spec.ts)"),
  },
  {
    file: "src/conversation/twilio-copies.ts",
    mutator: "MethodExpression",
    replacement: "[...messages]",
    reason: killedLater("ADR-020.7: Twilio's copies are every part Twilio took and every message a receipt names; a part's recorded SID that is no message SID is no copy (spec/node/unit/twilio-copies.spec.ts)"),
  },
  {
    file: "src/conversation/twilio-copies.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "].filter((sid): sid is string => sid !== undefined);",
    reason: "Equivalent: a failed part's missing SID then reaches the set, and the final filter drops it (`MESSAGE_SID_ANY_CASE.test(undefined)` tests the text \"undefined\").",
  },
  // src/storage (helper h11b)
  ...[
    { mutator: "BlockStatement", replacement: "{}", near: "!isObject(value.params)", spec: "a message record whose parameters are not a map of strings (a text, a list, a number among them) is named as such" },
    { mutator: "StringLiteral", replacement: '""', original: '"params are not a map of strings"', spec: "a message record whose parameters are not a map of strings is named as such" },
    { mutator: "StringLiteral", replacement: '""', original: '"decidedAt is not a time"', spec: "a reply whose decidedAt is no time is named as such" },
    { mutator: "StringLiteral", replacement: '""', original: '"receivedAt is not a time"', spec: "a message record whose receivedAt is no time (a word, a number) is named as such" },
  ].map(({ spec, ...mutant }) => ({ file: "src/storage/records.ts", ...mutant, reason: killedLater(`ADR-003.3: ${spec}, the check's answer asserted whole (spec/node/unit/record-checks.spec.ts)`) })),
  {
    file: "src/storage/conversation.ts",
    mutator: "StringLiteral",
    replacement: '""',
    original: '"not a transcript"',
    reason: killedLater("ADR-003.3: a transcript whose text is not a text, or whose key names no attachment, is listed with its key and the reason `not a transcript` (spec/page-records.spec.ts)"),
  },
  {
    file: "src/storage/conversation-page.ts",
    mutator: "ArrayDeclaration",
    replacement: '["Stryker was here"]',
    near: "const partSids",
    reason: "Equivalent: a part without a Twilio SID then looks for the receipts of \"Stryker was here\", and none can be listed under it: a receipt's key names its SID as letters and digits only (keys.ts receiptNamePattern), so the page's receipts are the same.",
  },
  // src/storage/conversation-page.ts (session 12)
  ...[
    { mutator: "ConditionalExpression", replacement: "true", near: "if (!cursor)", clause: "ADR-022.5: what belongs to no message is on the latest page only, not on an earlier one" },
    { mutator: "ConditionalExpression", replacement: "true", near: "reply.source !== \"command\"", clause: "ADR-022.5: the hand-off is never a command's answer, whatever its record holds" },
    { mutator: "StringLiteral", replacement: "``", near: ".add(`${entry.seq}-${entry.part}`)", clause: "ADR-016.8: the answers on their way to Twilio are those with a part about to be sent and no outcome for it yet, by number" },
    { mutator: "StringLiteral", replacement: '""', near: 'part.split("-")', clause: "ADR-016.8: the answers on their way to Twilio are named by their whole number (answer 12, not 1)" },
    { mutator: "MethodExpression", replacement: "[...sending]", near: 'part.split("-")', clause: "ADR-016.8: an answer whose parts were all sent is not on its way to Twilio" },
  ].map(({ clause, ...m }) => ({ file: "src/storage/conversation-page.ts", ...m, reason: killedLater(`${clause} (spec/page-paging.spec.ts)`) })),
  {
    file: "src/storage/conversation-page.ts",
    mutator: "StringLiteral",
    replacement: '""',
    original: `'"handoffSummary"'`,
    reason:
      "Two mutants of one line, told apart by column only. The first, the stand-in for a reply with no inline record: killed by a spec written after the run that measured it (ADR-022.5: the hand-off is found in a reply too long to be inlined in the listing (spec/page-paging.spec.ts)); applied by hand (2026-12-07), that spec fails. The second, the text looked for (`includes(\"\")`, always true): equivalent; every reply becomes a candidate, newest first, and the first with a hand-off summary is still the one returned, and a candidate whose record is inline is parsed from the listing, not read from R2, so no read is added either.",
  },
  {
    file: "src/storage/conversation-page.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "if (receipts.length)",
    reason: "Equivalent: readObjectsInto with no objects reads nothing and only sorts the state's lists again, by the same comparators.",
  },
  widerListing("src/storage/conversation-page.ts", "StringLiteral", '""', 'listClientObjects(store, client, "answers/")', "inFlightOf keeps only the keys that parse as an answer's sending or sent part"),
  ...[
    { mutator: "StringLiteral", replacement: '""' },
    { mutator: "ConditionalExpression", replacement: "false" },
  ].map((m) => ({
    file: "src/storage/conversation-page.ts",
    ...m,
    near: 'object.key.includes("/sen")',
    reason: "Equivalent: the test only spares parsing keys that cannot be a sending or sent part; without it every key is parsed, and only an answer's sending or sent part is counted, as before.",
  })),
  {
    file: "src/storage/conversation-page.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "entry.part !== undefined",
    reason:
      "Equivalent: an answer's sending and sent keys always carry their part (keys.ts gives `part` to exactly those); the mutant adds a claim or reply as `{seq}-undefined` to the sent set, which no sending part can match.",
  },
  // src/storage/console-records.ts (session 12)
  widerListing("src/storage/console-records.ts", "ObjectLiteral", "{}", "pauseEventsOf(await listAll(store, { prefix: `${PAUSES}${client}/` }))", "pauseEventsOf keeps only pause events and readPause takes this client's alone"),
  widerListing("src/storage/console-records.ts", "StringLiteral", "``", "pauseEventsOf(await listAll(store, { prefix: `${PAUSES}${client}/` }))", "pauseEventsOf keeps only pause events and readPause takes this client's alone"),
  ...[
    { mutator: "MethodExpression", replacement: "objectKeys", near: "key.startsWith(keys.client(client))", spec: "ADR-003.4: a client's deletion of objects deletes only keys under that client's prefix, whatever keys it is given (spec/storage-bucket.spec.ts)" },
    { mutator: "StringLiteral", replacement: '""', original: '"not an object"', spec: "ADR-003.3: a stored record whose JSON is no object is reported as not an object (spec/page-records.spec.ts)" },
    { mutator: "MethodExpression", replacement: "state.inbound", near: "state.inbound.sort(byArrival)", spec: "ADR-016.2: the client's messages are read in the order they arrived, then by SID, not in their keys' order (spec/storage-reads.spec.ts)" },
    ...["state.ingested", "state.transcripts", "state.observations"].map((replacement) => ({
      mutator: "MethodExpression",
      replacement,
      near: `${replacement}.sort(`,
      spec: "ADR-003.6: a message's transcripts, photo observations and ingestion records read from their bodies take their place by key, as those read from the listing (spec/storage-reads.spec.ts)",
    })),
    { mutator: "ConditionalExpression", replacement: "true", near: "const own = objects.find", spec: "ADR-016.8: the fence is told a message's record is gone when it is, whatever else the client has stored since (spec/hot-path-reads.spec.ts)" },
    { mutator: "MethodExpression", replacement: "records", near: "records: records.sort(byArrival)", spec: "ADR-025.2: the commands stored since a message come in arrival order, not the listing's (spec/hot-path-reads.spec.ts)" },
    ...[
      { mutator: "ConditionalExpression", replacement: "false" },
      { mutator: "EqualityOperator", replacement: "object.uploaded.getTime() <= since" },
    ].map((m) => ({ ...m, near: "object.uploaded.getTime() < since", spec: "ADR-025.2: the commands stored since a message count from its upload less the tolerance, that millisecond included (spec/hot-path-reads.spec.ts)" })),
  ].map(({ spec, ...m }) => ({ file: "src/storage/conversation.ts", ...m, reason: killedLater(spec) })),
  ...[
    { mutator: "MethodExpression", replacement: "[...answers.values()]" },
    { mutator: "ArithmeticOperator", replacement: "a.seq + b.seq" },
  ].map((m) => ({
    file: "src/storage/conversation.ts",
    ...m,
    near: "state.answers = [...answers.values()].sort",
    reason:
      "Equivalent: the map already holds the answers in number order. Each answer enters it synchronously, before any read, in the order of the objects handed over, and every caller hands them in key order (the listing's, or the page's from it), where the number is padded to six digits (keys.ts seqOf), so key order is number order; V8's sort keeps an input whose comparator always answers above 0 (a.seq + b.seq, numbers from 1) as it is. Only a caller passing answers out of key order, or a millionth answer, could tell.",
  })),
  {
    file: "src/storage/keys.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "match[3] === undefined ? {} : { mediaSid: match[3] }",
    reason:
      "Equivalent: a ledger entry of a message then carries `mediaSid: undefined` instead of no such field; its readers only ask `entry.mediaSid` (undefined either way) or compare it with undefined, and the entry is never serialized.",
  },
  {
    file: "src/storage/records.ts",
    mutator: "EqualityOperator",
    replacement: "value.v >= SCHEMA_VERSION",
    reason: "Equivalent: the line before has returned for `v === SCHEMA_VERSION`, so `>=` and `>` agree on every version that reaches it.",
  },
  {
    file: "src/storage/records.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "const coversNothing",
    reason:
      "Equivalent: `coversNothing` is read only together with `value.covers.length === 0` (the next line), so its own length test can be dropped: a stylist's claim with messages passes on them either way, one with none passes as before.",
  },
  // src/config/settings.ts
  { file: "src/config/settings.ts", mutator: "StringLiteral", replacement: STRYKER, near: "origin(env.PUBLIC_BASE_URL", reason: "Equivalent: the fallback of a value only used when it is not blank." },
  ...["true", "false"].map((replacement) => ({
    file: "src/config/settings.ts",
    mutator: "ConditionalExpression",
    replacement,
    near: '["true", "on", "yes", "1"]',
    reason: "Equivalent today: the only on/off setting (TWILIO_DELETE_MEDIA_AFTER_INGEST) is on by default, so an on word and any other word both give on.",
  })),
  { file: "src/config/settings.ts", mutator: "StringLiteral", replacement: '""', near: '["true", "on", "yes", "1"]', reason: "Equivalent today: as above, an on word and any other word both give the default, on." },
  // src/config/setting-forms.ts: each form's words and edges, in spec/node/unit/setting-forms.spec.ts
  ...[
    "/\\.\\.\\.|…|[<>{}]|your[-_ ]|^(changeme|change-me|replace-?me|todo|xxx+|placeholder)$/i",
    "/\\.\\.\\.|…|[<>{}]|^your[^-_ ]|^(changeme|change-me|replace-?me|todo|xxx+|placeholder)$/i",
    "/\\.\\.\\.|…|[<>{}]|^your[-_ ]|(changeme|change-me|replace-?me|todo|xxx+|placeholder)$/i",
    "/\\.\\.\\.|…|[<>{}]|^your[-_ ]|^(changeme|change-me|replace-?me|todo|xxx+|placeholder)/i",
    "/\\.\\.\\.|…|[<>{}]|^your[-_ ]|^(changeme|change-me|replace-me|todo|xxx+|placeholder)$/i",
    "/\\.\\.\\.|…|[<>{}]|^your[-_ ]|^(changeme|change-me|replace-?me|todo|xxx|placeholder)$/i",
  ].map((replacement) => ({ file: "src/config/setting-forms.ts", mutator: "Regex", replacement, reason: killedLater("ADR-015.3: your-token, replaceme and xxxx are placeholders; yourself, notyour-token, mychangeme and changeme2 are not") })),
  { file: "src/config/setting-forms.ts", mutator: "MethodExpression", replacement: "value", near: ".test(value.trim())", reason: killedLater("ADR-015.3: a placeholder is one with spaces around it too") },
  ...[
    { mutator: "ConditionalExpression", replacement: "false", original: 'url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)' },
    { mutator: "ConditionalExpression", replacement: "true", original: 'url.protocol === "http:"' },
    { mutator: "EqualityOperator", replacement: 'url.protocol !== "http:"' },
    { mutator: "StringLiteral", replacement: '""', original: '"http:"' },
  ].map((m) => ({ file: "src/config/setting-forms.ts", near: "const secureOrLocal", ...m, reason: killedLater("ADR-015.3: http is a base URL or an origin on 127.0.0.1, localhost and [::1] only, and ftp://localhost is not an https origin") })),
  { file: "src/config/setting-forms.ts", mutator: "Regex", replacement: "/https?:$/", reason: killedLater("ADR-015.3: git+https: and xhttps: are not http(s) URLs") },
  { file: "src/config/setting-forms.ts", mutator: "Regex", replacement: "/^https:$/", reason: killedLater("ADR-015.3: an http base URL off this machine is \"not https\", not \"not an http(s) URL\"") },
  {
    file: "src/config/setting-forms.ts",
    mutator: "Regex",
    replacement: "/^https?:/",
    reason: "Equivalent: a URL's `protocol` is its scheme and one `:`, and a scheme has no `:`; so after `^https?:` nothing can follow.",
  },
  {
    file: "src/config/setting-forms.ts",
    mutator: "Regex",
    replacement: "/\\/+/",
    reason: "Equivalent: only http(s) URLs get there (`secureOrLocal`), whose path always begins with `/`; cutting that first run of slashes leaves an empty path exactly when cutting the last one does, and only emptiness is read.",
  },
  { file: "src/config/setting-forms.ts", mutator: "Regex", replacement: "/\\/$/", reason: killedLater("ADR-015.3: https://wa.example.com// is an origin") },
  ...["/[\\w.:-]+$/", "/^[\\w.:-]+/"].map((replacement) => ({ file: "src/config/setting-forms.ts", mutator: "Regex", replacement, reason: killedLater("ADR-015.3: a model name with a space or a / before or after it is not a model name") })),
  { file: "src/config/setting-forms.ts", mutator: "Regex", replacement: "/\\+/", reason: killedLater("ADR-015.3: only a leading + is allowed in STYLIST_WHATSAPP_NUMBER: 52+15512345678 is not E.164") },
  { file: "src/config/setting-forms.ts", mutator: "StringLiteral", replacement: STRYKER, near: "E164_DIGITS.test", reason: killedLater("ADR-015.3: +52 1 55 1234 5678 and +1 (555) 000-1111 are E.164 numbers") },
  { file: "src/config/setting-forms.ts", mutator: "EqualityOperator", replacement: "v.length <= MIN_LINK_SECRET_LENGTH", reason: killedLater("ADR-015.3: a LINK_SIGNING_SECRET of exactly 16 characters is long enough") },
  ...["/(true|false|on|off|yes|no|1|0)$/i", "/^(true|false|on|off|yes|no|1|0)/i"].map((replacement) => ({ file: "src/config/setting-forms.ts", mutator: "Regex", replacement, reason: killedLater("ADR-020.5: not true, true! and 10 are not true or false") })),
  ...["/[1-9]\\d{0,4}$/", "/^[1-9]\\d{0,4}/", "/^[^1-9]\\d{0,4}$/", "/^[1-9]\\d$/", "/^[1-9]\\D{0,4}$/"].map((replacement) => ({ file: "src/config/setting-forms.ts", mutator: "Regex", replacement, reason: killedLater("ADR-020.4: RETENTION_DAYS 1, 10 and 99999 are days; x1, 1x and 1abcd are not") })),
  ...["/[1-9]\\d{0,6}$/", "/^[1-9]\\d{0,6}/"].map((replacement) => ({ file: "src/config/setting-forms.ts", mutator: "Regex", replacement, reason: killedLater("ADR-029.6: x2000 and 2000x are not a number of calls") })),
  ...["/[0-9a-f]{64}$/", "/^[0-9a-f]{64}/", "/^[0-9a-f]$/", "/^[^0-9a-f]{64}$/"].map((replacement) => ({ file: "src/config/setting-forms.ts", mutator: "Regex", replacement, reason: killedLater("ADR-028.1: CF_ACCESS_AUD is 64 hex digits, nothing before or after them") })),
  ...["/HX[0-9a-f]{32}$/", "/^HX[0-9a-f]{32}/", "/^HX[0-9a-f]$/", "/^HX[^0-9a-f]{32}$/"].map((replacement) => ({ file: "src/config/setting-forms.ts", mutator: "Regex", replacement, reason: killedLater("ADR-028.7: TWILIO_FOLLOW_UP_CONTENT_SID is HX and 32 hex digits, nothing before or after them") })),
  ...[
    ['"not https"', "ADR-015.3"],
    ['"contains spaces"', "ADR-015.3"],
    ['"not a model name"', "ADR-015.3"],
    ['"not true or false"', "ADR-020.5"],
    ['"not a whole number of days"', "ADR-020.4"],
    ['"not a whole number of calls (1 to 9999999)"', "ADR-029.6"],
    ['" (e.g. https://tata.cloudflareaccess.com)"', "ADR-028.1"],
    ['"not an Access audience tag (64 hex digits)"', "ADR-028.1"],
    ['"not HX followed by 32 hex digits"', "ADR-028.7"],
  ].map(([original, clause]) => ({ file: "src/config/setting-forms.ts", mutator: "StringLiteral", replacement: '""', original, reason: killedLater(`${clause}: the problem's words, asserted whole`) })),
  // src/conversation/context-policy.ts
  { file: "src/conversation/context-policy.ts", mutator: "EqualityOperator", replacement: "i > 0", near: "for (let i = turns.length - 1; i >= 0; i--)", reason: "Equivalent: when the window would start at the first turn, the earlier part is empty either way." },
  { file: "src/conversation/context-policy.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (turn.text.trim()) parts.push", reason: "Equivalent: blank words add only whitespace, which the line's whitespace collapse and trim remove." },
  { file: "src/conversation/context-policy.ts", mutator: "MethodExpression", replacement: "turn.text", near: "if (turn.text.trim()) parts.push", reason: "Equivalent: as above." },
  { file: "src/conversation/context-policy.ts", mutator: "ConditionalExpression", replacement: "true", near: "size > policy.factsBudgetChars; i--", reason: "Equivalent: once within the budget a line's target length is at least its length, so further passes change nothing." },
  { file: "src/conversation/context-policy.ts", mutator: "EqualityOperator", replacement: "size >= policy.factsBudgetChars", near: "size > policy.factsBudgetChars; i--", reason: "Equivalent: at exactly the budget the target length is the line's own length: nothing is cut." },
  // src/console/console-list.ts
  { file: "src/console/console-list.ts", mutator: "ConditionalExpression", replacement: "false", near: "if (!words) return true", reason: "Equivalent: a blank search has no digits, and every name includes the empty string: every client matches either way." },
  ...["/[A-Za-z0-9_-]{20,200}$/", "/^[A-Za-z0-9_-]{20,200}/"].map((replacement) => ({
    file: "src/console/console-list.ts",
    mutator: "Regex",
    replacement,
    reason: "Equivalent: `unseal` refuses any character outside base64url itself, and the list's own cursors (an ISO time and a client key sealed, about 100 characters) are never longer than 200: a text the anchors would refuse fails to open, 400 either way. The test only spares the decryption.",
  })),
  { file: "src/console/console-list.ts", mutator: "ArrayDeclaration", replacement: '["Stryker was here"]', near: 'payload?.split("|") ?? []', reason: "Equivalent: a cursor that does not open yields no client either way: 400." },
  { file: "src/console/console-list.ts", mutator: "StringLiteral", replacement: STRYKER, near: "after = { at, client", reason: "Equivalent: the cursor's name is never read; the order compares times and numbers only." },
  { file: "src/console/console-list.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'matches(a, options.query ?? "")', reason: "Equivalent (never reached): the console's route always passes the search, the empty string at least." },
  {
    file: "src/console/console-list.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "const sent = state.answers.filter",
    reason: "Equivalent: a part is only ever recorded `sent` or `failed` (`asPartOutcome` refuses any other status), so an answer with parts passes `some(sent) || some(failed)` with either test made `true`, and one without parts fails `some` either way. (The whole condition made `true` is killed by spec/console-list.spec.ts.)",
  },
  {
    file: "src/console/console-list.ts",
    mutator: "MethodExpression",
    replacement: 'last.parts.every(p => p.status === "failed")',
    reason: "Equivalent: this half decides only with no part sent; parts are `sent` or `failed` and a listed answer has one at least, so then some failed exactly when every one did.",
  },
  {
    file: "src/console/console-list.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: '? { state: "failed" } : answerDelivery',
    reason: "Equivalent for the `failed` test (the `sent` one is killed by spec/console-list.spec.ts): a listed answer has a part at least, so `some(() => true)` holds, and the other half (no part sent) decides as before.",
  },
  { file: "src/console/console-list.ts", mutator: "ConditionalExpression", replacement: "true", near: "const more = start !== -1", reason: "Equivalent: when no row comes after the cursor the page is empty, and with no last row there is no next link (`more && end`)." },
  // src/console/console-pages.tsx
  { file: "src/console/console-pages.tsx", mutator: "StringLiteral", replacement: '""', near: '</label>{" "}', reason: "Harmless: only the space between the search field and its button goes; the field keeps its border and the button its padding and colour, so both stay apart and readable, and no word changes." },
  // src/console/console-routes.ts
  { file: "src/console/console-routes.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'c.req.param("conversationId") ?? ""', reason: "Equivalent (never reached): every route that resolves the id has `:conversationId` in its path." },
  { file: "src/console/console-routes.ts", mutator: "StringLiteral", replacement: '""', near: 'client, ["messages/"])', reason: "Harmless: the empty folder lists all of the client's objects instead of `messages/` alone; the messages read, so the window and the first name, are the same; only the listing is longer." },
  { file: "src/console/console-routes.ts", mutator: "StringLiteral", replacement: '""', near: 'c.req.header("content-length") ?? "0"', reason: "Equivalent: `Number(\"\")` is 0 as `Number(\"0\")` is." },
  { file: "src/console/console-routes.ts", mutator: "ArrowFunction", replacement: "() => undefined", near: "parseBody().catch(() => null)", reason: "Equivalent: the next line refuses null and undefined alike (`!body`)." },
  { file: "src/console/console-routes.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'kind === "follow-up" ? base64url', reason: "Equivalent: a reply without a key gets the mutant's text, which (spaces, `!`) fails the key's pattern as the empty string does: 400 either way." },
  { file: "src/console/console-routes.ts", mutator: "Regex", replacement: "/\\s/", near: "name.split(/\\s+/)", reason: "Equivalent: the name is trimmed first, so its first piece ends at its first whitespace either way." },
  // src/media/attachment-notes.ts
  { file: "src/media/attachment-notes.ts", mutator: "ConditionalExpression", replacement: "true", near: "DOCUMENT_TYPES.has(contentType.type)", reason: killedLater("ADR-006.8: a kept file is a document only when declared as one (application/, text/); any other type, or none usable, is a file") },
  {
    file: "src/media/attachment-notes.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: 'language === "es"',
    reason: killedLater("ADR-006.9: the note for an attachment that did not come through (line 51) and the one for a voice note not transcribed (line 69), each in English as well as Spanish"),
  },
  { file: "src/media/attachment-notes.ts", mutator: "ConditionalExpression", replacement: "false", near: 'language === "es"', reason: killedLater("ADR-029.5: the note for a voice note too long to listen to, in Spanish as well as English") },
  { file: "src/media/attachment-notes.ts", mutator: "StringLiteral", replacement: "``", near: "did not come through. Could you send", reason: killedLater("ADR-006.9: an attachment that did not come through is named in the client's language") },
  { file: "src/media/attachment-notes.ts", mutator: "StringLiteral", replacement: "``", near: "es demasiado larga para que la escuche", reason: killedLater("ADR-029.5: a voice note too long to listen to is said to be kept for the stylist, in the client's language") },
  { file: "src/media/attachment-notes.ts", mutator: "StringLiteral", replacement: "``", near: "I could not listen to", reason: killedLater("ADR-006.9: a voice note that could not be transcribed asks, in the client's language, for it again or in writing") },
  {
    file: "src/media/attachment-notes.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: 'outcome.result === "stored" && outcome.kind === "other"',
    reason: "Equivalent: the branches before it take every result but `stored` and `transcribed`, so made `true` the test adds only a kind `other` that was `transcribed`, and no outcome is both: `ingestMedia` gives `transcribed` only to a voice note (an attachment of any other kind has ended as `stored` before), and compose-answer's `outcomesOf` derives the kind again from the essence recorded for it, a voice note's again.",
  },
  // src/media/content-type.ts
  { file: "src/media/content-type.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'const full = (value ?? "")', reason: "Equivalent: a missing value parsed as the mutant's text has no `/` token pair either: null both ways." },
  { file: "src/media/content-type.ts", mutator: "MethodExpression", replacement: 'value ?? ""', near: 'const full = (value ?? "").trim()', reason: "Equivalent: the essence and each parameter name are trimmed on their own, and spaces pass the printable check." },
  { file: "src/media/content-type.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'const [essence = ""', reason: "Equivalent (never reached): `split` always returns at least one element, so the default is never used." },
  { file: "src/media/content-type.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'const [type = "", subtype = ""', reason: "Equivalent: a missing type or subtype, empty or the mutant's text (it has a space), fails the token check either way; the type's default is never reached (`split` returns one element at least)." },
  { file: "src/media/content-type.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'const [name = ""]', reason: "Equivalent (never reached): `split` always returns at least one element." },
  // src/media/ingest.ts
  { file: "src/media/ingest.ts", mutator: "ArithmeticOperator", replacement: "Date.now() - 10_000", near: "const transcriptionPolicy", reason: killedLater("ADR-004.6: a transcription that fails with a 500 is tried again, and the voice note reaches the model") },
  ...[
    { mutator: "BlockStatement", replacement: "{}", near: "if (stored) {" },
    { mutator: "AssignmentOperator", replacement: "budget += stored.size" },
  ].map(({ mutator, replacement, near }) => ({
    file: "src/media/ingest.ts",
    mutator,
    replacement,
    ...(near ? { near } : {}),
    reason: killedLater("ADR-006.2: a file stored by an earlier ingest of the message still counts against its 16 MB"),
  })),
  { file: "src/media/ingest.ts", mutator: "StringLiteral", replacement: '""', near: '"not a media URL of this message"', reason: killedLater("ADR-021.7: a media URL of another message logs media_refused with the message, the attachment and why") },
  { file: "src/media/ingest.ts", mutator: "StringLiteral", replacement: "``", near: "`${fetched.reason}: ${fetched.detail}`", reason: killedLater("ADR-021.7: a photo that cannot be fetched logs media_not_received with the message, the attachment and why") },
  { file: "src/media/ingest.ts", mutator: "EqualityOperator", replacement: "size >= VOICE_NOTE_MAX_BYTES", reason: killedLater("ADR-029.5: a voice note of exactly 2 MB is not over the cap: it is transcribed") },
  {
    file: "src/media/ingest.ts",
    mutator: "BlockStatement",
    replacement: "{}",
    original: '{\n      log("media_not_received", String(error));\n      outcome("not-received");\n    }',
    reason: killedLater("ADR-006.9: a photo that cannot be stored is named to the client as not received, logged, and the text is answered"),
  },
  {
    file: "src/media/ingest.ts",
    mutator: "ArithmeticOperator",
    replacement: "index - 1",
    near: "filename: `voice-note-${index + 1}",
    reason: "Harmless: only the number in the name of the file sent for transcription changes (`voice-note--1.ogg` for a message's first attachment, not `voice-note-1.ogg`). The transcription API tells the format by the extension, which stays (ADR-006.7 asks for a name carrying it); nothing here reads the name again: the transcript is stored by MessageSid and index.",
  },
  ...[
    { mutator: "ConditionalExpression", replacement: "false", near: "media.accountSid !== accountSid" },
    { mutator: "ObjectLiteral", replacement: "{}", near: 'detail: "not a media URL of this account"' },
    { mutator: "MethodExpression", replacement: "url", near: "url: url.slice(0, 200)" },
    { mutator: "StringLiteral", replacement: '""', near: 'detail: "not a media URL of this account"' },
  ].map((mutant) => ({
    file: "src/media/ingest.ts",
    ...mutant,
    reason: killedLater("ADR-020.5: a stored file whose URL is not this account's media is not deleted with this account's credentials; it is logged, the URL cut to 200 characters"),
  })),
  // src/openai/errors.ts
  { file: "src/openai/errors.ts", mutator: "ConditionalExpression", replacement: "true", near: '(parsed as { error?: unknown }).error : undefined) ?? parsed', reason: "Equivalent: a JSON body that is a string, number or boolean has no `error` property, so `?? parsed` gives the body either way (JSON `null` is refused by the other half of the test)." },
  { file: "src/openai/errors.ts", mutator: "ConditionalExpression", replacement: "true", near: 'wrapped !== null && typeof wrapped === "object"', reason: "Equivalent: a string, number or boolean has no `message`, `code`, `param` or `type`, so it reads as the empty error object: the message is its JSON either way (`null` is refused by the other half of the test)." },
  // src/openai/model-families.ts
  { file: "src/openai/model-families.ts", mutator: "ConditionalExpression", replacement: "false", near: "parts.maxCompletionTokens === undefined", reason: "Equivalent: without a cap the request gets the cap's name with `undefined`, which `JSON.stringify` leaves out: the body sent to OpenAI (and the one `npm run replay` prints) is the same." },
  // src/openai/request.ts
  { file: "src/openai/request.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'toLowerCase() ?? ""', reason: "Equivalent: without a content type, neither the empty string nor the mutant's text contains `application/json` or ends with `+json`: the answer is read as text either way." },
  // src/summary/conversation-id.ts
  { file: "src/summary/conversation-id.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'clientKeyOf(from ?? "")', reason: "Equivalent (never reached): `split` always returns at least one element." },
  // src/summary/delivery.ts
  { file: "src/summary/delivery.ts", mutator: "ConditionalExpression", replacement: "false", near: 'turn.delivery.state === "sent") return', reason: "Equivalent: a delivery of `sent` needs a part that was sent, and a turn with a sent part and no failed one has the status `sent`, which the last line shows as sent too." },
  // src/summary/handoff-link.ts
  { file: "src/summary/handoff-link.ts", mutator: "ConditionalExpression", replacement: "true", near: "while (end > 0", reason: "Equivalent: at 0, `line[-1]` is undefined, neither a space nor a tab, so the loop stops there anyway." },
  { file: "src/summary/handoff-link.ts", mutator: "EqualityOperator", replacement: "end >= 0", near: "while (end > 0", reason: "Equivalent: as above." },
  // src/summary/page-style.ts
  { file: "src/summary/page-style.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (!policy)", reason: "Harmless: the cache only spares a digest of the constant stylesheet; without it every page computes the same policy again." },
  { file: "src/summary/page-style.ts", mutator: "CallExpression", replacement: ";", near: "policies.set(formAction, policy)", reason: "Harmless: as above." },
  { file: "src/summary/page-style.ts", mutator: "StringLiteral", replacement: "``", near: "return `default-src 'none'", reason: "Killed where Stryker cannot see it: the policy is computed once and kept (`policies`), by the first page a runner renders, before a mutant is switched on; with the workers files sharing a runner (ADR 031.6) the mutant's code never runs. Applied by hand (2026-12-07), both ADR-007.7 header specs fail." },
  // src/summary/page.tsx
  { file: "src/summary/page.tsx", mutator: "StringLiteral", replacement: '""', near: '{controls ? "same-origin" : "no-referrer"}', reason: "Harmless: an empty `<meta name=\"referrer\">` is ignored, and the console's pages carry `Referrer-Policy: same-origin` as a header (ADR-028.8's header spec), which then applies." },
  { file: "src/summary/page.tsx", mutator: "StringLiteral", replacement: STRYKER, near: '`: ${turn.delivery.explanation}` : ""', reason: killedLater("ADR-016.7: a failure code the page has no words for is shown as it came") },
  // src/summary/summary-view.ts
  ...[
    { mutator: "ConditionalExpression", replacement: "true" },
    { mutator: "EqualityOperator", replacement: "page.recent !== state" },
  ].map(({ mutator, replacement }) => ({
    file: "src/summary/summary-view.ts",
    mutator,
    replacement,
    near: "page.recent === state ? turns",
    reason: killedLater("ADR-022.4: an earlier page shows the consultation's last activity, not its own"),
  })),
  { file: "src/summary/summary-view.ts", mutator: "StringLiteral", replacement: STRYKER, near: '?.params.ProfileName?.trim() ?? ""', reason: killedLater("ADR-007.5: a client whose profile gave no name is named as a WhatsApp client") },
  { file: "src/summary/summary-view.ts", mutator: "ConditionalExpression", replacement: "false", near: "page.recent === state ? turns", reason: "Harmless: on the latest page the recent records are the page's own, and building their timeline again gives the same turns." },
  {
    file: "src/summary/summary-view.ts",
    mutator: "ArrowFunction",
    replacement: "() => undefined",
    near: "[...announced].find(([marker]) => key.includes(marker))",
    reason: killedLater("ADR-007.5: a photo stored without a content type is counted, and sets the status, by the type announced for it"),
  },
  { file: "src/summary/summary-view.ts", mutator: "ConditionalExpression", replacement: "false", near: '...recentTurns.filter((t): t is ClientTurn => t.kind === "client")', reason: killedLater("ADR-022.4: an earlier page counts a photo of the latest page stored without a content type, as the latest page does") },
  { file: "src/summary/summary-view.ts", mutator: "ConditionalExpression", replacement: "true", near: "Date.parse(t.at) > Date.parse(latest)", reason: killedLater("ADR-007.5: the last activity is the latest turn by its time, also when an answer placed before a later message was claimed after it") },
  {
    file: "src/summary/summary-view.ts",
    mutator: "EqualityOperator",
    replacement: "Date.parse(t.at) >= Date.parse(latest)",
    reason: "Equivalent: it differs only on a tie, taking the turn's `at` for `latest` when both parse to the same millisecond; the view's `lastActiveAt` is read only by page.tsx's `Time`, which shows `new Date(at).toISOString()`, the same text and `datetime` for both spellings of one instant.",
  },
  { file: "src/summary/summary-view.ts", mutator: "StringLiteral", replacement: STRYKER, near: '(media.contentType ?? announced ?? "")', reason: killedLater("ADR-007.8: stray media stored without a content type, whose message was never recorded, is named as a file of unknown type") },
  { file: "src/summary/summary-view.ts", mutator: "ConditionalExpression", replacement: "false", near: 'type.startsWith("audio/") || transcript !== undefined', original: "transcript !== undefined", reason: killedLater("ADR-007.8: a voice note is shown by its transcript even when its audio is stored under a type that is not audio") },
  {
    file: "src/summary/summary-view.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: 'type.startsWith("audio/") || transcript !== undefined',
    original: "transcript === undefined",
    reason: "Equivalent: with no transcript the mutant returns `{ kind: \"voice-note\", transcript: undefined }` where the original leaves `transcript` out; an attachment is read only by page.tsx's `AttachmentItem`, through `item.transcript === undefined`, which holds both ways (no code serialises a voice note, spreads it or tests `in` it; only photos are spread, to add what the model saw).",
  },
  { file: "src/summary/summary-view.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'contentType: announced ?? ""', reason: "Equivalent (never reached with nothing announced): an attachment reaches this line only through what Twilio announced for its index, so `announced` is there (empty when the type was blank or missing: ADR-007.5's spec of an attachment announced without a content type)." },
  // src/summary/status.ts
  { file: "src/summary/status.ts", mutator: "StringLiteral", replacement: STRYKER, near: "startsWith(\"image/\")", reason: "Equivalent: neither the empty string nor the mutant's text starts with `image/`." },
  // src/twilio/content-client.ts
  ...["/HX[0-9a-fA-F]{32}$/", "/^HX[0-9a-fA-F]{32}/", "/^HX[0-9a-fA-F]$/", "/^HX[^0-9a-fA-F]{32}$/"].map((replacement) => ({
    file: "src/twilio/content-client.ts",
    mutator: "Regex",
    replacement,
    near: "const CONTENT_SID",
    reason: "Killed where Stryker cannot see it: the pattern is made when the module loads, before any spec runs, so Stryker counts no spec as covering it. Applied by hand (2026-12-07), ADR-028.7's spec of what is refused as a Content SID fails.",
  })),
  // src/twilio/messages-client.ts
  { file: "src/twilio/messages-client.ts", mutator: "MethodExpression", replacement: "rest", near: "const window = rest.slice(0, limit + 1)", reason: "Equivalent: boundaries past the limit are refused by `end <= limit` anyway; the window only saves work." },
  { file: "src/twilio/messages-client.ts", mutator: "ConditionalExpression", replacement: "true", near: "end <= limit", reason: "Equivalent: in a window of limit + 1 characters, a space ends at most at the limit and a sentence end needs a space after it inside the window." },
  // src/twilio/signature.ts
  { file: "src/twilio/signature.ts", mutator: "BooleanLiteral", replacement: "true", near: "importKey", reason: "Equivalent: whether the HMAC key could be exported; it never is." },
  { file: "src/twilio/signature.ts", mutator: "Regex", replacement: "/(https?):\\/\\/([^/?#]*)([\\s\\S]*)$/i", reason: "Equivalent: the URLs checked (PUBLIC_BASE_URL + path, or the request's own URL) start with their scheme." },
  { file: "src/twilio/signature.ts", mutator: "Regex", replacement: "/^(https?):\\/\\/([^/?#]*)([\\s\\S]*)/i", reason: "Equivalent: the last group is greedy and reaches the end anyway." },
  { file: "src/twilio/signature.ts", mutator: "Regex", replacement: "/^(https?):\\/\\/([^/?#]*)([\\S\\S]*)$/i", reason: "Equivalent for the URLs checked: the runtime percent-encodes whitespace in a request URL and PUBLIC_BASE_URL is trimmed, so the rest of the URL has none." },
  { file: "src/twilio/signature.ts", mutator: "Regex", replacement: "/:\\d+/", near: "const hostOnly", reason: "Harmless: differs only for an IPv6-literal host, where the port-less variant would be wrong; the URL as configured is still checked, and any variant needs an HMAC made with the Auth Token." },
  { file: "src/twilio/signature.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (!/:\\d+$/.test(authority))", reason: "Harmless: adds a variant with a second port (`host:8443:443`) that no one signs; accepting it would still need an HMAC made with the Auth Token." },
  ...["/:\\d+/", "/:\\d$/", "/:\\D+$/"].map((replacement) => ({
    file: "src/twilio/signature.ts",
    mutator: "Regex",
    replacement,
    near: "if (!/:\\d+$/.test(authority))",
    reason: "Harmless: changes only whether one more port spelling is tried (as above, a variant no one can sign for without the Auth Token).",
  })),
  // src/twilio/deletion-client.ts
  { file: "src/twilio/deletion-client.ts", mutator: "ConditionalExpression", replacement: "false", near: "response.status === 204 || response.ok", reason: "Equivalent: a 204 is `ok` too." },
  { file: "src/twilio/deletion-client.ts", mutator: "BooleanLiteral", replacement: "true", near: "if (!(error instanceof TwilioDeleteError)) return { retry: false }", reason: "Equivalent (never reached): every failure of an attempt is wrapped in a TwilioDeleteError." },
  // src/twilio/media-fetch.ts
  { file: "src/twilio/media-fetch.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'new URL(value ?? ""', reason: "Harmless: only a redirect without a Location header (Twilio always sends one) reaches it; either way the next request stays on the same https origin, without credentials." },
  // src/twilio/webhook-form.ts
  { file: "src/twilio/webhook-form.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'c.req.header("content-type") ?? ""', reason: "Equivalent: without the header, the mutant's text is no more the form content type than the empty string: 415 either way." },
  { file: "src/twilio/webhook-form.ts", mutator: "StringLiteral", replacement: '""', near: 'c.req.header("content-length") ?? "0"', reason: "Equivalent: `Number(\"\")` is 0 as `Number(\"0\")` is." },
  { file: "src/twilio/webhook-form.ts", mutator: "StringLiteral", replacement: '""', near: 'params.NumMedia ?? "0"', reason: "Equivalent: `parseInt(\"\")` is NaN, which `|| 0` makes 0, as `parseInt(\"0\")` is." },
  // src/utils/encoding.ts
  { file: "src/utils/encoding.ts", mutator: "Regex", replacement: "/=+/", reason: "Equivalent: base64 has `=` only as trailing padding." },
  // src/utils/log.ts
  { file: "src/utils/log.ts", mutator: "Regex", replacement: "/%[0-9a-f]/i", near: "round < 3 &&", reason: "Equivalent: the test only decides whether another round runs; a lone `%x` it would now let through is left as it is by the round's own pattern, and the rounds stay at most three." },
  // src/utils/twilio-identifiers.ts
  { file: "src/utils/twilio-identifiers.ts", mutator: "BooleanLiteral", replacement: "true", near: "export const mediaSidSource", reason: "Equivalent (never reached): its callers, the media URL's pattern and the ledger's keys, pass `true`." },
  // src/utils/retry.ts
  { file: "src/utils/retry.ts", mutator: "EqualityOperator", replacement: "seconds > 0", near: "seconds >= 0", reason: "Killed by a spec written after the run that measured it: not equivalent, as this entry once said. `0` is read as a date in the past, 0 seconds either way, but `0.0` is no date: the wait would fall back to the policy's. ADR-004.6's `parseRetryAfter` spec reads `0.0` as 0; applied by hand (2026-12-07), that spec fails." },
  // src/utils/sealed-token.ts
  { file: "src/utils/sealed-token.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (!keys)", reason: "Harmless: keys derived again for every token: the same keys, slower (ADR 004's CPU figures would show it, not a spec)." },
  { file: "src/utils/sealed-token.ts", mutator: "CallExpression", replacement: ";", near: "derivedKeys.set", reason: "Harmless: as above, no cache, the same keys." },
  { file: "src/utils/sealed-token.ts", mutator: "ArrowFunction", replacement: "() => undefined", near: "keys.catch", reason: "Equivalent in practice: deriving keys from a string secret does not fail in WebCrypto, so there is no failed derivation to forget." },
  { file: "src/utils/sealed-token.ts", mutator: "BooleanLiteral", replacement: "true", near: "crypto.subtle.deriveKey", reason: "Equivalent: whether a derived key could be exported; it never is." },
  { file: "src/utils/sealed-token.ts", mutator: "ConditionalExpression", replacement: "false", near: "if (!/^[A-Za-z0-9_-]+$/.test(text))", reason: "Equivalent: a character outside the alphabet makes `atob` throw, or (`+`, `/`, `=`) fails the canonical-spelling check: null either way. The check keeps it cheap." },
  { file: "src/utils/sealed-token.ts", mutator: "Regex", replacement: "/[A-Za-z0-9_-]+$/", reason: "Equivalent: as above, the canonical-spelling check refuses what the anchor would." },
  { file: "src/utils/sealed-token.ts", mutator: "Regex", replacement: "/^[A-Za-z0-9_-]+/", reason: "Equivalent: as above." },
  { file: "src/utils/sealed-token.ts", mutator: "ConditionalExpression", replacement: "false", near: "bytes.length < 12 + 16", reason: "Equivalent: a token too short for a nonce and a tag fails AES-GCM's authentication: null either way. The check saves the work." },
  { file: "src/utils/sealed-token.ts", mutator: "ArithmeticOperator", replacement: "12 - 16", near: "bytes.length < 12 + 16", reason: "Equivalent: as above." },
  // src/index.ts: the routes' answers and the failures they log
  { file: "src/index.ts", mutator: "StringLiteral", replacement: '""', near: 'status: "ok"', reason: killedLater("ADR-001.1: /health answers exactly { status: \"ok\", version }") },
  {
    file: "src/index.ts",
    mutator: "MethodExpression",
    replacement: "[config.twilio.authToken, config.twilio.secondaryAuthToken]",
    reason: "Equivalent: `isValidTwilioSignature` refuses an absent or empty token before any HMAC (`if (!authToken || !signature) return false`), and workerd cannot even import an empty HMAC key; without the filter an unset secondary token is one more check that fails.",
  },
  { file: "src/index.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'commandOf(params.Body ?? "")', reason: 'Equivalent: Twilio always sends Body (empty for a photo alone); were it absent, "" and the mutant\'s text are both no command.' },
  { file: "src/index.ts", mutator: "CallExpression", replacement: ";", near: "c.executionCtx.waitUntil(", reason: killedLater("ADR-028.3: a client's message through the webhook lists them on the console") },
  { file: "src/index.ts", mutator: "StringLiteral", replacement: STRYKER, near: "name: params.ProfileName", reason: killedLater("ADR-028.3: a client without a WhatsApp profile name is listed as a WhatsApp client") },
  ...[
    { mutator: "ArrowFunction", replacement: "() => undefined", near: "recordActivity(" },
    { mutator: "ObjectLiteral", replacement: "{}", near: "activity_not_recorded" },
  ].map((m) => ({ file: "src/index.ts", ...m, reason: killedLater("ADR-021.7: a console listing that cannot be written logs activity_not_recorded with the error, and the message is answered") })),
  ...[
    { mutator: "ArrowFunction", replacement: "() => undefined", near: "recordDeliveryReceipt(" },
    { mutator: "ObjectLiteral", replacement: "{}", near: "receipt_not_recorded" },
  ].map((m) => ({ file: "src/index.ts", ...m, reason: killedLater("ADR-016.7: a receipt that cannot be stored is acknowledged and logs receipt_not_recorded with the error") })),
  ...["{}", '""'].map((replacement) => ({ file: "src/index.ts", mutator: replacement === "{}" ? "ObjectLiteral" : "StringLiteral", replacement, near: "AccountSid is not this Worker's", reason: killedLater("ADR-016.7: a receipt from another account is refused with the words that name TWILIO_ACCOUNT_SID") })),
  ...["{}", '""'].map((replacement) => ({ file: "src/index.ts", mutator: replacement === "{}" ? "ObjectLiteral" : "StringLiteral", replacement, near: 'mediaResponse(object) : c.json({ error: "not found" }', reason: killedLater("ADR-006.5: an expired link gets 404 with { error: \"not found\" }") })),
  ...["{}", '""'].map((replacement) => ({ file: "src/index.ts", mutator: replacement === "{}" ? "ObjectLiteral" : "StringLiteral", replacement, near: "temporarily unavailable", reason: killedLater("ADR-021.7: an unhandled failure answers 503 with { error: \"temporarily unavailable\" }") })),
  { file: "src/index.ts", mutator: "ArrayDeclaration", replacement: "[]", near: '["TWILIO_API_BASE_URL"]', reason: killedLater("ADR-032.4: a Cron Trigger run with a malformed TWILIO_API_BASE_URL logs config_invalid and asks Twilio nothing") },
  ...[
    { mutator: "ArrowFunction", replacement: "() => undefined", near: "retryPendingDeletions(" },
    { mutator: "ObjectLiteral", replacement: "{}", near: 'route: "scheduled"' },
    { mutator: "StringLiteral", replacement: '""', near: 'route: "scheduled"' },
  ].map((m) => ({ file: "src/index.ts", ...m, reason: killedLater("ADR-032.4: a Cron Trigger run whose storage fails throws nothing and logs unhandled for the scheduled route") })),
  // src/storage/outside-client.ts (scope all)
  ...[
    { mutator: "ConditionalExpression", replacement: "false", original: "before.at < event.at" },
    { mutator: "EqualityOperator", replacement: "before.at <= event.at" },
    { mutator: "EqualityOperator", replacement: "before.at >= event.at" },
    { mutator: "ConditionalExpression", replacement: "false", original: "before.at === event.at && before.sid < event.sid" },
    { mutator: "LogicalOperator", replacement: "before.at === event.at || before.sid < event.sid" },
    { mutator: "ConditionalExpression", replacement: "true", original: "before.at === event.at" },
    { mutator: "EqualityOperator", replacement: "before.at !== event.at" },
    { mutator: "ConditionalExpression", replacement: "true", original: "before.sid < event.sid" },
    { mutator: "EqualityOperator", replacement: "before.sid >= event.sid" },
    { mutator: "ConditionalExpression", replacement: "true", original: "!before || before.at < event.at || (before.at === event.at && before.sid < event.sid)" },
    { mutator: "MethodExpression", replacement: "[...latest]" },
    { mutator: "ConditionalExpression", replacement: "true", original: 'event.choice === "opted-out"' },
  ].map((mutant) => ({
    file: "src/storage/outside-client.ts",
    ...mutant,
    reason: killedLater("ADR-028.3 in spec/node/unit/outside-records.spec.ts: a client's latest consent event decides whatever order the listing gives, and two of one millisecond are ordered by their SIDs"),
  })),
  {
    file: "src/storage/outside-client.ts",
    mutator: "EqualityOperator",
    replacement: "before.sid <= event.sid",
    reason: "Equivalent: it differs from `<` only for two events of one client with the same moment and the same SID, and one message SID is one message, which the webhook records as one consent command (an opt-out or a resume, never both).",
  },
  widerListing("src/storage/outside-client.ts", "ObjectLiteral", "{}", "prefix: keys.allConsents()", "a key is kept only when consentEventOf's and clientOfConsentKey's pattern (anchored at `consent/`) reads it"),
  // src/storage/openai-calls.ts (scope all)
  ...[
    { mutator: "MethodExpression", replacement: "objects" },
    { mutator: "ConditionalExpression", replacement: "true", near: "deploymentCallAt(object.key) ?? -1" },
    { mutator: "EqualityOperator", replacement: "(deploymentCallAt(object.key) ?? -1) > since" },
  ].map((mutant) => ({
    file: "src/storage/openai-calls.ts",
    ...mutant,
    reason: killedLater("ADR-029.6 in spec/node/unit/outside-records.spec.ts: the calls at or after `since` count, not those before, nor keys this Worker did not write"),
  })),
  {
    file: "src/storage/openai-calls.ts",
    mutator: "UnaryOperator",
    replacement: "+1",
    reason: "Equivalent: a key deploymentCallAt cannot read counts as -1 or +1, and either is below any `since` (epoch ms of a real day), so it is never counted.",
  },
  widerListing("src/storage/openai-calls.ts", "ObjectLiteral", "{}", "startAfter: keys.deploymentCallsBefore(since)", "only keys deploymentCallAt's anchored pattern reads, at or after `since`, are counted (the filter is held by ADR-029.6's spec)"),
  {
    file: "src/storage/openai-calls.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "call && call.at >= since",
    reason: "Equivalent on R2: the listing starts after keys.modelCallsBefore(client, since), which sorts after every key of a call made before `since` (13-digit moment, then `~`), so no such call is listed for the check to drop.",
  },
  // src/storage/twilio-ledger.ts (scope all)
  ...[
    { mutator: "ConditionalExpression", replacement: "true" , near: "const isCopy" },
    { mutator: "LogicalOperator", replacement: "MESSAGE_SID_ANY_CASE.test(copy.messageSid) || copy.mediaSid === undefined || MEDIA_SID_ANY_CASE.test(copy.mediaSid)" },
    { mutator: "MethodExpression", replacement: "copies" },
  ].map((mutant) => ({
    file: "src/storage/twilio-ledger.ts",
    ...mutant,
    reason: killedLater("ADR-032.1 in spec/node/unit/outside-records.spec.ts: a copy is recorded only when its message SID and its media SID are of a known form"),
  })),
  {
    file: "src/storage/twilio-ledger.ts",
    mutator: "StringLiteral",
    replacement: STRYKER,
    near: "keys.pendingDeletion(client, at), \"\"",
    reason: "Harmless: a pending marker is read from its key alone (pendingDeletionOf), never its body; a non-empty body only takes a few more bytes.",
  },
  // src/storage/consultation.ts (scope all)
  ...[
    { mutator: "MethodExpression", replacement: 'name.startsWith("/consultation")' },
    { mutator: "MethodExpression", replacement: "name", near: 'name.slice(0, -"/consultation".length)' },
    { mutator: "UnaryOperator", replacement: '+"/consultation".length' },
  ].map((mutant) => ({
    file: "src/storage/consultation.ts",
    ...mutant,
    reason: killedLater("ADR-003.5 in spec/node/unit/consultation-key.spec.ts: `whatsapp:+{E164}/consultation` names its client, any other key none"),
  })),
  ...[
    { mutator: "ConditionalExpression", replacement: "true", original: "key.metadata === undefined || key.metadata === null" },
    { mutator: "LogicalOperator", replacement: "key.metadata === undefined && key.metadata === null" },
    { mutator: "ConditionalExpression", replacement: "false", original: "key.metadata === undefined" },
    { mutator: "EqualityOperator", replacement: "key.metadata !== undefined" },
    { mutator: "ConditionalExpression", replacement: "false", original: "key.metadata === null" },
    { mutator: "EqualityOperator", replacement: "key.metadata !== null" },
    { mutator: "ConditionalExpression", replacement: "false", original: "cursor", near: "while (cursor)" },
  ].map((mutant) => ({
    file: "src/storage/consultation.ts",
    ...mutant,
    reason: killedLater("ADR-028.3 in spec/node/unit/consultation-listing.spec.ts: the records come from every page of the KV listing's metadata, one without metadata read by itself, one with damaged metadata counting as none"),
  })),
  {
    file: "src/storage/consultation.ts",
    mutator: "ObjectLiteral",
    replacement: "{}",
    near: 'prefix: "whatsapp:", cursor',
    reason: "Killed by a spec written after the run that measured it (ADR-028.3 in spec/node/unit/consultation-listing.spec.ts, whose KV lists two keys a page): without the cursor the listing asks for its first page for ever; applied by hand (2026-12-07), that spec hangs until its timeout.",
  },
  widerListing("src/storage/consultation.ts", "StringLiteral", '""', 'prefix: "whatsapp:", cursor', "a record is taken only for a name in `wanted` (the clients' exact consultation keys)"),
  {
    file: "src/storage/consultation.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    original: "wanted.size === 0",
    reason: "Harmless: for no clients the function would list KV and find none of them, returning the same empty map; the early return only saves that listing.",
  },
  {
    file: "src/storage/consultation.ts",
    mutator: "BlockStatement",
    replacement: "{}",
    near: "unread.map(async (client) => {",
    reason: killedLater("ADR-028.3 in spec/node/unit/consultation-listing.spec.ts: a record listed without metadata is read by itself"),
  },
  widerListing("src/storage/twilio-ledger.ts", "ObjectLiteral", "{}", "prefix: keys.allPendingDeletions()", "a key is taken only when pendingDeletionOf's pattern (anchored at `twilio-copies-pending/`) reads it"),
  ...[
    { mutator: "MethodExpression", replacement: "events", near: "events.sort(" },
    { mutator: "LogicalOperator", replacement: "a.at.localeCompare(b.at) && a.sid.localeCompare(b.sid)" },
  ].map((mutant) => ({
    file: "src/storage/outside-client.ts",
    ...mutant,
    reason: killedLater("ADR-020.2 in spec/node/unit/outside-records.spec.ts: a client's consent is its latest event's, its events oldest first, whatever order the listing gives"),
  })),
  {
    file: "src/storage/outside-client.ts",
    mutator: "ObjectLiteral",
    replacement: "{}",
    near: "{ v: SCHEMA_VERSION, ...event }",
    reason: "Harmless: a consent event is read from its key alone (ADR 020.2; readConsent, readOptedOutClients and `npm run export` through readConsent), never its body; an empty body only leaves a person reading the bucket less to see.",
  },
  { file: "src/storage/consultation.ts", mutator: "StringLiteral", replacement: '""', near: 'keys.quarantine(client, "consultation"', reason: killedLater("ADR-003.5: a malformed consultation record is kept under quarantine/{isoTime}-consultation") },
  // Code removed after the run that measured it: the mutant no longer exists; the next run drops it.
  {
    file: "src/storage/keys.ts",
    mutator: "StringLiteral",
    replacement: "``",
    near: "pendingDeletions: (client: ClientKey) =>",
    reason: "Removed since the run (2026-12-07): nothing called `keys.pendingDeletions`, so the builder was deleted; the mutant no longer exists.",
  },
  {
    file: "src/storage/media.ts",
    mutator: "EqualityOperator",
    replacement: "(await store.r2.put(key, body, {\n  ...createOnly,\n  httpMetadata: {\n    contentType\n  }\n})) === null",
    reason: "Removed since the run (2026-12-07): `putMedia` no longer returns whether it stored the file, as its one caller never read it; the mutant no longer exists.",
  },
  // src/storage (helper h9a)
  ...[
    { mutator: "BooleanLiteral", replacement: "Number.isNaN(Date.parse(at))" },
    { mutator: "ConditionalExpression", replacement: "false", near: "Date.parse(at) > Date.parse(activity.at)) return" },
    { mutator: "ConditionalExpression", replacement: "true", near: "Date.parse(at) > Date.parse(activity.at)) return" },
    { mutator: "EqualityOperator", replacement: "Date.parse(at) >= Date.parse(activity.at)" },
    { mutator: "EqualityOperator", replacement: "Date.parse(at) <= Date.parse(activity.at)" },
    { mutator: "MethodExpression", replacement: "activity.name" },
  ].map((mutant) => ({
    file: "src/storage/console-records.ts",
    ...mutant,
    reason: killedLater("ADR-028.3 in spec/storage-console-records.spec.ts: the index entry points at the latest message, an older one changes nothing, one of the same instant rewrites it, the name cut at 200 characters"),
  })),
  {
    file: "src/storage/console-records.ts",
    mutator: "StringLiteral",
    replacement: STRYKER,
    near: 'name: object.customMetadata?.name ?? ""',
    reason: killedLater("ADR-028.3 in spec/storage-console-records.spec.ts: an index entry without a profile name is listed with an empty name"),
  },
  {
    file: "src/storage/console-records.ts",
    mutator: "OptionalChaining",
    replacement: "object.customMetadata.name",
    reason: "Equivalent: line 52 leaves out every entry without an `at`, which is read from `object.customMetadata?.at`; an entry that reaches line 53 has custom metadata, so `?.` there never meets undefined.",
  },
  ...[
    { mutator: "StringLiteral", replacement: '""', near: "String(Date.parse(event.at)).padStart(13", spec: "a pause's time is written in 13 digits, so a pause of 1970 is read back too" },
    { mutator: "ObjectLiteral", replacement: "{}", near: "JSON.stringify({ v: 1, ...event }), { ...createOnly", spec: "a pause is created once, with its JSON body (application/json) naming who: a repeat changes nothing" },
    { mutator: "StringLiteral", replacement: '""', near: "JSON.stringify({ v: 1, ...event }), { ...createOnly", spec: "a pause's body is stored as application/json" },
    { mutator: "MethodExpression", replacement: "events", near: "events.sort(", spec: "the state is the latest event whatever order the listing gives: of two events of the same millisecond the one whose id sorts last (localeCompare) decides, though R2 lists the other last (\"Baaaaaaaaaaa\" before \"aaaaaaaaaaaa\")" },
    { mutator: "ConditionalExpression", replacement: "true", near: "if (pauseStateOf(events).paused)", spec: "the paused clients are those whose latest event is a pause" },
  ].map(({ spec, ...mutant }) => ({
    file: "src/storage/console-records.ts",
    ...mutant,
    reason: killedLater(`ADR-028.4 in spec/storage-console-records.spec.ts: ${spec}`),
  })),
  widerListing("src/storage/console-records.ts", "ObjectLiteral", "{}", "prefix: `${PAUSES}${client}/`", "an event is taken only when PAUSE_KEY (anchored at `console/pauses/`) reads its key, and only the events of the client asked for are kept (`.get(client)`)"),
  widerListing("src/storage/console-records.ts", "StringLiteral", "``", "prefix: `${PAUSES}${client}/`", "an event is taken only when PAUSE_KEY (anchored at `console/pauses/`) reads its key, and only the events of the client asked for are kept (`.get(client)`)"),
  widerListing("src/storage/console-records.ts", "ObjectLiteral", "{}", "{ prefix: PAUSES }", "an event is taken only when PAUSE_KEY (anchored at `console/pauses/`) reads its key"),
  ...[
    { mutator: "ConditionalExpression", replacement: "false", near: "!IDEMPOTENCY_KEY.test(key)", spec: "a key not of the accepted form is refused with an error, nothing stored" },
    { mutator: "StringLiteral", replacement: '""', near: 'throw new Error("not an idempotency key")', spec: "a key not of the accepted form is refused with the error `not an idempotency key`" },
    { mutator: "StringLiteral", replacement: STRYKER, near: "store.r2.put(`${KEYS}${client}/${key}`", spec: "a key is taken once, as an empty object under console/keys/" },
  ].map(({ spec, ...mutant }) => ({
    file: "src/storage/console-records.ts",
    ...mutant,
    reason: killedLater(`ADR-028.5 in spec/storage-console-records.spec.ts: ${spec}`),
  })),
  ...[
    { mutator: "MethodExpression", replacement: "await listClientObjects(store, client)" },
    { mutator: "ConditionalExpression", replacement: "true", near: 'return kind === "answer" || kind === "receipt"' },
  ].map((mutant) => ({
    file: "src/storage/console-records.ts",
    ...mutant,
    reason: killedLater("ADR-028.3 in spec/storage-console-records.spec.ts: a row's answers and receipts are those alone, the client's messages and strays not read"),
  })),
  ...[
    { mutator: "StringLiteral", replacement: "``", near: "store.r2.head(`${CLIENTS}${client}`)" },
    { mutator: "ArrayDeclaration", replacement: "[]", near: "[`${PAUSES}${client}/`, `${KEYS}${client}/`]" },
    { mutator: "ArrayDeclaration", replacement: "[]", near: "(index ? [index.key] : [])" },
    { mutator: "ArrayDeclaration", replacement: '["Stryker was here"]', near: "(index ? [index.key] : [])" },
    { mutator: "ConditionalExpression", replacement: "false", near: "i < objects.length; i += 1000" },
    { mutator: "EqualityOperator", replacement: "i <= objects.length" },
    { mutator: "EqualityOperator", replacement: "i >= objects.length" },
    { mutator: "MethodExpression", replacement: "objects", near: "objects.slice(i, i + 1000)" },
    { mutator: "ArithmeticOperator", replacement: "i - 1000", near: "objects.slice(i, i + 1000)" },
  ].map((mutant) => ({
    file: "src/storage/console-records.ts",
    ...mutant,
    reason: killedLater("ADR-020.7 in spec/storage-console-records.spec.ts: deleting a client's data removes their index entry, pauses and keys (2000 objects in two calls of 1000), nothing of another client, and for a client the console never saw makes no call"),
  })),
  {
    file: "src/storage/keys.ts",
    mutator: "UnaryOperator",
    replacement: "+1",
    near: "key.charCodeAt(client.length) === 47",
    reason: "Equivalent: for a key not under the client, the mutant gives `slash` 1 instead of -1; the folder is then `key.slice(client.length + 1, 1)`, empty since a client key is longer than 0 characters, and an empty folder falls to `default`, `{ kind: \"stray\" }`, as the original's early return does.",
  },
  {
    file: "src/storage/keys.ts",
    mutator: "ArrayDeclaration",
    replacement: '["Stryker was here"]',
    near: "match ?? []",
    reason: "Equivalent: the fallback is destructured only from its second element on (`[, seq, part, index]`), which both arrays lack, and with no match the next line returns `{ kind: \"stray\" }` anyway.",
  },
  {
    file: "src/storage/bucket.ts",
    mutator: "EqualityOperator",
    replacement: "encoder.encode(json).byteLength < INLINE_RECORD_BYTES",
    reason: killedLater("ADR-003.6 in spec/storage-bucket.spec.ts: a record whose JSON is 2000 bytes exactly is also its custom metadata"),
  },
  ...[
    { mutator: "ObjectLiteral", replacement: "{}" },
    { mutator: "StringLiteral", replacement: '""' },
  ].map((mutant) => ({
    file: "src/storage/bucket.ts",
    near: 'httpMetadata: { contentType: "application/json" }',
    ...mutant,
    reason: killedLater("ADR-003.6 in spec/storage-bucket.spec.ts: a record is written as application/json"),
  })),
  ...[
    { mutator: "ObjectLiteral", replacement: "{}", near: "prefix: keys.client(client) })).map" },
    { mutator: "ArrayDeclaration", replacement: '["Stryker was here"]', near: "const names: string[] = []" },
    // `while (cursor)` of listClientKvKeys (line 78); listAll's line reads the same, its mutant is killed.
    { mutator: "ConditionalExpression", replacement: "false", original: "cursor", near: "} while (cursor);" },
    { mutator: "EqualityOperator", replacement: "i <= objectKeys.length" },
  ].map((mutant) => ({
    file: "src/storage/bucket.ts",
    ...mutant,
    reason: killedLater("ADR-003.4 in spec/storage-bucket.spec.ts: a client's R2 keys are every key under their prefix, their KV keys too, page after page (1001 of them), no other client's; objects are deleted 1000 a call (R2 delete calls recorded), none for none"),
  })),
  {
    file: "src/storage/conversation.ts",
    mutator: "ObjectLiteral",
    replacement: "{}",
    near: "listAll(store, { prefix: keys.modelCalls(client) })",
    reason: killedLater("ADR-030.6 in spec/storage-bucket.spec.ts: a dry run counts the client's own model-call records, not another client's nor the deployment's"),
  },
];

/** A mutant as a run reports it: `line` is its whole source line, `original` the code it replaces. */
export interface ReportedMutant {
  file: string;
  mutator: string;
  replacement: string;
  line: string;
  original?: string;
}

const explains = (k: KnownSurvivor, mutant: ReportedMutant) =>
  k.file === mutant.file &&
  k.mutator === mutant.mutator &&
  k.replacement === mutant.replacement &&
  (k.near === undefined || mutant.line.includes(k.near)) &&
  (k.original === undefined || k.original === mutant.original);

export function explainSurvivor(mutant: ReportedMutant): string | undefined {
  return known.find((k) => explains(k, mutant))?.reason;
}

/** The entries for `files` that explain none of `survivors`: a spec kills their mutant now, or the code it changed is gone. */
export function entriesExplainingNone(survivors: readonly ReportedMutant[], files: ReadonlySet<string>): KnownSurvivor[] {
  return known.filter((k) => files.has(k.file) && !survivors.some((mutant) => explains(k, mutant)));
}
