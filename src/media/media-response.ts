/**
 * How a stored media file is served from `GET /media/{token}` (ADR 006): images and audio inline
 * with their stored content type's essence; anything else (HTML, SVG, PDF, unknown) only as a download, so
 * a file a client sent can never run as a page on the Worker's origin.
 */
import { fileNameOf } from "../storage/keys";
import { isInlineSafe, parseContentType } from "./content-type";

export function mediaResponse(object: R2ObjectBody): Response {
  const stored = parseContentType(object.httpMetadata?.contentType);
  const inline = isInlineSafe(stored);
  const filename = fileNameOf(object.key);
  return new Response(object.body, {
    headers: {
      "content-type": inline ? stored!.essence : "application/octet-stream",
      "content-disposition": inline ? "inline" : `attachment; filename="${filename}"`,
      "content-length": String(object.size),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      // Private and never kept (ADR 029.3): a link revoked by a reset stops showing at once, even from a cache.
      "cache-control": "private, no-store",
    },
  });
}
