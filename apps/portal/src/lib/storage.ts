// The studio a person last looked at, per user, so / opens where they left off. localStorage can
// be unavailable (private mode, blocked storage): then nothing is remembered.

const key = (userId: string) => `gt.lastStudio.${userId}`;

export function rememberStudio(userId: string, studioId: string): void {
  try {
    localStorage.setItem(key(userId), studioId);
  } catch {
    // Storage refused: not worth bothering the person about.
  }
}

export function lastStudio(userId: string): string | null {
  try {
    return localStorage.getItem(key(userId));
  } catch {
    return null;
  }
}
