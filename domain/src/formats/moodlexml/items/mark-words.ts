/** mark_words has no Moodle question type: the writer leaves such items out and lists them at the top of the file. */
export const MARK_WORDS_SKIPPED = "Moodle has no question type for marking words in a text";
