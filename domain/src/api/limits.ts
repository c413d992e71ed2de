/** Limits that both the server enforces and the web app shows, so the two never disagree (issue 15, item 8). */

/** The shortest password accepted anywhere (sign-up, join, reset, invitations). Length only: NIST SP 800-63B. */
export const MIN_PASSWORD_LENGTH = 10;

/** The sentence every new-password field shows. */
export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters.`;
