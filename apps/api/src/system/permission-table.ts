import { type Permission, permissionRules, roles } from '@crm/schema';
import type { OpenAPIV3_1 } from 'openapi-types';

/**
 * The role table of docs/API.md, made from the permission table (packages/schema users.ts) and
 * the routes that declare each permission (`x-permission` in the document): a test compares it
 * with the text of docs/API.md, so neither drifts. Print it with `bun scripts/permission-table.ts`.
 */
export function permissionTable(document: { paths?: object }): string {
  const routesOf = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths ?? {}) as [string, OpenAPIV3_1.PathItemObject][]) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      const permission = (operation as Record<string, unknown>)['x-permission'] as string | undefined;
      if (!permission || permission === 'public') continue;
      routesOf.set(permission, [...(routesOf.get(permission) ?? []), `\`${method.toUpperCase()} ${path}\``]);
    }
  }
  const header = ['permission', ...roles, 'key scope', 'routes', 'covers'];
  const rows = (Object.entries(permissionRules) as [Permission, (typeof permissionRules)[Permission]][]).map(
    ([permission, rule]) => [
      `\`${permission}\``,
      ...roles.map((role) => ((rule.roles as readonly string[]).includes(role) ? 'yes' : '')),
      rule.scope === 'read' ? 'read or write' : 'write',
      (routesOf.get(permission) ?? []).join(', '),
      rule.description,
    ],
  );
  const table = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
