import type { MemberDto } from "@languagecloud/domain";
import { useState } from "react";
import { API_BASE, api } from "../../api/client.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { FormAlert } from "../../components/states.tsx";

type AttemptsChoice = "keep" | "delete";

/** What erasing does, in the words the confirmation uses (operations.md, "Personal data"). */
export function erasureConsequences(name: string, attempts: AttemptsChoice): string[] {
  return [
    `${name}'s name, email, password, sessions, invitations and mail are removed from this organization.`,
    attempts === "keep"
      ? `Their attempts and answers stay, under "Erased person", so the statistics do not change.`
      : "Their attempts and answers are deleted too: the statistics will be computed without them.",
    'Exercises, classes and grades they made stay with the organization, under "Erased person".',
    `If ${name} also belongs to another organization, the account stays there; only this organization's data goes.`,
    "This cannot be undone. The audit log records who erased whom and when.",
  ];
}

/**
 * A member's personal data: download everything held about them (a zip of JSON files with a README), or erase it
 * after a confirmation that says exactly what will happen.
 */
export function PersonalData({
  orgId,
  m,
  disabled,
  onErased,
  onError,
}: {
  orgId: string;
  m: MemberDto;
  disabled: boolean;
  onErased: (message: string) => void;
  onError: (error: unknown) => void;
}) {
  const [open, setOpen] = useState(false);
  const [attempts, setAttempts] = useState<AttemptsChoice>("keep");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = m.user.name;
  async function erase() {
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ accountKept: boolean }>(`/orgs/${orgId}/members/${m.user.id}/erase`, {
        method: "POST",
        body: { attempts },
      });
      setOpen(false);
      onErased(
        result.accountKept
          ? `${name}'s data was erased from this organization; their account stays in their other organizations.`
          : `${name}'s personal data was erased.`,
      );
    } catch (e) {
      setError(e);
      onError(e);
    } finally {
      setBusy(false);
    }
  }
  const group = `attempts-${m.user.id}`;
  return (
    <>
      <a className="button small" href={`${API_BASE}/orgs/${orgId}/members/${m.user.id}/data-export`} download>
        Export data<span className="visually-hidden"> of {name}</span>
      </a>{" "}
      <button type="button" className="small danger" onClick={() => setOpen(true)} disabled={disabled || busy}>
        Erase<span className="visually-hidden"> {name}'s personal data</span>
      </button>
      <ConfirmDialog
        open={open}
        title={`Erase ${name}'s personal data?`}
        confirmLabel={busy ? "Erasing…" : `Erase ${name}`}
        busy={busy}
        onConfirm={erase}
        onCancel={() => setOpen(false)}
      >
        <fieldset>
          <legend>Their attempts</legend>
          <label>
            <input
              type="radio"
              name={group}
              value="keep"
              checked={attempts === "keep"}
              onChange={() => setAttempts("keep")}
            />{" "}
            Keep them anonymized (the statistics stay as they are)
          </label>
          <label>
            <input
              type="radio"
              name={group}
              value="delete"
              checked={attempts === "delete"}
              onChange={() => setAttempts("delete")}
            />{" "}
            Delete them
          </label>
        </fieldset>
        <ul>
          {erasureConsequences(name, attempts).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="muted">
          To answer a data-access request first, use Export data: it downloads everything held about {name}.
        </p>
        <FormAlert error={error} />
      </ConfirmDialog>
    </>
  );
}
