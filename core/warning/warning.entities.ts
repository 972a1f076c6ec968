/** Entities of the warning module, registered with both database connections. */
export const WARNING_ENTITIES: Function[] = [];
