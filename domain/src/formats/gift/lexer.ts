/**
 * GIFT at the level of characters and lines: question blocks (separated by blank lines), comments, categories,
 * escapes and weights. The reader builds items on top of this.
 */

/** One question's text with its comment lines taken out, and what is needed to map offsets back to lines. */
export interface GiftBlock {
  /** The kept (non-comment) lines joined by "\n". */
  text: string;
  /** 1-based source line of each kept line. */
  lineNos: number[];
  /** Offset in `text` where each kept line starts. */
  starts: number[];
  /** Comment lines of the block (without the leading `//`), which may carry Moodle's `[id:…]` and `[tag:…]`. */
  comments: string[];
  /** Set when the block begins with `$CATEGORY:`; applies to this block's question and every later one. */
  category?: string;
  /** Line of the `$CATEGORY:` line, or of the first kept line. */
  line: number;
}

/**
 * Splits a GIFT file into blocks. Moodle separates questions by blank lines, so a blank line inside an answer
 * block ends the question: that is what lets an unclosed brace be reported where it opened instead of swallowing
 * the rest of the file.
 */
export function splitBlocks(source: string): GiftBlock[] {
  const blocks: GiftBlock[] = [];
  let cur: GiftBlock | undefined;
  // Kept lines as [start, end) ranges of the source: most blocks are one contiguous run, taken with one slice.
  let ranges: number[] = [];
  let contiguous = true;
  const close = () => {
    if (cur) {
      const first = ranges[0] as number;
      if (contiguous) cur.text = ranges.length ? source.slice(first, ranges[ranges.length - 1]) : "";
      else {
        const parts: string[] = [];
        for (let k = 0; k < ranges.length; k += 2) parts.push(source.slice(ranges[k], ranges[k + 1]));
        cur.text = parts.join("\n");
      }
      blocks.push(cur);
    }
    cur = undefined;
    ranges = [];
    contiguous = true;
  };
  let lineNo = 0;
  let pos = 0;
  let offset = 0;
  let lastKeptLine = 0;
  const n = source.length;
  while (pos <= n) {
    let end = source.indexOf("\n", pos);
    if (end === -1) end = n;
    const start = pos;
    lineNo++;
    pos = end + 1;
    let f = start;
    while (f < end && (source.charCodeAt(f) === 32 || source.charCodeAt(f) === 9)) f++;
    // Only exotic whitespace (no-break spaces…) needs the full trim to tell a blank line.
    if (f === end || (source.charCodeAt(f) > 127 && source.slice(f, end).trim() === "")) {
      close();
      continue;
    }
    if (!cur) {
      cur = { text: "", lineNos: [], starts: [], comments: [], line: lineNo };
      offset = 0;
    }
    if (source.startsWith("//", f)) {
      cur.comments.push(source.slice(f + 2, end).trim());
      continue;
    }
    if (ranges.length === 0 && cur.category === undefined && source.startsWith("$CATEGORY:", f)) {
      // Taken verbatim (Moodle does not unescape category paths either).
      cur.category = source.slice(f + "$CATEGORY:".length, end).trim();
      continue;
    }
    if (ranges.length === 0 && cur.category === undefined) cur.line = lineNo;
    if (ranges.length && lastKeptLine !== lineNo - 1) contiguous = false;
    lastKeptLine = lineNo;
    cur.lineNos.push(lineNo);
    cur.starts.push(offset);
    ranges.push(start, end);
    offset += end - start + 1;
  }
  close();
  return blocks;
}

/** Source line and column of an offset in a block's text. */
export function blockPosition(block: GiftBlock, offset: number): { line: number; column: number } {
  let k = 0;
  while (k + 1 < block.starts.length && (block.starts[k + 1] as number) <= offset) k++;
  return { line: block.lineNos[k] ?? block.line, column: offset - (block.starts[k] ?? 0) + 1 };
}

function isEscaped(s: string, i: number): boolean {
  let k = 0;
  while (i - 1 - k >= 0 && s.charCodeAt(i - 1 - k) === 92) k++;
  return k % 2 === 1;
}

/**
 * First occurrence of `needle` in s[from, to) that is not escaped with a backslash, or -1. Uses the native
 * indexOf and only checks the backslashes before a hit, which keeps large files fast.
 */
export function indexOfUnescaped(s: string, needle: string, from = 0, to = s.length): number {
  let i = s.indexOf(needle, from);
  while (i !== -1 && i + needle.length <= to) {
    if (!isEscaped(s, i)) return i;
    i = s.indexOf(needle, i + 1);
  }
  return -1;
}

const UNESCAPE: Record<string, string> = {
  ":": ":",
  "#": "#",
  "=": "=",
  "{": "{",
  "}": "}",
  "~": "~",
  "\\": "\\",
  n: "\n",
};

/** Resolves GIFT escapes; a backslash before any other character stays as written, as in Moodle. */
export function unescapeGift(raw: string): string {
  if (!raw.includes("\\")) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === "\\" && i + 1 < raw.length) {
      const mapped = UNESCAPE[raw[i + 1] as string];
      if (mapped !== undefined) {
        out += mapped;
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Escapes every GIFT special character, and line breaks, which would otherwise end the question at a blank line. */
export function escapeGift(text: string): string {
  return text.replace(/[\\~=#{}:\r\n]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "" : `\\${c}`));
}

/**
 * A Moodle weight (`50`, `-33.33333`) as a fraction. The decimal point is shifted in the text (via an exponent)
 * rather than divided by 100, so that writing a fraction and reading it back gives the very same number.
 */
export function weightToFraction(weight: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(weight)) return undefined;
  const f = Number(`${weight}e-2`);
  return f >= -1 && f <= 1 ? f : undefined;
}

/** The inverse of weightToFraction: the shortest decimal text of fraction × 100. */
export function fractionToWeight(fraction: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(fraction));
  if (!m) return String(fraction * 100);
  const sign = m[1] as string;
  let digits = (m[2] as string) + (m[3] ?? "");
  let point = (m[2] as string).length + Number(m[4] ?? 0) + 2;
  if (point <= 0) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  const frac = digits.slice(point).replace(/0+$/, "");
  const out = frac ? `${int}.${frac}` : int;
  return out === "0" ? "0" : sign + out;
}
