/**
 * `gift_parse`: GIFT import throughput on a generated file of 10,000 questions of every GIFT type (with names,
 * feedback, escapes and categories). Measures the reader and the per-item schema validation, which is what an
 * import pays; the exercise-level cap of 2,000 items is left out so that one large file can be timed.
 */
import { parseGiftItems, validateItems } from "@languagecloud/domain";
import type { Scenario } from "./types.ts";

const QUESTIONS = 10_000;

/** Ten question shapes in rotation, close to what teachers export from Moodle. */
function question(i: number): string {
  const n = `::Q${i}:: `;
  switch (i % 10) {
    case 0:
      return `// question: ${i}\n${n}Yesterday I {=went#Right! ~goed#Not a word ~gone#Past participle} to the cinema.`;
    case 1:
      return `${n}What's between orange and green in the spectrum?\n{\n\t=yellow # right; good!\n\t~red # wrong\n\t~blue # wrong\n\t####Colours of the rainbow.\n}`;
    case 2:
      return `${n}Grant is buried in Grant's tomb. {FALSE#Fundamentally wrong#Correct - well done}`;
    case 3:
      return `${n}Two plus two equals {=four =4 =%50%for}.`;
    case 4:
      return `${n}Match the countries with their capitals. {\n\t=Canada -> Ottawa\n\t=Italy -> Rome\n\t=Japan -> Tokyo\n\t= -> Paris\n}`;
    case 5:
      return `${n}When was Ulysses S. Grant born? {#\n\t=1822:0 # Correct!\n\t=%50%1822:2 # Close.\n}`;
    case 6:
      return `${n}[html]Which words are <b>verbs</b>? {\n\t~%50%run\n\t~%50%swim\n\t~%-100%table\n}`;
    case 7:
      return `${n}Write about your last holiday \\{80\\-100 words\\}. {}`;
    case 8:
      return `$CATEGORY: Grammar/Unit ${i}\n\n${n}Escaped \\: colon, \\= equals and a \\n line break. {=yes =ok}`;
    default:
      return `${n}Read the text below and answer the questions that follow.`;
  }
}

export function generateGift(count = QUESTIONS): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(question(i));
  return `${parts.join("\n\n")}\n`;
}

function parseOnce(text: string): number {
  const parsed = parseGiftItems(text);
  validateItems(parsed);
  if (parsed.issues.length)
    throw new Error(`gift_parse: ${parsed.issues[0]?.message} (line ${parsed.issues[0]?.line})`);
  return parsed.items.length;
}

export const giftParseScenario: Scenario = async (opts) => {
  const text = generateGift();
  const megabytes = new TextEncoder().encode(text).length / 1e6;
  for (let i = 0; i < 5; i++) parseOnce(text); // warm-up: let the JIT settle
  const runs = opts.quick ? 5 : 20;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const count = parseOnce(text);
    times.push(performance.now() - start);
    if (count !== QUESTIONS) throw new Error(`gift_parse: read ${count} questions, expected ${QUESTIONS}`);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)] as number;
  const p99 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)] as number;
  return [
    {
      name: "gift_parse",
      value: Math.round((megabytes / (p50 / 1000)) * 10) / 10,
      unit: "MB/s",
      p50_ms: Math.round(p50 * 10) / 10,
      p99_ms: Math.round(p99 * 10) / 10,
      notes: `${QUESTIONS} questions, ${megabytes.toFixed(2)} MB, parse + item validation, median of ${runs} runs`,
    },
  ];
};
