/** Counts frames refused on the player socket, overall, by reason and by screen (bounded). */
const MAX_SCREENS = 10_000;

export function createRejections() {
  let total = 0;
  const byCode = new Map<string, number>();
  const byScreen = new Map<string, number>();
  return {
    /** Counts `n` refusals (a batch may drop many records at once). */
    count(code: string, screenId?: string, n = 1): void {
      total += n;
      byCode.set(code, (byCode.get(code) ?? 0) + n);
      if (screenId && (byScreen.has(screenId) || byScreen.size < MAX_SCREENS)) byScreen.set(screenId, (byScreen.get(screenId) ?? 0) + n);
    },
    forScreen: (screenId: string): number => byScreen.get(screenId) ?? 0,
    snapshot: () => ({ total, byCode: Object.fromEntries(byCode), byScreen: Object.fromEntries(byScreen) }),
  };
}
export type Rejections = ReturnType<typeof createRejections>;
