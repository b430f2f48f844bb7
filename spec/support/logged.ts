/**
 * What the Worker logged, read back from a spy on `console`: each line is one JSON object
 * (`src/utils/log.ts`); lines that are not (the runtime's own) are left out.
 */
export function loggedEvents(spy: { mock: { calls: unknown[][] } }, event?: string): Array<Record<string, unknown>> {
  const events = spy.mock.calls.flatMap((call) => {
    try {
      return [JSON.parse(String(call[0])) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  return event === undefined ? events : events.filter((e) => e.event === event);
}
