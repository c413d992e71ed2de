import type { ImportDto } from "@languagecloud/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { Field, Select } from "../../components/Field.tsx";
import { ErrorState, Loading } from "../../components/states.tsx";
import { Uploader } from "../../components/Uploader.tsx";
import { Link } from "../../router.tsx";

const FORMATS = [
  { value: "gift", label: "GIFT (Moodle)", accept: ".gift,.txt" },
  { value: "aiken", label: "Aiken", accept: ".txt" },
  { value: "csv", label: "CSV", accept: ".csv,text/csv" },
  { value: "json", label: "JSON", accept: ".json,application/json" },
];

function ImportStatus({ orgId, id }: { orgId: string; id: string }) {
  const query = useQuery({
    queryKey: ["org", orgId, "import", id],
    queryFn: () => api<ImportDto>(`/orgs/${orgId}/imports/${id}`),
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === "succeeded" || q.state.data.status === "failed") ? false : 1000,
  });
  if (query.isPending) return <Loading label="Waiting for the import to start…" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => query.refetch()} />;
  const imp = query.data;
  return (
    <section className="card" aria-labelledby="import-status">
      <h2 id="import-status">Import {imp.filename ? `of ${imp.filename}` : ""}</h2>
      <p role="status">
        <span className={`badge ${imp.status}`}>{imp.status}</span> {Math.round(imp.progress * 100)} %
      </p>
      <progress max={1} value={imp.progress} aria-label="Import progress" />
      {imp.status === "succeeded" ? (
        <>
          <p>{imp.exerciseIds.length} exercise(s) created as drafts:</p>
          <ul>
            {imp.exerciseIds.map((eid) => (
              <li key={eid}>
                <Link to={`/o/${orgId}/exercises/${eid}`}>Open exercise {eid}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {imp.errors.length ? (
        <>
          <h3>Problems (nothing was imported)</h3>
          <div className="table-wrap">
            <table>
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
                    <td>{e.message}</td>
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
      <p>Upload a GIFT, Aiken, CSV or JSON file. An import is all or nothing: any error and nothing is created.</p>
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
        onDone={(r) => setImportId(r.id)}
      />
      {importId ? <ImportStatus key={importId} orgId={orgId} id={importId} /> : null}
    </section>
  );
}
