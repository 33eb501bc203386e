import type { Db, Queryable } from "../../src/store/db.ts";

/** `db` whose statements matching one of `faults` fail once each (the fault is then removed). */
export function withFaults(db: Db, faults: RegExp[]): Db {
  const wrap = (q: Queryable): Queryable => ({
    query: ((sql: string, params?: unknown[]) => {
      const index = faults.findIndex((fault) => fault.test(sql));
      if (index < 0) return q.query(sql, params);
      faults.splice(index, 1);
      return Promise.reject(new Error("injected fault: the process died here"));
    }) as Queryable["query"],
    exec: (sql) => q.exec(sql),
  });
  return {
    ...wrap(db),
    kind: db.kind,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
