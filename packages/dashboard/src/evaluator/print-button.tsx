/** Opens the browser's print dialogue (A4, "Save as PDF"); the print stylesheet hides the controls. */
export function PrintButton(props: { label: string }) {
  return (
    <button type="button" class="no-print" onClick={() => window.print()}>
      {props.label}
    </button>
  );
}
