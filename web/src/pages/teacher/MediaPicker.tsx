import type { MediaDto, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Field, Select } from "../../components/Field.tsx";
import { Uploader } from "../../components/Uploader.tsx";

type Ref = { mediaId: string; kind: string; alt?: string };

const kindOf = (contentType: string) =>
  contentType.startsWith("audio/")
    ? "audio"
    : contentType.startsWith("image/")
      ? "image"
      : contentType.startsWith("video/")
        ? "video"
        : "file";

/** Attaches uploaded media to the exercise (e.g. the listening track). */
export function MediaPicker({
  orgId,
  value,
  onChange,
  legend = "Attachments",
}: {
  orgId: string;
  value: Ref[];
  onChange: (v: Ref[]) => void;
  legend?: string;
}) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<MediaDto>>(orgId, "/media?limit=100");
  const media = itemsOf(query.data);
  const name = (id: string) => media.find((m) => m.id === id)?.filename ?? id;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {value.length ? (
        <ul>
          {value.map((r) => (
            <li key={r.mediaId}>
              {name(r.mediaId)} ({r.kind}){" "}
              {r.kind === "image" ? (
                <Field
                  label={`What the image ${name(r.mediaId)} shows (alt text)`}
                  value={r.alt ?? ""}
                  onChange={(e) =>
                    onChange(
                      value.map((x) => (x.mediaId === r.mediaId ? { ...x, alt: e.target.value || undefined } : x)),
                    )
                  }
                />
              ) : null}
              <button
                type="button"
                className="small"
                onClick={() => onChange(value.filter((x) => x.mediaId !== r.mediaId))}
              >
                Remove<span className="visually-hidden"> {name(r.mediaId)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No attachments.</p>
      )}
      <Select
        label="Attach an uploaded file"
        value=""
        onChange={(e) => {
          const m = media.find((x) => x.id === e.target.value);
          if (m && !value.some((v) => v.mediaId === m.id))
            onChange([...value, { mediaId: m.id, kind: kindOf(m.contentType) }]);
        }}
      >
        <option value="">{query.isPending ? "Loading files…" : "Choose a file…"}</option>
        {media.map((m) => (
          <option key={m.id} value={m.id}>
            {m.filename}
          </option>
        ))}
      </Select>
      <Uploader<MediaDto>
        path={`/orgs/${orgId}/media`}
        label="Or upload a new file"
        buttonLabel="Upload and attach"
        onDone={(m) => {
          qc.invalidateQueries({ queryKey: ["org", orgId, "/media?limit=100"] });
          onChange([...value, { mediaId: m.id, kind: kindOf(m.contentType) }]);
        }}
      />
    </fieldset>
  );
}
