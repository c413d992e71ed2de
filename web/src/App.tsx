import type { Role } from "@languagecloud/domain";
import { type ComponentType, type LazyExoticComponent, lazy, Suspense, useEffect } from "react";
import { can, homeFor, roleIn, useMe } from "./api/session.ts";
import { ErrorBoundary } from "./components/ErrorBoundary.tsx";
import { Layout } from "./components/Layout.tsx";
import { ErrorState, Loading } from "./components/states.tsx";
import AcceptInvite from "./pages/entry/AcceptInvite.tsx";
import Join from "./pages/entry/Join.tsx";
import Login from "./pages/entry/Login.tsx";
import ResetPassword from "./pages/entry/ResetPassword.tsx";
import Signup from "./pages/entry/Signup.tsx";
import { Link, matchRoute, Redirect, useLocation } from "./router.tsx";

// biome-ignore lint/suspicious/noExplicitAny: route components take their own param props
type Page = LazyExoticComponent<ComponentType<any>>;

/** Org pages: pattern under /o/:orgId, the least role that may see it, the lazily loaded page. */
const ORG_ROUTES: { pattern: string; role: Role; page: Page; title: string }[] = [
  { pattern: "library", role: "teacher", title: "Library", page: lazy(() => import("./pages/teacher/Library.tsx")) },
  {
    pattern: "exercises/new",
    role: "teacher",
    title: "New exercise",
    page: lazy(() => import("./pages/teacher/ExerciseEditor.tsx")),
  },
  {
    pattern: "exercises/:exerciseId",
    role: "teacher",
    title: "Edit exercise",
    page: lazy(() => import("./pages/teacher/ExerciseEditor.tsx")),
  },
  {
    pattern: "exercises/:exerciseId/versions",
    role: "teacher",
    title: "Versions",
    page: lazy(() => import("./pages/teacher/ExerciseVersions.tsx")),
  },
  { pattern: "imports", role: "teacher", title: "Import", page: lazy(() => import("./pages/teacher/Imports.tsx")) },
  { pattern: "media", role: "teacher", title: "Media", page: lazy(() => import("./pages/teacher/Media.tsx")) },
  { pattern: "classes", role: "teacher", title: "Classes", page: lazy(() => import("./pages/teacher/Classes.tsx")) },
  {
    pattern: "classes/:classId",
    role: "teacher",
    title: "Class",
    page: lazy(() => import("./pages/teacher/ClassDetail.tsx")),
  },
  {
    pattern: "assignments/:assignmentId/grading",
    role: "teacher",
    title: "Grading",
    page: lazy(() => import("./pages/teacher/Grading.tsx")),
  },
  {
    pattern: "assignments/:assignmentId/review",
    role: "teacher",
    title: "Responses and settings",
    page: lazy(() => import("./pages/teacher/AssignmentReview.tsx")),
  },
  {
    pattern: "assignments/:assignmentId/statistics",
    role: "teacher",
    title: "Statistics",
    page: lazy(() => import("./pages/teacher/Statistics.tsx")),
  },
  {
    pattern: "experiments",
    role: "teacher",
    title: "Experiments",
    page: lazy(() => import("./pages/teacher/experiments/ExperimentList.tsx")),
  },
  {
    pattern: "experiments/new",
    role: "teacher",
    title: "New experiment",
    page: lazy(() => import("./pages/teacher/experiments/NewExperiment.tsx")),
  },
  {
    pattern: "experiments/:experimentId",
    role: "teacher",
    title: "Experiment",
    page: lazy(() => import("./pages/teacher/experiments/ExperimentDetail.tsx")),
  },
  {
    pattern: "experiments/:experimentId/edit",
    role: "teacher",
    title: "Edit experiment",
    page: lazy(() => import("./pages/teacher/experiments/NewExperiment.tsx")),
  },
  {
    pattern: "experiments/:experimentId/results",
    role: "teacher",
    title: "Experiment results",
    page: lazy(() => import("./pages/teacher/experiments/ExperimentResults.tsx")),
  },
  {
    pattern: "students/:userId/progress",
    role: "teacher",
    title: "Progress",
    page: lazy(() => import("./pages/teacher/StudentProgress.tsx")),
  },
  {
    pattern: "my",
    role: "student",
    title: "My assignments",
    page: lazy(() => import("./pages/student/MyAssignments.tsx")),
  },
  {
    pattern: "my/progress",
    role: "student",
    title: "My progress",
    page: lazy(() => import("./pages/student/MyProgress.tsx")),
  },
  {
    pattern: "my/practice",
    role: "student",
    title: "Practice",
    page: lazy(() => import("./pages/student/Practice.tsx")),
  },
  {
    pattern: "attempts/:attemptId",
    role: "student",
    title: "Exercise",
    page: lazy(() => import("./pages/student/AttemptPage.tsx")),
  },
  { pattern: "admin/members", role: "admin", title: "Members", page: lazy(() => import("./pages/admin/Members.tsx")) },
  {
    pattern: "admin/api-keys",
    role: "admin",
    title: "API keys",
    page: lazy(() => import("./pages/admin/ApiKeys.tsx")),
  },
  {
    pattern: "lti/pick/:requestId",
    role: "teacher",
    title: "Add exercises to the course",
    page: lazy(() => import("./pages/teacher/LtiPicker.tsx")),
  },
  {
    pattern: "admin/lti",
    role: "admin",
    title: "LMS (LTI)",
    page: lazy(() => import("./pages/admin/LtiPlatforms.tsx")),
  },
  {
    pattern: "admin/xapi",
    role: "admin",
    title: "Learning records (xAPI)",
    page: lazy(() => import("./pages/admin/Xapi.tsx")),
  },
  {
    pattern: "admin/backup",
    role: "admin",
    title: "Backup",
    page: lazy(() => import("./pages/admin/Backups.tsx")),
  },
  {
    pattern: "admin/webhooks",
    role: "admin",
    title: "Webhooks",
    page: lazy(() => import("./pages/admin/Webhooks.tsx")),
  },
];

