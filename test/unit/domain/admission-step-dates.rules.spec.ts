import {
  checkAdmissionWithdraw,
  checkConversionMeetingMax,
  checkDateField,
  checkLeavingUnit,
  checkTransferDate,
  checkStepDate,
  checkTrainingDates,
  checkTransferNotLate,
  conversionMeetingMaxDueDate,
  durationMonths,
  getPolicy,
  latestStepDate,
  localDate,
  politicalReviewNotPassed,
  stepDateField,
  thoughtReportDates,
  withOverrides,
} from '../../../libs/domain';

const policy = getPolicy('2026.1');

describe('step dates of a development case (RULES §E key dates)', () => {
  it('names the date field of each step: <event>Date for dated events, `date` otherwise', () => {
    expect(stepDateField('E15')).toBe('meetingDate');
    expect(stepDateField('E23')).toBe('meetingDate');
    expect(stepDateField('E2')).toBe('talkDate');
    expect(stepDateField('E20')).toBe('oathDate');
    expect(stepDateField('E22')).toBe('applicationDate');
    expect(stepDateField('E11')).toBe('trainingEndDate');
    expect(stepDateField('E13')).toBe('date');
    expect(stepDateField('E17-PG')).toBe('date');
  });

  it('accepts no date, or a date between the latest recorded step and today (both inclusive)', () => {
    const prev = { step: 'E13', date: '2026-03-05' };
    expect(checkStepDate('E15', 'meetingDate', undefined, '2026-03-20', prev)).toBeNull();
    expect(checkStepDate('E15', 'meetingDate', '2026-03-05', '2026-03-20', prev)).toBeNull();
    expect(checkStepDate('E15', 'meetingDate', '2026-03-20', '2026-03-20', prev)).toBeNull();
    expect(checkStepDate('E15', 'meetingDate', '2026-03-20', '2026-03-20', null)).toBeNull();
  });

  it('refuses a date before the previous step, naming both step numbers and dates', () => {
    const v = checkStepDate('E15', 'meetingDate', '2026-03-01', '2026-03-20', { step: 'E13', date: '2026-03-05' });
    expect(v).toMatchObject({
      code: 'STEP_DATE_BEFORE_PREVIOUS',
      kind: 'rule',
      numbers: { step: 'E15', date: '2026-03-01', previousStep: 'E13', previousDate: '2026-03-05' },
    });
    expect(v!.messageEn).toBe('step 15 date 2026-03-01 is before step 13 date 2026-03-05');
    expect(v!.message).toBe('第15步日期2026-03-01早于第13步日期2026-03-05');
    const pg = checkStepDate('E24', 'date', '2027-01-01', '2027-03-01', { step: 'E24-PG', date: '2027-01-02' });
    expect(pg!.messageEn).toBe('step 24 date 2027-01-01 is before step 24 (party group) date 2027-01-02');
  });

  it('refuses a date after today and a value that is not a date (400 naming the field)', () => {
    expect(checkStepDate('E20', 'oathDate', '2026-03-21', '2026-03-20', null)).toMatchObject({
      code: 'STEP_DATE_IN_FUTURE',
      kind: 'rule',
      messageEn: 'step 20 is dated 2026-03-21, after today 2026-03-20: a recorded date cannot lie ahead',
      numbers: { step: 'E20', field: 'oathDate', date: '2026-03-21', today: '2026-03-20' },
    });
    expect(checkStepDate('E20', 'oathDate', 'today', '2026-03-20', null)).toMatchObject({
      code: 'STEP_DATE_INVALID',
      kind: 'invalid',
      numbers: { field: 'oathDate' },
    });
    expect(checkStepDate('E20', 'oathDate', '2026-02-30', '2026-03-20', null)?.code).toBe('STEP_DATE_INVALID');
  });

  it('checks training start against end (step 11)', () => {
    expect(checkTrainingDates('2026-03-01', '2026-03-03')).toBeNull();
    expect(checkTrainingDates('2026-03-04', '2026-03-03')).toMatchObject({
      code: 'TRAINING_DATES_REVERSED',
      numbers: { trainingStartDate: '2026-03-04', trainingEndDate: '2026-03-03' },
    });
  });

  it('takes the latest entry of the record, the later one of equal dates', () => {
    expect(latestStepDate([])).toBeNull();
    expect(
      latestStepDate([
        { step: 'E1', date: '2026-01-01' },
        { step: 'E13', date: '2026-03-05' },
        { step: 'E12', date: '2026-03-04' },
        { step: 'transfer', date: '2026-03-05' },
      ]),
    ).toEqual({ step: 'transfer', date: '2026-03-05' });
  });

  it('reads today on the local (China, UTC+8) calendar, not in UTC', () => {
    expect(policy.localUtcOffsetMinutes).toBe(480);
    expect(localDate('2026-03-01T15:59:59.999Z', policy)).toBe('2026-03-01');
    expect(localDate('2026-03-01T16:00:00.000Z', policy)).toBe('2026-03-02');
    expect(localDate('2026-12-31T17:00:00Z', policy)).toBe('2027-01-01');
    expect(localDate('2026-03-01T00:30:00+08:00', policy)).toBe('2026-03-01');
    expect(localDate('2026-03-01T16:00:00.000Z', { localUtcOffsetMinutes: 0 })).toBe('2026-03-01');
  });
});

