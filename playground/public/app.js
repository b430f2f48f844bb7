// The playground chat page: sends each message to the local node process, which signs it like
// Twilio and posts it to the Worker's webhook; polls the replies the Twilio stand-in captured.
"use strict";

const $ = (id) => document.getElementById(id);
const messages = $("messages");
/** The reply bubbles shown, by Twilio SID. */
const shown = new Map();
let number = "";
/** The run's modes and the token the page server wants on every message (only this page can read it). */
const session = fetch("/api/session").then((response) => response.json());

const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** Text with its URLs as links (built as DOM nodes: replies are never parsed as HTML). */
function linkified(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s]+/g)) {
    fragment.append(text.slice(last, match.index));
    const link = document.createElement("a");
    link.href = match[0];
    link.textContent = match[0].length > 64 ? `${match[0].slice(0, 60)}…` : match[0];
    link.target = "_blank";
    link.rel = "noopener";
    if (match[0].includes("/summary/")) link.className = "summary-link";
    if (match[0].startsWith("https://wa.me/")) link.className = "handoff-link";
    fragment.append(link);
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}

function bubble(kind, text, at) {
  const element = document.createElement("div");
  element.className = `bubble ${kind}`;
  if (text) element.append(linkified(text));
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = time(at);
  element.append(meta);
  messages.append(element);
  messages.scrollTop = messages.scrollHeight;
  return element;
}

function outgoing(text, file) {
  const element = bubble("out", "", new Date().toISOString());
  if (file && file.type.startsWith("image/")) {
    const image = document.createElement("img");
    image.src = URL.createObjectURL(file);
    image.alt = file.name;
    element.prepend(image);
  } else if (file) {
    const voice = document.createElement("span");
    voice.className = "voice";
    voice.textContent = `Voice note: ${file.name}`;
    element.prepend(voice);
  }
  if (text) element.insertBefore(linkified(text), element.querySelector(".meta"));
  const ticks = document.createElement("span");
  ticks.className = "ticks";
  ticks.textContent = "✓";
  element.querySelector(".meta").append(ticks);
  return ticks;
}

const base64Of = (file) =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",")[1]);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

async function send(text, file) {
  if (!$("identity").reportValidity()) return;
  useNumber($("number").value.trim());
  const ticks = outgoing(text, file);
  const body = { name: $("name").value, number, text };
  if (file) body.attachment = { contentType: file.type || "application/octet-stream", base64: await base64Of(file) };
  const { token } = await session;
  const response = await fetch("/api/messages", { method: "POST", headers: { "content-type": "application/json", "x-playground-token": token }, body: JSON.stringify(body) });
  if (response.ok) {
    ticks.textContent = "✓✓";
    ticks.classList.add("read");
  } else {
    const { error, workerStatus } = await response.json();
    bubble("system", `Not delivered: ${error ?? `the Worker answered ${workerStatus}`}`, new Date().toISOString());
  }
}

function useNumber(next) {
  if (next === number) return;
  number = next;
  shown.clear();
  messages.replaceChildren();
}

/** The assistant's reply ticks, from Twilio's receipts: ✓ sent, ✓✓ delivered, blue ✓✓ read. */
function showTicks(element, status) {
  let ticks = element.querySelector(".ticks");
  if (!ticks) {
    ticks = document.createElement("span");
    ticks.className = "ticks";
    element.querySelector(".meta").append(ticks);
  }
  ticks.textContent = status === "sent" ? "✓" : status === "delivered" || status === "read" ? "✓✓" : "";
  ticks.classList.toggle("read", status === "read");
  ticks.dataset.status = status;
}

function showTyping(on) {
  let typing = $("typing");
  if (on && !typing) {
    typing = bubble("in typing", "typing…", new Date().toISOString());
    typing.id = "typing";
  } else if (!on && typing) typing.remove();
  if (on) messages.append(typing);
}

async function poll() {
  const asked = number;
  if (asked) {
    const response = await fetch(`/api/replies?number=${encodeURIComponent(asked)}`).catch(() => null);
    // The number may have changed while the poll was out: its replies are not this number's.
    if (response && response.ok && asked === number) {
      const { replies, typing } = await response.json();
      showTyping(typing);
      for (const reply of replies) {
        if (!shown.has(reply.sid)) {
          showTyping(false);
          shown.set(reply.sid, bubble("in", reply.body, reply.at));
        }
        showTicks(shown.get(reply.sid), reply.status);
      }
    }
  }
  setTimeout(poll, 700);
}

async function describeSession() {
  const { modes } = await session;
  const notes = [$("notice").textContent];
  notes.push(
    modes.openai === "stand-in"
      ? "Replies come from a local stand-in model (a small deterministic script), not OpenAI."
      : "Replies come from the real OpenAI API (key from .dev.vars).",
  );
  if (modes.twilio === "stand-in") {
    notes.push("Replies are shown as Twilio would deliver them, captured by a local Twilio stand-in; nothing is sent to WhatsApp.");
  } else {
    notes.push("Twilio is real (.dev.vars): replies go to the real WhatsApp number you enter and are not shown here; attachments are off.");
    $("attach").classList.add("hidden");
  }
  $("notice").textContent = notes.join(" ");
}

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("text").value;
  const file = $("attachment").files[0];
  if (!text.trim() && !file) return;
  $("text").value = "";
  $("attachment").value = "";
  $("attachment-name").textContent = "";
  await send(text, file);
});
$("attachment").addEventListener("change", () => {
  $("attachment-name").textContent = $("attachment").files[0]?.name ?? "";
});
$("reset").addEventListener("click", () => send("reset"));
$("number").addEventListener("change", () => useNumber($("number").value.trim()));

useNumber($("number").value.trim());
describeSession();
poll();
