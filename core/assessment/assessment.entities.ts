/** Entities of the assessment module, registered with both database connections. */
export const ASSESSMENT_ENTITIES: Function[] = [];
