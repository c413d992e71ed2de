import { createContext, useContext } from "react";

/** Builds a media URL from its id (the player and editor know the organization; items only know the id). */
export const MediaUrlContext = createContext<(mediaId: string) => string>((id) => `/api/v1/media/${id}`);

export function MediaList({ media, label }: { media: unknown; label: string }) {
  const url = useContext(MediaUrlContext);
  if (!Array.isArray(media) || !media.length) return null;
  return (
    <div className="media">
      {media.map((m, i) => {
        const ref = (m ?? {}) as { mediaId?: string; kind?: string; alt?: string };
        if (!ref.mediaId) return null;
        const src = url(ref.mediaId);
        const name = `${label}, attachment ${i + 1}`;
        switch (ref.kind) {
          case "audio":
            // Native controls: play, pause and scrubbing by mouse, touch and keyboard.
            // biome-ignore lint/a11y/useMediaCaption: uploaded recordings have no caption file; the exercise's transcript field serves instead
            return <audio key={ref.mediaId} controls preload="metadata" src={src} aria-label={`${name} (audio)`} />;
          case "video":
            // biome-ignore lint/a11y/useMediaCaption: uploaded recordings have no caption file; the exercise's transcript field serves instead
            return <video key={ref.mediaId} controls preload="metadata" src={src} aria-label={`${name} (video)`} />;
          case "image":
            return <img key={ref.mediaId} src={src} alt={ref.alt?.trim() || name} loading="lazy" />;
          default:
            return (
              <p key={ref.mediaId}>
                <a href={src} target="_blank" rel="noreferrer">
                  Open {name}
                </a>
              </p>
            );
        }
      })}
    </div>
  );
}
