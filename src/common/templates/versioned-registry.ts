/**
 * Every version of a kind of template found at boot (questionnaires, risk models, documents). Old versions stay:
 * whatever pinned a version keeps it, whatever is added later.
 */
export class VersionedRegistry<T extends { id: string; version: number }> {
  private readonly byKey = new Map<string, T>();

  constructor(
    private readonly kind: string,
    items: T[],
  ) {
    for (const item of items) this.byKey.set(`${item.id}@${item.version}`, item);
  }

  get(id: string, version: number): T {
    const item = this.byKey.get(`${id}@${version}`);
    // A pinned version that is gone means the deployment lost a template file: a server fault.
    if (!item) throw new Error(`${this.kind} ${id} v${version} is not installed`);
    return item;
  }

  latest(id: string): T | undefined {
    return [...this.byKey.values()].filter((t) => t.id === id).sort((a, b) => b.version - a.version)[0];
  }
}
