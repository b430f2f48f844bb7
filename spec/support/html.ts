/**
 * The page as a browser's parser sees it, through workerd's HTMLRewriter (lol-html): every
 * element with its attributes (decoded), and the decoded text of the elements matching given selectors.
 */
export interface ParsedElement {
  tag: string;
  attributes: Record<string, string>;
}

export interface ParsedPage {
  elements: ParsedElement[];
  /** For each selector, the text of each matching element (descendants included), entities decoded. */
  texts: Record<string, string[]>;
}

const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === "#") return String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return named[name.toLowerCase()] ?? entity;
  });
}

export async function parseHtml(html: string, selectors: string[] = []): Promise<ParsedPage> {
  const elements: ParsedElement[] = [];
  const raw: Record<string, string[]> = Object.fromEntries(selectors.map((s) => [s, []]));
  let rewriter = new HTMLRewriter().on("*", {
    element(element) {
      const attributes = [...element.attributes].map(([name, value]) => [name, decodeEntities(value ?? "")]);
      elements.push({ tag: element.tagName, attributes: Object.fromEntries(attributes) });
    },
  });
  for (const selector of selectors) {
    rewriter = rewriter.on(selector, {
      element() {
        raw[selector]!.push("");
      },
      text(chunk) {
        const list = raw[selector]!;
        list[list.length - 1] += chunk.text;
      },
    });
  }
  await rewriter.transform(new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } })).text();
  const texts = Object.fromEntries(Object.entries(raw).map(([s, list]) => [s, list.map(decodeEntities)]));
  return { elements, texts };
}
