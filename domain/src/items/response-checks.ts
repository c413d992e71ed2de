/** Shared by the types' response checks: a response is one field, the one of the item's type (content-model.md). */
import type { Response } from "../content/responses.ts";

export const only = (r: Response, key: keyof Response) => Object.keys(r).length === 1 && r[key] !== undefined;