function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Language Cloud`;
  }, [title]);
}

function NotFound() {
  useTitle("Not found");
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        This page does not exist or you cannot see it. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}

function Entry({ title, children }: { title: string; children: React.ReactNode }) {
  useTitle(title);
  return <>{children}</>;
}

function OrgPage({ title, Page, params }: { title: string; Page: Page; params: Record<string, string> }) {
  useTitle(title);
  return (
    <ErrorBoundary>
      <Suspense fallback={<Loading />}>
        <Page {...params} />
      </Suspense>
    </ErrorBoundary>
  );
}

export function App() {
  const { path } = useLocation();
  const me = useMe();

  if (me.isPending) return <Loading label="Starting Language Cloud…" />;
  if (me.isError) {
    return (
      <Layout me={null}>
        <ErrorState error={me.error} retry={() => me.refetch()} />
      </Layout>
    );
  }
  const user = me.data ?? null;

  const entries: [string, () => React.ReactNode, string][] = [
    ["/signup", () => <Signup />, "Sign up"],
    ["/login", () => <Login />, "Log in"],
    ["/join", () => <Join />, "Join a class"],
    ["/reset-password", () => <ResetPassword />, "Reset password"],
    [
      "/lti/app",
      () => <p role="alert">This launch has expired or was already used. Open the activity again from your course.</p>,
      "Open from your course",
    ],
  ];
  for (const [pattern, render, title] of entries) {
    if (matchRoute(pattern, path)) {
      return (
        <Layout me={user}>
          <Entry title={title}>{render()}</Entry>
        </Layout>
      );
    }
  }
  const invite = matchRoute("/invite/:token", path);
  if (invite) {
    return (
      <Layout me={user}>
        <Entry title="Invitation">
          <AcceptInvite token={invite.token as string} />
        </Entry>
      </Layout>
    );
  }

  if (!user) return <Redirect to={`/login${path === "/" ? "" : `?next=${encodeURIComponent(path)}`}`} />;
  if (path === "/") return <Redirect to={homeFor(user)} />;

  const org = /^\/o\/([^/]+)\/?(.*)$/.exec(path);
  if (org) {
    const orgId = decodeURIComponent(org[1] as string);
    const rest = `/${org[2] ?? ""}`;
    const role = roleIn(user, orgId);
    for (const r of ORG_ROUTES) {
      const params = matchRoute(`/${r.pattern}`, rest);
      if (!params) continue;
      if (
        !role ||
        !can(role, r.role) ||
        (r.role === "student" && role !== "student" && r.pattern !== "attempts/:attemptId")
      ) {
        break;
      }
      return (
        <Layout me={user} orgId={orgId}>
          <OrgPage key={path} title={r.title} Page={r.page} params={{ ...params, orgId, role }} />
        </Layout>
      );
    }
    return (
      <Layout me={user} orgId={role ? orgId : undefined}>
        <NotFound />
      </Layout>
    );
  }
  return (
    <Layout me={user}>
      <NotFound />
    </Layout>
  );
}
