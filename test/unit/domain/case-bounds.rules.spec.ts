import {
  checkContactChangeCap,
  checkReturnLoopCap,
  checkStepPayloadSize,
  countStepReturns,
  getPolicy,
  jsonBytes,
  POLICY_VERSIONS,
} from '../../../libs/domain';

const policy = getPolicy();

describe('case bounds (issue 8 §2, RULES §G caseBounds)', () => {
  it('every policy version carries the bounds, far below Temporal limits', () => {
    for (const p of Object.values(POLICY_VERSIONS)) {
      expect(p.caseBounds.maxReturnsPerStep).toBeGreaterThan(0);
      // 25 development steps, each returned to the cap, stay far below 2,000 updates per workflow
      expect(25 * p.caseBounds.maxReturnsPerStep).toBeLessThan(2000 / 4);
      expect(p.caseBounds.maxStepPayloadBytes).toBeLessThanOrEqual((2 * 1024 * 1024) / 16);
      expect(p.caseBounds.maxContactChanges).toBeGreaterThan(0);
    }
  });

  it('counts the returns of one step from the timeline', () => {
    const timeline = [
      { step: 'C2', event: 'task.decided', outcome: 'return' },
      { step: 'C2', event: 'task.decided', outcome: 'approve' },
      { step: 'C3', event: 'task.decided', outcome: 'return' },
      { step: 'C2', event: 'task.opened', outcome: null },
      { step: 'C2', event: 'task.decided', outcome: 'return' },
    ];
    expect(countStepReturns(timeline, 'C2')).toBe(2);
    expect(countStepReturns(timeline, 'E5')).toBe(0);
  });

  it('refuses the return past the cap with 422 naming the cap and its numbers', () => {
    const max = policy.caseBounds.maxReturnsPerStep;
    expect(checkReturnLoopCap('C3', max - 1, policy)).toBeNull();
    expect(checkReturnLoopCap('C3', max, policy)).toMatchObject({
      code: 'RETURN_LOOP_CAP_REACHED',
      kind: 'rule',
      rule: 'RULES §G (caseBounds)',
      numbers: { step: 'C3', returns: max, maxReturnsPerStep: max },
    });
  });

  it('refuses a contact change past the cap', () => {
    const max = policy.caseBounds.maxContactChanges;
    expect(checkContactChangeCap(max - 1, policy)).toBeNull();
    expect(checkContactChangeCap(max, policy)).toMatchObject({
      code: 'CONTACT_CHANGE_CAP_REACHED',
      kind: 'rule',
      numbers: { contactChanges: max, maxContactChanges: max },
    });
  });

  it('measures payloads in UTF-8 bytes and refuses one over the limit naming the field', () => {
    expect(jsonBytes({ a: '党' })).toBe(Buffer.byteLength(JSON.stringify({ a: '党' })));
    expect(jsonBytes({ a: '😀' })).toBe(Buffer.byteLength(JSON.stringify({ a: '😀' })));
    const max = policy.caseBounds.maxStepPayloadBytes;
    expect(checkStepPayloadSize('E10', { text: 'x'.repeat(max - 20) }, policy)).toBeNull();
    expect(checkStepPayloadSize('E10', undefined, policy)).toBeNull();
    expect(checkStepPayloadSize('E10', { text: '党'.repeat(max / 3) }, policy)).toMatchObject({
      code: 'STEP_PAYLOAD_TOO_LARGE',
      kind: 'invalid',
      numbers: { field: 'payload', step: 'E10', maxStepPayloadBytes: max },
    });
  });
});
