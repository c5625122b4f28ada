/**
 * The decisions about accounts: who may have one, how signing in opens a session and when a session or a device
 * token stops working. Routes and the CLI hand requests in and turn the answers into responses or lines.
 */
import { randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import type { Storage } from "../storage/database.js";
import type { Device } from "../storage/device-repository.js";
import type { Session } from "../storage/session-repository.js";
import type { User } from "../storage/user-repository.js";
import { LocalPasswordProvider, normalizeUsername, type PasswordCredentials } from "./identity-provider.js";
import { LoginThrottle } from "./login-throttle.js";
import { hashPassword } from "./password-hash.js";
import { type Principal, type Role, ROLES } from "./roles.js";
import { newSecretToken, tokenDigest } from "./secret-token.js";
import type { Validation } from "../validation.js";

/** A request the service turns down: `kind` says whether something named is missing, taken, or the request is wrong. */
export class AccountRejection extends Error {
  constructor(
    readonly kind: "invalid" | "not-found" | "conflict",
    message: string,
  ) {
    super(message);
    this.name = "AccountRejection";
  }
}

export interface AccountSettings {
  storage: Storage;
  /** a session ends after this long without a request */
  sessionIdleMs: number;
  /** and this long after it began in any case */
  sessionMaxMs: number;
  /** failed sign-ins per username within LOGIN_WINDOW_MS; each client address may fail ADDRESS_FAILURE_FACTOR times as often */
  loginMaxFailures: number;
  now?: () => number;
}

/** The settings of ROADWATCH_SESSION_IDLE_MINUTES, ROADWATCH_SESSION_MAX_HOURS and ROADWATCH_LOGIN_MAX_FAILURES. */
export function accountSettings(
  config: Pick<Config, "sessionIdleMinutes" | "sessionMaxHours" | "loginMaxFailures">,
): Pick<AccountSettings, "sessionIdleMs" | "sessionMaxMs" | "loginMaxFailures"> {
  return {
    sessionIdleMs: config.sessionIdleMinutes * 60 * 1000,
    sessionMaxMs: config.sessionMaxHours * 60 * 60 * 1000,
    loginMaxFailures: config.loginMaxFailures,
  };
}

export interface NewAccount {
  username: string;
  displayName: string | null;
  role: Role;
  /** a crew's team; other roles may have none */
  teamId: number | null;
  /** null: no local password (signs in through another identity provider) */
  password: string | null;
}

export interface NewDeviceRequest {
  name: string;
  teamId: number | null;
  /** null: the token never expires */
  expiresInDays: number | null;
}

/** What the browser keeps: the token goes in the cookie, the CSRF token in the page. */
export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAtMs: number;
}

export interface SignedInSession {
  user: User;
  principal: Principal;
  session: Session;
}

export type SignInResult =
  | { outcome: "signed-in"; user: User; session: OpenedSession }
  | { outcome: "refused" }
  | { outcome: "throttled"; retryAfterMs: number };

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** A municipality's offices reach the server from one address: it may fail more often than one username. */
const ADDRESS_FAILURE_FACTOR = 4;
/** last-seen times are this coarse, so a page's many requests write one row a minute, not one each */
const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;
const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1000;
const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,99}$/;
const DEVICE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u;
const MAX_DISPLAY_NAME_LENGTH = 100;
const DEVICE_TOKEN_PREFIX = "rwd_";
const DAY_MS = 24 * 60 * 60 * 1000;

export class AccountService {
  private readonly passwords: LocalPasswordProvider;
  private readonly usernameFailures: LoginThrottle;
  private readonly addressFailures: LoginThrottle;
  private readonly now: () => number;

  constructor(private readonly settings: AccountSettings) {
    this.now = settings.now ?? Date.now;
    this.passwords = new LocalPasswordProvider(settings.storage.users);
    this.usernameFailures = new LoginThrottle({ maxFailures: settings.loginMaxFailures, windowMs: LOGIN_WINDOW_MS, now: this.now });
    this.addressFailures = new LoginThrottle({
      maxFailures: settings.loginMaxFailures * ADDRESS_FAILURE_FACTOR,
      windowMs: LOGIN_WINDOW_MS,
      now: this.now,
    });
  }

