/**
 * The live summary page (ADR 007), rendered on the server with hono/jsx: every value from
 * storage is a JSX child or attribute, so it is escaped; the page carries no script at all.
 * Mobile first (one column), printable (print rules below), in the client's language.
 */
import type { Child, FC } from "hono/jsx";
import { raw } from "hono/html";
import type { Language } from "../utils/language";
import { pageStylesheet } from "./page-style";
import type { ConsultationStatus } from "./status";
import type { Attachment, PageTurn, SummaryView } from "./summary-view";

const labels = {
  en: {
    title: "Curl consultation",
    client: "WhatsApp client",
    assistant: "Assistant",
    status: "Status",
    started: "Started",
    lastActive: "Last active",
    photos: "Photos",
    statuses: { started: "Started", "photos-received": "Photos received", "in-consultation": "In consultation", "summary-ready": "Summary ready" },
    handoff: "Summary for your stylist",
    handoffPending: "The summary appears here once the consultation concludes.",
    send: "Send to the stylist on WhatsApp",
    conversation: "Conversation",
    noMessages: "No messages yet.",
    delivery: { read: "read ✓✓", delivered: "delivered ✓✓", sent: "sent ✓", sending: "sending", "not-sent": "not sent", "not-delivered": "not delivered" },
    photoAlt: "Photo sent by the client",
    observation: {
      curl_pattern: "Curl pattern",
      density: "Density",
      porosity_and_damage: "Porosity and damage",
      length: "Length",
      scalp: "Scalp",
      photo_quality: "The photo",
      check_in_person: "Check in person",
    },
    observationTitle: "What the assistant saw",
    voiceNote: "Voice note",
    noTranscript: "Voice note (no transcript yet)",
    other: (type: string) => `A file (${type || "unknown type"}) was sent; only photos are shown.`,
    empty: "An attachment was stored empty and cannot be shown.",
    notStored: (type: string) => `An attachment (${type || "unknown type"}) was announced but is not stored.`,
    noContentType: "Stored without a content type.",
    orphans: "Stored media whose message could not be read",
    problems: "What could not be read",
    problemsIntro: "These stored entries exist but could not be read; everything else is shown above. Nothing was changed.",
    footer: "Rendered live from storage. Private: anyone with this link can open it; it stops working when the client resets the consultation.",
    retention: (days: number) => `Messages, photos and voice notes are deleted by themselves ${days} days after they were received.`,
    optedOut: "The client opted out of messages on",
    earlier: "Earlier messages",
    latest: "Latest messages",
    notShown: (count: number) => `${count} more stored entries are not shown on this page.`,
  },
  es: {
    title: "Consulta de rizos",
    client: "Clienta de WhatsApp",
    assistant: "Asistente",
    status: "Estado",
    started: "Inicio",
    lastActive: "Última actividad",
    photos: "Fotos",
    statuses: { started: "Iniciada", "photos-received": "Fotos recibidas", "in-consultation": "En consulta", "summary-ready": "Resumen listo" },
    handoff: "Resumen para tu estilista",
    handoffPending: "El resumen aparece aquí cuando termina la consulta.",
    send: "Enviar a la estilista por WhatsApp",
    conversation: "Conversación",
    noMessages: "Todavía no hay mensajes.",
    delivery: { read: "leído ✓✓", delivered: "entregado ✓✓", sent: "enviado ✓", sending: "enviando", "not-sent": "no enviado", "not-delivered": "no entregado" },
    photoAlt: "Foto enviada por la clienta",
    observation: {
      curl_pattern: "Patrón de rizo",
      density: "Densidad",
      porosity_and_damage: "Porosidad y daño",
      length: "Largo",
      scalp: "Cuero cabelludo",
      photo_quality: "La foto",
      check_in_person: "Revisar en persona",
    },
    observationTitle: "Lo que vio la asistente",
    voiceNote: "Nota de voz",
    noTranscript: "Nota de voz (sin transcripción todavía)",
    other: (type: string) => `Se envió un archivo (${type || "tipo desconocido"}); solo se muestran fotos.`,
    empty: "Un adjunto se guardó vacío y no se puede mostrar.",
    notStored: (type: string) => `Se anunció un adjunto (${type || "tipo desconocido"}) que no está guardado.`,
    noContentType: "Guardado sin tipo de contenido.",
    orphans: "Archivos guardados cuyo mensaje no se pudo leer",
    problems: "Lo que no se pudo leer",
    problemsIntro: "Estas entradas existen pero no se pudieron leer; todo lo demás se muestra arriba. No se cambió nada.",
    footer: "Generado en vivo desde el almacenamiento. Privado: quien tenga este enlace puede abrirlo; deja de funcionar cuando la clienta reinicia la consulta.",
    retention: (days: number) => `Los mensajes, fotos y notas de voz se borran solos ${days} días después de recibirse.`,
    optedOut: "La clienta se dio de baja de los mensajes el",
    earlier: "Mensajes anteriores",
    latest: "Mensajes más recientes",
    notShown: (count: number) => `${count} entradas guardadas más no se muestran en esta página.`,
  },
} satisfies Record<Language, unknown>;

