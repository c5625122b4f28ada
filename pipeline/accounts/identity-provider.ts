/**
 * How roadwatch learns who someone is. The local provider checks a password against the users table; an OpenID
 * Connect provider (the municipality's Entra ID) would be a second implementation: its sign-in callback verifies the
 * ID token and answers the user its username claim names. Either way roles, teams and sessions stay roadwatch's own
 * (AccountService.signIn takes whatever a provider answers), so adding one changes no route's access.
 */
import type { User, UserRepository } from "../storage/user-repository.js";
import { hashPassword, hasCurrentCost, verifyPassword } from "./password-hash.js";

export interface IdentityProvider<Credentials> {
  /** The account the credentials prove, disabled or not; null when they prove none. */
  identify(credentials: Credentials): Promise<User | null>;
}

export interface PasswordCredentials {
  username: string;
  password: string;
}

export class LocalPasswordProvider implements IdentityProvider<PasswordCredentials> {
  /** Hashed once, so that an unknown username costs a hash like a known one and does not show in the timing. */
  private decoyHash: Promise<string> | null = null;

  constructor(private readonly users: UserRepository) {}

  async identify({ username, password }: PasswordCredentials): Promise<User | null> {
    const user = await this.users.findByUsername(normalizeUsername(username));
    const stored = user === null ? null : await this.users.passwordHash(user.id);
    if (user === null || stored === null) {
      this.decoyHash ??= hashPassword("no account has this password");
      await verifyPassword(password, await this.decoyHash);
      return null;
    }
    if (!(await verifyPassword(password, stored))) return null;
    // the cost went up since this password was hashed: this is the one moment the password is known
    if (!hasCurrentCost(stored)) await this.users.setPasswordHash(user.id, await hashPassword(password));
    return user;
  }
}

/** Usernames compare without letter case or surrounding spaces: "Jens.Hansen " is jens.hansen. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
