import type { ProjectRole } from "./schema/index";

/** Project roles in increasing order of privilege. */
export const PROJECT_ROLES = ["annotator", "lead", "admin"] as const satisfies readonly ProjectRole[];

export function roleRank(role: ProjectRole): number {
  return PROJECT_ROLES.indexOf(role);
}

export function roleAtLeast(role: ProjectRole, minimum: ProjectRole): boolean {
  return roleRank(role) >= roleRank(minimum);
}
