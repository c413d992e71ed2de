import type { ExerciseDto, ImportDto } from "@languagecloud/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { useOrgQuery } from "../../api/hooks.ts";
import { Field, Select } from "../../components/Field.tsx";
import { ErrorState, Loading } from "../../components/states.tsx";
import { Uploader } from "../../components/Uploader.tsx";
import { Link } from "../../router.tsx";

const FORMATS = [
  { value: "gift", label: "GIFT (Moodle)", accept: ".gift,.txt" },
  { value: "aiken", label: "Aiken", accept: ".txt" },
  { value: "csv", label: "CSV", accept: ".csv,text/csv" },
  { value: "json", label: "JSON", accept: ".json,application/json" },
  { value: "qti", label: "QTI 3.0 or 2.1 package", accept: ".zip,.xml,application/zip" },
  { value: "moodlexml", label: "Moodle XML", accept: ".xml,application/xml,text/xml" },
];

const STATUS_LABEL: Record<ImportDto["status"], string> = {
  queued: "Waiting to start",
  running: "Reading the file",
  succeeded: "Imported",
  failed: "Not imported",
};

/** One exercise the import created: its title and item count, linked to the editor. */
function CreatedExercise({ orgId, id }: { orgId: string; id: string }) {
  const query = useOrgQuery<ExerciseDto>(orgId, `/exercises/${id}`);
  const to = `/o/${orgId}/exercises/${id}`;
  if (!query.data) return <Link to={to}>{query.isPending ? "Open the new exercise" : `Open exercise ${id}`}</Link>;
  const n = query.data.items.length;
  return (
    <>
      <Link to={to}>{query.data.title}</Link> ({n} {n === 1 ? "item" : "items"}, draft)
    </>
  );
}

function ImportStatus({ orgId, id }: { orgId: string; id: string }) {
  const query = useQuery({
    queryKey: ["org", orgId, "import", id],
    queryFn: ({ signal }) => api<ImportDto>(`/orgs/${orgId}/imports/${id}`, { signal }),
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === "succeeded" || q.state.data.status === "failed") ? false : 1000,
  });
  if (query.isPending) return <Loading label="Waiting for the import to start…" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => query.refetch()} />;
  const imp = query.data;
  const finished = imp.status === "succeeded" || imp.status === "failed";
  return (
    <section className="card" aria-labelledby="import-status">
      <h2 id="import-status" className="breakable">
        Import of {imp.filename}
      </h2>
      <p role="status">
        <span className={`badge ${imp.status}`}>{STATUS_LABEL[imp.status] ?? imp.status}</span>
        {finished ? null : ` ${Math.round(imp.progress * 100)} %`}
      </p>
      {finished ? null : <progress max={1} value={imp.progress} aria-label="Import progress" />}
      {imp.status === "succeeded" ? (
        <>
          <p>
            {imp.exerciseIds.length === 1
              ? "One exercise was created as a draft: check it, then publish it."
              : `${imp.exerciseIds.length} exercises were created as drafts.`}
          </p>
          <ul>
            {imp.exerciseIds.map((eid) => (
              <li key={eid}>
                <CreatedExercise orgId={orgId} id={eid} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {imp.warnings?.length ? (
        <>
          <h3 id="import-warnings">
            {imp.warnings.length === 1 ? "One thing was not kept" : `${imp.warnings.length} things were not kept`}
          </h3>
          <p>The file said these things that Language Cloud could not keep; check the items named.</p>
          <ul aria-labelledby="import-warnings">
            {imp.warnings.map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: warnings are positional
              <li key={i} className="breakable">
                {w.item ? `Item ${w.item}: ` : ""}
                {w.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {imp.errors.length ? (
        <>
          <h3 id="import-problems">
            {imp.errors.length === 1 ? "One problem" : `${imp.errors.length} problems`} (nothing was imported)
          </h3>
          <p>Correct the file and import it again.</p>
          <div className="table-wrap">
            <table aria-labelledby="import-problems">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">What is wrong</th>
                </tr>
              </thead>
              <tbody>
                {imp.errors.map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: errors are positional
                  <tr key={i}>
                    <td className="num">
                      {e.line}
                      {e.column ? `:${e.column}` : ""}
                    </td>
                    <td className="breakable">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

export default function Imports({ orgId }: { orgId: string }) {
  const [format, setFormat] = useState("gift");
  const [title, setTitle] = useState("");
  const [importId, setImportId] = useState<string | null>(null);
  const f = FORMATS.find((x) => x.value === format);
  return (
    <section aria-labelledby="imports-title">
      <h1 id="imports-title">Import exercises</h1>
      <p>
        Upload a GIFT, Aiken, CSV or JSON file: its questions become the items of one new draft exercise. An import is
        all or nothing: if a line has a problem, nothing is created and the problems are listed with their lines.
      </p>
      <div className="filters">
        <Select label="Format" value={format} onChange={(e) => setFormat(e.target.value)}>
          {FORMATS.map((x) => (
            <option key={x.value} value={x.value}>
              {x.label}
            </option>
          ))}
        </Select>
        <Field
          label="Title (optional)"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          hint="Defaults to the file name."
        />
      </div>
      <Uploader<{ id: string }>
        path={`/orgs/${orgId}/imports`}
        label="File to import"
        accept={f?.accept}
        extraFields={{ format, title }}
        buttonLabel="Import"
        doneLabel={(name) => `Uploaded ${name}; reading it now.`}
        onDone={(r) => setImportId(r.id)}
      />
      {importId ? <ImportStatus key={importId} orgId={orgId} id={importId} /> : null}
    </section>
  );
}
