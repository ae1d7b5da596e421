/**
 * `patched()` ids of organizational life (issue 11). A record's handler checks 书记讲党课 (RULES §F): its teacher is
 * the organization's secretary on the day held (checkSecretaryClass), and the record keeps the workflow's own answer.
 */
export const SECRETARY_CLASS_TEACHER = 'orglife-secretary-class-teacher';
