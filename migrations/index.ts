/** Every migration, in order. Migrations are never edited once landed; add a new one instead. */
export const migrations: Function[] = [];
