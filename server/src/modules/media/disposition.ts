/**
 * `Content-Disposition` for files whose names come from users. The plain `filename` keeps only harmless ASCII (no
 * quotes, slashes, control characters — nothing that can break the header or name a path); `filename*` carries
 * the real name, percent-encoded (RFC 6266 / 5987), for browsers that read it.
 */
export function safeFilename(name: string, fallback = "file"): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFKC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f-\u009f"<>:|?*;%]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "")
    .slice(0, 200);
  return cleaned || fallback;
}

export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const real = safeFilename(name);
  const ascii = real.replace(/[^\x20-\x7e]/g, "_");
  const encoded = encodeURIComponent(real).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
