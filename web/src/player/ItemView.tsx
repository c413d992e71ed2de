import type { ItemResultDto, Response, StudentItem } from "@languagecloud/domain";
import type { ComponentType } from "react";
import { RichText } from "../components/RichText.tsx";
import { ItemResult } from "./ItemResult.tsx";
import { Essay } from "./items/Essay.tsx";
import { GapFill } from "./items/GapFill.tsx";
import { MarkWords } from "./items/MarkWords.tsx";
import { Matching } from "./items/Matching.tsx";
import { MultipleChoice } from "./items/MultipleChoice.tsx";
import { Numerical } from "./items/Numerical.tsx";
import { Ordering } from "./items/Ordering.tsx";
import { ShortAnswer } from "./items/ShortAnswer.tsx";
import { TrueFalse } from "./items/TrueFalse.tsx";
import { MediaList } from "./MediaList.tsx";
import { type ItemProps, markInstruction } from "./view.ts";

const BODY: Record<string, ComponentType<ItemProps> | undefined> = {
  multiple_choice: MultipleChoice,
  true_false: TrueFalse,
  short_answer: ShortAnswer,
  numerical: Numerical,
  gap_fill: GapFill,
  matching: Matching,
  ordering: Ordering,
  mark_words: MarkWords,
  essay: Essay,
};

/**
 * Types whose prompt is the answer area itself (gaps inline, words to mark): the heading uses a generic line. A
 * mark_words item shows the teacher's instruction when it has one (the text to mark is in the tokens).
 */
const PROMPT_IN_BODY: Record<string, string> = {
  gap_fill: "Fill in the gaps.",
  mark_words: "Select the words to mark in this text.",
};

export interface ItemViewProps {
  item: StudentItem;
  number: number | null;
  response: Response | undefined;
  onChange: (r: Response) => void;
  disabled?: boolean;
  result?: ItemResultDto | undefined;
}

export function ItemView({ item, number, response, onChange, disabled, result }: ItemViewProps) {
  const labelId = `prompt-${item.id}`;
  const Body = BODY[item.type];
  const heading = number === null ? (typeof item.title === "string" ? item.title : null) : `Question ${number}`;
  const inBody = PROMPT_IN_BODY[item.type];
  return (
    <section className="item" aria-labelledby={heading ? `h-${item.id}` : labelId}>
      {heading ? (
        <h2 id={`h-${item.id}`} className="item-heading">
          {heading}
          {number !== null && item.points ? (
            <span className="muted">
              {" "}
              ({item.points} {item.points === 1 ? "point" : "points"})
            </span>
          ) : null}
        </h2>
      ) : null}
      {inBody && !(item.type === "mark_words" && markInstruction(item)) ? (
        <p id={labelId} className="prompt">
          {typeof item.title === "string" && number !== null ? `${item.title}: ` : ""}
          {inBody}
        </p>
      ) : (
        <RichText
          id={labelId}
          className="prompt"
          text={item.type === "mark_words" ? markInstruction(item) : item.prompt}
          format={item.promptFormat}
        />
      )}
      <MediaList media={item.media} label={heading ?? "Text"} />
      {Body ? <Body item={item} response={response} onChange={onChange} disabled={disabled} labelId={labelId} /> : null}
      {result ? (
        <ItemResult
          result={result}
          rubric={
            item.type === "essay" ? (item.rubric as { criterion: string; points: number }[] | undefined) : undefined
          }
        />
      ) : null}
    </section>
  );
}
