import { type ReactNode, useId, useRef, useState } from "react";

/**
 * A secret the server shows only once (an API key, a webhook's signing secret): in a read-only field that can be
 * selected by keyboard, with a copy button that says whether the copy worked.
 */
export function SecretOnce({
  title,
  label,
  secret,
  children,
  onDismiss,
}: {
  title: ReactNode;
  label: string;
  secret: string;
  children?: ReactNode;
  onDismiss: () => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  async function copy() {
    input.current?.select();
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(secret);
      setCopied("Copied to the clipboard.");
    } catch {
      setCopied("The browser did not allow copying: the text is selected, copy it with Ctrl+C or ⌘C.");
    }
  }
  return (
    <section className="card secret-once" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="breakable">
        {title}
      </h2>
      <p>
        <strong>Copy it now: it is shown only this once.</strong> {children}
      </p>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          ref={input}
          className="secret"
          readOnly
          value={secret}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={copy}>
          Copy
        </button>
        <button type="button" onClick={onDismiss}>
          I have copied it
        </button>
      </div>
      <p className="save-state saved" role="status">
        {copied}
      </p>
    </section>
  );
}
