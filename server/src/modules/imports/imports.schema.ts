import { IMPORT_FORMATS } from "@languagecloud/domain";
import { z } from "zod";

export const orgParams = z.object({ orgId: z.string().min(1).max(64) });
export const importParams = orgParams.extend({ id: z.string().min(1).max(64) });

/** The text fields of the multipart form (the file is read separately, as a stream). */
export const importFields = z.object({
  format: z.enum(IMPORT_FORMATS),
  title: z.string().trim().max(255).optional(),
});

export const acceptedDto = z.object({ id: z.string() });
