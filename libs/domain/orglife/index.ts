// Organizational life (三会一课 and the yearly cycle) — RULES §F.
export * from './orglife.types';
export * from './occurrence-kinds';
export * from './plan.rules';
export * from './meeting.rules';
export * from './lapse.rules';
export * from './training.rules';
export * from './appraisal.rules';
export * from './compliance.rules';
export * from './meeting-attachments.rules';
export * from './democratic-life.rules';
export * from './secretary-report.rules';