type Labels = (typeof labels)[Language];

/** `2026-11-27 12:44 UTC`: the page has no script, so times are shown in UTC. */
const Time: FC<{ at: string }> = ({ at }) => {
  const iso = new Date(at).toISOString();
  return <time datetime={iso}>{`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}</time>;
};

const AttachmentItem: FC<{ item: Attachment; t: Labels }> = ({ item, t }) => {
  switch (item.kind) {
    case "photo":
      return (
        <li>
          <img src={item.src} alt={t.photoAlt} loading="lazy" decoding="async" />
          {item.note && <span class="note">{t.noContentType}</span>}
          {item.observation && (
            <dl class="observation" title={t.observationTitle}>
              {item.observation.map(([field, text]) => (
                <>
                  <dt>{t.observation[field]}</dt>
                  <dd dir="auto">{text}</dd>
                </>
              ))}
            </dl>
          )}
        </li>
      );
    case "voice-note":
      return item.transcript === undefined ? (
        <li class="note">{t.noTranscript}</li>
      ) : (
        <li>
          <span class="note">{t.voiceNote}: </span>
          <span class="text" dir="auto">{item.transcript}</span>
        </li>
      );
    case "other":
      return <li class="note">{t.other(item.contentType)}</li>;
    case "empty":
      return <li class="note">{t.empty}</li>;
    case "not-stored":
      return <li class="note">{t.notStored(item.contentType)}</li>;
  }
};

/** Photos in a grid, then what is said about the other attachments, each group in index order. */
const Attachments: FC<{ items: Attachment[]; t: Labels }> = ({ items, t }) => {
  const photos = items.filter((item) => item.kind === "photo");
  const others = items.filter((item) => item.kind !== "photo");
  return (
    <>
      {photos.length > 0 && (
        <ul class="photos">
          {photos.map((item) => (
            <AttachmentItem item={item} t={t} />
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <ul class="attachments">
          {others.map((item) => (
            <AttachmentItem item={item} t={t} />
          ))}
        </ul>
      )}
    </>
  );
};

const TurnItem: FC<{ turn: PageTurn; name: string; stylistName: string; t: Labels }> = ({ turn, name, stylistName, t }) =>
  turn.kind === "client" ? (
    <li class="turn client">
      <p class="meta">
        <bdi>{name}</bdi> · <Time at={turn.at} />
      </p>
      {turn.text && <p class="text" dir="auto">{turn.text}</p>}
      <Attachments items={turn.attachments} t={t} />
    </li>
  ) : (
    <li class={turn.byStylist ? "turn assistant stylist" : "turn assistant"}>
      <p class="meta">
        {turn.byStylist ? <bdi>{stylistName}</bdi> : t.assistant} · <Time at={turn.at} />
        {" · "}
        <span class="delivery" data-delivery={turn.delivery.state}>
          {t.delivery[turn.delivery.state]}
          {"errorCode" in turn.delivery && turn.delivery.errorCode
            ? ` (${turn.delivery.errorCode}${turn.delivery.explanation ? `: ${turn.delivery.explanation}` : ""})`
            : ""}
        </span>
      </p>
      <p class="text" dir="auto">{turn.text}</p>
    </li>
  );

const statusLabel = (t: Labels, status: ConsultationStatus) => t.statuses[status];

/** `controls`: the console's, under the facts (ADR 028.3); the summary page has none. */
const SummaryPage: FC<{ view: SummaryView; controls?: Child }> = ({ view, controls }) => {
  const t = labels[view.language];
  const name = view.profileName || t.client;
  return (
    <html lang={view.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content={controls ? "same-origin" : "no-referrer"} />
        <title>{`${t.title}: ${name}`}</title>
        <style>{raw(pageStylesheet)}</style>
      </head>
      <body>
        <header>
          <p class="brand">Tata Oro · {t.title}</p>
          <h1 dir="auto">{name}</h1>
          <dl class="facts">
            <dt>{t.status}</dt>
            <dd>
              <span class={`status status-${view.status}`} data-status={view.status}>
                {statusLabel(t, view.status)}
              </span>
            </dd>
            <dt>{t.started}</dt>
            <dd>
              <Time at={view.startedAt} />
            </dd>
            <dt>{t.lastActive}</dt>
            <dd>
              <Time at={view.lastActiveAt} />
            </dd>
            <dt>{t.photos}</dt>
            <dd>{view.photoCount}</dd>
          </dl>
          {controls}
          {view.optedOutSince && (
            <p class="consent">
              {t.optedOut} <Time at={view.optedOutSince} />
            </p>
          )}
        </header>
        <main>
          <section class="handoff">
            <h2>{t.handoff}</h2>
            {view.handoff ? (
              <>
                <p class="text" dir="auto">{view.handoff.summary}</p>
                <a class="button" href={view.handoff.waMeLink} rel="noopener noreferrer">
                  {t.send}
                </a>
              </>
            ) : (
              <p class="note">{t.handoffPending}</p>
            )}
          </section>
          {view.problems.length > 0 && (
            <section class="problems">
              <h2>{t.problems}</h2>
              <p>{t.problemsIntro}</p>
              <ul>
                {view.problems.map((p) => (
                  <li>
                    <code>{p.name}</code>: {p.reason}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h2>{t.conversation}</h2>
            {view.paging.latest && (
              <p class="paging">
                <a href={view.paging.latest}>{t.latest}</a>
              </p>
            )}
            {view.paging.earlier && (
              <p class="paging">
                <a href={view.paging.earlier}>{t.earlier}</a>
              </p>
            )}
            {view.turns.length === 0 ? (
              <p class="note">{t.noMessages}</p>
            ) : (
              <ol class="turns">
                {view.turns.map((turn) => (
                  <TurnItem turn={turn} name={name} stylistName={view.stylistName} t={t} />
                ))}
              </ol>
            )}
            {view.notShown > 0 && <p class="note">{t.notShown(view.notShown)}</p>}
          </section>
          {view.orphans.length > 0 && (
            <section>
              <h2>{t.orphans}</h2>
              <Attachments items={view.orphans} t={t} />
            </section>
          )}
        </main>
        <footer>
          <p>{t.footer}</p>
          <p>{t.retention(view.retentionDays)}</p>
        </footer>
      </body>
    </html>
  );
};

/** A page that only says why there is nothing to show, in both languages. */
const NoticePage: FC<{ title: string; heading: string; en: string; es: string }> = ({ title, heading, en, es }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex, nofollow" />
      <title>{title}</title>
      <style>{raw(pageStylesheet)}</style>
    </head>
    <body>
      <main>
        <h1>{heading}</h1>
        <p>{en}</p>
        <p lang="es">{es}</p>
      </main>
    </body>
  </html>
);

export async function summaryPageHtml(view: SummaryView, controls?: Child): Promise<string> {
  return `<!doctype html>${await (<SummaryPage view={view} controls={controls} />)}`;
}

const noticeHtml = async (notice: Parameters<typeof NoticePage>[0]) => `<!doctype html>${await (<NoticePage {...notice} />)}`;

/** A page link whose cursor is not one the page builds (ADR 022.4): 400, whatever the id. */
export const summaryBadPageLinkHtml = () =>
  noticeHtml({
    title: "Page link not valid",
    heading: "This page link is not valid",
    en: 'The part after "?before=" was changed or cut. Open the summary link without it to see the latest messages.',
    es: 'La parte después de "?before=" se cambió o se cortó. Abre el enlace del resumen sin ella para ver los mensajes más recientes.',
  });

export const summaryNotFoundHtml = () =>
  noticeHtml({
    title: "Summary not found",
    heading: "This summary link does not work",
    en: 'It is mistyped, or the consultation was reset. Write "summary" to the assistant on WhatsApp to get the current link.',
    es: 'El enlace está mal escrito o la consulta se reinició. Escribe "resumen" a la asistente por WhatsApp para recibir el enlace actual.',
  });
