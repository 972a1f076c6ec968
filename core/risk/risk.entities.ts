/** Entities of the risk module, registered with both database connections. */
export const RISK_ENTITIES: Function[] = [];
