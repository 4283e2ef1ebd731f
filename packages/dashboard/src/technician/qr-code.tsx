import qrcode from 'qrcode-generator';

/**
 * A QR code drawn as one SVG path in the browser (qrcode-generator computes the modules; no
 * image request, no innerHTML). Error correction M: readable from a laptop screen at an angle.
 */
export function QrCode(props: { text: string; label: string; sizePx?: number }) {
  const qr = qrcode(0, 'M');
  qr.addData(props.text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  const quiet = 4; // The quiet zone ISO/IEC 18004 asks for, in modules.
  let d = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  }
  const size = n + 2 * quiet;
  return (
    <svg
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${size} ${size}`}
      width={props.sizePx ?? 200}
      height={props.sizePx ?? 200}
      shape-rendering="crispEdges"
      class="qr"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
