import type { MediaDto } from "@languagecloud/domain";

export function presentMedia(row: {
  id: string;
  organization_id: string;
  filename: string;
  content_type: string;
  size: number | string;
  created_at: string;
}): MediaDto {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    url: `/api/v1/orgs/${row.organization_id}/media/${row.id}`,
    createdAt: row.created_at,
  };
}
