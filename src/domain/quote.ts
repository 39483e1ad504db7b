/** Quoting of user input inside error messages. */

/** Quotes user input for an error message, cut short so a huge value cannot flood logs or pages. */
export function quoteInput(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
