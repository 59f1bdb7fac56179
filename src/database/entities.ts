/** Every TypeORM entity, listed once for the app and the CLIs. Features add theirs here. */
export const entities: Function[] = [];
