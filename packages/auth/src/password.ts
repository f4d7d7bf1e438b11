import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// scrypt parameters: N=2^17, r=8, p=1 (OWASP's minimum: 128 MiB, ~0.3 s on one core). They are
// stored with each hash, so older hashes still verify and are upgraded at the next sign-in
// (`needsRehash`).
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const N = SCRYPT_COST.N;
const R = SCRYPT_COST.r;
const P = SCRYPT_COST.p;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;

function scryptAsync(password: string, salt: Buffer, keyLength: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Format: `scrypt$N$r$p$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password.normalize("NFKC"), salt, KEY_LENGTH, { N, r: R, p: P });
  return ["scrypt", N, R, P, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) return false;
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  if (!n || !r || !p || n > 2 ** 20) return false;
  const salt = Buffer.from(parts[4]!, "base64");
  const expected = Buffer.from(parts[5]!, "base64");
  if (expected.length === 0) return false;
  const key = await scryptAsync(password.normalize("NFKC"), salt, expected.length, { N: n, r, p });
  return timingSafeEqual(key, expected);
}

/** True when a stored hash uses weaker parameters than today's (re-hash it after a successful sign-in). */
export function needsRehash(stored: string | null | undefined): boolean {
  const parts = stored?.split("$") ?? [];
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  return (n ?? 0) < N || (r ?? 0) < R || (p ?? 0) < P;
}

/** Hashes a throwaway password so unknown emails take as long as wrong passwords. */
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("not-a-real-password");
  await verifyPassword(password, await dummyHash);
  return false;
}
