/** Entities of the documents module, registered with both database connections. */
export const DOCUMENTS_ENTITIES: Function[] = [];
