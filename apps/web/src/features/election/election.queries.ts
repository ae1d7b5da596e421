import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, commandHeaders, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type ElectionState = components['schemas']['ElectionStateDto'];
export type ElectionRound = components['schemas']['ElectionRound'];
export type QuorumBody = components['schemas']['QuorumPreviewBodyDto'];
export type OpenMeeting = components['schemas']['OpenMeetingDto'];
export type Ballot = components['schemas']['Ballot'];

export const electionKey = (caseId: string) => ['cases', 'detail', caseId, 'election'] as const;

export function useElection(caseId: string) {
  return useQuery({
    queryKey: electionKey(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{caseId}/election', { params: { path: { caseId } } })),
    refetchInterval: 10_000,
  });
}

/** The electorate and the quorum of those checked in, recomputed by the API as the clerk ticks names. */
export function useQuorumPreview(caseId: string, body: QuorumBody, enabled: boolean) {
  return useQuery({
    queryKey: [...electionKey(caseId), 'quorum', body],
    queryFn: () => unwrap(api.POST('/api/cases/{caseId}/election/quorum', { params: { path: { caseId } }, body })),
    enabled,
    placeholderData: keepPreviousData,
  });
}

function useElectionCommand<TVars, TResult>(caseId: string, run: (v: TVars) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    scope: { id: `election:${caseId}` },
    mutationFn: run,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: electionKey(caseId) });
      void client.invalidateQueries({ queryKey: ['cases', 'detail', caseId] });
      void client.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
}

export function useOpenMeeting(caseId: string) {
  return useElectionCommand(caseId, (v: { body: OpenMeeting; key: string }) =>
    unwrap(
      api.POST('/api/cases/{caseId}/election/meetings', {
        params: { path: { caseId } },
        body: v.body,
        headers: commandHeaders(v.key),
      }),
    ),
  );
}

export function useSubmitBallots(caseId: string) {
  return useElectionCommand(caseId, (v: { roundId: string; ballots: Ballot[]; key: string }) =>
    unwrap(
      api.POST('/api/cases/{caseId}/election/ballots', {
        params: { path: { caseId } },
        body: { roundId: v.roundId, ballots: v.ballots },
        headers: commandHeaders(v.key),
      }),
    ),
  );
}

export function useCloseRound(caseId: string) {
  return useElectionCommand(caseId, (v: { roundId: string; ballotsIssued: number; key: string }) =>
    unwrap(
      api.POST('/api/cases/{caseId}/election/rounds/{roundId}/close', {
        params: { path: { caseId, roundId: v.roundId } },
        body: { ballotsIssued: v.ballotsIssued },
        headers: commandHeaders(v.key),
      }),
    ),
  );
}

export function useReduceSeats(caseId: string) {
  return useElectionCommand(caseId, (v: { roundId: string; consentVotes: number; key: string }) =>
    unwrap(
      api.POST('/api/cases/{caseId}/election/rounds/{roundId}/reduce-seats', {
        params: { path: { caseId, roundId: v.roundId } },
        body: { consentVotes: v.consentVotes },
        headers: commandHeaders(v.key),
      }),
    ),
  );
}
