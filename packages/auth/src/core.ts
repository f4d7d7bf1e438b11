// The parts of auth that do not load NextAuth: password hashing, the credentials check, the
// session-user lookup and the secret. The API, the scripts and the tests use these directly.
export { hashPassword, verifyPassword } from "./password";
export { authorizeCredentials, type AuthorizedUser } from "./authorize";
export { loadSessionUserById, type SessionUser } from "./session-user";
export { resolveAuthSecret } from "./secret";
