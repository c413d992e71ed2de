/**
 * Says once which engines the suites run on. With REQUIRE_SERVICES=1 a missing service is a failure, not a skip.
 */
export default function setup() {
  const engines = ["sqlite"];
  if (process.env.TEST_POSTGRES_URL) engines.push("postgres");
  if (process.env.TEST_MYSQL_URL) engines.push("mysql");
  const missing = ["TEST_POSTGRES_URL", "TEST_MYSQL_URL", "TEST_REDIS_URL"].filter((v) => !process.env[v]);
  if (process.env.REQUIRE_SERVICES === "1" && missing.length) {
    throw new Error(`REQUIRE_SERVICES=1 but ${missing.join(", ")} not set`);
  }
  const note = missing.length ? ` (set ${missing.join(", ")} for the other services)` : "";
  console.log(`[languagecloud tests] engines: ${engines.join(", ")}${note}`);
}
