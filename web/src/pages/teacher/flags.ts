/** Item flags explained in plain words (statistics.md thresholds). */
export const FLAG_TEXT: Record<string, string> = {
  too_easy: "Too easy: 95 % or more of the students got it right, so it tells you little.",
  too_hard: "Too hard: 5 % or fewer got it right. Check the key and the wording.",
  low_discrimination: "Weak discrimination: strong and weak students do about equally well on it.",
  negative_discrimination:
    "Negative discrimination: weaker students do better than stronger ones. The key may be wrong or the question misleading.",
  random_guess_high: "Easy to guess: a random answer scores over 40 %. Add options or change the type.",
};

export const FLAG_SHORT: Record<string, string> = {
  too_easy: "too easy",
  too_hard: "too hard",
  low_discrimination: "weak discrimination",
  negative_discrimination: "negative discrimination",
  random_guess_high: "easy to guess",
};
