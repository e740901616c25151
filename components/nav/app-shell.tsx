import Link from "next/link";
import type { ReactNode } from "react";
import { Brand } from "@/components/ui/brand";
import { RoleBadge } from "@/components/ui/role-badge";
import { ThemeToggle } from "@/components/theme-toggle";
import { NavLinks, type NavSection } from "@/components/nav/nav-links";
import { SignOutButton } from "@/components/nav/sign-out-button";
import { atLeast, type Role } from "@/lib/auth/roles";
import styles from "./app-shell.module.css";

interface Props {
  user: { email: string; name: string | null; role: Role };
  showSettings: boolean;
  /** Unresolved incidents, shown beside the Incidents link. */
  openIncidents?: number;
  children: ReactNode;
}

/** The signed-in frame: side navigation (a top bar on narrow screens) and the page. */
export function AppShell({ user, showSettings, openIncidents = 0, children }: Props) {
  const sections: NavSection[] = [
    {
      items: [
        { href: "/", label: "Overview", icon: "overview" },
        { href: "/incidents", label: "Incidents", icon: "incidents", count: openIncidents },
        { href: "/backends", label: "Backends", icon: "backends" },
        { href: "/events", label: "Events", icon: "events" },
      ],
    },
    {
      label: "Alerts",
      items: [
        { href: "/alerts/rules", label: "Rules", icon: "rules" },
        { href: "/alerts/silences", label: "Silences", icon: "silences" },
      ],
    },
  ];
  // Sources, the advisor and checklists are for everyone who reads the dashboard (viewers see them, editors change them);
  // users and API tokens only for admins and owners.
  const settingsItems: NavSection["items"] = [
    { href: "/settings/sources", label: "Sources", icon: "sources" },
    { href: "/settings/advisor", label: "Advisor", icon: "backends" },
    { href: "/settings/checklists", label: "Checklists", icon: "incidents" },
  ];
  // Share links: editors see the ones they made, admins every one (lib/shares/links.ts).
  if (atLeast(user.role, "editor")) settingsItems.push({ href: "/settings/shares", label: "Shares", icon: "tokens" });
  if (showSettings) {
    settingsItems.push(
      { href: "/settings/users", label: "Users", icon: "users" },
      { href: "/settings/tokens", label: "API tokens", icon: "tokens" },
      { href: "/settings/channels", label: "Channels", icon: "silences" },
      { href: "/settings/audit", label: "Audit log", icon: "events" },
    );
  }
  sections.push({ label: "Settings", items: settingsItems });
  sections.push({ label: "You", items: [{ href: "/account", label: "Account", icon: "account" }] });

  return (
    <div className={styles.shell}>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <header className={styles.sidebar}>
        <Link href="/" className={styles.brandLink} aria-label="Origin Watch, overview">
          <Brand />
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <NavLinks sections={sections} />
        </nav>
        <div className={styles.user}>
          <div className={styles.who}>
            <span className={styles.email} title={user.email}>
              {user.name || user.email}
            </span>
            {user.name ? <span className={styles.sub}>{user.email}</span> : null}
            <span className={styles.role}>
              <RoleBadge role={user.role} />
            </span>
          </div>
          <div className={styles.actions}>
            <SignOutButton className={`btn btn-sm ${styles.signOut}`} />
            <ThemeToggle className={`btn btn-sm ${styles.iconButton}`} />
          </div>
        </div>
      </header>
      <main id="main" className={styles.main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
