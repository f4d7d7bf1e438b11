// The parts of auth that do not load NextAuth: password hashing, the credentials check, the
// session-user lookup and the secret. The API, the scripts and the tests use these directly.
export { hashPassword, verifyPassword } from "./password";
export { authorizeCredentials, type AuthorizedUser } from "./authorize";
export { loadSessionUserById, type SessionUser } from "./session-user";
export { resolveAuthSecret } from "./secret";
export { needsRehash, SCRYPT_COST } from "./password";
export { createDbSessionCodec, hashSessionToken, purgeExpiredSessions, revokeUserSessions } from "./db-sessions";
export {
  assertNotThrottled,
  clientAddress,
  purgeThrottle,
  recordFailure,
  recordSuccess,
  SignInThrottledError,
  throttleDelay,
  THROTTLE_RULES,
  type ThrottleSubject,
} from "./throttle";
