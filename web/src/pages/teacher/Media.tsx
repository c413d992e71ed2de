import type { MediaDto, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { formatDate } from "../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { Uploader } from "../../components/Uploader.tsx";

export function mediaUrl(orgId: string, m: { id: string; url?: string }): string {
  return m.url || `/api/v1/orgs/${orgId}/media/${m.id}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function Preview({ orgId, m }: { orgId: string; m: MediaDto }) {
  const src = mediaUrl(orgId, m);
  // Native controls: play, pause and scrubbing by mouse, touch and keyboard. "metadata" fetches only the header
  // (a Range request), so the player shows the length without downloading the recording.
  if (m.contentType.startsWith("audio/"))
    // biome-ignore lint/a11y/useMediaCaption: uploaded recordings have no caption file; the exercise's transcript field serves instead
    return <audio controls preload="metadata" src={src} aria-label={`Play ${m.filename}`} />;
  if (m.contentType.startsWith("image/")) return <img src={src} alt={m.filename} loading="lazy" />;
  if (m.contentType.startsWith("video/"))
    // biome-ignore lint/a11y/useMediaCaption: uploaded recordings have no caption file; the exercise's transcript field serves instead
    return <video controls preload="metadata" src={src} aria-label={`Play ${m.filename}`} />;
  return (
    <a href={src} target="_blank" rel="noreferrer">
      Open {m.filename}
    </a>
  );
}

export default function MediaPage({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<MediaDto>>(orgId, "/media?limit=100");
  const [error, setError] = useState<unknown>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["org", orgId, "/media?limit=100"] });
  async function remove(m: MediaDto) {
    if (!window.confirm(`Delete ${m.filename}? A file that an exercise uses cannot be deleted.`)) return;
    setError(null);
    try {
      await api(`/orgs/${orgId}/media/${m.id}`, { method: "DELETE" });
      refresh();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="media-title">
      <h1 id="media-title">Media</h1>
      <Uploader<MediaDto>
        path={`/orgs/${orgId}/media`}
        label="Audio, image, video or PDF file"
        hint="MP3, OGG, WAV, M4A, WebM, PNG, JPEG, WebP, GIF or PDF."
        accept="audio/*,image/*,video/*,application/pdf"
        onDone={refresh}
      />
      <h2 id="files-title">Files</h2>
      <FormAlert error={error} />
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <>
              <ul className="plain media-list" aria-labelledby="files-title">
                {itemsOf(data).map((m) => (
                  <li key={m.id}>
                    <div className="row spread">
                      <strong className="breakable">{m.filename}</strong>
                      <span className="muted">
                        {m.contentType} · {formatSize(m.size)} · {formatDate(m.createdAt)}
                      </span>
                    </div>
                    <Preview orgId={orgId} m={m} />
                    <button type="button" className="small danger media-delete" onClick={() => remove(m)}>
                      Delete<span className="visually-hidden"> {m.filename}</span>
                    </button>
                  </li>
                ))}
              </ul>
              {data.nextCursor ? <p className="muted">Showing the latest {itemsOf(data).length} files.</p> : null}
            </>
          ) : (
            <Empty>No files yet. Upload a recording for a listening exercise, or an image.</Empty>
          )
        }
      </QueryState>
    </section>
  );
}
