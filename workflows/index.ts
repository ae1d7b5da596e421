// The single entry the worker bundles: every workflow type the task queue serves.
export { establishmentWorkflow } from './establishment.workflow';
export { electionMeetingWorkflow } from './election/election-meeting.workflow';
export { termClockWorkflow } from './term/term-clock.workflow';
export { termShiftWorkflow } from './term/term-shift.workflow';
export { termElectionWorkflow } from './term/term-election.workflow';
export { byElectionWorkflow } from './term/by-election.workflow';
export { admissionWorkflow } from './admission';
export { orgLifeWorkflow } from './orglife/org-life.workflow';
export { orgLifePlanApprovalWorkflow } from './orglife/plan-approval.workflow';
export { lapseCaseWorkflow } from './orglife/lapse-case.workflow';
export { democraticLifeWorkflow } from './orglife/democratic-life.workflow';
export { secretaryReportWorkflow } from './orglife/secretary-report.workflow';
