/**
 * ADR 006, media content types as Twilio declares them (src/media/content-type.ts), in node: the
 * essence decides what a file is, its extension and whether a browser may show it; parameters
 * never do, however they are spelled.
 */
import { describe, expect, it } from "vitest";
import { extensionOf, isInlineSafe, isReadablePhoto, mediaKindOf, parseContentType } from "../../../src/media/content-type";

describe("parseContentType", () => {
  it("ADR-006.3 reads the essence of a content type with or without a space after each `;`", () => {
    for (const declared of ["audio/ogg;codecs=opus", "audio/ogg; codecs=opus", "audio/ogg ;codecs=opus", "Audio/OGG ; codecs=opus", "audio/ogg"]) {
      const parsed = parseContentType(declared);
      expect(parsed, declared).toEqual({ essence: "audio/ogg", type: "audio" });
      expect(mediaKindOf(parsed), declared).toBe("voice");
      expect(extensionOf(parsed), declared).toBe("ogg");
    }
    expect(parseContentType("image/jpeg;charset=binary;x=1")?.essence).toBe("image/jpeg");
    expect(mediaKindOf(parseContentType("image/jpeg;name=a.jpg"))).toBe("photo");
  });

  it("ADR-006.3 keeps only the essence, lower-cased, and drops the parameters", () => {
    expect(parseContentType("  IMAGE/Png ; Name=Foto.PNG  ")).toEqual({ essence: "image/png", type: "image" });
    expect(parseContentType("image/jpeg;")?.essence).toBe("image/jpeg");
    expect(parseContentType("image/jpeg; ;")?.essence).toBe("image/jpeg");
  });

  it("ADR-006.3 refuses what is not `type/subtype` with `name=value` parameters", () => {
    for (const bad of [null, undefined, "", "   ", "image", "image/", "/jpeg", "a/b/c", "image/jp eg", "ima ge/jpeg", "image/jpeg; codecs", "image/jpeg; =opus", "image/jpeg; co dec=x", "image/jpeg\u0000", "imagen/jpég", "image/jpeg\r\nX-Evil: 1", "audio/ogg; codecs=opus\r\nX-Evil: 1", "audio/ogg; codecs=opus\u0007", "audio/ogg; name=caf\u00e9"]) {
      expect(parseContentType(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("ADR-006.3 accepts every token character RFC 9110 allows in a type and a parameter name", () => {
    expect(parseContentType("application/vnd.a+b!#$%&'*^_`|~-9; x-Y.z=1")?.essence).toBe("application/vnd.a+b!#$%&'*^_`|~-9");
  });
});

describe("what a content type makes of a file", () => {
  it("ADR-006.3 photos are the formats the vision model reads; other audio is a voice note; the rest is kept only", () => {
    const kind = (value: string) => mediaKindOf(parseContentType(value));
    for (const photo of ["image/jpeg", "image/png", "image/webp", "image/gif"]) expect(kind(photo), photo).toBe("photo");
    for (const voice of ["audio/ogg", "audio/mpeg", "audio/amr", "audio/x-anything"]) expect(kind(voice), voice).toBe("voice");
    for (const other of ["image/heic", "image/svg+xml", "video/mp4", "application/pdf", "text/plain", "audiox/ogg"]) expect(kind(other), other).toBe("other");
    expect(mediaKindOf(null)).toBe("other");
  });

  it("ADR-006.3 a stored content type is a readable photo exactly when the model can read it", () => {
    expect(isReadablePhoto("image/webp; q=1")).toBe(true);
    expect(isReadablePhoto("image/heic")).toBe(false);
    expect(isReadablePhoto("audio/ogg")).toBe(false);
    expect(isReadablePhoto(null)).toBe(false);
    expect(isReadablePhoto(undefined)).toBe(false);
    expect(isReadablePhoto("not a type")).toBe(false);
  });

  it("ADR-006.3 every known type has its extension, anything else is bin", () => {
    const table: Record<string, string> = {
      "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif", "image/heic": "heic",
      "audio/ogg": "ogg", "audio/opus": "opus", "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/aac": "aac", "audio/amr": "amr",
      "video/mp4": "mp4", "video/3gpp": "3gp", "application/pdf": "pdf", "text/plain": "txt", "application/msword": "doc",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    };
    for (const [type, extension] of Object.entries(table)) expect(extensionOf(parseContentType(type)), type).toBe(extension);
    expect(extensionOf(parseContentType("application/x-unknown"))).toBe("bin");
    expect(extensionOf(parseContentType("constructor/x"))).toBe("bin");
    expect(extensionOf(null)).toBe("bin");
  });

  it("ADR-006.6 only images (never SVG) and audio may be shown inline", () => {
    const inline = (value: string) => isInlineSafe(parseContentType(value));
    for (const safe of ["image/jpeg", "image/png", "image/heic", "audio/ogg; codecs=opus", "audio/mpeg"]) expect(inline(safe), safe).toBe(true);
    for (const unsafe of ["image/svg+xml", "IMAGE/SVG+XML", "text/html", "application/pdf", "video/mp4", "application/octet-stream"]) {
      expect(inline(unsafe), unsafe).toBe(false);
    }
    expect(isInlineSafe(null)).toBe(false);
  });
});
