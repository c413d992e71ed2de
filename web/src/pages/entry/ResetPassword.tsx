import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from "@languagecloud/domain/api/limits";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { Field } from "../../components/Field.tsx";
import { FormAlert } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { Link, useLocation } from "../../router.tsx";

function RequestReset() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () => api<unknown>("/auth/password-reset", { method: "POST", body: { email }, allowUnauthorized: true }),
    () => setSent(true),
  );
  if (sent) {
    return (
      <p role="status">
        If an account uses {email}, we have sent it a link to choose a new password.{" "}
        <Link to="/login">Back to log in</Link>
      </p>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Field
        label="Email"
        name="email"
        type="email"
        required
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldErrors.email}
      />
      <FormAlert error={formError} />
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </button>
    </form>
  );
}

function ConfirmReset({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<unknown>("/auth/password-reset/confirm", {
        method: "POST",
        body: { token, password },
        allowUnauthorized: true,
      }),
    () => setDone(true),
  );
  if (done) {
    return (
      <p role="status">
        Your password has been changed. <Link to="/login">Log in</Link>
      </p>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Field
        label="Password"
        name="password"
        type="password"
        required
        autoComplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        hint={PASSWORD_HINT}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldErrors.password ?? fieldErrors.token}
      />
      <FormAlert error={formError} />
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Saving…" : "Submit"}
      </button>
    </form>
  );
}

export default function ResetPassword() {
  const { search } = useLocation();
  const token = search.get("token");
  return (
    <section className="entry card" aria-labelledby="reset-title">
      <h1 id="reset-title">{token ? "Choose a new password" : "Reset your password"}</h1>
      {token ? <ConfirmReset token={token} /> : <RequestReset />}
    </section>
  );
}
