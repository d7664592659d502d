// Errors thrown by compilePolicy. A broken policy must fail at publish/load
// time with every problem listed, never at request time.

export interface PolicyIssue {
  /** Path inside the policy document, e.g. ["criteria", "2", "outcomes", "0", "when"]. */
  path: string[];
  message: string;
}

export class PolicyValidationError extends Error {
  override readonly name = 'PolicyValidationError';
  readonly issues: PolicyIssue[];

  constructor(issues: PolicyIssue[]) {
    const shown = issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join('.') : '(policy)'}: ${i.message}`)
      .join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    super(`Invalid policy: ${shown}${more}`);
    this.issues = issues;
  }
}
