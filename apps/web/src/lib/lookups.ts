import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type Me = components['schemas']['MeDto'];
export type OrgNode = components['schemas']['OrgViewDto'] & { children: OrgNode[] };

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/me')), staleTime: 5 * 60_000 });
}

export function useConsoleConfig() {
  return useQuery({
    queryKey: ['console-config'],
    queryFn: () => unwrap(api.GET('/api/console-config')),
    staleTime: Infinity,
  });
}

/** The organization tree (open to every signed-in user), flattened for names and pickers. */
export function useOrgTree() {
  return useQuery({
    queryKey: ['orgs', 'tree'],
    queryFn: async () => (await unwrap(api.GET('/api/orgs'))) as unknown as OrgNode[],
    staleTime: 5 * 60_000,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: () => unwrap(api.GET('/api/departments')),
    staleTime: 5 * 60_000,
  });
}

export function flattenOrgs(nodes: OrgNode[] | undefined): OrgNode[] {
  const out: OrgNode[] = [];
  const walk = (list: OrgNode[]) => {
    for (const n of list) {
      out.push(n);
      walk(n.children ?? []);
    }
  };
  walk(nodes ?? []);
  return out;
}

/** Names of organizations and party groups (bodies) by id. */
export function useBodyNames(): (id: string | null | undefined) => string {
  const tree = useOrgTree();
  const departments = useDepartments();
  const names = new Map<string, string>();
  for (const o of flattenOrgs(tree.data)) names.set(o.id, o.name);
  for (const d of departments.data ?? [])
    if (d.partyGroupId) names.set(d.partyGroupId, d.partyGroupName ?? d.partyGroupId);
  return (id) => (id ? (names.get(id) ?? id) : '—');
}

/** Names of users and people by id, one request per set of ids. */
export function useNames(ids: (string | null | undefined)[]): (id: string | null | undefined) => string {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))].sort();
  const query = useQuery({
    queryKey: ['names', wanted],
    queryFn: () => unwrap(api.GET('/api/names', { params: { query: { ids: wanted.join(',') } } })),
    enabled: wanted.length > 0,
    staleTime: 10 * 60_000,
  });
  const names = (query.data?.names ?? {}) as Record<string, string>;
  return (id) => (id ? (names[id] ?? id) : '—');
}

/** Tree data for antd TreeSelect. */
export interface OrgTreeOption {
  value: string;
  title: string;
  children: OrgTreeOption[];
}
export function orgTreeData(nodes: OrgNode[] | undefined): OrgTreeOption[] {
  return (nodes ?? []).map((n) => ({ value: n.id, title: n.name, children: orgTreeData(n.children) }));
}
