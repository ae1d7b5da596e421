// Functional core shared by the API and the Temporal workflows: pure, deterministic, no imports outside this folder.
export * from './errors/rule-violation';
export * from './policy/policy-table';
export * from './dates/date-math';
export * from './registry/eligibility.rules';
export * from './registry/term.rules';
export * from './election/voters.rules';
export * from './election/slate.rules';
export * from './election/quorum.rules';
export * from './election/ballot.rules';
export * from './election/tally.rules';
export * from './approval/task.rules';
export * from './election/branch-vote.rules';
export * from './development/development.rules';
export * from './election/meeting.rules';
export * from './registry/term-clock.rules';
export * from './election/candidate.rules';
export * from './approval/formal-reply.rules';
