/**
 * The Deep Linking picker: a teacher in the LMS chooses published exercises; the server signs the response and
 * the page posts it back to the LMS (the form the API returns, submitted from here: the page's policy allows no
 * inline script, and forms may post to the platform on LTI pages).
 */
import type { ExerciseSummaryDto, Page } from "@languagecloud/domain";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";

export function submitReturnedForm(html: string): void {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const source = parsed.querySelector("form");
  if (!source) throw new Error("The server's answer has no form.");
  const form = document.createElement("form");
  form.method = "post";
  form.action = source.getAttribute("action") ?? "";
  for (const input of Array.from(source.querySelectorAll("input"))) {
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = input.name;
    field.value = input.value;
    form.appendChild(field);
  }
  document.body.appendChild(form);
  form.submit();
}

export default function LtiPicker({ orgId, requestId }: { orgId: string; requestId: string }) {
  const query = useOrgQuery<Page<ExerciseSummaryDto>>(orgId, "/exercises?status=published&limit=100");
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  async function send() {
    setError(null);
    setSending(true);
    try {
      const html = await api<string>(`/lti/deep-linking/${encodeURIComponent(requestId)}/response`, {
        method: "POST",
        body: { exerciseIds: chosen },
      });
      submitReturnedForm(html);
    } catch (e) {
      setError(e);
      setSending(false);
    }
  }
  return (
    <section aria-labelledby="pick-title">
      <h1 id="pick-title">Add exercises to your course</h1>
      <p>
        Choose published exercises. Each one becomes an activity in your course with its own gradebook column; the
        version you see now is the one students get.
      </p>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length === 0 ? (
            <Empty>No published exercises yet. Publish one in the library first.</Empty>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void send();
              }}
            >
              <fieldset>
                <legend>Published exercises</legend>
                <ul className="plain-list">
                  {itemsOf(data).map((ex) => (
                    <li key={ex.id}>
                      <label>
                        <input type="checkbox" checked={chosen.includes(ex.id)} onChange={() => toggle(ex.id)} />{" "}
                        {ex.title}{" "}
                        <span className="muted">
                          ({ex.itemCount} questions, version {ex.latestVersion})
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
              <FormAlert error={error} />
              <button type="submit" disabled={chosen.length === 0 || sending}>
                {sending ? "Adding…" : `Add ${chosen.length || ""} to the course`}
              </button>
            </form>
          )
        }
      </QueryState>
    </section>
  );
}
