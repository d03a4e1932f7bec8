import { redirect } from "next/navigation";
import { AuthPage } from "@/components/auth/auth-page";
import { currentPerson } from "@/components/auth/current-person";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default async function SignUp() {
  if (await currentPerson()) redirect("/schedules");
  return (
    <AuthPage title="Create an account" description="You get a workspace of your own; nobody else's data is visible in it.">
      <SignInForm mode="sign-up" />
    </AuthPage>
  );
}
