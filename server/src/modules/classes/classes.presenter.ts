import type { ClassDto, ClassStudentDto } from "@languagecloud/domain";
import type { ClassRow, StudentRow } from "./classes.repository.ts";

export function presentClass(c: ClassRow): ClassDto {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    joinCode: c.join_code,
    studentCount: c.student_count,
    createdAt: c.created_at,
  };
}

export function presentStudent(s: StudentRow): ClassStudentDto {
  return {
    id: s.id,
    name: s.name,
    email: s.email,
    username: s.username,
    joinedAt: s.joined_at,
    addedVia: s.added_via === "teacher" ? "teacher" : "code",
  };
}
