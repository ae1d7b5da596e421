import { z } from 'zod';

// 党组织类型 — RULES §B.1
export const orgTypeSchema = z.enum([
  'organsWorkCommittee', // 机关工委
  'organCommittee', // 机关党委
  'generalBranch', // 党总支
  'branch', // 党支部
  'jointBranch', // 联合党支部
  'temporaryBranch', // 临时党支部
]);
export type OrgType = z.infer<typeof orgTypeSchema>;

export const orgStatusSchema = z.enum(['proposed', 'active', 'dissolved']);
export type OrgStatus = z.infer<typeof orgStatusSchema>;

// 党员状态 — RULES §A.1
export const membershipStatusSchema = z.enum(['full', 'probationary', 'rightsSuspended', 'partyProbation']);
export type MembershipStatus = z.infer<typeof membershipStatusSchema>;

export const postSchema = z.enum(['secretary', 'deputySecretary', 'committeeMember', 'organizer']);
export type Post = z.infer<typeof postSchema>;

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: orgTypeSchema,
  parentId: z.string().nullable(),
  departmentId: z.string().nullable(),
  status: orgStatusSchema,
  hasCommittee: z.boolean(),
  termStart: z.string().nullable(),
  termEnd: z.string().nullable(),
  termYears: z.number().int().nullable(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const memberSchema = z.object({
  personId: z.string(),
  name: z.string(),
  status: membershipStatusSchema,
  since: z.string(),
});
export type Member = z.infer<typeof memberSchema>;
