/**
 * The stylesheet every page of this Worker carries (the summary page and the console's, ADR 028.8),
 * and the Content-Security-Policy that allows exactly it.
 */
export const pageStylesheet = `
:root{color-scheme:light;--ink:#2b2024;--muted:#6f5f66;--line:#eadfe3;--accent:#8a3b5c;--client:#fbf3f6;--assistant:#f4f6f8}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
header,main,footer{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0 .6rem}
h2{font-size:1.1rem;margin:1.6rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
.brand{margin:0;color:var(--accent);font-weight:600;letter-spacing:.02em}
.facts{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:0}
.facts dt{color:var(--muted)}
.facts dd{margin:0}
.status{display:inline-block;padding:0 .5rem;border-radius:1rem;background:var(--line);font-weight:600}
.status-summary-ready{background:#d9f2e3}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0}
.handoff{background:var(--client);border-radius:.6rem;padding:.2rem 1rem 1rem}
.button{display:inline-block;margin-top:.6rem;padding:.6rem 1rem;border-radius:.5rem;background:#1f7a4d;color:#fff;text-decoration:none;font-weight:600}
.turns{list-style:none;padding:0;margin:0}
.turn{margin:.6rem 0;padding:.6rem .8rem;border-radius:.6rem}
.turn.client{background:var(--client);margin-right:1.5rem}
.turn.assistant{background:var(--assistant);margin-left:1.5rem}
.turn.stylist{background:#fff4dc}
.meta{margin:0;font-size:.85rem;color:var(--muted)}
.photos{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.5rem;margin:.4rem 0 0;padding:0;list-style:none}
.photos img{width:100%;height:auto;border-radius:.4rem;background:var(--line)}
.observation{margin:.3rem 0 0;font-size:.85rem}
.observation dt{color:var(--muted);font-weight:600}
.observation dd{margin:0 0 .2rem;overflow-wrap:anywhere}
.attachments{list-style:none;margin:.2rem 0 0;padding:0}
.note{font-size:.9rem;color:var(--muted);font-style:italic}
.paging a{color:var(--accent);font-weight:600}
.problems{border-left:4px solid #c0392b;padding-left:.8rem}
.problems code{overflow-wrap:anywhere}
footer{color:var(--muted);font-size:.85rem}
.controls form{margin:.6rem 0}
.controls textarea{width:100%;min-height:6rem;font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:.4rem}
.controls button,.search button{font:inherit;font-weight:600;padding:.6rem 1rem;border:0;border-radius:.5rem;background:var(--accent);color:#fff}
.search input{font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:.4rem;width:60%}
.rows{list-style:none;margin:0;padding:0}
.rows li{border-bottom:1px solid var(--line);padding:.6rem 0}
.rows a{color:var(--ink);font-weight:600}
@media (min-width:40rem){h1{font-size:1.9rem}}
@media print{
  body{font-size:11pt}
  header,main,footer{max-width:none;padding:0}
  .button,.paging{display:none}
  .turn,.photos li,.handoff{break-inside:avoid}
  .turn.client,.turn.assistant{margin-left:0;margin-right:0;border:1px solid var(--line)}
  .photos{grid-template-columns:repeat(3,1fr)}
}
`;

const policies = new Map<string, Promise<string>>();

/**
 * The page's Content-Security-Policy: no script at all, images only from this Worker (the signed
 * media links), and the one inline stylesheet above allowed by its hash. A hash rather than a
 * nonce: the stylesheet is constant, so the policy is too.
 */
export function summaryPagePolicy(formAction: "'none'" | "'self'" = "'none'"): Promise<string> {
  let policy = policies.get(formAction);
  if (!policy) {
    policy = crypto.subtle.digest("SHA-256", new TextEncoder().encode(pageStylesheet)).then((digest) => {
      const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
      return `default-src 'none'; img-src 'self'; style-src 'sha256-${hash}'; base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'`;
    });
    policies.set(formAction, policy);
  }
  return policy;
}
