/** Late joiners: a student who joins a class of a running experiment is dealt the next variant of its deal. */
import { subscribe } from "../../jobs/subscribers.ts";
import { dealLateJoiner } from "./experiments.service.ts";

subscribe("student.joined", "experiments.deal_late_joiner", async (ctx, event) => {
  const { classId, userId } = event.payload;
  if (event.organizationId && typeof classId === "string" && typeof userId === "string")
    await dealLateJoiner(ctx, event.organizationId, classId, userId);
});