  /**
   * Checks the password and opens a new session; the session the browser held before, if any, ends, so a session
   * id planted before signing in is worth nothing after. Wrong passwords, unknown and disabled users are all
   * "refused", alike, and count towards the username's and the address's limits.
   */
  async signInWithPassword(credentials: PasswordCredentials, clientAddress: string, previousToken: string | null): Promise<SignInResult> {
    const usernameKey = normalizeUsername(credentials.username);
    const retryAfterMs = Math.max(this.usernameFailures.retryAfterMs(usernameKey), this.addressFailures.retryAfterMs(clientAddress));
    if (retryAfterMs > 0) return { outcome: "throttled", retryAfterMs };
    const user = await this.passwords.identify(credentials);
    if (user === null || user.disabledAtMs !== null) {
      this.usernameFailures.recordFailure(usernameKey);
      this.addressFailures.recordFailure(clientAddress);
      return { outcome: "refused" };
    }
    this.usernameFailures.forget(usernameKey);
    if (previousToken !== null) await this.endSession(previousToken);
    return { outcome: "signed-in", user, session: await this.openSession(user) };
  }

  /** A fresh session for a user some identity provider vouched for. */
  async openSession(user: User): Promise<OpenedSession> {
    if (user.disabledAtMs !== null) throw new AccountRejection("invalid", `${user.username} is disabled`);
    const { sessions } = this.settings.storage;
    const nowMs = this.now();
    await sessions.deleteEnded(nowMs, nowMs - this.settings.sessionIdleMs);
    const token = newSecretToken();
    const session = await sessions.create({
      tokenDigest: tokenDigest(token),
      userId: user.id,
      csrfToken: newSecretToken(),
      createdAtMs: nowMs,
      expiresAtMs: nowMs + this.settings.sessionMaxMs,
    });
    return { token, csrfToken: session.csrfToken, expiresAtMs: session.expiresAtMs };
  }

  /** The session a cookie's token opens; null when it is unknown, over, or its user is disabled. */
  async resolveSession(token: string): Promise<SignedInSession | null> {
    const { sessions, users } = this.settings.storage;
    const digest = tokenDigest(token);
    const session = await sessions.get(digest);
    if (session === null) return null;
    const nowMs = this.now();
    if (nowMs >= session.expiresAtMs || nowMs - session.lastSeenAtMs >= this.settings.sessionIdleMs) {
      await sessions.delete(digest);
      return null;
    }
    const user = await users.get(session.userId);
    if (user === null || user.disabledAtMs !== null) return null;
    if (nowMs - session.lastSeenAtMs >= SESSION_TOUCH_INTERVAL_MS) await sessions.touch(digest, nowMs);
    return { user, principal: userPrincipal(user), session };
  }

  async endSession(token: string): Promise<void> {
    await this.settings.storage.sessions.delete(tokenDigest(token));
  }

  async addUser(account: NewAccount): Promise<User> {
    const { users } = this.settings.storage;
    const username = normalizeUsername(account.username);
    if (!USERNAME.test(username)) {
      throw new AccountRejection("invalid", `'${account.username}' is not a username: 2–100 letters a–z, digits and . _ @ -`);
    }
    if (!ROLES.includes(account.role)) throw new AccountRejection("invalid", `'${String(account.role)}' is not a role: ${ROLES.join(", ")}`);
    if (account.role === "crew" && account.teamId === null) throw new AccountRejection("invalid", "a crew account needs a team");
    await this.requireTeam(account.teamId);
    const displayName = account.displayName?.trim() || null;
    if (displayName !== null && displayName.length > MAX_DISPLAY_NAME_LENGTH) {
      throw new AccountRejection("invalid", `a display name has at most ${MAX_DISPLAY_NAME_LENGTH} characters`);
    }
    if (account.password !== null) {
      const validation = validatePassword(account.password);
      if (!validation.valid) throw new AccountRejection("invalid", validation.reason);
    }
    if ((await users.findByUsername(username)) !== null) throw new AccountRejection("conflict", `the username ${username} is taken`);
    const passwordHash = account.password === null ? null : await hashPassword(account.password);
    return users.create({ username, displayName, role: account.role, teamId: account.teamId, passwordHash });
  }

  /** Disables the account and ends its sessions; the account stays, named in the audit log and on work orders. */
  async disableUser(userId: number): Promise<User> {
    const { users, sessions } = this.settings.storage;
    const user = await users.disable(userId, this.now());
    if (user === null) throw new AccountRejection("not-found", `user ${userId} does not exist`);
    await sessions.deleteForUser(userId);
    return user;
  }

