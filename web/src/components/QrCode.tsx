/**
 * A QR code of `value` drawn as SVG: `qrcode-generator` computes the modules, React draws them as one path (no
 * markup string put into the page). `label` is its text alternative; the link itself stays written beside it.
 */
import qrcode from "qrcode-generator";
import { useMemo } from "react";

/** The quiet zone the QR standard asks for around the code, in modules. */
const MARGIN = 4;

export function QrCode({ value, label, size = 160 }: { value: string; label: string; size?: number }) {
  const { path, modules } = useMemo(() => {
    // Level M: a printed or projected code still scans with a smudge or a glare on it.
    const qr = qrcode(0, "M");
    qr.addData(value, "Byte");
    qr.make();
    const count = qr.getModuleCount();
    let d = "";
    for (let row = 0; row < count; row++)
      for (let col = 0; col < count; col++) if (qr.isDark(row, col)) d += `M${col + MARGIN} ${row + MARGIN}h1v1h-1z`;
    return { path: d, modules: count + 2 * MARGIN };
  }, [value]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${modules} ${modules}`}
      shapeRendering="crispEdges"
    >
      <title>{label}</title>
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
