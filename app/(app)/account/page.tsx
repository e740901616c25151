import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { NameForm, OtherSessions, PasswordForm } from "@/components/account/account-forms";
import { RoleBadge, ROLE_SUMMARY } from "@/components/ui/role-badge";
import { requirePageActor } from "@/lib/auth/session";
import styles from "./account.module.css";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageActor("dashboard.read", "/account");
  // Pages are reached with a session cookie, never a bearer token: the actor is a user.
  if (actor.kind !== "user") throw new Error("the account page needs a signed-in user");
  return (
    <>
      <PageHeader title="Account" description="Your profile, password and sessions." />
      <div className={styles.grid}>
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title" className={styles.cardTitle}>
            Profile
          </h2>
          <dl className={styles.facts}>
            <dt>Email</dt>
            <dd>{actor.email}</dd>
            <dt>Role</dt>
            <dd>
              <RoleBadge role={actor.role} />
              <p className={styles.roleText}>{ROLE_SUMMARY[actor.role]}</p>
            </dd>
          </dl>
          <NameForm userId={actor.id} name={actor.name ?? ""} />
        </section>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title" className={styles.cardTitle}>
            Change password
          </h2>
          <PasswordForm userId={actor.id} />
        </section>
        <section className="card" aria-labelledby="sessions-title">
          <h2 id="sessions-title" className={styles.cardTitle}>
            Sessions
          </h2>
          <OtherSessions />
        </section>
      </div>
    </>
  );
}
