import { redirect } from "next/navigation";

/** The home of a signed-in user is the project list (the guard there handles signed-out visitors). */
export default function HomePage() {
  redirect("/projects");
}
