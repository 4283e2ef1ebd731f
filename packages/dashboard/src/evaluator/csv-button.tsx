import { type CsvCell, toCsv } from '../shared/csv';
import { downloadCsv } from '../shared/download';

/**
 * A button that downloads a table as CSV, built from the same figures the table shows. The rows
 * are made on click, so a table that is never exported costs nothing.
 */
export function CsvButton(props: {
  filename: string;
  header: readonly string[];
  rows: () => readonly (readonly CsvCell[])[];
  label: string;
  /** What is exported, for screen readers (the visible label is the same on every table). */
  describedBy?: string;
}) {
  return (
    <button
      type="button"
      class="csv no-print"
      aria-describedby={props.describedBy}
      onClick={() => downloadCsv(props.filename, toCsv(props.header, props.rows()))}
    >
      {props.label}
    </button>
  );
}
