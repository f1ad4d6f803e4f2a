import { snapshotTables, type ModelSnapshot } from './snapshot.js';

/**
 * The snapshot as JSON with one row per line, so a pull request's diff of `manifest.json` reads
 * row by row and stays short. `indent` is the depth of the key that holds it.
 */
export function snapshotJson(snapshot: ModelSnapshot, indent: string): string {
  const inner = indent + '  ';
  const tables = snapshotTables.map((table) => {
    const rows = snapshot[table] as readonly unknown[];
    if (rows.length === 0) return `${inner}${JSON.stringify(table)}: []`;
    return `${inner}${JSON.stringify(table)}: [\n${rows.map((r) => `${inner}  ${JSON.stringify(r)}`).join(',\n')}\n${inner}]`;
  });
  return `{\n${inner}"schema": ${JSON.stringify(snapshot.schema)},\n${tables.join(',\n')}\n${indent}}`;
}
