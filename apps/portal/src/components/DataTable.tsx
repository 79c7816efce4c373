import type { ReactNode } from 'react';

interface DataTableProps {
  /** Column headings, left to right. */
  columns: readonly string[];
  /** A last column for the rows' buttons, with a heading only screen readers hear. */
  actions?: boolean;
  /** An accessible name, when the heading above does not name the table. */
  label?: string;
  testId?: string;
  /** The rows (`<tr>`), one cell per column (and one for the actions). */
  children: ReactNode;
}

/** The portal's one table: scrolls sideways on narrow screens, headings scoped to their columns. */
export function DataTable({ columns, actions = false, label, testId, children }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
