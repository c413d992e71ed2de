/** An error that maps to one HTTP status and the shared error shape `{error:{code,message,details}}`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = "resource") => new AppError(404, "not_found", `The ${what} was not found.`);
export const forbidden = (message = "You are not allowed to do this.") => new AppError(403, "forbidden", message);
export const unauthorized = (message = "Please log in.") => new AppError(401, "unauthorized", message);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);
export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
