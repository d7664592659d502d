/**
 * Changes one case can take, its submission included (submit, fact updates, requests for
 * information, decisions, appeal, extension, withdrawal): each writes one audit entry and at most
 * one determination, so a case's history is bounded and so is any response that reads it (the
 * GraphQL cost estimate counts `determinations` and `auditTrail` at this many items). The next
 * change is refused with CASE_CHANGE_LIMIT.
 */
export const MAX_CASE_CHANGES = 50;
