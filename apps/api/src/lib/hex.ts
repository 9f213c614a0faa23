/** A lookup table: hex-encoding the API key's hash runs on every request (half of hashKey's time). */
const hexOfByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += hexOfByte[byte];
  return hex;
}

const encoder = new TextEncoder();

/** SHA-256 of the UTF-8 text as 64 hex digits, with WebCrypto (the same on Bun and Workers). */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}
