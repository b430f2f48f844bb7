/**
 * The console's pages (ADR 028.8), rendered on the server with hono/jsx like the summary page: plain
 * HTML forms that work without script, one column for a phone, the summary page's stylesheet.
 */
import type { FC } from "hono/jsx";
import { raw } from "hono/html";
import { pageStylesheet } from "../summary/page-style";
import type { ConsoleList, ConsoleRow } from "./console-list";

const deliveryWords: Record<string, string> = {
  read: "read ✓✓",
  delivered: "delivered ✓✓",
  sent: "sent ✓",
  sending: "sending",
  queued: "queued",
  accepted: "accepted",
  unknown: "sent ✓",
  failed: "not sent",
  undelivered: "not delivered",
};

const Shell: FC<{ title: string; children?: unknown }> = ({ title, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex, nofollow" />
      {/* same-origin, not no-referrer: a form posted under no-referrer carries `Origin: null`, which the console refuses (ADR 028.2). */}
      <meta name="referrer" content="same-origin" />
      <title>{title}</title>
      <style>{raw(pageStylesheet)}</style>
    </head>
    <body>{children as never}</body>
  </html>
);

const Row: FC<{ row: ConsoleRow }> = ({ row }) => (
  <li data-state={row.state}>
    {row.conversationId ? <a href={`/console/c/${row.conversationId}`}><bdi>{row.name || "WhatsApp client"}</bdi></a> : <bdi>{row.name || "WhatsApp client"}</bdi>}
    {" "}
    <span class="meta">{row.masked}</span>
    <p class="meta">
      <span class="status">{row.state}</span> · last message <time datetime={row.lastActivity}>{row.lastActivity.slice(0, 16).replace("T", " ")} UTC</time>
      {row.delivery ? ` · last answer ${deliveryWords[row.delivery.state] ?? row.delivery.state}` : ""}
      {" · "}
      {row.windowOpen ? "24 h window open" : "24 h window closed"}
    </p>
  </li>
);

export async function consoleListHtml(list: ConsoleList, query: string): Promise<string> {
  const page = (
    <Shell title="Consultations">
      <header>
        <p class="brand">Tata Oro · Console</p>
        <h1>Consultations</h1>
        <form class="search" method="get" action="/console">
          <label>
            Find <input type="search" name="q" value={query} placeholder="name or digits" />
          </label>{" "}
          <button type="submit">Search</button>
        </form>
      </header>
      <main>
        {list.rows.length === 0 ? <p class="note">No consultations.</p> : (
          <ol class="rows">
            {list.rows.map((row) => (
              <Row row={row} />
            ))}
          </ol>
        )}
        {list.next && (
          <p class="paging">
            <a href={`/console?before=${list.next}${query ? `&q=${encodeURIComponent(query)}` : ""}`}>Older consultations</a>
          </p>
        )}
      </main>
    </Shell>
  );
  return `<!doctype html>${await page}`;
}

export interface ControlsView {
  conversationId: string;
  paused: boolean;
  optedOut: boolean;
  windowOpen: boolean;
  followUp: boolean;
  /** A fresh idempotency key for the reply form: a resubmitted form sends nothing twice. */
  key: string;
}

/** The controls of one consultation: pause or resume, reply as the stylist, the follow-up template. */
export const Controls: FC<{ view: ControlsView }> = ({ view }) => {
  const base = `/console/c/${view.conversationId}`;
  return (
    <section class="controls">
      <p>
        <a href="/console">All consultations</a>
      </p>
      <p data-paused={String(view.paused)}>
        {view.paused ? "The assistant is paused for this client: you answer." : "The assistant answers this client."}
      </p>
      <form method="post" action={`${base}/${view.paused ? "resume" : "pause"}`}>
        <button type="submit">{view.paused ? "Resume the assistant" : "Pause the assistant"}</button>
      </form>
      {view.optedOut ? (
        <p class="note">The client opted out: nothing can be sent.</p>
      ) : view.windowOpen ? (
        <form method="post" action={`${base}/reply`}>
          <input type="hidden" name="key" value={view.key} />
          <label>
            Reply as yourself
            <textarea name="text" required maxlength={4800}></textarea>
          </label>
          <button type="submit">Send</button>
        </form>
      ) : (
        <p class="note">The client's last message is more than 24 hours old: WhatsApp allows only an approved template now.</p>
      )}
      {view.followUp && !view.optedOut && (
        <form method="post" action={`${base}/follow-up`}>
          <input type="hidden" name="key" value={`${view.key}-follow-up`} />
          <button type="submit">Send the follow-up template</button>
        </form>
      )}
    </section>
  );
};

export async function consoleNoticeHtml(title: string, text: string): Promise<string> {
  return `<!doctype html>${await (
    <Shell title={title}>
      <main>
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href="/console">All consultations</a>
        </p>
      </main>
    </Shell>
  )}`;
}
