import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, commandHeaders, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type CaseView = components['schemas']['CaseViewDto'];
export type TaskForm = components['schemas']['TaskFormDto'];
export type DecisionBody = components['schemas']['DecisionBodyDto'];
export type Attachment = components['schemas']['AttachmentListDto']['items'][number];

export const caseKeys = {
  detail: (caseId: string) => ['cases', 'detail', caseId] as const,
  form: (caseId: string, taskId: string) => ['cases', 'detail', caseId, 'form', taskId] as const,
  attachments: (caseId: string) => ['cases', 'detail', caseId, 'attachments'] as const,
  dossier: (caseId: string) => ['cases', 'detail', caseId, 'dossier'] as const,
};

export function useCase(caseId: string | undefined) {
  return useQuery({
    queryKey: caseKeys.detail(caseId ?? ''),
    queryFn: () => unwrap(api.GET('/api/cases/{caseId}', { params: { path: { caseId: caseId! } } })),
    enabled: !!caseId,
  });
}

export function useTask(taskId: string | undefined) {
  return useQuery({
    queryKey: ['tasks', taskId],
    queryFn: () => unwrap(api.GET('/api/tasks/{taskId}', { params: { path: { taskId: taskId! } } })),
    enabled: !!taskId,
  });
}

export function useTaskForm(caseId: string, taskId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.form(caseId, taskId ?? ''),
    queryFn: () =>
      unwrap(api.GET('/api/cases/{caseId}/tasks/{taskId}/form', { params: { path: { caseId, taskId: taskId! } } })),
    enabled: enabled && !!taskId,
    staleTime: 5 * 60_000,
  });
}

/**
 * A decision: never optimistic (the workflow may still refuse it, and it is an audit act). One mutation at a time per
 * case (scope), the Idempotency-Key chosen by the caller per intent; afterwards the inbox and the case are re-read.
 */
export function useDecide(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    scope: { id: `case:${caseId}` },
    mutationFn: (v: { taskId: string; body: DecisionBody; key: string }) =>
      unwrap(
        api.POST('/api/cases/{caseId}/tasks/{taskId}/decision', {
          params: { path: { caseId, taskId: v.taskId } },
          body: v.body,
          headers: commandHeaders(v.key),
        }),
      ),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['inbox'] });
      void client.invalidateQueries({ queryKey: ['cases', 'detail', caseId] });
      void client.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export function useCaseCommand(caseId: string, command: 'withdraw' | 'cancel') {
  const client = useQueryClient();
  return useMutation({
    scope: { id: `case:${caseId}` },
    mutationFn: (v: { key: string; reason?: string }) =>
      command === 'withdraw'
        ? unwrap(
            api.POST('/api/cases/{caseId}/withdraw', {
              params: { path: { caseId } },
              headers: commandHeaders(v.key),
            }),
          )
        : unwrap(
            api.POST('/api/cases/{caseId}/cancel', {
              params: { path: { caseId } },
              body: { reason: v.reason ?? '' },
              headers: commandHeaders(v.key),
            }),
          ),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['inbox'] });
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

export function useAttachments(caseId: string) {
  return useQuery({
    queryKey: caseKeys.attachments(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{caseId}/attachments', { params: { path: { caseId } } })),
  });
}

export function useDossier(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.dossier(caseId),
    queryFn: () => unwrap(api.GET('/api/admission-cases/{caseId}/dossier', { params: { path: { caseId } } })),
    enabled,
  });
}
