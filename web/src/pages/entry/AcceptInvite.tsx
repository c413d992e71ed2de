import type { MeDto } from "@languagecloud/domain";
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from "@languagecloud/domain/api/limits";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { homeFor, meKey, useMe } from "../../api/session.ts";
import { Field } from "../../components/Field.tsx";
import { FormAlert } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { navigate } from "../../router.tsx";

export default function AcceptInvite({ token }: { token: string }) {
  const qc = useQueryClient();
  const me = useMe();
  // Signed in as someone else than the invited person: the server asks for the invited account's password (401), or
  // for a name and a password when that account does not exist yet (400): the form then offers the fields instead
  // of a button that can only fail again.
  const [asSomeoneElse, setAsSomeoneElse] = useState(false);
  const signedIn = !!me.data && !asSomeoneElse;
  const [form, setForm] = useState({ name: "", password: "" });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    async () => {
      try {
        return await api<unknown>(`/invitations/${encodeURIComponent(token)}/accept`, {
          method: "POST",
          body: signedIn ? {} : form,
          allowUnauthorized: true,
        });
      } catch (e) {
        if (signedIn && e instanceof ApiError && (e.status === 401 || e.code === "validation_failed")) {
          setAsSomeoneElse(true);
        }
        throw e;
      }
    },
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
      ) : asSomeoneElse ? (
        <p>
          This invitation is for another email than {me.data?.user.email}. If that account exists, enter its password;
          if not, choose a name and a password to create it.
        </p>
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
              minLength={MIN_PASSWORD_LENGTH}
              hint={PASSWORD_HINT}
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