  /** The token is in the answer once; only its digest is stored. */
  async issueDevice(request: NewDeviceRequest): Promise<{ device: Device; token: string }> {
    const { devices } = this.settings.storage;
    const name = request.name.trim();
    if (!DEVICE_NAME.test(name)) {
      throw new AccountRejection("invalid", `'${request.name}' is not a device name: up to 64 letters, digits, spaces and . _ -`);
    }
    if (request.expiresInDays !== null && !(Number.isInteger(request.expiresInDays) && request.expiresInDays > 0)) {
      throw new AccountRejection("invalid", "a token expires after a whole number of days, at least 1");
    }
    await this.requireTeam(request.teamId);
    if ((await devices.findByName(name)) !== null) throw new AccountRejection("conflict", `a device named ${name} exists`);
    const token = newSecretToken(DEVICE_TOKEN_PREFIX);
    const expiresAtMs = request.expiresInDays === null ? null : this.now() + request.expiresInDays * DAY_MS;
    const device = await devices.create({ name, teamId: request.teamId, tokenDigest: tokenDigest(token), expiresAtMs });
    return { device, token };
  }

  async revokeDevice(deviceId: number): Promise<Device> {
    const device = await this.settings.storage.devices.revoke(deviceId, this.now());
    if (device === null) throw new AccountRejection("not-found", `device ${deviceId} does not exist`);
    return device;
  }

  /** The device a bearer token belongs to; null when it is unknown, revoked or expired. */
  async authenticateDevice(token: string): Promise<Device | null> {
    const { devices } = this.settings.storage;
    const device = await devices.findByTokenDigest(tokenDigest(token));
    if (device === null || deviceState(device, this.now()) !== "active") return null;
    if (device.lastUsedAtMs === null || this.now() - device.lastUsedAtMs >= SESSION_TOUCH_INTERVAL_MS) await devices.touch(device.id, this.now());
    return device;
  }

  private async requireTeam(teamId: number | null): Promise<void> {
    if (teamId !== null && (await this.settings.storage.teams.get(teamId)) === null) {
      throw new AccountRejection("not-found", `team ${teamId} does not exist`);
    }
  }
}

export type DeviceState = "active" | "expired" | "revoked";

/** Whether a device's token works now, and if not, why. */
export function deviceState(device: Device, nowMs: number): DeviceState {
  if (device.revokedAtMs !== null) return "revoked";
  return device.expiresAtMs !== null && nowMs >= device.expiresAtMs ? "expired" : "active";
}

export function userPrincipal(user: User): Principal {
  return { kind: "user", userId: user.id, username: user.username, role: user.role, teamId: user.teamId };
}

export function devicePrincipal(device: Device): Principal {
  return { kind: "device", deviceId: device.id, deviceName: device.name, teamId: device.teamId };
}

/** Length is what makes a password strong (NIST SP 800-63B): no rules about character classes. */
export function validatePassword(password: string): Validation {
  if (password.length < MIN_PASSWORD_LENGTH) return { valid: false, reason: `a password has at least ${MIN_PASSWORD_LENGTH} characters` };
  if (password.length > MAX_PASSWORD_LENGTH) return { valid: false, reason: `a password has at most ${MAX_PASSWORD_LENGTH} characters` };
  return { valid: true };
}

/** Letters and digits only, so that a password starting with "-" never reads as an option when typed on a command line. */
const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const GENERATED_PASSWORD_LENGTH = 22;

/** Bytes from here up are skipped, so that every character of the alphabet is equally likely. */
const UNBIASED_BYTE_LIMIT = 256 - (256 % PASSWORD_ALPHABET.length);

/** 22 characters from 57 (128 random bits), without look-alikes (I, O, l, 0, 1): for a first account, shown once. */
export function generatePassword(): string {
  const accepted = [...randomBytes(GENERATED_PASSWORD_LENGTH * 2)].filter((byte) => byte < UNBIASED_BYTE_LIMIT);
  if (accepted.length < GENERATED_PASSWORD_LENGTH) return generatePassword();
  return accepted
    .slice(0, GENERATED_PASSWORD_LENGTH)
    .map((byte) => PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length])
    .join("");
}