describe('member development rules added after review', () => {
  it('refuses a pre-review approval when the candidate leaves the unit within 3 months (step 13)', () => {
    expect(checkLeavingUnit('2026-06-02', '2026-03-01', policy)).toBeNull();
    const v = checkLeavingUnit('2026-06-01', '2026-03-01', policy);
    expect(v).toMatchObject({
      code: 'LEAVING_UNIT_WITHIN_BLOCK',
      kind: 'rule',
      rule: 'RULES §E step 13',
      numbers: { expectedLeaveDate: '2026-06-01', onDate: '2026-03-01', blockedUntil: '2026-06-01', months: 3 },
    });
    expect(v!.message).toContain('3个月');
    expect(checkLeavingUnit('2026-03-15', '2026-03-01', policy)?.code).toBe('LEAVING_UNIT_WITHIN_BLOCK');
  });

  it('keeps a transfer not after today, and a probationary one not after the probation end (step 21)', () => {
    expect(checkTransferNotLate('2026-05-01', '2026-05-01', 'activist', null)).toBeNull();
    expect(checkTransferNotLate('2026-05-02', '2026-05-01', 'activist', null)).toMatchObject({
      code: 'TRANSFER_DATE_IN_FUTURE',
      numbers: { effectiveDate: '2026-05-02', today: '2026-05-01' },
    });
    expect(checkTransferNotLate('2027-03-10', '2027-04-01', 'probationary', '2027-03-10')).toBeNull();
    expect(checkTransferNotLate('2027-03-11', '2027-04-01', 'probationary', '2027-03-10')).toMatchObject({
      code: 'TRANSFER_AFTER_PROBATION_END',
      numbers: { effectiveDate: '2027-03-11', probationEnd: '2027-03-10' },
    });
  });

  it('answers malformed dates of steps 13 and 21 with the input violation naming the field, never a throw', () => {
    const invalid = (field: string, value: string) => ({
      code: 'INVALID_DATE',
      kind: 'invalid',
      numbers: { field, value },
    });
    expect(checkLeavingUnit('2026-02-30', '2026-03-01', policy)).toMatchObject(
      invalid('expectedLeaveDate', '2026-02-30'),
    );
    expect(checkLeavingUnit('2026-06-01', '1 March', policy)).toMatchObject(invalid('date', '1 March'));
    expect(checkTransferNotLate('2026-13-01', '2026-05-01', 'activist', null)).toMatchObject(
      invalid('effectiveDate', '2026-13-01'),
    );
    expect(checkTransferDate('2026-5-1', { step: 'E5', date: '2026-04-01' })).toMatchObject(
      invalid('effectiveDate', '2026-5-1'),
    );
    expect(checkDateField('date', '2028-02-29')).toBeNull();
    expect(checkDateField('date', '2027-02-29')).toMatchObject(invalid('date', '2027-02-29'));
  });

  it('raises the three-month cap of the conversion meeting after the probation end plus postponement', () => {
    expect(conversionMeetingMaxDueDate('2027-03-10', 0, policy)).toBe('2027-06-10');
    expect(conversionMeetingMaxDueDate('2027-03-10', 2, policy)).toBe('2027-08-10');
    expect(checkConversionMeetingMax('2027-03-10', 0, '2027-06-10', policy)).toBeNull();
    expect(checkConversionMeetingMax('2027-03-10', 0, '2027-06-11', policy)).toMatchObject({
      code: 'CONVERSION_MEETING_BEYOND_THREE_MONTHS',
      numbers: { probationEnd: '2027-03-10', dueDate: '2027-06-10', onDate: '2027-06-11', months: 3 },
    });
  });

  it('refuses a submitter withdrawal from the step-15 meeting on, not before', () => {
    expect(checkAdmissionWithdraw('E14')).toBeNull();
    expect(checkAdmissionWithdraw('E6')).toBeNull();
    expect(checkAdmissionWithdraw('E15')).toMatchObject({ code: 'WITHDRAW_AFTER_BRANCH_VOTE', kind: 'conflict' });
    expect(checkAdmissionWithdraw('E17-PG')?.numbers).toMatchObject({ step: 17 });
    expect(checkAdmissionWithdraw('E23')?.code).toBe('WITHDRAW_AFTER_BRANCH_VOTE');
  });

  it('keeps the political review text out of the rejection (H-15)', () => {
    const v = politicalReviewNotPassed();
    expect(v).toMatchObject({ code: 'POLITICAL_REVIEW_FAILED', rule: 'RULES §E step 10' });
  });

  it('reminds quarterly thought reports strictly between two assessments (step 6)', () => {
    expect(thoughtReportDates('2026-01-31', '2026-07-31', policy.activistReportInterval)).toEqual(['2026-04-30']);
    expect(thoughtReportDates('2026-01-31', '2026-01-31', policy.activistReportInterval)).toEqual([]);
    expect(thoughtReportDates('2026-01-31', '2026-07-31', { days: 0 })).toEqual([]);
  });

  it('counts a period in whole months with one helper (years × 12 + months)', () => {
    expect(durationMonths({ years: 1, months: 6 })).toBe(18);
    expect(durationMonths({ days: 10 })).toBe(0);
    const yearly = withOverrides(policy, { transferPostponeMax: { years: 1 } });
    expect(yearly.transferPostponeMax).toEqual({ years: 1 });
  });
});
