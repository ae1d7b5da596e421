import { flattenOrgs, useMe, useOrgTree } from '../../lib/lookups';

/** Organizations where the user files requests: their submitter nodes and, for administrators, their subtrees. */
export function useSubmitterOrgs(): { value: string; label: string }[] {
  const me = useMe();
  const tree = useOrgTree();
  const all = flattenOrgs(tree.data);
  const ids = new Set([
    ...(me.data?.roles ?? []).filter((r) => r.role === 'submitter').map((r) => r.at),
    ...(me.data?.adminOrgIds ?? []),
  ]);
  return all.filter((o) => ids.has(o.id)).map((o) => ({ value: o.id, label: o.name }));
}
