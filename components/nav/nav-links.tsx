"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import styles from "./app-shell.module.css";

export type NavIcon = "overview" | "incidents" | "backends" | "events" | "rules" | "silences" | "sources" | "users" | "tokens" | "account";

export interface NavSection {
  label?: string;
  items: Array<{ href: string; label: string; icon: NavIcon; count?: number }>;
}

const ICONS: Record<NavIcon, ReactNode> = {
  overview: <path d="M4 19V11M10 19V5M16 19v-6M22 19H2" />,
  // A warning triangle.
  incidents: <path d="M12 3 2 20h20L12 3ZM12 10v4M12 17h.01" />,
  // Two servers in a rack, one status light each.
  backends: (
    <>
      <rect x="3" y="4" width="18" height="7" rx="2" />
      <rect x="3" y="13" width="18" height="7" rx="2" />
      <path d="M7 7.5h.01M7 16.5h.01M11 7.5h6M11 16.5h6" />
    </>
  ),
  // A flag on a time line: the chart markers events become.
  events: <path d="M3 20h18M8 20V4M8 4h9l-2 3.5 2 3.5H8" />,
  // A bell: rules that ring.
  rules: <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15L6 16ZM10 20.5h4" />,
  // The bell struck through: silences and maintenance windows.
  silences: <path d="M6 16V11a6 6 0 0 1 9.5-4.9M18 10.5V16l1.5 2H8M10 20.5h4M3.5 3.5l17 17" />,
  // Log lines flowing in.
  sources: <path d="M3 6h9M3 12h6M3 18h9M14 12h7M18 8.5l3.5 3.5-3.5 3.5" />,
  users: (
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 19.5c.8-3.4 3.4-5.5 6.5-5.5s5.7 2.1 6.5 5.5M16 4.8a3.5 3.5 0 0 1 0 6.4M18.5 14.5c1.6.8 2.6 2.6 3 5" />
    </>
  ),
  tokens: (
    <>
      <circle cx="8" cy="15" r="4.5" />
      <path d="M11.2 11.8 20 3M16.5 6.5l2.5 2.5M14 9l2 2" />
    </>
  ),
  account: (
    <>
      <circle cx="12" cy="12" r="9.5" />
      <circle cx="12" cy="10" r="3.2" />
      <path d="M6.2 18.6c1.3-2.3 3.3-3.6 5.8-3.6s4.5 1.3 5.8 3.6" />
    </>
  ),
};

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname();
  return (
    <>
      {sections.map((section, i) => (
        <div key={section.label ?? i} className={styles.navSection}>
          {section.label ? <p className={styles.navLabel}>{section.label}</p> : null}
          <ul className={styles.navList}>
            {section.items.map((item) => {
              const active = isActive(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link href={item.href} className={styles.navLink} aria-current={active ? "page" : undefined}>
                    <svg
                      viewBox="0 0 24 24"
                      aria-hidden="true"
                      focusable="false"
                      className={styles.navIcon}
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="1.7"
                      strokeLinecap="round"
                      strokeLinejoin="round"
                    >
                      {ICONS[item.icon]}
                    </svg>
                    {item.label}
                    {item.count ? (
                      <span className="badge badge-danger" aria-label={`${item.count} open`} data-testid={`nav-count-${item.icon}`}>
                        {item.count}
                      </span>
                    ) : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </>
  );
}
