/** Outcome of checking a value: when it is not valid, `reason` says why in words a user can act on. */
export type Validation = { valid: true } | { valid: false; reason: string };

/** A schema library's complaints as one line, e.g. "input.size: expected a number; classes: too small". */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], rootName: string): string {
  return issues.map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join(".") : rootName}: ${issue.message}`).join("; ");
}
