import { sha256Hex, toHex } from '../lib/hex';

/**
 * Passwords and keys with WebCrypto only, so the same code runs on Bun and on Workers.
 */

/** Workers cap PBKDF2 at 100,000 iterations; Django's own default is higher, but portable wins. */
const PBKDF2_ITERATIONS = 100_000;
const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

async function pbkdf2(password: string, salt: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(salt), iterations },
    key,
    256,
  );
  return toBase64(new Uint8Array(bits));
}

/** Django's format, `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, so the hashes can move. */
export async function hashPassword(password: string): Promise<string> {
  const salt = toHex(crypto.getRandomValues(new Uint8Array(16)));
  return `pbkdf2_sha256$${PBKDF2_ITERATIONS}$${salt}$${await pbkdf2(password, salt, PBKDF2_ITERATIONS)}`;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [algorithm, iterations, salt, hash] = encoded.split('$');
  if (algorithm !== 'pbkdf2_sha256' || !iterations || !salt || !hash) return false;
  return constantTimeEqual(await pbkdf2(password, salt, Number(iterations)), hash);
}

/** A stored hash to compare against when the user does not exist, so timing does not tell. */
export const decoyPasswordHash = `pbkdf2_sha256$${PBKDF2_ITERATIONS}$decoy$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

/** A new API key: 160 random bits as 40 hex characters, the shape of a DRF token. */
export function generateKey(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(20)));
}

/** Keys are random, so one fast hash is enough; only the hash is stored. */
export async function hashKey(key: string): Promise<string> {
  return sha256Hex(key);
}

export function generatePassword(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(15))).replace(/[+/]/g, 'x');
}

/** Compares two strings in time that depends only on their length. */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  }
  return difference === 0;
}
