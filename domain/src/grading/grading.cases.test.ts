/**
 * Learner English against accepted answers, one readable line per case:
 * [response, accepted answer(s) separated by " | ", verdict, error categories, options].
 */
import { describe, expect, it } from "vitest";
import { itemSchema, type ShortAnswerItem } from "../content/schema.ts";
import { grade } from "./grade.ts";
import type { ErrorCategory, GradeNote, PartVerdict } from "./types.ts";

type Opts = { cs?: boolean; exact?: boolean; notes?: GradeNote[] };
type Case = [response: string, accepted: string, verdict: PartVerdict, errors: ErrorCategory[], opts?: Opts];

const CASES: Case[] = [
  // Normalization: typography, spacing, end punctuation (step 1 and 3)
  ["He goes to school", "He goes to school", "correct", []],
  ["He goes to school.", "He goes to school", "correct", []],
  ["  He   goes to\tschool ", "He goes to school", "correct", []],
  ["He goes to school!!!", "He goes to school.", "correct", []],
  ["¿Qué?", "Qué", "correct", []],
  ["He doesn’t know", "He doesn't know", "correct", []],
  ["He doesn`t know", "He doesn't know", "correct", []],
  ["He doesn´t know", "He doesn't know", "correct", []],
  ["“Hello,” she said", '"Hello," she said', "correct", []],
  ["well–known", "well-known", "correct", []],
  ["well—known", "well-known", "correct", []],
  ["ﬁne", "fine", "correct", []],
  ["Hello , world", "Hello, world", "correct", []],
  ["Hello ,world", "Hello, world", "correct", []],
  ["3.5", "3.5", "correct", []],
  ["He\u00a0goes", "He goes", "correct", []],
  // Punctuation-only differences are right, with a note
  ["Hello world", "Hello, world", "correct", [], { notes: ["punctuation"] }],
  ["Yes I do", "Yes, I do.", "correct", [], { notes: ["punctuation"] }],
  ["well known", "well-known", "correct", [], { notes: ["punctuation"] }],
  ["However it rained", "However, it rained", "correct", [], { notes: ["punctuation"] }],
  // Case (step 2)
  ["he goes to school", "He goes to school", "correct", [], { notes: ["capitalization"] }],
  ["HE GOES TO SCHOOL", "He goes to school", "correct", [], { notes: ["capitalization"] }],
  ["london", "London", "correct", [], { notes: ["capitalization"] }],
  ["london", "London", "incorrect", ["capitalization"], { cs: true }],
  ["London", "London", "correct", [], { cs: true }],
  ["i live in paris", "I live in Paris", "incorrect", ["capitalization", "capitalization"], { cs: true }],
  ["monday", "Monday", "correct", [], { notes: ["capitalization"] }],
  ["Monday", "Monday", "correct", [], { cs: true }],
  // Contractions, both ways (step 4)
  ["He does not like it", "He doesn't like it", "correct", []],
  ["He doesn't like it", "He does not like it", "correct", []],
  ["I cannot swim", "I can't swim", "correct", []],
  ["I can not swim", "I can't swim", "correct", []],
  ["I can't swim", "I cannot swim", "correct", []],
  ["I can not swim", "I cannot swim", "correct", []],
  ["I will not go", "I won't go", "correct", []],
  ["I won't go", "I will not go", "correct", []],
  ["We shall not fail", "We shan't fail", "correct", []],
  ["I am tired", "I'm tired", "correct", []],
  ["I'm tired", "I am tired", "correct", []],
  ["They are here", "They're here", "correct", []],
  ["We've finished", "We have finished", "correct", []],
  ["She will come", "She'll come", "correct", []],
  ["He would go", "He'd go", "correct", []],
  ["He had gone", "He'd gone", "correct", []],
  ["He'd gone", "He had gone", "correct", []],
  ["She is happy", "She's happy", "correct", []],
  ["She has got a cat", "She's got a cat", "correct", []],
  ["She's got a cat", "She has got a cat", "correct", []],
  ["It is raining", "It's raining", "correct", []],
  ["There is a cat", "There's a cat", "correct", []],
  ["Here is your book", "Here's your book", "correct", []],
  ["That is right", "That's right", "correct", []],
  ["What is this", "What's this", "correct", []],
  ["Who is there", "Who's there", "correct", []],
  ["Where is he", "Where's he", "correct", []],
  ["How is it going", "How's it going", "correct", []],
  ["Let us go", "Let's go", "correct", []],
  ["Let's go", "Let us go", "correct", []],
  ["They weren't at home", "They were not at home", "correct", []],
  ["You shouldn't smoke", "You should not smoke", "correct", []],
  ["John's car", "John's car", "correct", []],
  ["John is car", "John's car", "incorrect", ["word_form", "extra_word"]],
  ["He don't like it", "He doesn't like it", "incorrect", ["word_form"]],
  ["He do not like it", "He doesn't like it", "incorrect", ["word_form"]],
  ["She are happy", "She's happy", "incorrect", ["word_form"]],
  // British and American spellings (step 5)
  ["color", "colour", "correct", [], { notes: ["spelling_variant"] }],
  ["colour", "color", "correct", [], { notes: ["spelling_variant"] }],
  ["favourite", "favorite", "correct", [], { notes: ["spelling_variant"] }],
  ["neighbours", "neighbors", "correct", [], { notes: ["spelling_variant"] }],
  ["organize", "organise", "correct", [], { notes: ["spelling_variant"] }],
  ["organisation", "organization", "correct", [], { notes: ["spelling_variant"] }],
  ["realised", "realized", "correct", [], { notes: ["spelling_variant"] }],
  ["analyze", "analyse", "correct", [], { notes: ["spelling_variant"] }],
  ["center", "centre", "correct", [], { notes: ["spelling_variant"] }],
  ["theatre", "theater", "correct", [], { notes: ["spelling_variant"] }],
  ["traveled", "travelled", "correct", [], { notes: ["spelling_variant"] }],
  ["cancelling", "canceling", "correct", [], { notes: ["spelling_variant"] }],
  ["program", "programme", "correct", [], { notes: ["spelling_variant"] }],
  ["gray", "grey", "correct", [], { notes: ["spelling_variant"] }],
  ["catalog", "catalogue", "correct", [], { notes: ["spelling_variant"] }],
  ["defense", "defence", "correct", [], { notes: ["spelling_variant"] }],
  ["The theater is in the center", "The theatre is in the centre", "correct", [], { notes: ["spelling_variant"] }],
  ["color", "colour", "incorrect", ["spelling"], { exact: true }],
  ["four", "for", "incorrect", ["wrong_word"]],
  ["your", "yor", "incorrect", ["wrong_word"]],
  // Typos: allowance by length of the expected word
  ["scool", "school", "accepted_with_typo", ["spelling"]],
  ["beatiful", "beautiful", "accepted_with_typo", ["spelling"]],
  ["recieve", "receive", "accepted_with_typo", ["spelling"]],
  ["frend", "friend", "accepted_with_typo", ["spelling"]],
  ["becuase", "because", "accepted_with_typo", ["spelling"]],
  ["wich", "which", "accepted_with_typo", ["spelling"]],
  ["tomorow", "tomorrow", "accepted_with_typo", ["spelling"]],
  ["untill", "until", "accepted_with_typo", ["spelling"]],
  ["acommodation", "accommodation", "accepted_with_typo", ["spelling"]],
  ["acomodation", "accommodation", "accepted_with_typo", ["spelling"]],
  ["enviroment", "environment", "accepted_with_typo", ["spelling"]],
  ["goverment", "government", "accepted_with_typo", ["spelling"]],
  ["He goes to scool", "He goes to school", "accepted_with_typo", ["spelling"]],
  ["I recieved a leter", "I received a letter", "accepted_with_typo", ["spelling", "spelling"]],
  ["teh", "the", "incorrect", ["spelling"]],
  ["cta", "cat", "incorrect", ["spelling"]],
  ["dgo", "dog", "incorrect", ["spelling"]],
  ["beutful", "beautiful", "incorrect", ["spelling"]],
  ["acmodaton", "accommodation", "incorrect", ["spelling"]],
  ["scool", "school", "incorrect", ["spelling"], { exact: true }],
  // Real-word confusions are mistakes, not typos
  ["then", "than", "incorrect", ["wrong_word"]],
  ["bigger then", "bigger than", "incorrect", ["wrong_word"]],
  ["form", "from", "incorrect", ["wrong_word"]],
  ["I want to London", "I went to London", "incorrect", ["wrong_word"]],
  ["quite", "quiet", "incorrect", ["wrong_word"]],
  ["thought", "though", "incorrect", ["wrong_word"]],
  ["loose", "lose", "incorrect", ["wrong_word"]],
  ["advise", "advice", "incorrect", ["word_form"]],
  ["I make my homework", "I do my homework", "incorrect", ["wrong_word"]],
  ["He said me", "He told me", "incorrect", ["wrong_word"]],
  // Word forms: tense, agreement, participle, plural, comparative
  ["He go to school", "He goes to school", "incorrect", ["word_form"]],
  ["She like apples", "She likes apples", "incorrect", ["word_form"]],
  ["He watchs TV", "He watches TV", "accepted_with_typo", ["spelling"]],
  ["Yesterday I go home", "Yesterday I went home", "incorrect", ["word_form"]],
  ["I goed home", "I went home", "incorrect", ["word_form"]],
  ["I have went", "I have gone", "incorrect", ["word_form"]],
  ["She has wrote a letter", "She has written a letter", "incorrect", ["word_form"]],
  ["I buyed a car", "I bought a car", "incorrect", ["word_form"]],
  ["He studyed hard", "He studied hard", "accepted_with_typo", ["spelling"]],
  ["We was late", "We were late", "incorrect", ["word_form"]],
  ["They is here", "They are here", "incorrect", ["word_form"]],
  ["I am agree", "I agree", "incorrect", ["extra_word"]],
  ["She is swim", "She is swimming", "incorrect", ["word_form"]],
  ["two childs", "two children", "incorrect", ["word_form"]],
  ["three mouses", "three mice", "incorrect", ["word_form"]],
  ["many peoples", "many people", "incorrect", ["word_form"]],
  ["two book", "two books", "incorrect", ["word_form"]],
  ["more big", "bigger", "incorrect", ["extra_word", "word_form"]],
  ["gooder", "better", "incorrect", ["word_form"]],
  ["the goodest", "the best", "incorrect", ["word_form"]],
  ["happyer", "happier", "accepted_with_typo", ["spelling"]],
  ["Him and me went", "He and I went", "incorrect", ["word_form", "word_form"]],
  ["I saw he", "I saw him", "incorrect", ["word_form"]],
  // Articles
  ["I am teacher", "I am a teacher", "incorrect", ["article"]],
  ["I like the apples", "I like apples", "incorrect", ["article"]],
  ["a apple", "an apple", "incorrect", ["article"]],
  ["an book", "a book", "incorrect", ["article"]],
  ["She plays the piano", "She plays the piano", "correct", []],
  ["She plays piano well", "She plays the piano well", "incorrect", ["article"]],
  ["a sun is hot", "the sun is hot", "incorrect", ["article"]],
  ["I go to the school", "I go to school", "incorrect", ["article"]],
  // Prepositions
  ["He goes at school", "He goes to school", "incorrect", ["preposition"]],
  ["I was born on 1990", "I was born in 1990", "incorrect", ["preposition"]],
  ["See you in Monday", "See you on Monday", "incorrect", ["preposition"]],
  ["I am good in English", "I am good at English", "incorrect", ["preposition"]],
  ["It depends of you", "It depends on you", "incorrect", ["preposition"]],
  ["I arrived to London", "I arrived in London", "incorrect", ["preposition"]],
  ["I listen music", "I listen to music", "incorrect", ["preposition"]],
  ["We discussed about it", "We discussed it", "incorrect", ["preposition"]],
  ["married with him", "married to him", "incorrect", ["preposition"]],
  // Word order
  ["I like very much football", "I like football very much", "incorrect", ["word_order"]],
  ["Where you are going", "Where are you going", "incorrect", ["word_order"]],
  ["She always is late", "She is always late", "incorrect", ["word_order"]],
  ["a car red", "a red car", "incorrect", ["word_order"]],
  ["What time it is", "What time is it", "incorrect", ["word_order"]],
  // Missing and extra words
  ["She tired", "She is tired", "incorrect", ["missing_word"]],
  ["He very tall", "He is very tall", "incorrect", ["missing_word"]],
  ["I want go home", "I want to go home", "incorrect", ["preposition"]],
  ["She is very very tired", "She is very tired", "incorrect", ["extra_word"]],
  ["I must to go", "I must go", "incorrect", ["preposition"]],
  ["He is lives here", "He lives here", "incorrect", ["extra_word"]],
  ["Is raining", "It is raining", "incorrect", ["missing_word"]],
  // Another word
  ["dog", "cat", "incorrect", ["wrong_word"]],
  ["I like bananas", "I like apples", "incorrect", ["wrong_word"]],
  ["He is tall", "He is short", "incorrect", ["wrong_word"]],
  ["She drives a bus", "She rides a bike", "incorrect", ["wrong_word", "wrong_word"]],
  // Several differences
  ["He go at school", "He goes to school", "incorrect", ["word_form", "preposition"]],
  ["She go to the scool yesterday", "She went to school yesterday", "incorrect", ["word_form", "article", "spelling"]],
  ["i has a apple", "I have an apple", "incorrect", ["capitalization", "word_form", "article"], { cs: true }],
  // Blank
  ["", "He goes", "blank", ["blank"]],
  ["   ", "He goes", "blank", ["blank"]],
  ["...", "He goes", "blank", ["blank"]],
  // Several accepted answers and wildcards (step 6)
  ["goes", "goes | is going", "correct", []],
  ["is going", "goes | is going", "correct", []],
  ["went", "goes | is going", "incorrect", ["word_form"]],
  ["The colour is red", "* red", "correct", []],
  ["It's red", "* red", "correct", []],
  ["It's blue", "* red", "incorrect", ["wrong_word"]],
  ["colour", "colo*r", "correct", []],
  ["color", "colo*r", "correct", []],
  ["COLOR", "colo*r", "correct", [], { notes: ["capitalization"] }],
];

const item = (accepted: string, opts: Opts = {}): ShortAnswerItem =>
  itemSchema.parse({
    type: "short_answer",
    answers: accepted.split(" | ").map((text) => ({ text, fraction: 1 })),
    caseSensitive: !!opts.cs,
    tolerance: opts.exact ? "exact" : "typos",
  }) as ShortAnswerItem;

describe("typed answers in learner English", () => {
  it("has a large table", () => expect(CASES.length).toBeGreaterThanOrEqual(150));
  it.each(CASES)("%j for %j → %s %j", (response, accepted, verdict, errors, opts) => {
    const result = grade(item(accepted, opts), { text: response });
    const part = result.parts[0]!;
    expect(part.verdict).toBe(verdict);
    expect(part.errors.map((e) => e.category).sort()).toEqual([...errors].sort());
    if (opts?.notes) expect(part.notes).toEqual(opts.notes);
    const right = verdict === "correct" || verdict === "accepted_with_typo";
    expect(result.score).toBe(right ? 1 : 0);
    expect(result.status).toBe(verdict === "blank" ? "blank" : right ? "correct" : "incorrect");
  });
});
