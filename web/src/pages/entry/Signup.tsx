import type { SignupResultDto } from "@languagecloud/domain";
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from "@languagecloud/domain/api/limits";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { meKey } from "../../api/session.ts";
import { Field } from "../../components/Field.tsx";
import { FormAlert } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { Link, navigate } from "../../router.tsx";

export default function Signup() {
  const qc = useQueryClient();
  const [form, setForm] = useState({ organizationName: "", name: "", email: "", password: "" });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () => api<SignupResultDto>("/auth/signup", { method: "POST", body: form, allowUnauthorized: true }),
    async (r) => {
      await qc.invalidateQueries({ queryKey: meKey });
      navigate(`/o/${r.organization.id}/library`);
    },
  );
  return (
    <section className="entry card" aria-labelledby="signup-title">
      <h1 id="signup-title">Create your school's account</h1>
      <form onSubmit={submit} noValidate>
        <Field
          label="Organization name"
          name="organizationName"
          required
          autoComplete="organization"
          value={form.organizationName}
          onChange={set("organizationName")}
          error={fieldErrors.organizationName}
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
          {pending ? "Signing up…" : "Sign up"}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/login">Log in</Link>. A student with a class code?{" "}
        <Link to="/join">Join a class</Link>.
      </p>
    </section>
  );
}
