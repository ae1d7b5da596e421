import { z } from 'zod';

/** Roles a principal holds at a node. `at` is an organization id (org-…) or a party group id (pg-…). */
export const roleNameSchema = z.enum(['submitter', 'approver', 'admin']);
export type RoleName = z.infer<typeof roleNameSchema>;

export const roleGrantSchema = z.object({
  role: roleNameSchema,
  /** approver: the body it acts for (org id = that org's committee, or party group id); submitter: org id; admin: subtree root org id */
  at: z.string().min(1),
});
export type RoleGrant = z.infer<typeof roleGrantSchema>;

/**
 * The acting principal as the API resolved it from the bearer token and the role table.
 * Workflows receive it inside every update so their validators can authorize a second time;
 * it is never taken from a request body.
 */
export const actorSchema = z.object({
  userId: z.string().min(1),
  displayName: z.string(),
  roles: z.array(roleGrantSchema),
  /** ids of every org inside the subtrees this actor administers (resolved by the API from the registry) */
  adminOrgIds: z.array(z.string()).default([]),
});
export type Actor = z.infer<typeof actorSchema>;
