import type { MediaDto, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { formatDate } from "../../components/format.ts";
import { Empty, QueryState } from "../../components/states.tsx";
import { Uploader } from "../../components/Uploader.tsx";

export function mediaUrl(orgId: string, m: { id: string; url?: string }): string {
  return m.url || `/api/v1/orgs/${orgId}/media/${m.id}`;
}

function Preview({ orgId, m }: { orgId: string; m: MediaDto }) {
  const src = mediaUrl(orgId, m);
  // biome-ignore lint/a11y/useMediaCaption: uploaded recordings have no caption file; the exercise's transcript field serves instead
  if (m.contentType.startsWith("audio/")) return <audio controls preload="none" src={src} aria-label={m.filename} />;
  if (m.contentType.startsWith("image/"))
    return <img src={src} alt={m.filename} loading="lazy" style={{ maxHeight: "6rem" }} />;
  if (m.contentType.startsWith("video/"))
    // biome-ignore lint/a11y/useMediaCaption: uploaded recordings have no caption file; the exercise's transcript field serves instead
    return <video controls preload="none" src={src} aria-label={m.filename} style={{ maxHeight: "10rem" }} />;
  return (
    <a href={src} target="_blank" rel="noreferrer">
      Open {m.filename}
    </a>
  );
}

export default function MediaPage({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<MediaDto>>(orgId, "/media?limit=100");
  const refresh = () => qc.invalidateQueries({ queryKey: ["org", orgId, "/media?limit=100"] });
  async function remove(m: MediaDto) {
    if (!window.confirm(`Delete ${m.filename}?`)) return;
    try {
      await api(`/orgs/${orgId}/media/${m.id}`, { method: "DELETE" });
      refresh();
    } catch (e) {
      window.alert(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="media-title">
      <h1 id="media-title">Media</h1>
      <Uploader<MediaDto>
        path={`/orgs/${orgId}/media`}
        label="Audio, image, video or PDF file"
        accept="audio/*,image/*,video/*,application/pdf"
        onDone={refresh}
      />
      <h2>Files</h2>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <ul className="plain">
              {itemsOf(data).map((m) => (
                <li key={m.id}>
                  <div className="row spread">
                    <strong>{m.filename}</strong>
                    <span className="muted">
                      {m.contentType} · {Math.ceil(m.size / 1024)} KB · {formatDate(m.createdAt)}
                    </span>
                  </div>
                  <Preview orgId={orgId} m={m} />
                  <div>
                    <button type="button" className="small danger" onClick={() => remove(m)}>
                      Delete<span className="visually-hidden"> {m.filename}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No files yet. Upload a recording for a listening exercise, or an image.</Empty>
          )
        }
      </QueryState>
    </section>
  );
}
