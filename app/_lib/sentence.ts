/** Server refusals are sentences that start in lower case ("the PDF is truncated…"); shown on their own, they start with a capital. */
export const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
