/** What QTI's exact string matching cannot do of our typed-answer grading (short answer and typed gaps). */
export function typedWarnings(
  warnings: string[],
  item: { tolerance: "exact" | "typos" },
  answers: { text: string; feedback?: string }[],
): void {
  warnings.push("answers are compared exactly: English-aware equivalence (contractions, spelling variants) is lost");
  if (item.tolerance === "typos") warnings.push("typo tolerance is lost");
  if (answers.some((a) => a.text.includes("*"))) warnings.push("the * wildcard is compared as a literal character");
  if (answers.some((a) => a.feedback)) warnings.push("per-answer feedback is not exported");
}
