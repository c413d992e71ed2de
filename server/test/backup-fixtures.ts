/**
 * An organization with something in every table a backup carries that the API fills without jobs: members of each
 * role, an uploaded file, an exercise that uses it, a class of students, an assignment, submitted attempts (one
 * essay graded by the teacher) and an in-progress one with a draft. A second organization beside it must never
 * show up in its backup.
 */
import { createAssignment, createClassWithStudents, createPublishedExercise, RIGHT_RESPONSES } from "./factories.ts";
import { addMember, signUp, type TestApp } from "./harness.ts";
import { postForm } from "./multipart.ts";

export const MP3 = Buffer.concat([
  Buffer.from("ID3"),
  Buffer.from([3, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(5000, 7),
]);

let keys = 0;
const idem = () => ({ "idempotency-key": `seed-${Date.now()}-${++keys}` });

export async function seedOrganization(t: TestApp, name = "Backup School") {
  const owner = await signUp(t.app, { organizationName: name });
  const orgId = owner.orgId;
  const base = `/api/v1/orgs/${orgId}`;
  const teacher = await addMember(t, orgId, "teacher", "Tara Teacher");
  const upload = await postForm(teacher.client, `${base}/media`, {}, [{ filename: "listen.mp3", content: MP3 }]);
  if (upload.statusCode !== 201) throw new Error(`upload: ${upload.statusCode} ${upload.body}`);
  const media = upload.json() as { id: string };
  const ex = await createPublishedExercise(t, orgId, {
    items: [
      {
        id: "tf",
        type: "true_false",
        prompt: "Listen: is it raining?",
        answer: false,
        media: [{ mediaId: media.id, kind: "audio" }],
      },
      { id: "sa", type: "short_answer", prompt: "Past of 'go'?", answers: [{ text: "went", fraction: 1 }] },
      { id: "essay", type: "essay", prompt: "Describe your town.", points: 5 },
    ],
  });
  const cls = await createClassWithStudents(t, orgId, teacher.client, 3);
  const assignment = await createAssignment(teacher.client, orgId, {
    exerciseId: ex.exerciseId,
    classId: cls.classId,
    maxAttempts: 3,
  });
  const attempts: string[] = [];
  for (const [i, s] of cls.students.entries()) {
    const attempt = (await s.client.post(`${base}/assignments/${assignment.id}/attempts`)).json() as { id: string };
    attempts.push(attempt.id);
    if (i === 2) {
      const saved = await s.client.put(`${base}/attempts/${attempt.id}/responses/sa`, { response: { text: "goed" } });
      if (saved.statusCode !== 200) throw new Error(`autosave: ${saved.statusCode} ${saved.body}`);
      continue;
    }
    const res = await s.client.post(
      `${base}/attempts/${attempt.id}/submit`,
      {
        responses: {
          tf: RIGHT_RESPONSES.tf,
          sa: { text: i ? "goed" : "went" },
          essay: { text: "My town is small and quiet." },
        },
      },
      idem(),
    );
    if (res.statusCode !== 200) throw new Error(`submit: ${res.statusCode} ${res.body}`);
  }
  const pending = await t.ctx.database.db
    .selectFrom("responses")
    .select("id")
    .where("organization_id", "=", orgId)
    .where("status", "=", "pending")
    .execute();
  for (const { id } of pending) {
    const graded = await teacher.client.put(`${base}/responses/${id}/grade`, { score: 4, comment: "Good." });
    if (graded.statusCode !== 200) throw new Error(`grade: ${graded.statusCode} ${graded.body}`);
  }
  const other = await signUp(t.app, { organizationName: "Another School" });
  await createPublishedExercise(t, other.orgId, { title: "Not theirs" });
  return {
    orgId,
    owner,
    teacher,
    students: cls.students,
    classId: cls.classId,
    assignmentId: assignment.id,
    exerciseId: ex.exerciseId,
    mediaId: media.id,
    attempts,
    otherOrgId: other.orgId,
  };
}
