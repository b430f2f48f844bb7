/** A client as logs may name them: the last four digits only. */
export function redact(client: string): string {
  return `whatsapp:+…${client.slice(-4)}`;
}
