/**
 * British and American spellings of one word (grading.md step 5). Each word maps to an American key; two words
 * are variants when their keys are equal. Rules cover the regular families (-our, -ise, -yse, -re, doubled l,
 * -ogue, -ence, ae/oe) but only for listed stems: blind rules would turn "four" into "for" or "promise" into
 * "promize", and a learner's misspelling must not pass as a variant.
 */

// Stems taking -our (GB) / -or (US), with any ending after it: colour, colours, coloured, colourful, favourite…
const OUR_STEMS = [
  "arb",
  "ard",
  "arm",
  "behavi",
  "cand",
  "clam",
  "col",
  "demean",
  "endeav",
  "fav",
  "flav",
  "ferv",
  "harb",
  "hon",
  "hum",
  "lab",
  "neighb",
  "od",
  "parl",
  "ranc",
  "rig",
  "rum",
  "sav",
  "savi",
  "splend",
  "succ",
  "tum",
  "val",
  "vap",
  "vig",
];
// Stems where GB -ise / -isation and US -ize / -ization alternate.
const ISE_STEMS = [
  "apolog",
  "author",
  "capital",
  "categor",
  "central",
  "civil",
  "critic",
  "emphas",
  "final",
  "familiar",
  "general",
  "global",
  "harmon",
  "ideal",
  "jeopard",
  "legal",
  "local",
  "maxim",
  "memor",
  "minim",
  "modern",
  "monopol",
  "normal",
  "optim",
  "organ",
  "patron",
  "penal",
  "popular",
  "priorit",
  "real",
  "recogn",
  "revolution",
  "standard",
  "stabil",
  "summar",
  "symbol",
  "sympath",
  "util",
  "visual",
  "character",
  "custom",
  "special",
  "agon",
  "econom",
  "energ",
  "fantas",
  "hospital",
  "industrial",
  "internal",
  "legit",
  "material",
  "mobil",
  "national",
  "neutral",
  "personal",
  "polar",
  "public",
  "rational",
  "social",
  "subsid",
  "synchron",
  "terror",
  "theor",
  "traumat",
  "urban",
  "vandal",
  "computer",
  "digit",
  "random",
  "motor",
];
const YSE_STEMS = ["anal", "paral", "catal", "breathal", "dial", "electrol", "hydrol"];
// GB -re / US -er.
const RE_STEMS = [
  "cent",
  "theat",
  "met",
  "lit",
  "fib",
  "calib",
  "somb",
  "spect",
  "meag",
  "lust",
  "sab",
  "mit",
  "sepulch",
  "kilomet",
  "centimet",
  "millimet",
  "millilit",
  "saltpet",
  "reconnoit",
  "goit",
  "ochr",
];
// Verbs ending in one l that GB doubles before -ed/-ing/-er (travelled, cancelling, modeller).
const L_STEMS = [
  "travel",
  "cancel",
  "model",
  "fuel",
  "level",
  "signal",
  "marvel",
  "counsel",
  "quarrel",
  "dial",
  "total",
  "channel",
  "tunnel",
  "rival",
  "equal",
  "pencil",
  "panel",
  "libel",
  "parcel",
  "jewel",
  "duel",
  "shovel",
  "snorkel",
  "grovel",
  "yodel",
  "enamel",
  "barrel",
  "label",
  "revel",
  "bevel",
  "chisel",
  "funnel",
  "gravel",
  "hostel",
  "initial",
  "pedal",
  "spiral",
  "stencil",
  "swivel",
  "towel",
  "trammel",
  "unravel",
  "ravel",
];
const OGUE_STEMS = ["catalog", "dialog", "analog", "monolog", "prolog", "epilog", "travelog"];

// Single words that no family rule covers (GB → US). Pairs whose two spellings are different words in British English
// are not here (grading.md, Refinements: a real word is never a typo in either spelling): practise (verb) and
// practice (noun), licence/license, storey/story, tyre/tire, cheque/check, kerb/curb, draught/draft, tonne/ton.
const WORDS: Record<string, string> = {
  amongst: "among",
  programme: "program",
  programmes: "programs",
  grey: "gray",
  greys: "grays",
  aluminium: "aluminum",
  mould: "mold",
  mouldy: "moldy",
  plough: "plow",
  jewellery: "jewelry",
  pyjamas: "pajamas",
  defence: "defense",
  offence: "offense",
  pretence: "pretense",
  enrol: "enroll",
  enrolment: "enrollment",
  fulfil: "fulfill",
  fulfilment: "fulfillment",
  skilful: "skillful",
  wilful: "willful",
  instalment: "installment",
  ageing: "aging",
  doughnut: "donut",
  cosy: "cozy",
  sceptical: "skeptical",
  sceptic: "skeptic",
  moustache: "mustache",
  axe: "ax",
  mum: "mom",
  sulphur: "sulfur",
  judgement: "judgment",
  acknowledgement: "acknowledgment",
  manoeuvre: "maneuver",
  encyclopaedia: "encyclopedia",
  paediatric: "pediatric",
  anaemia: "anemia",
  anaesthetic: "anesthetic",
  oesophagus: "esophagus",
  foetus: "fetus",
  haemoglobin: "hemoglobin",
  orthopaedic: "orthopedic",
  gaol: "jail",
  artefact: "artifact",
  whisky: "whiskey",
  kilogramme: "kilogram",
  speciality: "specialty",
  woollen: "woolen",
  marvellous: "marvelous",
  counsellor: "counselor",
  neighbourhood: "neighborhood",
};

/** British words whose American look-alike is another word: real words, never typos of it. */
export const BRITISH_DISTINCT_WORDS: ReadonlySet<string> = new Set([
  "practise",
  "practised",
  "practises",
  "practising",
  "licence",
  "licences",
  "storey",
  "storeys",
  "tyre",
  "tyres",
  "cheque",
  "cheques",
  "kerb",
  "kerbs",
  "draught",
  "draughts",
  "tonne",
  "tonnes",
]);

const OUR = new RegExp(`^(${OUR_STEMS.join("|")})our(.*)$`);
const ISE = new RegExp(`^(${ISE_STEMS.join("|")})is(e|es|ed|ing|er|ers|ation|ations|ational)$`);
const YSE = new RegExp(`^(${YSE_STEMS.join("|")})ys(e|es|ed|ing|er|ers)$`);
const RE = new RegExp(`^(${RE_STEMS.join("|")})re(s|d)?$`);
const LL = new RegExp(`^(${L_STEMS.join("|")})l(ed|ing|er|ers|ous)$`);
const OGUE = new RegExp(`^(${OGUE_STEMS.join("|")})ue(s)?$`);

/** The American spelling of a lower-case word, or the word itself. */
export function toAmerican(word: string): string {
  const direct = WORDS[word];
  if (direct) return direct;
  let m: RegExpExecArray | null;
  if (word.length < 4) return word;
  if ((m = OUR.exec(word))) return `${m[1]}or${m[2]}`;
  if ((m = ISE.exec(word))) return `${m[1]}iz${m[2]}`;
  if ((m = YSE.exec(word))) return `${m[1]}yz${m[2]}`;
  if ((m = RE.exec(word))) return `${m[1]}er${m[2] === "d" ? "ed" : (m[2] ?? "")}`;
  if ((m = LL.exec(word))) return `${m[1]}${m[2]}`;
  if ((m = OGUE.exec(word))) return `${m[1]}${m[2] ?? ""}`;
  return word;
}

/** Two words are British/American spellings of one word (not merely equal). */
export function isSpellingVariant(a: string, b: string): boolean {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la !== lb && toAmerican(la) === toAmerican(lb);
}
