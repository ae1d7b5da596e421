import { endedElectionState } from '../../../apps/api/src/cases/ended-election';

/** The GET election route's answer for an ended election comes from the case record (issue 8 §1). */
describe('endedElectionState', () => {
  const result = {
    workflowId: 'by-election:org-a:1',
    seats: 1,
    candidates: [{ personId: 'p1', name: '甲', surnameStrokes: 5 }],
    status: 'elected',
    committee: ['p1'],
    secretaryId: null,
    deputyId: null,
    failureReason: null,
    meetings: [{ meetingNo: 1, quorumMet: true }],
    rounds: [{ roundId: 'r1', ballotsReturned: 7 }],
  };

  it('shows the result of this election child as its final state', () => {
    expect(endedElectionState(result, 'by-election:org-a:1')).toEqual({
      phase: 'done',
      seats: 1,
      candidates: result.candidates,
      meetings: result.meetings,
      rounds: result.rounds,
      elected: ['p1'],
      secretaryId: null,
      deputyId: null,
      pendingOfficers: null,
      failureReason: null,
    });
  });

  it('a failed election is shown failed with its reason', () => {
    const failed = { ...result, status: 'failed', committee: [], failureReason: '两次未达到法定人数' };
    expect(endedElectionState(failed, 'by-election:org-a:1')).toMatchObject({
      phase: 'failed',
      elected: [],
      failureReason: '两次未达到法定人数',
    });
  });

  it.each([
    ['no result yet (the election runs)', undefined, 'by-election:org-a:1'],
    ["an earlier child's result (a re-election of officers runs in a new child)", result, 'by-election:org-a:1:2'],
    ['a result written before results named their child', { ...result, workflowId: undefined }, 'by-election:org-a:1'],
  ])('%s: left to the live query', (_name, stored, workflowId) => {
    expect(endedElectionState(stored, workflowId)).toBeNull();
  });

  it('a result that does not name its child is taken only when asked (the child is gone from Temporal)', () => {
    const unnamed = { ...result, workflowId: undefined };
    expect(endedElectionState(unnamed, 'by-election:org-a:1', { unnamed: true })).toMatchObject({ phase: 'done' });
    // an earlier child's named result stays an earlier child's, and a record without any result has none
    expect(endedElectionState(result, 'by-election:org-a:1:2', { unnamed: true })).toBeNull();
    expect(endedElectionState({ electionWorkflowId: 'x' }, 'by-election:org-a:1', { unnamed: true })).toBeNull();
  });
});
