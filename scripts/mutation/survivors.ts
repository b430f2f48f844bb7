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
  // src/console/access.ts
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
  { file: "src/reply/fenced-storage.ts", mutator: "StringLiteral", replacement: STRYKER, near: "FENCES.has(commandOf(m.params.Body", reason: 'Equivalent: commandOf("Stryker was here!") is null like commandOf(""): neither is a command, so a record without a Body is never a fence either way.' },
  { file: "src/reply/fenced-storage.ts", mutator: "StringLiteral", replacement: "``", near: "a reset arrived after", reason: "Harmless: the message of an OvertakenByReset is never shown. Every catch on the reply path tests it by class (isOvertakenByReset) and rethrows it, and answerInbound logs overtaken_by_reset with the client and the SID only, never String(error)." },
  { file: "src/reply/fenced-storage.ts", mutator: "StringLiteral", replacement: '""', near: 'this.name = "OvertakenByReset"', reason: "Harmless: as for its message, the error's name is never shown: it is recognised by class (instanceof), and the log line of an overtaken job names neither." },
  { file: "src/reply/fenced-storage.ts", mutator: "BooleanLiteral", replacement: "true", near: "let unchecked = false", reason: "Harmless: the first outermost checkedTogether block then checks once at its end even when it wrote nothing to R2. A check only reads the commands since the message and stops the job when a reset arrived, which the check of the job's next write would do anyway; it costs one listing more (the saving of ADR 033.1), not a different outcome." },
  { file: "src/reply/fenced-storage.ts", mutator: "BooleanLiteral", replacement: "true", near: "unchecked = false", reason: "Harmless: after any check, the next outermost checkedTogether block checks again at its end even when it wrote nothing to R2: one listing more (ADR 033.1's saving), the same outcome, since a check only stops a job a reset has overtaken, which its next write's check would find too." },
  { file: "src/reply/fenced-storage.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (deferring === 0 && unchecked)", original: "deferring === 0 && unchecked", reason: "Harmless: every checkedTogether block, nested or not, with or without R2 writes, checks at its end: more listings than ADR 033.1's one per block, but each check only stops a job a reset has overtaken, after removing what it wrote, as the block's own final check would." },
  { file: "src/reply/fenced-storage.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (deferring === 0 && unchecked)", original: "deferring === 0", reason: "Harmless: a nested checkedTogether block with R2 writes checks at its end, before the outer block's later writes; the outer block still checks after its last write. Only an extra listing, and an overtaken job stops a little sooner, with what it wrote removed." },
  { file: "src/reply/fenced-storage.ts", mutator: "LogicalOperator", replacement: "deferring === 0 || unchecked", reason: "Harmless: an outermost block checks even without R2 writes, and a nested block with writes checks at its end: extra listings only; each check stops just a job a reset has overtaken, after removing what it wrote, as a later check would." },
  { file: "src/reply/answer-inbound.ts", mutator: "StringLiteral", replacement: STRYKER, near: "commandOf(job.message.params.Body", reason: 'Equivalent: commandOf("Stryker was here!") is null like commandOf(""): a message without a Body is not a command either way.' },
  { file: "src/reply/answer-inbound.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (!state.consultation)", reason: "Harmless: the consultation record is then read again from KV even when the state already holds it, and ensureConsultation returns it unchanged. It differs only when the record vanished between the two reads: by a reset (the KV write is fenced: the job stops) or by expiry (it is created again, as links create a missing one). An extra KV read, not another outcome." },
  // src/reply (helper h9f)
  {
    file: "src/reply/compose-answer.ts",
    mutator: "EqualityOperator",
    replacement: "a.seq <= claim.seq",
    reason: "Equivalent: the one answer it adds is this claim's own, which has no decision yet (deliver records it after composeAnswer returns, and a claim is create-only, so no other job decides it); the timeline and the language read only answers decided to be sent.",
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
    replacement: "false",
    near: "if (isOvertakenByReset(error)) throw error;",
    reason: "Harmless: only a fenced store (a reply job's) throws OvertakenByReset; the mutant then writes the part as failed through that same store, whose check after the write removes it again and throws the same error (ADR-016.8), so the job still stops there and leaves nothing; a stylist's send uses a store that never throws it.",
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
  {
    file: "src/reply/ingest-media.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "if (!consultation) return;",
    reason:
      "Equivalent: without a consultation observeMessagePhotos gets a state whose consultation is null, so photoLinks returns no link (it seals links with the consultation), nothing is left to observe, and observePhotos over no photo makes no call and writes nothing; the rest (the turn's photos, the language, the retry policy) is computed without effect.",
  },
  {
    file: "src/reply/await-media.ts",
    mutator: "EqualityOperator",
    replacement: "clock.now() <= until",
    reason:
      "Harmless: the media wait looks once more, one pollMs (150 ms) later, only when one of its looks falls exactly on its bound. With burstTiming that never happens for the mediaWaitMs bound (8,000 ms is not a multiple of 150 ms: the looks after a claim fall at 7,950 and 8,100 ms, and both versions stop after the one at 8,100); it can only for the job's deadline as the bound (a job whose own download took some 20 s) in the very millisecond, and then the job reads the media records once more and composes 150 ms later, still within waitUntil's 30 s (the job's budget is 28 s). The outcome is the original's or a photo that landed in those 150 ms seen.",
  },
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
  ...[
    { mutator: "UpdateOperator", replacement: "attempt--", changes: "the claim loop is then bounded by the job's deadline only, not by 25 attempts" },
  ].map(({ changes, ...m }) => ({
    file: "src/reply/settle-and-claim.ts",
    ...m,
    reason: `Harmless: ${changes}. An attempt is only repeated when this job's create-only claim lost its number to another job's claim made between its listing and its create (the chain's numbers come from the keys, so an unreadable claim still holds its number); a claim that covers this job's message ends the loop at the next read (\`return null\`), so only claims covering other messages alone (a command's, ADR-016.3, or the stylist's) can make it lose again: 25 of them, one landing inside each of this job's consecutive read-and-claim steps, do not happen. Even then it keeps taking the next free number or stops at the job's deadline (production's clock moves with every storage call), inside waitUntil's 30 s: no message answered twice, none answered out of the chain's order. (On the specs' virtual clock, which does not move inside this loop, only a storage wrapper forging 25 losses could show it, by a hang; the run's Timeout for the last two was its load.)`,
  })),
  {
    file: "src/reply/settle-and-claim.ts",
    mutator: "EqualityOperator",
    replacement: "Date.parse(m.receivedAt) < now + FUTURE_TOLERANCE_MS",
    reason:
      "Harmless: it changes only whether a waiting message dated exactly FUTURE_TOLERANCE_MS (5,000 ms) ahead of this job's clock, to the millisecond, counts as a newer one whose job will answer: the tolerance's own edge, a guess at how far two instances' clocks disagree. Counted (the original), this job leaves the answer to that message's job; not counted, it claims the answer now, and the claim covers that message too (every waiting message), whose job then finds it covered. One answer for both either way.",
  },
  // src/reply (helper h10b)
  { file: "src/reply/model-call-gate.ts", mutator: "ConditionalExpression", replacement: "true", near: "if (isLimitNote(reply.text))", reason: "Equivalent for what this Worker stores: an answer with source \"gate\" is written only from a gate's \"answer\" verdict (composeAnswer), and the only gate that answers is this one, always with a limitNote text; so every such answer is a note either way. Only a gate answer stored before a note's wording changed would now count as a note, which it was." },
  { file: "src/reply/opt-out-gate.ts", mutator: "StringLiteral", replacement: '""', original: '"opt-out"', reason: "Equivalent: a gate's name is never read (runGates calls only check); it names the gate for a reader of the code." },
  {
    file: "src/reply/model-call-gate.ts",
    mutator: "MethodExpression",
    replacement: "claim.covers.every(sid => answering.has(sid))",
    reason:
      "Harmless: it changes what is skipped only for a claim without a reply that covers some, not all, of the messages being answered. The pre-claim state never holds one (an answer being written that the burst supersedes has its messages in the burst; a final one shares none; in the check before \"typing…\" a claim without a reply covering the job's message makes it not waiting), so only a state read again after a media wait can: (1) a later claim that superseded this answer meanwhile, then counted once more, so at most this answer, already discarded (its decision is refused), skips its model call; (2) a covered message whose record vanished between the claim and the reading, which only counts one call more, erring towards counting as ADR 018.4 does.",
  },
  { file: "src/reply/stylist-send.ts", mutator: "MethodExpression", replacement: "message.text", near: "capToMessages(message.text.trim()", reason: "Equivalent: sendAsStylist's only caller, the console's reply route, passes the form's text already trimmed (`(form.text ?? \"\").trim()`, refused when empty); the follow-up carries a template, not a text." },
  {
    file: "src/reply/twilio-ledger.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: "if (isOvertakenByReset(error)) throw error;",
    reason:
      "Equivalent with today's callers: no write inside recordCopiesOrLog can throw OvertakenByReset. The webhook and the console's sends pass plain storage (no fence); deliver's sendParts calls it inside checkedTogether, where the fenced R2 put only marks the block unchecked and the check (and its OvertakenByReset) comes after the block, outside this try (ADR 033.1). Kept so that a fenced caller outside such a block would still stop. Tried by hand: a reset recorded as the part's ledger entry lands ends the job as overtaken with no twilio_copies_not_recorded, with or without the mutant.",
  },
  // src/conversation (helper h10c)
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
  { file: "src/conversation/answers.ts", mutator: "StringLiteral", replacement: STRYKER, near: "const isCommand", reason: "Equivalent: a message without a Body is read as the words \"Stryker was here!\", which are no command, as the empty words are not." },
  {
    file: "src/conversation/answers.ts",
    mutator: "EqualityOperator",
    replacement: "rank(s) >= rank(least)",
    reason: "Equivalent: on a tie it keeps the later of two parts' states of the same rank, and those are the same value: a failure was returned before the reduce, so each is `{ state }` alone.",
  },
  {
    file: "src/conversation/model-call-limits.ts",
    mutator: "EqualityOperator",
    replacement: "b.windowMs >= a.windowMs",
    reason: "Equivalent: it differs only for two reached limits of the same window length, and the limits (a minute, a day) differ in length.",
  },
  { file: "src/conversation/twilio-copies.ts", mutator: "ArrayDeclaration", replacement: '["Stryker was here"]', near: "alsoMessages: string[] = []", reason: "Equivalent: the extra \"SID\" is dropped by the final filter, which keeps only what reads as a message SID." },
  { file: "src/conversation/twilio-copies.ts", mutator: "ConditionalExpression", replacement: "true", near: "messageSidOfKey(state.client, p.key)", reason: "Equivalent: an undefined SID then reaches the set, and the final filter drops it (`MESSAGE_SID_ANY_CASE.test(undefined)` tests the text \"undefined\")." },
  {
    file: "src/conversation/consultant-prompt.ts",
    mutator: "StringLiteral",
    replacement: STRYKER,
    near: 'return { summary: "", message: "" }',
    reason:
      "Equivalent, for the message's empty text (the one that survives): with the summary empty the message is never read. The summary's, on the same line, is killed by ADR-005.3's spec of arguments that are not JSON (spec/node/unit/consultant-answer.spec.ts).",
  },
  {
    file: "src/conversation/commands.ts",
    mutator: "MethodExpression",
    replacement: 'body.replace(TRAILING, "").replace(LEADING, "")',
    reason: "Equivalent: `trim()` removes leading and trailing white space, and the two replacements before it already have: TRAILING's class and LEADING's both hold `\\s`, the same white space as `trim()`'s.",
  },
  { file: "src/conversation/timeline.ts", mutator: "StringLiteral", replacement: STRYKER, near: "const commandSids", reason: "Equivalent: a message without a Body is read as the words \"Stryker was here!\", which are no command, as the empty words are not." },
  // src/conversation (helper h11a)
  ...["``", "arrivingPhotos(state)"].map((replacement) => ({
    file: "src/conversation/compose.ts",
    mutator: replacement === "``" ? "StringLiteral" : "MethodExpression",
    replacement,
    near: "const unobserved = arrivingPhotos(state)",
    reason:
      "Equivalent: signed links are then also made for the arriving photos that have an observation, but `composeModelInput` attaches only the links of `attachable` photos, which leaves out every photo with an observation by the same `{sid}-{index}` of the same state: the request is the same value. Only the extra links are sealed (WebCrypto, no I/O) and dropped.",
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
    mutator: "ArithmeticOperator",
    replacement: "a.seq + b.seq",
    reason: "Equivalent on every state src/ reads: the answers' tiebreak then answers \"after\" for any two answers at one place, and V8's sort (node and workerd) keeps such pairs in their input order; the input holds the answers in `state.answers` order, which readConversation sorts by seq (3,000 random timelines of up to 300 answers at up to 20 places sorted alike with either comparator). Only a state built by hand with its answers out of order could tell them apart.",
  },
  {
    file: "src/conversation/timeline.ts",
    mutator: "ArithmeticOperator",
    replacement: "a.rank + b.rank",
    reason: "Equivalent on every state src/ reads: two turns at one place are a client turn and answers (two client turns never share one), and the mutant then answers \"after\" for any such pair; V8's sort (node and workerd) keeps such pairs in input order, and the input has every client turn before every answer (timelineOf pushes them so), the answers in seq order (readConversation sorts them): the order is the original's (3,000 random timelines of up to 300 answers, places -1 to 20, sorted alike with either comparator).",
  },
  {
    file: "src/conversation/twilio-copies.ts",
    mutator: "ConditionalExpression",
    replacement: "true",
    near: "].filter((sid): sid is string => sid !== undefined);",
    reason: "Equivalent: a failed part's missing SID then reaches the set, and the final filter drops it (`MESSAGE_SID_ANY_CASE.test(undefined)` tests the text \"undefined\").",
  },
  // src/storage (helper h11b)
  {
    file: "src/storage/conversation-page.ts",
    mutator: "ArrayDeclaration",
    replacement: '["Stryker was here"]',
    near: "const partSids",
    reason: "Equivalent: a part without a Twilio SID then looks for the receipts of \"Stryker was here\", and none can be listed under it: a receipt's key names its SID as letters and digits only (keys.ts receiptNamePattern), so the page's receipts are the same.",
  },
  // src/storage/conversation-page.ts (session 12)
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
  // src/storage (session 12)
  widerListing("src/storage/console-records.ts", "ObjectLiteral", "{}", "pauseEventsOf(await listAll(store, { prefix: `${PAUSES}${client}/` }))", "pauseEventsOf keeps only pause events and readPause takes this client's alone"),
  widerListing("src/storage/console-records.ts", "StringLiteral", "``", "pauseEventsOf(await listAll(store, { prefix: `${PAUSES}${client}/` }))", "pauseEventsOf keeps only pause events and readPause takes this client's alone"),
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
  {
    file: "src/config/setting-forms.ts",
    mutator: "Regex",
    replacement: "/^https?:/",
    reason: "Equivalent: a URL's `protocol` is its scheme and one `:`, and a scheme has no `:`; so after `^https?:` nothing can follow.",
  },
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
  {
    file: "src/media/ingest.ts",
    mutator: "ArithmeticOperator",
    replacement: "index - 1",
    near: "filename: `voice-note-${index + 1}",
    reason: "Harmless: only the number in the name of the file sent for transcription changes (`voice-note--1.ogg` for a message's first attachment, not `voice-note-1.ogg`). The transcription API tells the format by the extension, which stays (ADR-006.7 asks for a name carrying it); nothing here reads the name again: the transcript is stored by MessageSid and index.",
  },
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
  // src/summary/summary-view.ts
  { file: "src/summary/summary-view.ts", mutator: "ConditionalExpression", replacement: "false", near: "page.recent === state ? turns", reason: "Harmless: on the latest page the recent records are the page's own, and building their timeline again gives the same turns." },
  {
    file: "src/summary/summary-view.ts",
    mutator: "EqualityOperator",
    replacement: "Date.parse(t.at) >= Date.parse(latest)",
    reason: "Equivalent: it differs only on a tie, taking the turn's `at` for `latest` when both parse to the same millisecond; the view's `lastActiveAt` is read only by page.tsx's `Time`, which shows `new Date(at).toISOString()`, the same text and `datetime` for both spellings of one instant.",
  },
  {
    file: "src/summary/summary-view.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    near: 'type.startsWith("audio/") || transcript !== undefined',
    original: "transcript === undefined",
    reason: "Equivalent: with no transcript the mutant returns `{ kind: \"voice-note\", transcript: undefined }` where the original leaves `transcript` out; an attachment is read only by page.tsx's `AttachmentItem`, through `item.transcript === undefined`, which holds both ways (no code serialises a voice note, spreads it or tests `in` it; only photos are spread, to add what the model saw).",
  },
  { file: "src/summary/summary-view.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'contentType: announced ?? ""', reason: "Equivalent (never reached with nothing announced): an attachment reaches this line only through what Twilio announced for its index, so `announced` is there (empty when the type was blank or missing: ADR-007.5's spec of an attachment announced without a content type)." },
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
  {
    file: "src/index.ts",
    mutator: "MethodExpression",
    replacement: "[config.twilio.authToken, config.twilio.secondaryAuthToken]",
    reason: "Equivalent: `isValidTwilioSignature` refuses an absent or empty token before any HMAC (`if (!authToken || !signature) return false`), and workerd cannot even import an empty HMAC key; without the filter an unset secondary token is one more check that fails.",
  },
  { file: "src/index.ts", mutator: "StringLiteral", replacement: STRYKER, near: 'commandOf(params.Body ?? "")', reason: 'Equivalent: Twilio always sends Body (empty for a photo alone); were it absent, "" and the mutant\'s text are both no command.' },
  // src/storage/outside-client.ts (scope all)
  {
    file: "src/storage/outside-client.ts",
    mutator: "EqualityOperator",
    replacement: "before.sid <= event.sid",
    reason: "Equivalent: it differs from `<` only for two events of one client with the same moment and the same SID, and one message SID is one message, which the webhook records as one consent command (an opt-out or a resume, never both).",
  },
  widerListing("src/storage/outside-client.ts", "ObjectLiteral", "{}", "prefix: keys.allConsents()", "a key is kept only when consentEventOf's and clientOfConsentKey's pattern (anchored at `consent/`) reads it"),
  // src/storage/openai-calls.ts (scope all)
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
  {
    file: "src/storage/twilio-ledger.ts",
    mutator: "StringLiteral",
    replacement: STRYKER,
    near: "keys.pendingDeletion(client, at), \"\"",
    reason: "Harmless: a pending marker is read from its key alone (pendingDeletionOf), never its body; a non-empty body only takes a few more bytes.",
  },
  // src/storage/consultation.ts (scope all)
  widerListing("src/storage/consultation.ts", "StringLiteral", '""', 'prefix: "whatsapp:", cursor', "a record is taken only for a name in `wanted` (the clients' exact consultation keys)"),
  {
    file: "src/storage/consultation.ts",
    mutator: "ConditionalExpression",
    replacement: "false",
    original: "wanted.size === 0",
    reason: "Harmless: for no clients the function would list KV and find none of them, returning the same empty map; the early return only saves that listing.",
  },
  widerListing("src/storage/twilio-ledger.ts", "ObjectLiteral", "{}", "prefix: keys.allPendingDeletions()", "a key is taken only when pendingDeletionOf's pattern (anchored at `twilio-copies-pending/`) reads it"),
  {
    file: "src/storage/outside-client.ts",
    mutator: "ObjectLiteral",
    replacement: "{}",
    near: "{ v: SCHEMA_VERSION, ...event }",
    reason: "Harmless: a consent event is read from its key alone (ADR 020.2; readConsent, readOptedOutClients and `npm run export` through readConsent), never its body; an empty body only leaves a person reading the bucket less to see.",
  },
  // src/storage (helper h9a)
  {
    file: "src/storage/console-records.ts",
    mutator: "OptionalChaining",
    replacement: "object.customMetadata.name",
    reason: "Equivalent: line 52 leaves out every entry without an `at`, which is read from `object.customMetadata?.at`; an entry that reaches line 53 has custom metadata, so `?.` there never meets undefined.",
  },
  widerListing("src/storage/console-records.ts", "ObjectLiteral", "{}", "{ prefix: PAUSES }", "an event is taken only when PAUSE_KEY (anchored at `console/pauses/`) reads its key"),
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

/** The entry that explains `mutant`: the first that matches it. */
const explanationOf = (mutant: ReportedMutant, entries: readonly KnownSurvivor[]) => entries.find((k) => explains(k, mutant));

export function explainSurvivor(mutant: ReportedMutant): string | undefined {
  return explanationOf(mutant, known)?.reason;
}

/**
 * The entries for `files` that explain none of `survivors`: a spec kills their mutant now, the code
 * it changed is gone, or an earlier entry explains each survivor it matches (its reason is never given).
 */
export function entriesExplainingNone(survivors: readonly ReportedMutant[], files: ReadonlySet<string>, entries: readonly KnownSurvivor[] = known): KnownSurvivor[] {
  const used = new Set(survivors.map((mutant) => explanationOf(mutant, entries)));
  return entries.filter((k) => files.has(k.file) && !used.has(k));
}
