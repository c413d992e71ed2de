import type { JoinResultDto } from "@languagecloud/domain";
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from "@languagecloud/domain/api/limits";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { meKey } from "../../api/session.ts";
import { Field } from "../../components/Field.tsx";
import { FormAlert } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { Link, navigate, useLocation } from "../../router.tsx";

export default function Join() {
  const qc = useQueryClient();
  const { search } = useLocation();
  const [form, setForm] = useState({ code: search.get("code") ?? "", name: "", email: "", password: "" });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<JoinResultDto>("/auth/join", {
        method: "POST",
        body: { ...form, code: form.code.trim() },
        allowUnauthorized: true,
      }),
    async (r) => {
      await qc.invalidateQueries({ queryKey: meKey });
      navigate(`/o/${r.organization.id}/my`);
    },
    // A problem at a field is said there once, not a second time above the button.
    { fields: ["code", "name", "email", "password"] },
  );

  return (
    <section className="entry card" aria-labelledby="join-title">
      <h1 id="join-title">Join a class</h1>
      <p>Your teacher gives you the class code. Already have an account? Use the same email and password.</p>
      <form onSubmit={submit} noValidate>
        <Field
          label="Class code"
          name="code"
          required
          autoComplete="off"
          autoCapitalize="characters"
          value={form.code}
          onChange={set("code")}
          error={fieldErrors.code}
        />
        <Field
          label="Your name"
          name="name"
          required
          autoComplete="name"
          value={form.name}
          onChange={set("name")}
          error={fieldErrors.name}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          required
          autoComplete="email"
          value={form.email}
          onChange={set("email")}
          error={fieldErrors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          hint={PASSWORD_HINT}
          value={form.password}
          onChange={set("password")}
          error={fieldErrors.password}
        />
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Joining…" : "Join class"}
        </button>
      </form>
      <p>
        <Link to="/login">Log in</Link> instead.
      </p>
    </section>
  );
}
