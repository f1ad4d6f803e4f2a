/** A value that should have been refused earlier (by the schema or a check); reaching a serializer with it is a bug. */
export function internalError(message: string): Error {
  return new Error(`internal error: ${message}`);
}
