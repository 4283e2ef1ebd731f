import { TIME_ZONE } from '../shared/format';

/** An ISO timestamp as a date and time in Seoul, in the reader's locale; '—' for none. */
export function formatStamp(locale: string, iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(
    Date.parse(iso),
  );
}

/** A KST day (YYYY-MM-DD) in the reader's locale, short; '—' for none. */
export function formatShortDay(locale: string, day: string | null): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.parse(`${day}T00:00:00Z`),
  );
}

/**
 * A password for a new user or a reset, made in the browser from the platform's CSPRNG: 16
 * characters from an alphabet without look-alikes (0/O, 1/l/I), ~90 bits. The collector's route
 * takes a password or none (then the user cannot sign in), so the page makes one when asked.
 */
export function generatePassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const out: string[] = [];
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 57).
  const limit = 256 - (256 % alphabet.length);
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (b < limit && out.length < length) out.push(alphabet[b % alphabet.length] as string);
    }
  }
  return out.join('');
}
