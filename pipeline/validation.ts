/** Outcome of checking a value: when it is not valid, `reason` says why in words a user can act on. */
export type Validation = { valid: true } | { valid: false; reason: string };
