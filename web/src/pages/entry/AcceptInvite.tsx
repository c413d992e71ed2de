import type { MeDto } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { homeFor, meKey, useMe } from "../../api/session.ts";
import { Field } from "../../components/Field.tsx";
import { FormAlert } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { navigate } from "../../router.tsx";

export default function AcceptInvite({ token }: { token: string }) {
  const qc = useQueryClient();
  const me = useMe();
  const signedIn = !!me.data;
  const [form, setForm] = useState({ name: "", password: "" });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<unknown>(`/invitations/${encodeURIComponent(token)}/accept`, {
        method: "POST",
        body: signedIn ? {} : form,
        allowUnauthorized: true,
      }),
    async () => {
      await qc.invalidateQueries({ queryKey: meKey });
      const fresh = await qc.fetchQuery({ queryKey: meKey, queryFn: () => api<MeDto>("/me") });
      navigate(homeFor(fresh));
    },
  );
  return (
    <section className="entry card" aria-labelledby="invite-title">
      <h1 id="invite-title">Accept your invitation</h1>
      {signedIn ? (
        <p>You are signed in as {me.data?.user.email}. Accepting adds this organization to your account.</p>
      ) : (
        <p>Choose your name and a password. If you already have an account, enter its password.</p>
      )}
      <form onSubmit={submit} noValidate>
        {signedIn ? null : (
          <>
            <Field
              label="Your name"
              name="name"
              autoComplete="name"
              value={form.name}
              onChange={set("name")}
              error={fieldErrors.name}
            />
            <Field
              label="Password"
              name="password"
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={set("password")}
              error={fieldErrors.password}
            />
          </>
        )}
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Accepting…" : "Accept invitation"}
        </button>
      </form>
    </section>
  );
}
