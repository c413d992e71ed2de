import type { MeDto } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { homeFor, meKey } from "../../api/session.ts";
import { Field } from "../../components/Field.tsx";
import { FormAlert } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { Link, navigate, useLocation } from "../../router.tsx";

export default function Login() {
  const qc = useQueryClient();
  const { search } = useLocation();
  const [form, setForm] = useState({ email: "", password: "" });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<MeDto>("/auth/login", {
        method: "POST",
        // Students without email log in with the username on their login card.
        body: form.email.includes("@") ? form : { username: form.email.trim(), password: form.password },
        allowUnauthorized: true,
      }),
    (me) => {
      qc.setQueryData(meKey, me);
      const next = search.get("next");
      navigate(next?.startsWith("/") && !next.startsWith("//") ? next : homeFor(me));
    },
  );
  return (
    <section className="entry card" aria-labelledby="login-title">
      <h1 id="login-title">Log in</h1>
      <form onSubmit={submit} noValidate>
        <Field
          label="Email or username"
          name="email"
          type="text"
          inputMode="email"
          autoCapitalize="off"
          required
          autoComplete="username"
          value={form.email}
          onChange={set("email")}
          error={fieldErrors.email ?? fieldErrors.username}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          autoComplete="current-password"
          value={form.password}
          onChange={set("password")}
          error={fieldErrors.password}
        />
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p>
        <Link to="/reset-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/signup">Sign up your school</Link> or <Link to="/join">join a class with a code</Link>.
      </p>
    </section>
  );
}
